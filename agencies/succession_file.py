"""Loading a succession file (fixtures/reorganisation2025.yaml): agencies' dates and who succeeds whom.

The file is checked whole first, then written in one transaction. Agencies are matched by code: a
new one needs ``name`` and ``kind``; one already loaded (by the plan file) gets only the keys the
entry gives. Successions are matched by code, their agencies replaced by the file's. A row is saved
only where a value differs, so a second load of the same file changes nothing (the audit trail
included: nothing saved, nothing recorded).
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from agencies.models import Agency, Succession

AGENCY_KEYS = ("name", "short_name", "kind", "aliases", "valid_from", "valid_to", "province_kind", "distribution_no")
SUCCESSION_KEYS = ("code", "effective_from", "predecessors", "successors", "scope", "legal_basis")


class SuccessionFileError(Exception):
    """A succession file that cannot be loaded; ``errors`` lists each entry and its reason."""

    def __init__(self, source: str, errors: list[str]):
        self.source = source
        self.errors = errors
        super().__init__(
            f"{source}: không nạp được tệp kế thừa ({len(errors)} lỗi):\n" + "\n".join(f"  - {e}" for e in errors)
        )


@dataclass
class SuccessionLoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _day(value, where: str, errors: list[str]) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(f"{where}: '{value}' không phải là ngày dạng YYYY-MM-DD")
        return None


def validate(data, source: str) -> list[str]:
    """Every problem of the document, each naming its entry; empty when it can be loaded."""
    if not isinstance(data, dict) or not isinstance(data.get("agencies", []), list):
        return ["tệp phải là một đối tượng có các khóa agencies và successions (danh sách)"]
    if not isinstance(data.get("successions", []), list):
        return ["successions phải là một danh sách"]
    errors: list[str] = []
    known = set(Agency.objects.values_list("code", flat=True))
    entries = data.get("agencies") or []
    in_file = {e.get("code") for e in entries if isinstance(e, dict)}
    for i, entry in enumerate(entries):
        where = f"agencies[{i}]" + (f" ({entry.get('code')})" if isinstance(entry, dict) else "")
        if not isinstance(entry, dict) or not entry.get("code"):
            errors.append(f"{where}: thiếu mã cơ quan (code)")
            continue
        if entry["code"] not in known and not (entry.get("name") and entry.get("kind")):
            errors.append(f"{where}: cơ quan mới phải có tên (name) và loại (kind)")
        if entry.get("kind") and entry["kind"] not in Agency.Kind.values:
            errors.append(f"{where}: loại '{entry['kind']}' không có; chọn một trong {', '.join(Agency.Kind.values)}")
        start, end = _day(entry.get("valid_from"), where, errors), _day(entry.get("valid_to"), where, errors)
        if start and end and end < start:
            errors.append(f"{where}: valid_to trước valid_from")
        if entry.get("parent") and entry["parent"] not in known | in_file:
            errors.append(f"{where}: parent '{entry['parent']}' không phải là mã cơ quan đã biết")
    codes = [e.get("code") for e in entries if isinstance(e, dict)]
    errors += [f"agencies: mã '{c}' ghi hai lần" for c in sorted({c for c in codes if codes.count(c) > 1})]
    seen: set[str] = set()
    for i, entry in enumerate(data.get("successions") or []):
        where = f"successions[{i}]" + (f" ({entry.get('code')})" if isinstance(entry, dict) else "")
        if not isinstance(entry, dict):
            errors.append(f"{where}: phải là một đối tượng")
            continue
        missing = [k for k in SUCCESSION_KEYS if not entry.get(k)]
        if missing:
            errors.append(f"{where}: thiếu {', '.join(missing)}")
            continue
        if entry["code"] in seen:
            errors.append(f"{where}: mã ghi hai lần")
        seen.add(entry["code"])
        _day(entry["effective_from"], where, errors)
        if entry["scope"] not in Succession.Scope.values:
            errors.append(
                f"{where}: phạm vi '{entry['scope']}' không có; chọn {' hoặc '.join(Succession.Scope.values)}"
            )
        for key in ("predecessors", "successors"):
            unknown = [c for c in entry[key] if c not in known | in_file]
            if unknown:
                errors.append(f"{where}: {key} có mã không biết: {', '.join(unknown)}")
        if set(entry["predecessors"]) & set(entry["successors"]):
            errors.append(f"{where}: một cơ quan không kế thừa chính nó")
    return errors


def read_succession_file(path: str | Path) -> dict:
    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SuccessionFileError(str(path), [f"không đọc được tệp: {exc}"]) from exc


def load_succession_file(path: str | Path) -> SuccessionLoadResult:
    return load_succession_data(read_succession_file(path), source=str(path))


def load_succession_data(data, source: str = "<successions>") -> SuccessionLoadResult:
    """Validate ``data`` then write it in one transaction; raise SuccessionFileError and write nothing if invalid."""
    errors = validate(data, source)
    if errors:
        raise SuccessionFileError(source, errors)
    result = SuccessionLoadResult()
    with transaction.atomic():
        agencies = {}
        for entry in data.get("agencies") or []:
            values = {}
            for key in AGENCY_KEYS:
                if key in entry:
                    value = entry[key]
                    if key in ("valid_from", "valid_to"):
                        value = _day(value, "", [])
                    elif key == "aliases":
                        value = list(value or [])
                    elif key in ("short_name", "province_kind"):
                        value = value or ""
                    values[key] = value
            agencies[entry["code"]] = _save(Agency, {"code": entry["code"]}, values, result)
        for entry in data.get("agencies") or []:  # links in a second pass: a parent may come later
            if "parent" in entry:
                parent = _agency(entry["parent"], agencies) if entry["parent"] else None
                agency = agencies[entry["code"]]
                if agency.parent_id != (parent.pk if parent else None):
                    agency.parent = parent
                    agency.save(update_fields=["parent"])
                    result.updated += 1
        for entry in data.get("successions") or []:
            succession = _save(
                Succession,
                {"code": entry["code"]},
                {
                    "effective_from": _day(entry["effective_from"], "", []),
                    "legal_basis": entry["legal_basis"],
                    "scope": entry["scope"],
                    "note": entry.get("note") or "",
                },
                result,
            )
            for key in ("predecessors", "successors"):
                wanted = {_agency(code, agencies).pk for code in entry[key]}
                manager = getattr(succession, key)
                if set(manager.values_list("pk", flat=True)) != wanted:
                    manager.set(wanted)
                    result.updated += 1
    return result


def _agency(code: str, loaded: dict[str, Agency]) -> Agency:
    return loaded.get(code) or Agency.objects.get(code=code)


def _save(model, lookup: dict, values: dict, result: SuccessionLoadResult):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.created += 1
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
