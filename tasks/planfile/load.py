"""Loading a plan file: checked whole first (``schema.validate``), then written in one transaction.

Rows are matched by natural keys (agency and collective codes, the plan's decision number,
group/task/target codes, positions) and saved only when a value differs, so a second load of the
same file changes nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction

from agencies.models import Agency, Collective
from indicators.models import Indicator, Target
from tasks.models import Activity, Plan, Responsibility, Task, TaskGroup
from tasks.planfile.schema import PlanFileError, _date, _decimal, _quantize, validate
from tasks.timeframes import parse_timeframe


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
        values = {
            "name": entry["name"],
            "short_name": entry.get("short_name") or "",
            "kind": entry["kind"],
            "aliases": list(entry.get("aliases") or []),
            "distribution_no": entry.get("distribution_no"),
            "province_kind": entry.get("province_kind") or "",
            "contact_email": entry.get("contact_email") or "",
        }
        # A date the plan file leaves empty is not "open-ended since always": the agency's dates
        # may come from a succession file (fixtures/reorganisation2025.yaml) or an admin, and a
        # second load of the plan must not reopen the 63 provinces that ended on 30 June 2025.
        for name in ("valid_from", "valid_to"):
            if entry.get(name):
                values[name] = _date(entry[name], "", [])
        by_code[entry["code"]] = _upsert(Agency, result, {"code": entry["code"]}, values)
    # Links in a second pass: a parent may come later in the file.
    for entry in entries:
        links = {}
        for link in ("parent",):
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
