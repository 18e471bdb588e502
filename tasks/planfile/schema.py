"""The plan file's schema: every entry declared once (DRF serializers), and the checks across entries.

``validate`` reads the whole document and lists every problem, each naming its entry
("task_groups[0] (1).tasks[1] (1.2)") and its reason, in Vietnamese; nothing is loaded unless the
list is empty. An entry's own fields (which are required, their choices, dates and numbers) are
declared below; what needs other entries or the database (codes unique, names that resolve to an
agency, links, the timeframe's wording) is checked in ``validate``.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rest_framework import serializers

from agencies.models import Agency, Collective
from indicators.models import Target
from tasks.timeframes import parse_timeframe


class PlanFileError(Exception):
    """A plan file that cannot be loaded; ``errors`` lists each entry and its reason."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = errors
        super().__init__(
            f"{source}: không nạp được kế hoạch ({len(errors)} lỗi):\n" + "\n".join(f"  - {e}" for e in errors)
        )


# -- the entries ----------------------------------------------------------------------------------
# Only what a single entry decides is declared; keys not declared are free (the loader reads them).

AGENCY_KINDS = Agency.Kind.values


class PlanEntry(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    decision_date = serializers.DateField()
    parent_decision_date = serializers.DateField(required=False)
    issuer = serializers.CharField()
    start_year = serializers.JSONField()  # a whole year; checked with end_year in validate
    end_year = serializers.JSONField()


class AgencyEntry(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(AGENCY_KINDS)
    valid_from = serializers.DateField(required=False)
    valid_to = serializers.DateField(required=False)


class CollectiveEntry(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    member_kinds = serializers.ListField(child=serializers.ChoiceField(AGENCY_KINDS))


class GroupEntry(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    tasks = serializers.JSONField()


class TaskEntry(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    activities = serializers.JSONField()
    lead = serializers.JSONField()
    timeframe = serializers.CharField()


class IndicatorEntry(serializers.Serializer):
    number = serializers.CharField()
    text = serializers.CharField()
    targets = serializers.JSONField()


class TargetEntry(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    short_name = serializers.CharField()
    measure = serializers.ChoiceField(Target.Measure.values)
    comparator = serializers.ChoiceField(Target.Comparator.values)
    threshold = serializers.DecimalField(None, None)
    threshold_upper = serializers.DecimalField(None, None, required=False)
    level = serializers.ChoiceField(Target.Level.values)
    numerator_label = serializers.CharField()
    reported_by_kinds = serializers.ListField(child=serializers.ChoiceField(AGENCY_KINDS), required=False)


def _check(schema: type[serializers.Serializer], entry: Any, where: str, errors: list[str]) -> bool:
    """Whether ``entry`` has every required field; each problem of its own fields goes to ``errors``.

    A field counts as missing when absent, null or empty ("" but not 0). An entry with a missing field
    is reported for those alone, as the rest of it may not mean anything yet.
    """
    if not isinstance(entry, dict):
        errors.append(f"{where}: phải là một đối tượng")
        return False
    fields = schema().fields
    gone = [name for name, f in fields.items() if f.required and entry.get(name) in (None, "") and entry.get(name) != 0]
    for name in gone:
        errors.append(f"{where}: thiếu trường bắt buộc '{name}'")
    if gone:
        return False
    given = {name: value for name, value in entry.items() if name in fields and value not in (None, "")}
    serializer = schema(data=given)
    if not serializer.is_valid():
        for name, details in serializer.errors.items():
            errors.extend(f"{where}: {reason}" for reason in _reasons(name, details, given.get(name)))
    return True


def _reasons(name: str, details, value) -> list[str]:
    """The Vietnamese reason for what DRF found wrong in field ``name`` holding ``value``."""
    if isinstance(details, dict):  # a list of agency kinds: {position: [errors]} for the wrong items
        prefix = "" if name == "member_kinds" else f"{name}: "
        return [f"{prefix}loại cơ quan '{value[int(i)]}' không hợp lệ" for i in details]
    if name == "kind":
        return [f"loại cơ quan '{value}' không hợp lệ (một trong {sorted(AGENCY_KINDS)})"]
    if name in _CHOICES:
        return [f"{name} '{value}' không hợp lệ (một trong {_CHOICES[name]})"]
    if name in _DATES:
        return [f"ngày không hợp lệ {value!r} (dạng YYYY-MM-DD)"]
    if name in _NUMBERS:
        return [f"không phải là số: {value!r}"]
    return [f"{name}: {details[0]}"]


_CHOICES = {
    "measure": Target.Measure.values,
    "comparator": Target.Comparator.values,
    "level": Target.Level.values,
}
_DATES = {"decision_date", "parent_decision_date", "valid_from", "valid_to"}
_NUMBERS = {"threshold", "threshold_upper"}


# -- values and names -----------------------------------------------------------------------------


@dataclass
class _Names:
    """Every spelling (name or alias) of every agency and collective, each pointing at one record code."""

    agencies: dict[str, str] = field(default_factory=dict)
    collectives: dict[str, str] = field(default_factory=dict)

    def resolve(self, written: str) -> tuple[str, str] | None:
        key = _norm(written)
        if key in self.agencies:
            return ("agency", self.agencies[key])
        if key in self.collectives:
            return ("collective", self.collectives[key])
        return None


def _norm(name: str) -> str:
    return " ".join(str(name).split())


def _date(value: Any, where: str, errors: list[str]) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(f"{where}: ngày không hợp lệ {value!r} (dạng YYYY-MM-DD)")
        return None


def _decimal(value: Any, where: str, errors: list[str]) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        errors.append(f"{where}: không phải là số: {value!r}")
        return None


def _check_unique(items: Iterable[tuple[str, str]], what: str, errors: list[str]) -> None:
    seen: dict[str, str] = {}
    for key, where in items:
        if key in seen:
            errors.append(f"{where}: {what} '{key}' trùng với {seen[key]}")
        else:
            seen[key] = where


def _build_names(
    agencies: list[dict], collectives: list[dict], errors: list[str], decided: datetime.date | None = None
) -> _Names:
    names = _Names()
    owner: dict[str, str] = {}

    def claim(spelling: str, record: str, where: str) -> bool:
        key = _norm(spelling)
        if key in owner and owner[key] != record:
            errors.append(f"{where}: tên '{spelling}' đã thuộc về {owner[key]}")
            return False
        owner[key] = record
        return True

    file_codes = {a.get("code") for a in agencies if isinstance(a, dict)}
    # Agencies and collectives already in the database but not in this file still resolve (a second plan may name them).
    # A name means the agency bearing it on the day the plan was decided: "Ủy ban nhân dân tỉnh An
    # Giang" is the province of 2022 to plan 808 and the province of 1 July 2025 to a 2026 plan.
    known = Agency.objects.existing_on(decided) if decided else Agency.objects.all()
    for agency in known.exclude(code__in=file_codes).only("code", "name", "aliases"):
        for spelling in [agency.name, *agency.aliases]:
            key = _norm(spelling)
            owner.setdefault(key, f"cơ quan {agency.code}")
            names.agencies.setdefault(key, agency.code)
    collective_codes = {c.get("code") for c in collectives if isinstance(c, dict)}
    for collective in Collective.objects.exclude(code__in=collective_codes).only("code", "name", "aliases"):
        for spelling in [collective.name, *collective.aliases]:
            key = _norm(spelling)
            owner.setdefault(key, f"tập hợp {collective.code}")
            names.collectives.setdefault(key, collective.code)
    for i, entry in enumerate(agencies):
        if not isinstance(entry, dict) or not entry.get("code"):
            continue
        where = f"agencies[{i}] ({entry['code']})"
        for spelling in [entry.get("name", ""), *(entry.get("aliases") or [])]:
            if spelling and claim(spelling, f"cơ quan {entry['code']}", where):
                names.agencies[_norm(spelling)] = entry["code"]
    for i, entry in enumerate(collectives):
        if not isinstance(entry, dict) or not entry.get("code"):
            continue
        where = f"collectives[{i}] ({entry['code']})"
        for spelling in [entry.get("name", ""), *(entry.get("aliases") or [])]:
            if spelling and claim(spelling, f"tập hợp {entry['code']}", where):
                names.collectives[_norm(spelling)] = entry["code"]
    return names


def validate(data: dict, source: str = "<plan>") -> _Names:
    """Check the whole document; raise PlanFileError listing every problem found."""
    errors: list[str] = []
    for key in ("plan", "agencies", "task_groups", "indicators"):
        if key not in data:
            errors.append(f"thiếu khóa '{key}' ở cấp cao nhất")
    if errors:
        raise PlanFileError(source, errors)
    agencies = data.get("agencies") or []
    collectives = data.get("collectives") or []

    for i, entry in enumerate(agencies):
        where = f"agencies[{i}]" + (f" ({entry.get('code')})" if isinstance(entry, dict) else "")
        _check(AgencyEntry, entry, where, errors)
    _check_unique(
        ((a["code"], f"agencies[{i}]") for i, a in enumerate(agencies) if isinstance(a, dict) and a.get("code")),
        "mã cơ quan",
        errors,
    )
    known_codes = {a.get("code") for a in agencies if isinstance(a, dict)} | set(
        Agency.objects.values_list("code", flat=True)
    )
    for i, entry in enumerate(agencies):
        if not isinstance(entry, dict):
            continue
        if entry.get("parent") and entry["parent"] not in known_codes:
            errors.append(
                f"agencies[{i}] ({entry.get('code')}): parent '{entry['parent']}' không phải là mã cơ quan đã biết"
            )
        if entry.get("successor"):
            errors.append(
                f"agencies[{i}] ({entry.get('code')}): sự kế thừa giữa các cơ quan ghi trong tệp kế thừa "
                "(manage.py load_successions), không ghi trong tệp kế hoạch"
            )

    for i, entry in enumerate(collectives):
        where = f"collectives[{i}]" + (f" ({entry.get('code')})" if isinstance(entry, dict) else "")
        _check(CollectiveEntry, entry, where, errors)
    _check_unique(
        ((c["code"], f"collectives[{i}]") for i, c in enumerate(collectives) if isinstance(c, dict) and c.get("code")),
        "mã tập hợp",
        errors,
    )
    try:
        decided = datetime.date.fromisoformat(str((data.get("plan") or {}).get("decision_date")))
    except (AttributeError, ValueError):
        decided = None  # PlanEntry reports the date
    names = _build_names(agencies, collectives, errors, decided)

    plan = data["plan"]
    if _check(PlanEntry, plan, "plan", errors):
        resolved = names.resolve(plan["issuer"])
        if not resolved or resolved[0] != "agency":
            errors.append(f"plan: cơ quan ban hành '{plan['issuer']}' không có trong danh sách cơ quan")
        if isinstance(plan.get("start_year"), int) and isinstance(plan.get("end_year"), int):
            if plan["end_year"] < plan["start_year"]:
                errors.append("plan: end_year trước start_year")
        else:
            errors.append("plan: start_year và end_year phải là số năm")

    task_codes: list[tuple[str, str]] = []
    for g, group in enumerate(data["task_groups"] or []):
        gwhere = f"task_groups[{g}]" + (f" ({group.get('code')})" if isinstance(group, dict) else "")
        if not _check(GroupEntry, group, gwhere, errors):
            continue
        for t, task in enumerate(group["tasks"]):
            where = f"{gwhere}.tasks[{t}]" + (f" ({task.get('code')})" if isinstance(task, dict) else "")
            if not _check(TaskEntry, task, where, errors):
                continue
            task_codes.append((str(task["code"]), where))
            try:
                parse_timeframe(task["timeframe"])
            except ValueError as exc:
                errors.append(f"{where}: {exc}")
            for role in ("lead", "partners"):
                for written in task.get(role) or []:
                    if names.resolve(written) is None:
                        errors.append(f"{where}: {role}: cơ quan '{written}' không có trong danh sách cơ quan")
                _check_unique(
                    ((str(names.resolve(w) or w), f"{where}: {role} '{w}'") for w in task.get(role) or []),
                    "cơ quan",
                    errors,
                )
    _check_unique(
        ((str(g["code"]), f"task_groups[{i}]") for i, g in enumerate(data["task_groups"] or []) if isinstance(g, dict)),
        "mã nhóm nhiệm vụ",
        errors,
    )
    _check_unique(task_codes, "mã nhiệm vụ", errors)

    target_codes: list[tuple[str, str]] = []
    for n, indicator in enumerate(data["indicators"] or []):
        iwhere = f"indicators[{n}]" + (f" ({indicator.get('number')})" if isinstance(indicator, dict) else "")
        if not _check(IndicatorEntry, indicator, iwhere, errors):
            continue
        for t, target in enumerate(indicator["targets"]):
            where = f"{iwhere}.targets[{t}]" + (f" ({target.get('code')})" if isinstance(target, dict) else "")
            if not _check(TargetEntry, target, where, errors):
                continue
            target_codes.append((str(target["code"]), where))
            low = _decimal(target["threshold"], where, [])
            high = _decimal(target.get("threshold_upper"), where, [])
            if target["comparator"] == "between" and (high is None or (low is not None and high < low)):
                errors.append(f"{where}: so sánh 'between' cần threshold_upper không nhỏ hơn threshold")
            for written in target.get("reported_by_agencies") or []:
                resolved = names.resolve(written)
                if not resolved or resolved[0] != "agency":
                    errors.append(
                        f"{where}: reported_by_agencies: cơ quan '{written}' không có trong danh sách cơ quan"
                    )
            baseline = target.get("baseline")
            if baseline is not None:
                if not isinstance(baseline, dict) or baseline.get("value") is None or not baseline.get("year"):
                    errors.append(f"{where}: baseline cần value và year")
                else:
                    _decimal(baseline["value"], where, errors)
    _check_unique(
        ((str(i["number"]), f"indicators[{n}]") for n, i in enumerate(data["indicators"] or []) if isinstance(i, dict)),
        "số chỉ tiêu",
        errors,
    )
    _check_unique(target_codes, "mã mục tiêu", errors)

    if errors:
        raise PlanFileError(source, errors)
    return names


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


# -- export -----------------------------------------------------------------------------------
