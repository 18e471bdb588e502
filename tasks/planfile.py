"""Plan files: load one into the database idempotently, and export a plan in the same shape.

The shape is documented in ``fixtures/SHAPE.md`` and the README. Loading validates the whole file
first and writes nothing when any entry is wrong; rows are matched by natural keys (agency and
collective codes, the plan's decision number, group/task/target codes, positions) and saved only
when a value differs, so a second load of the same file changes nothing.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from agencies.models import Agency, Collective
from indicators.models import Indicator, Target
from tasks.models import Activity, Plan, Responsibility, Task, TaskGroup
from tasks.timeframes import parse_timeframe

AGENCY_FIELDS = ("code", "name", "short_name", "kind", "parent", "aliases", "valid_from", "valid_to", "successor")
REQUIRED = {
    "plan": ("code", "title", "decision_date", "issuer", "start_year", "end_year"),
    "agency": ("code", "name", "kind"),
    "collective": ("code", "name", "member_kinds"),
    "group": ("code", "title", "tasks"),
    "task": ("code", "title", "activities", "lead", "timeframe"),
    "indicator": ("number", "text", "targets"),
    "target": ("code", "text", "short_name", "measure", "comparator", "threshold", "level", "numerator_label"),
}


class PlanFileError(Exception):
    """A plan file that cannot be loaded; ``errors`` lists each entry and its reason."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = errors
        super().__init__(
            f"{source}: không nạp được kế hoạch ({len(errors)} lỗi):\n" + "\n".join(f"  - {e}" for e in errors)
        )


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    plan: Plan | None = None
    new_rows: set[tuple[type, int]] = field(default_factory=set, repr=False)

    def is_new(self, obj) -> bool:
        """Whether this load created ``obj`` (filling its links then is part of creating it)."""
        return (type(obj), obj.pk) in self.new_rows

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


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


def read_plan_file(path: str | Path) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)  # YAML is a superset of JSON: export_plan's output loads too
    except yaml.YAMLError as exc:
        raise PlanFileError(str(path), [f"không đọc được tệp: {exc}"]) from exc
    if not isinstance(data, dict):
        raise PlanFileError(
            str(path), ["tệp phải là một đối tượng có các khóa plan, agencies, task_groups, indicators"]
        )
    return data


def load_plan_file(path: str | Path) -> LoadResult:
    return load_plan_data(read_plan_file(path), source=str(path))


# -- validation -------------------------------------------------------------------------------


def _missing(entry: Any, kind: str, where: str, errors: list[str]) -> bool:
    if not isinstance(entry, dict):
        errors.append(f"{where}: phải là một đối tượng")
        return True
    gone = [name for name in REQUIRED[kind] if entry.get(name) in (None, "") and entry.get(name) != 0]
    for name in gone:
        errors.append(f"{where}: thiếu trường bắt buộc '{name}'")
    return bool(gone)


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


def _build_names(agencies: list[dict], collectives: list[dict], errors: list[str]) -> _Names:
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
    for agency in Agency.objects.exclude(code__in=file_codes).only("code", "name", "aliases"):
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
    kinds = set(Agency.Kind.values)

    for i, entry in enumerate(agencies):
        where = f"agencies[{i}]" + (f" ({entry.get('code')})" if isinstance(entry, dict) else "")
        if _missing(entry, "agency", where, errors):
            continue
        if entry["kind"] not in kinds:
            errors.append(f"{where}: loại cơ quan '{entry['kind']}' không hợp lệ (một trong {sorted(kinds)})")
        _date(entry.get("valid_from"), where, errors)
        _date(entry.get("valid_to"), where, errors)
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
        for link in ("parent", "successor"):
            if entry.get(link) and entry[link] not in known_codes:
                errors.append(
                    f"agencies[{i}] ({entry.get('code')}): {link} '{entry[link]}' không phải là mã cơ quan đã biết"
                )

    for i, entry in enumerate(collectives):
        where = f"collectives[{i}]" + (f" ({entry.get('code')})" if isinstance(entry, dict) else "")
        if _missing(entry, "collective", where, errors):
            continue
        for kind in entry["member_kinds"]:
            if kind not in kinds:
                errors.append(f"{where}: loại cơ quan '{kind}' không hợp lệ")
    _check_unique(
        ((c["code"], f"collectives[{i}]") for i, c in enumerate(collectives) if isinstance(c, dict) and c.get("code")),
        "mã tập hợp",
        errors,
    )
    names = _build_names(agencies, collectives, errors)

    plan = data["plan"]
    if not _missing(plan, "plan", "plan", errors):
        _date(plan.get("decision_date"), "plan", errors)
        _date(plan.get("parent_decision_date"), "plan", errors)
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
        if _missing(group, "group", gwhere, errors):
            continue
        for t, task in enumerate(group["tasks"]):
            where = f"{gwhere}.tasks[{t}]" + (f" ({task.get('code')})" if isinstance(task, dict) else "")
            if _missing(task, "task", where, errors):
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
        if _missing(indicator, "indicator", iwhere, errors):
            continue
        for t, target in enumerate(indicator["targets"]):
            where = f"{iwhere}.targets[{t}]" + (f" ({target.get('code')})" if isinstance(target, dict) else "")
            if _missing(target, "target", where, errors):
                continue
            target_codes.append((str(target["code"]), where))
            for name, choices in (
                ("measure", Target.Measure.values),
                ("comparator", Target.Comparator.values),
                ("level", Target.Level.values),
            ):
                if target[name] not in choices:
                    errors.append(f"{where}: {name} '{target[name]}' không hợp lệ (một trong {choices})")
            low = _decimal(target["threshold"], where, errors)
            high = _decimal(target.get("threshold_upper"), where, errors)
            if target["comparator"] == "between" and (high is None or (low is not None and high < low)):
                errors.append(f"{where}: so sánh 'between' cần threshold_upper không nhỏ hơn threshold")
            for kind in target.get("reported_by_kinds") or []:
                if kind not in kinds:
                    errors.append(f"{where}: reported_by_kinds: loại cơ quan '{kind}' không hợp lệ")
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


# -- loading ----------------------------------------------------------------------------------


def _upsert(model, result: LoadResult, lookup: dict, values: dict):
    """Create the row, or update it only where a value differs; count what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.created += 1
        result.new_rows.add((model, obj.pk))
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1
    return obj


def _delete_rest(queryset, keep_ids: set[int], result: LoadResult) -> None:
    stale = queryset.exclude(pk__in=keep_ids)
    count = stale.count()
    if count:
        stale.delete()
        result.deleted += count


def _set_m2m(manager, wanted: set[int], result: LoadResult, *, just_created: bool = False) -> None:
    current = set(manager.values_list("pk", flat=True))
    if current != wanted:
        manager.set(wanted)
        if not just_created:  # filling the links of a row created just now is part of creating it
            result.updated += 1


def load_plan_data(data: dict, source: str = "<plan>") -> LoadResult:
    """Validate ``data`` then write it in one transaction; raise PlanFileError and write nothing if invalid."""
    names = validate(data, source)
    result = LoadResult()
    with transaction.atomic():
        agencies = _load_agencies(data["agencies"], result)
        collectives = _load_collectives(data.get("collectives") or [], result)

        def party(written: str) -> dict:
            kind, code = names.resolve(written)
            if kind == "agency":
                return {"agency": agencies.get(code) or Agency.objects.get(code=code), "collective": None}
            return {"agency": None, "collective": collectives.get(code) or Collective.objects.get(code=code)}

        spec = data["plan"]
        plan = _upsert(
            Plan,
            result,
            {"code": spec["code"]},
            {
                "title": spec["title"],
                "decision_date": _date(spec["decision_date"], "plan", []),
                "issuer": party(spec["issuer"])["agency"],
                "signer": spec.get("signer") or "",
                "signer_title": spec.get("signer_title") or "",
                "parent_decision": spec.get("parent_decision") or "",
                "parent_decision_date": _date(spec.get("parent_decision_date"), "plan", []),
                "parent_title": spec.get("parent_title") or "",
                "start_year": spec["start_year"],
                "end_year": spec["end_year"],
            },
        )
        result.plan = plan
        _load_tasks(plan, data["task_groups"], party, result)
        _load_indicators(plan, data["indicators"], party, result)
    return result


def _load_agencies(entries: list[dict], result: LoadResult) -> dict[str, Agency]:
    by_code: dict[str, Agency] = {}
    for entry in entries:
        by_code[entry["code"]] = _upsert(
            Agency,
            result,
            {"code": entry["code"]},
            {
                "name": entry["name"],
                "short_name": entry.get("short_name") or "",
                "kind": entry["kind"],
                "aliases": list(entry.get("aliases") or []),
                "valid_from": _date(entry.get("valid_from"), "", []),
                "valid_to": _date(entry.get("valid_to"), "", []),
                "distribution_no": entry.get("distribution_no"),
                "province_kind": entry.get("province_kind") or "",
                "contact_email": entry.get("contact_email") or "",
            },
        )
    # Links in a second pass: a parent or successor may come later in the file.
    for entry in entries:
        links = {}
        for link in ("parent", "successor"):
            code = entry.get(link)
            links[link] = (by_code.get(code) or Agency.objects.get(code=code)) if code else None
        agency = by_code[entry["code"]]
        changed = [name for name, value in links.items() if getattr(agency, name) != value]
        if changed:
            for name in changed:
                setattr(agency, name, links[name])
            agency.save(update_fields=changed)
            if not result.is_new(agency):
                result.updated += 1
    return by_code


def _load_collectives(entries: list[dict], result: LoadResult) -> dict[str, Collective]:
    loaded = {}
    for entry in entries:
        collective = _upsert(
            Collective,
            result,
            {"code": entry["code"]},
            {
                "name": entry["name"],
                "aliases": list(entry.get("aliases") or []),
                "member_kinds": list(entry["member_kinds"]),
            },
        )
        wanted = set(Agency.objects.filter(code__in=entry.get("members") or []).values_list("pk", flat=True))
        _set_m2m(collective.members, wanted, result, just_created=result.is_new(collective))
        loaded[entry["code"]] = collective
    return loaded


def _load_tasks(plan: Plan, groups: list[dict], party, result: LoadResult) -> None:
    kept_groups, kept_tasks = set(), set()
    position = 0
    for g, spec in enumerate(groups, start=1):
        group = _upsert(
            TaskGroup, result, {"plan": plan, "code": str(spec["code"])}, {"title": spec["title"], "position": g}
        )
        kept_groups.add(group.pk)
        for task_spec in spec["tasks"]:
            position += 1
            timeframe = parse_timeframe(task_spec["timeframe"])
            task = _upsert(
                Task,
                result,
                {"plan": plan, "code": str(task_spec["code"])},
                {
                    "group": group,
                    "title": task_spec["title"],
                    "position": position,
                    "timeframe_kind": timeframe.kind,
                    "timeframe_start": timeframe.start,
                    "timeframe_end": timeframe.end,
                    "timeframe_text": task_spec["timeframe"],
                },
            )
            kept_tasks.add(task.pk)
            kept = {
                _upsert(Activity, result, {"task": task, "position": i}, {"text": text}).pk
                for i, text in enumerate(task_spec["activities"], start=1)
            }
            _delete_rest(task.activities.all(), kept, result)
            kept = set()
            for role, key in ((Responsibility.Role.LEAD, "lead"), (Responsibility.Role.PARTNER, "partners")):
                for i, written in enumerate(task_spec.get(key) or [], start=1):
                    kept.add(
                        _upsert(
                            Responsibility,
                            result,
                            {"task": task, "role": role, "position": i},
                            {"written_as": written, **party(written)},
                        ).pk
                    )
            _delete_rest(task.responsibilities.all(), kept, result)
    _delete_rest(plan.tasks.all(), kept_tasks, result)
    _delete_rest(plan.groups.all(), kept_groups, result)


def _load_indicators(plan: Plan, indicators: list[dict], party, result: LoadResult) -> None:
    kept_indicators, kept_targets = set(), set()
    position = 0
    for spec in indicators:
        indicator = _upsert(Indicator, result, {"plan": plan, "number": spec["number"]}, {"text": spec["text"]})
        kept_indicators.add(indicator.pk)
        for target_spec in spec["targets"]:
            position += 1
            baseline = target_spec.get("baseline") or {}
            target = _upsert(
                Target,
                result,
                {"plan": plan, "code": str(target_spec["code"])},
                {
                    "indicator": indicator,
                    "position": position,
                    "text": target_spec["text"],
                    "short_name": target_spec["short_name"],
                    "measure": target_spec["measure"],
                    "comparator": target_spec["comparator"],
                    "threshold": _decimal(target_spec["threshold"], "", []).quantize(Decimal("0.01")),
                    "threshold_upper": _quantize(_decimal(target_spec.get("threshold_upper"), "", [])),
                    "unit": target_spec.get("unit") or "%",
                    "level": target_spec["level"],
                    "years_from": target_spec.get("years_from"),
                    "years_to": target_spec.get("years_to"),
                    "reported_by_kinds": list(target_spec.get("reported_by_kinds") or []),
                    "numerator_label": target_spec["numerator_label"],
                    "denominator_label": target_spec.get("denominator_label") or "",
                    "baseline_value": _quantize(_decimal(baseline.get("value"), "", [])),
                    "baseline_year": baseline.get("year"),
                    "baseline_source": baseline.get("source") or "",
                },
            )
            wanted = {party(w)["agency"].pk for w in target_spec.get("reported_by_agencies") or []}
            _set_m2m(target.reported_by_agencies, wanted, result, just_created=result.is_new(target))
            kept_targets.add(target.pk)
    _delete_rest(plan.targets.all(), kept_targets, result)
    _delete_rest(plan.indicators.all(), kept_indicators, result)


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


# -- export -----------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def export_plan_data(plan: Plan) -> dict:
    """The plan as a document of the shape ``load_plan_data`` reads."""
    agencies = list(Agency.objects.select_related("parent", "successor").order_by("pk"))
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
                "successor": a.successor.code if a.successor else None,
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
