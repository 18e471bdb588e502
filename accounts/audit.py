"""Reads of the audit trail: one list across every model that simple-history tracks.

The list is one SQL UNION of the historical tables (kind, history id, date), ordered and paginated
in the database; the page's rows are then loaded per model with their previous record, so a page
costs a fixed number of queries per model shown, however long the trail is.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from plan808.clock import hanoi_start_of_day
from plan808.numbers import MISSING

PER_PAGE = 25
# Fields that name an object, in the order a reader recognises it by.
LABEL_FIELDS = ("code", "username", "short_name", "name", "title", "written_as", "text")
SEARCH_FIELDS = (*LABEL_FIELDS, "email", "first_name", "last_name")
ACTIONS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}
EMPTY = MISSING  # a value not given, written as on every page


def audited_models() -> list[type[models.Model]]:
    """Every model with a simple-history trail, in a stable order."""
    found = [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]
    return sorted(found, key=lambda m: m._meta.label_lower)


def history_model(model: type[models.Model]) -> type[models.Model]:
    return getattr(model, model._meta.simple_history_manager_attribute).model


def model_choices() -> list[tuple[str, str]]:
    return [(m._meta.label_lower, str(m._meta.verbose_name).capitalize()) for m in audited_models()]


@dataclass
class AuditFilter:
    """What the audit page was asked for; empty values filter nothing."""

    kind: str = ""  # model label, e.g. "indicators.target"
    object_id: str = ""
    q: str = ""  # text of the object: its code, name, title...
    user: str = ""  # username or name of who made the change
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    """One line of the trail: who changed which object, when, from where, what before and after."""

    kind: str
    kind_name: str
    object_id: str
    object_label: str
    action: str
    action_name: str
    at: datetime.datetime
    user: object
    ip_address: str | None
    reason: str
    changes: list[Change] = field(default_factory=list)


def _branch(model, flt: AuditFilter):
    history = history_model(model)
    pk_name = model._meta.pk.name
    rows = history.objects.order_by()
    if flt.object_id:
        rows = rows.filter(**{pk_name: flt.object_id}) if flt.object_id.isdigit() else rows.none()
    if flt.q:
        names = {f.name for f in history._meta.fields if isinstance(f, (models.CharField, models.TextField))}
        text = Q(pk__in=[])
        for name in SEARCH_FIELDS:
            if name in names:
                text |= Q(**{f"{name}__icontains": flt.q})
        if flt.q.isdigit():
            text |= Q(**{pk_name: int(flt.q)})
        rows = rows.filter(text)
    if flt.user:
        rows = rows.filter(
            Q(history_user__username__icontains=flt.user)
            | Q(history_user__first_name__icontains=flt.user)
            | Q(history_user__last_name__icontains=flt.user)
            | Q(history_user__email__iexact=flt.user)
        )
    if flt.date_from:
        rows = rows.filter(history_date__gte=hanoi_start_of_day(flt.date_from))
    if flt.date_to:
        rows = rows.filter(history_date__lt=hanoi_start_of_day(flt.date_to + datetime.timedelta(days=1)))
    label = model._meta.label_lower
    return rows.annotate(audit_kind=Value(label, output_field=CharField())).values(
        "audit_kind", "history_id", "history_date"
    )


def entries(flt: AuditFilter):
    """The trail as one queryset of (kind, history_id, history_date), newest first."""
    chosen = [m for m in audited_models() if not flt.kind or m._meta.label_lower == flt.kind]
    if not chosen:
        return history_model(audited_models()[0]).objects.none().values("history_id")
    first, *rest = (_branch(m, flt) for m in chosen)
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-history_date", "-history_id")


def audit_page(
    flt: AuditFilter, page_number: str | int | None = 1, per_page: int = PER_PAGE
) -> tuple[Page, list[Entry]]:
    """One page of the trail with the changes of each entry."""
    page = Paginator(entries(flt), per_page).get_page(page_number)
    by_kind: dict[str, list[int]] = {}
    for row in page.object_list:
        by_kind.setdefault(row["audit_kind"], []).append(row["history_id"])
    loaded: dict[tuple[str, int], Entry] = {}
    for kind, ids in by_kind.items():
        model = apps.get_model(kind)
        for entry in _load_entries(model, ids):
            loaded[(kind, entry.history_id)] = entry.value
    return page, [loaded[(row["audit_kind"], row["history_id"])] for row in page.object_list]


@dataclass
class _Loaded:
    history_id: int
    value: Entry


def _load_entries(model, ids: list[int]) -> list[_Loaded]:
    history = history_model(model)
    pk_name = model._meta.pk.name
    previous = (
        history.objects.filter(**{pk_name: OuterRef(pk_name)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    records = list(
        history.objects.filter(history_id__in=ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(previous))
    )
    previous_ids = [r.previous_id for r in records if r.previous_id]
    previous_by_id = {p.history_id: p for p in history.objects.filter(history_id__in=previous_ids)}
    fields = _diffable_fields(history, model)
    related = _related_labels(records + list(previous_by_id.values()), fields)
    result = []
    for record in records:
        prev = previous_by_id.get(record.previous_id)
        result.append(_Loaded(record.history_id, _entry(model, record, prev, fields, related)))
    return result


def _diffable_fields(history, model) -> list[models.Field]:
    excluded = set(getattr(history, "_history_excluded_fields", ()) or ())
    tracked = {f.name for f in history.tracked_fields if f.editable}
    return [f for f in model._meta.get_fields() if getattr(f, "name", None) in tracked and f.name not in excluded]


def _related_labels(records, fields) -> dict[tuple[type, object], str]:
    """Names of the objects foreign keys point at, one query per related model."""
    wanted: dict[type, set] = {}
    for f in fields:
        if isinstance(f, models.ForeignKey):
            for record in records:
                value = getattr(record, f.attname, None)
                if value is not None:
                    wanted.setdefault(f.related_model, set()).add(value)
    labels = {}
    for related_model, pks in wanted.items():
        for obj in related_model._default_manager.filter(pk__in=pks):
            labels[(related_model, obj.pk)] = _short_label(obj)
    return labels


def _short_label(obj) -> str:
    user_model = get_user_model()
    if isinstance(obj, user_model):
        return obj.get_full_name() or obj.get_username()
    for name in ("code", "short_name", "name"):
        value = getattr(obj, name, "")
        if value:
            title = getattr(obj, "name", "") or getattr(obj, "title", "")
            return f"{value} · {title}" if name == "code" and title else str(value)
    return str(obj)


def object_label(model, record) -> str:
    parts = []
    for name in LABEL_FIELDS:
        value = getattr(record, name, None)
        if value:
            parts.append(str(value))
        if len(parts) == 2:
            break
    text = " · ".join(parts)
    if len(text) > 120:
        text = text[:117] + "…"
    return text or f"#{getattr(record, model._meta.pk.attname)}"


def _display(f: models.Field, value, related) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(f, models.ForeignKey):
        return related.get((f.related_model, value), f"#{value} ({_('đã xóa')})")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, (Decimal, float, int)):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or EMPTY
    return str(value)


def _m2m_display(rows) -> str:
    """Through rows ({"collective": 3, "agency": 7}) as the related objects' numbers, sorted."""
    if not rows:
        return EMPTY
    values = []
    for row in rows:
        values.append(", ".join(f"{k} #{v}" for k, v in row.items()))
    return "; ".join(values)


def _m2m_labels(model, field_name: str, rows) -> str:
    if not rows:
        return EMPTY
    target = model._meta.get_field(field_name).related_model
    target_key = next((k for k in rows[0] if k != model._meta.model_name), None)
    if target_key is None:
        return _m2m_display(rows)
    pks = [row[target_key] for row in rows]
    names = {obj.pk: _short_label(obj) for obj in target._default_manager.filter(pk__in=pks)}
    return ", ".join(names.get(pk, f"#{pk}") for pk in pks)


def _entry(model, record, prev, fields, related) -> Entry:
    verbose = {f.name: str(getattr(f, "verbose_name", f.name)) for f in fields}
    by_name = {f.name: f for f in fields}
    m2m_names = {f.name for f in getattr(record, "_history_m2m_fields", [])}
    for name in m2m_names:
        verbose[name] = str(model._meta.get_field(name).verbose_name)
    changes: list[Change] = []
    if record.history_type == "~" and prev is not None:
        delta = record.diff_against(prev)
        for change in delta.changes:
            if change.field in m2m_names:
                before = _m2m_labels(model, change.field, change.old)
                after = _m2m_labels(model, change.field, change.new)
            elif change.field in by_name:
                f = by_name[change.field]
                before, after = _display(f, change.old, related), _display(f, change.new, related)
            else:
                continue
            changes.append(Change(verbose.get(change.field, change.field), before, after))
    else:
        for f in fields:
            if f.name in m2m_names or f.primary_key:
                continue
            value = _display(f, getattr(record, f.attname, None), related)
            if value == EMPTY:
                continue
            if record.history_type == "-":
                changes.append(Change(verbose[f.name], value, EMPTY))
            else:
                changes.append(Change(verbose[f.name], EMPTY, value))
    return Entry(
        kind=model._meta.label_lower,
        kind_name=str(model._meta.verbose_name).capitalize(),
        object_id=str(getattr(record, model._meta.pk.attname)),
        object_label=object_label(model, record),
        action=record.history_type,
        action_name=str(ACTIONS.get(record.history_type, record.history_type)),
        at=record.history_date,
        user=record.history_user,
        ip_address=getattr(record, "ip_address", None),
        reason=record.history_change_reason or "",
        changes=changes,
    )
