"""Exporting a plan in the shape of a plan file: export → load into an empty database → export is the same."""

import datetime
import json
from decimal import Decimal

from agencies.models import Agency, Collective
from tasks.models import Plan


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def export_plan_data(plan: Plan) -> dict:
    """The plan as a document of the shape ``load_plan_data`` reads."""
    agencies = list(Agency.objects.select_related("parent").order_by("pk"))
    collectives = list(Collective.objects.prefetch_related("members").order_by("pk"))
    groups = plan.groups.prefetch_related("tasks__activities", "tasks__responsibilities").order_by("position")
    indicators = plan.indicators.prefetch_related("targets__reported_by_agencies").order_by("number")
    return {
        "plan": {
            "code": plan.code,
            "title": plan.title,
            "decision_date": _iso(plan.decision_date),
            "issuer": plan.issuer.name,
            "signer": plan.signer,
            "signer_title": plan.signer_title,
            "parent_decision": plan.parent_decision,
            "parent_decision_date": _iso(plan.parent_decision_date),
            "parent_title": plan.parent_title,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
        },
        "agencies": [
            {
                "code": a.code,
                "name": a.name,
                "short_name": a.short_name,
                "kind": a.kind,
                "parent": a.parent.code if a.parent else None,
                "aliases": list(a.aliases),
                "valid_from": _iso(a.valid_from),
                "valid_to": _iso(a.valid_to),
                "distribution_no": a.distribution_no,
                "province_kind": a.province_kind,
                "contact_email": a.contact_email,
            }
            for a in agencies
        ],
        "collectives": [
            {
                "code": c.code,
                "name": c.name,
                "aliases": list(c.aliases),
                "member_kinds": list(c.member_kinds),
                "members": sorted(m.code for m in c.members.all()),
            }
            for c in collectives
        ],
        "task_groups": [
            {
                "code": g.code,
                "title": g.title,
                "tasks": [
                    {
                        "code": t.code,
                        "title": t.title,
                        "activities": [a.text for a in t.activities.all()],
                        "lead": [r.written_as for r in t.responsibilities.all() if r.role == "lead"],
                        "partners": [r.written_as for r in t.responsibilities.all() if r.role == "partner"],
                        "timeframe": t.timeframe_text,
                    }
                    for t in g.tasks.all()
                ],
            }
            for g in groups
        ],
        "indicators": [
            {
                "number": i.number,
                "text": i.text,
                "targets": [
                    {
                        "code": t.code,
                        "text": t.text,
                        "short_name": t.short_name,
                        "measure": t.measure,
                        "comparator": t.comparator,
                        "threshold": _number(t.threshold),
                        "threshold_upper": _number(t.threshold_upper),
                        "unit": t.unit,
                        "level": t.level,
                        "years_from": t.years_from,
                        "years_to": t.years_to,
                        "reported_by_kinds": list(t.reported_by_kinds),
                        "reported_by_agencies": [a.name for a in t.reported_by_agencies.order_by("pk")],
                        "numerator_label": t.numerator_label,
                        "denominator_label": t.denominator_label,
                        "baseline": (
                            {"value": _number(t.baseline_value), "year": t.baseline_year, "source": t.baseline_source}
                            if t.baseline_value is not None
                            else None
                        ),
                    }
                    for t in i.targets.all()
                ],
            }
            for i in indicators
        ],
    }


def export_plan_json(plan: Plan) -> str:
    return json.dumps(export_plan_data(plan), ensure_ascii=False, indent=2) + "\n"
