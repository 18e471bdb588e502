"""The data each chart draws, as plain JSON for ``static/js/dashboards.js`` (the table beside it holds the same)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Target


def _num(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def trend_chart(target: Target, trend: list) -> dict:
    """A target's national figure across the periods, with its threshold (a band for 7)."""
    return {
        "type": "trend",
        "labels": [fig.period.code for fig in trend],
        "values": [_num(fig.value) for fig in trend],
        "provisional": [fig.is_provisional for fig in trend],
        "threshold": _num(target.threshold),
        "upper": _num(target.threshold_upper),
        "unit": target.unit,
        "label": target.short_name,
    }


def tasks_chart(groups: list) -> dict:
    """Per task: how many responsible agencies reported done, in progress, not started, or nothing."""
    rows = [row for _, task_rows in groups for row in task_rows]
    return {
        "type": "stacked",
        "labels": [row.task.code for row in rows],
        "series": [
            {"key": "done", "label": _("Đã hoàn thành"), "values": [row.done for row in rows]},
            {"key": "in_progress", "label": _("Đang thực hiện"), "values": [row.in_progress for row in rows]},
            {
                "key": "not_started",
                "label": _("Chưa triển khai"),
                "values": [row.not_started + row.not_due for row in rows],
            },
            {"key": "not_reported", "label": _("Chưa báo cáo"), "values": [row.not_reported or 0 for row in rows]},
        ],
    }


def timeliness_chart(history_summary: list) -> dict:
    """Per period: reports on time, late, and missing."""
    return {
        "type": "stacked",
        "labels": [entry["period"].code for entry in history_summary],
        "series": [
            {"key": "on_time", "label": _("Đúng hạn"), "values": [e["on_time"] for e in history_summary]},
            {"key": "late", "label": _("Muộn"), "values": [e["late"] for e in history_summary]},
            {
                "key": "missing",
                "label": _("Chưa gửi"),
                "values": [e["missing"] + e["not_yet"] for e in history_summary],
            },
        ],
    }
