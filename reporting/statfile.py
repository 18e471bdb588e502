"""The statistics catalogue as a file (``fixtures/statistics808.yaml``): checked whole, then loaded idempotently.

``load_statistics_file(path)`` matches items by code and saves only what differs, so a second run
changes nothing; an item no longer in the file is retired (``is_active`` off), never deleted, since
reports hold its numbers. A wrong file fails with the entry and the reason, and nothing is loaded.
The shape is in ``fixtures/SHAPE.md``.
"""

import json
import re
from pathlib import Path

import yaml
from django.core.cache import cache
from django.db import transaction

from agencies.models import Agency
from reporting.models import StatisticItem
from reporting.selectors import STATISTICS_CACHE_KEY

KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FIELDS = (
    "section",
    "label",
    "unit",
    "aggregation",
    "breakdown_label",
    "breakdowns",
    "parts_add_up",
    "reported_by_kinds",
    "help_text",
)


class StatisticsFileError(ValueError):
    """The file, the entry and what is wrong with it."""


def read_statistics_file(path: str | Path) -> list[dict]:
    """The file's entries, checked and normalised; raises ``StatisticsFileError`` at the first problem."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("statistics"), list):
        raise StatisticsFileError(f"{path}: cần khóa 'statistics' là một danh sách.")
    kinds = set(Agency.Kind.values)
    aggregations = set(StatisticItem.Aggregation.values)
    entries, seen = [], set()
    for index, raw in enumerate(data["statistics"], start=1):
        where = f"{path}, mục {index}"
        if not isinstance(raw, dict):
            raise StatisticsFileError(f"{where}: mỗi mục là một bảng khóa - giá trị.")
        code = str(raw.get("code") or "")
        where = f"{path}, mục {index} ({code or 'không mã'})"
        if not KEY.match(code):
            raise StatisticsFileError(f"{where}: mã phải là chữ thường không dấu, số và gạch ngang.")
        if code in seen:
            raise StatisticsFileError(f"{where}: mã trùng.")
        seen.add(code)
        for name in ("section", "label", "unit", "aggregation", "reported_by_kinds"):
            if not raw.get(name):
                raise StatisticsFileError(f"{where}: thiếu '{name}'.")
        unknown = sorted(set(raw) - {"code", *FIELDS})
        if unknown:
            raise StatisticsFileError(f"{where}: khóa không biết: {', '.join(unknown)}.")
        if raw["aggregation"] not in aggregations:
            raise StatisticsFileError(f"{where}: 'aggregation' là một trong {', '.join(sorted(aggregations))}.")
        wrong_kinds = [k for k in raw["reported_by_kinds"] if k not in kinds]
        if wrong_kinds:
            raise StatisticsFileError(f"{where}: loại đơn vị không biết: {', '.join(map(str, wrong_kinds))}.")
        breakdowns = []
        for part in raw.get("breakdowns") or []:
            if not isinstance(part, dict) or not KEY.match(str(part.get("key") or "")) or not part.get("label"):
                raise StatisticsFileError(f"{where}: mỗi phần cần 'key' (chữ thường, gạch ngang) và 'label'.")
            if part["key"] in {b["key"] for b in breakdowns}:
                raise StatisticsFileError(f"{where}: phần '{part['key']}' trùng.")
            breakdowns.append({"key": str(part["key"]), "label": str(part["label"])})
        if breakdowns and not raw.get("breakdown_label"):
            raise StatisticsFileError(f"{where}: có các phần thì cần 'breakdown_label'.")
        entries.append(
            {
                "code": code,
                "section": str(raw["section"]),
                "label": str(raw["label"]),
                "unit": str(raw["unit"]),
                "aggregation": raw["aggregation"],
                "breakdown_label": str(raw.get("breakdown_label") or ""),
                "breakdowns": breakdowns,
                "parts_add_up": bool(raw.get("parts_add_up", False)) and bool(breakdowns),
                "reported_by_kinds": [str(k) for k in raw["reported_by_kinds"]],
                "help_text": str(raw.get("help_text") or ""),
            }
        )
    return entries


@transaction.atomic
def load_statistics_file(path: str | Path) -> dict[str, int]:
    """Load the catalogue; returns how many items were created, changed, retired (0, 0, 0 on a second run)."""
    entries = read_statistics_file(path)
    existing = {item.code: item for item in StatisticItem.objects.all()}
    counts = {"created": 0, "changed": 0, "retired": 0}
    for position, entry in enumerate(entries, start=1):
        values = {**{name: entry[name] for name in FIELDS}, "position": position, "is_active": True}
        item = existing.get(entry["code"])
        if item is None:
            item = StatisticItem(code=entry["code"], **values)
            item._change_reason = "Nạp danh mục chỉ số thống kê"
            item.save()
            counts["created"] += 1
        elif any(getattr(item, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(item, name, value)
            item._change_reason = "Nạp danh mục chỉ số thống kê"
            item.save()
            counts["changed"] += 1
    codes = {e["code"] for e in entries}
    for code, item in existing.items():
        if code not in codes and item.is_active:
            item.is_active = False
            item._change_reason = "Không còn trong danh mục chỉ số thống kê"
            item.save()
            counts["retired"] += 1
    transaction.on_commit(lambda: cache.delete(STATISTICS_CACHE_KEY))
    return counts
