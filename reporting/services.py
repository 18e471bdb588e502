"""Every write of the reporting domain: periods, reports and their workflow, task status between reports.

Each function is keyword-only, asks ``accounts.rules`` before it writes, and leaves an audit trail
(``ReportEvent`` for workflow steps, django-simple-history for every row, with ``_change_reason``
where the caller gives a reason). Errors:

- ``PermissionDenied`` when the rules refuse (wrong role, other agency, locked report, closed period);
- ``ValidationError`` whose ``message_dict`` maps a field key to its Vietnamese messages. Keys are the
  Report field names ("budget_central"), ``"figures.<target code>.<field>"`` and
  ``"tasks.<task code>.<field>"`` (task codes hold dots: split the field off with ``rsplit(".", 1)``);
- ``StaleReportError`` when a save carries a version older than the saved report.
"""

import copy
import datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Case, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from accounts.history import current_ip_address
from accounts.rules import is_own_agency, owns_editable_report, period_accepts
from agencies.models import Agency
from indicators.cache import bump_dashboard_generation
from indicators.models import Target
from notifications.services import report_event_notify
from plan808.clock import hanoi_today
from plan808.numbers import number
from reporting import answers, fields, selectors
from reporting import validation as v
from reporting.fields import DOCUMENT_FIELDS, DOCUMENTS_MAX, FIGURE_FIELDS, REPORT_FIELDS, TASK_FIELDS
from reporting.models import (
    Attachment,
    DirectingDocument,
    IndicatorFigure,
    PeriodException,
    Report,
    ReportEvent,
    ReportingPeriod,
    SectionComment,
    StatisticValue,
    TaskProgress,
    TaskStatus,
    TaskStatusUpdate,
)
from reporting.obligations import agency_obligations
from reporting.plausibility import RATIO_MEASURES, WARNING_MAX_LENGTH, figure_warnings
from tasks.models import Plan, Task


class StaleReportError(Exception):
    """Someone saved the report after this form was opened; the save is refused, nothing is written."""

    def __init__(self, report: Report, expected_version: int):
        self.report = report
        self.expected_version = expected_version
        self.current_version = report.version
        super().__init__(
            _(
                "Báo cáo đã được lưu bởi người khác sau khi bạn mở (phiên bản %(current)s, bạn đang sửa phiên bản "
                "%(expected)s). Nội dung bạn nhập vẫn còn trên màn hình: hãy tải lại báo cáo, đối chiếu và lưu lại."
            )
            % {"current": report.version, "expected": expected_version}
        )


def _deny(message: str):
    raise PermissionDenied(message)


def _stamp(obj, user, reason: str = ""):
    """Who made this change and why, for the row's history (django-simple-history)."""
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    return obj


def _event(report: Report, *, action: str, from_status: str, user, at=None, comment: str = "") -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        action=action,
        from_status=from_status,
        to_status=report.status,
        user=user,
        at=at or timezone.now(),
        comment=comment,
    )


def _require_period_accepts(period: ReportingPeriod, agency: Agency, report: Report | None = None) -> None:
    """Refuse, saying why, when the period does not take work from ``agency`` now (``accounts.rules``)."""
    if not period_accepts(period, agency.pk, report):
        _deny(
            _("Kỳ báo cáo %(period)s đã khóa; chỉ đơn vị được quản trị gia hạn mới gửi được báo cáo.")
            % {"period": period.name}
        )


def _clean_text(value, key: str) -> str:
    """Free text of a workflow step, cleaned as report text is (``validation.clean_text``)."""
    try:
        return v.clean_text(value)
    except v.FieldError as exc:
        raise ValidationError({key: [exc.message]}) from exc


def _locked_report(report: Report) -> Report:
    """``report`` read again and locked until the transaction ends.

    The figures and task rows the caller has already read with it (``selectors.report_detail``) are
    carried over, copied, when nobody saved in between: every save bumps the version, so the same
    version means the same rows, and a save-and-submit reads them once per request.
    """
    current = Report.objects.select_for_update().select_related("period", "period__plan", "agency").get(pk=report.pk)
    if current.version == report.version:
        read = getattr(report, "_prefetched_objects_cache", {})
        current._prefetched_objects_cache = {
            name: [copy.copy(row) for row in read[name]]
            for name in ("figures", "task_progress", "statistics")
            if name in read
        }
    if current.agency_id == report.agency_id and "_statistic_items" in report.agency.__dict__:
        current.agency.__dict__["_statistic_items"] = report.agency.__dict__["_statistic_items"]
    return current


def _save_rows(rows: list, model, names: list[str], user, always: tuple[str, ...] = ()) -> None:
    """Changed figure or task rows in one UPDATE, and their history (who, when, from where) in one INSERT.

    The UPDATE sets only the columns some row changed (rows say which in ``_changed_fields``; a row
    that does not say counts as changing all of ``names``), plus ``always``. It is written by
    ``_bulk_update``, not ``QuerySet.bulk_update``, whose building was most of a save's CPU.
    """
    if rows:
        fields = [n for n in names if n in always or any(n in getattr(row, "_changed_fields", names) for row in rows)]
        with transaction.atomic(savepoint=False):
            _bulk_update(rows, model, fields)
            get_history_manager_for_model(model).bulk_history_create(
                rows,
                update=True,
                default_user=user,
                default_change_reason=None,
                custom_historical_attrs={"ip_address": current_ip_address()},
            )


def _bulk_update(rows: list, model, names: list[str]) -> None:
    """``model.objects.bulk_update(rows, names)``, cheaper to build (issue 10: a save's CPU).

    The same UPDATE with a CASE per column, but each WHEN compares the primary key column directly
    (``QuerySet.bulk_update`` builds ``When(pk=...)``, a filter resolved through the ORM's lookups, for
    every row and column), and a column that every row sets to the same value is set to that value.
    """
    if not rows or not names:
        return
    opts = model._meta
    fields = [opts.get_field(name) for name in names]
    connection = connections[router.db_for_write(model)]
    size = connection.ops.bulk_batch_size([opts.pk, opts.pk, *fields], rows) or len(rows)
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        pk = opts.pk.get_col(opts.db_table)
        updates = {}
        for field in fields:
            values = [getattr(row, field.attname) for row in batch]
            if all(value == values[0] and type(value) is type(values[0]) for value in values):
                updates[field.attname] = Value(values[0], output_field=field)
                continue
            case = Case(
                *(
                    When(Exact(pk, row.pk), then=Value(value, output_field=field))
                    for row, value in zip(batch, values, strict=True)
                ),
                output_field=field,
            )
            if connection.features.requires_casted_case_in_updates:
                case = Cast(case, output_field=field)
            updates[field.attname] = case
        model._default_manager.filter(pk__in=[row.pk for row in batch]).update(**updates)


# -- periods ----------------------------------------------------------------------------------------


def period_create_for_plan(*, plan: Plan) -> list[ReportingPeriod]:
    """The six-month and annual periods of every year of ``plan``; existing ones are kept as admins left them.

    Windows follow Decree 09/2019/NĐ-CP, Art. 12: six-month 15/12 of the year before to 14/06,
    annual 15/12 of the year before to 14/12. Due days are the plan's section V: 20/06 and 20/12.
    """
    periods = []
    for year in plan.years:
        for kind, name, due, window_end in (
            (ReportingPeriod.Kind.HALF_YEAR, f"6 tháng đầu năm {year}", (6, 20), (6, 14)),
            (ReportingPeriod.Kind.ANNUAL, f"năm {year}", (12, 20), (12, 14)),
        ):
            period, _created = ReportingPeriod.objects.get_or_create(
                plan=plan,
                code=f"{year}-{kind}",
                defaults={
                    "kind": kind,
                    "year": year,
                    "name": name,
                    "due_date": datetime.date(year, *due),
                    "window_start": datetime.date(year - 1, 12, 15),
                    "window_end": datetime.date(year, *window_end),
                },
            )
            periods.append(period)
    return periods


def end_of_term_code(plan: Plan) -> str:
    return f"{plan.end_year}-{ReportingPeriod.Kind.END_OF_TERM}"


def period_open_end_of_term(*, plan: Plan, due_date: datetime.date, user=None) -> tuple[ReportingPeriod, bool]:
    """Open the plan's end-of-term review (báo cáo tổng kết) with its due day; (period, created).

    Its data window is the plan's whole term (15/12 of the year before the first year to 14/12 of the
    last). Opened again, the same period takes the new due day and is open; ``user`` is None only for
    the command line (an operator at the server), else an admin (``reporting.manage_periods``).
    """
    if user is not None and not rules.has_perm("reporting.manage_periods", user):
        _deny(_("Chỉ quản trị mới mở được kỳ báo cáo tổng kết."))
    last_window_day = datetime.date(plan.end_year, 12, 14)
    if due_date <= last_window_day:
        raise ValidationError(
            {
                "due_date": [
                    _("Hạn gửi báo cáo tổng kết phải sau ngày %(day)s, ngày cuối của số liệu.")
                    % {"day": last_window_day.strftime("%d/%m/%Y")}
                ]
            }
        )
    period = ReportingPeriod.objects.filter(plan=plan, kind=ReportingPeriod.Kind.END_OF_TERM).first()
    created = period is None
    if created:
        period = ReportingPeriod(
            plan=plan,
            code=end_of_term_code(plan),
            kind=ReportingPeriod.Kind.END_OF_TERM,
            year=plan.end_year,
            name=f"tổng kết giai đoạn {plan.start_year}-{plan.end_year}",
            window_start=datetime.date(plan.start_year - 1, 12, 15),
            window_end=last_window_day,
        )
    elif period.due_date == due_date and period.is_open:
        return period, False
    period.due_date, period.is_open = due_date, True
    _stamp(period, user, _("Mở kỳ báo cáo tổng kết"))
    period.save()
    return period, created


def period_save(*, period: ReportingPeriod, user, reason: str = "") -> ReportingPeriod:
    """An admin's change to a period (due day, window, open/closed), with its reason in the history."""
    if not rules.has_perm("reporting.manage_periods", user):
        _deny(_("Chỉ quản trị mới sửa được kỳ báo cáo."))
    if period.window_end < period.window_start:
        raise ValidationError({"window_end": [_("Ngày kết thúc số liệu phải sau ngày bắt đầu.")]})
    _stamp(period, user, reason or _("Quản trị sửa kỳ báo cáo"))
    period.save()
    return period


def period_exception_grant(
    *, period: ReportingPeriod, agency: Agency, until: datetime.date, reason: str, user, exception=None
) -> PeriodException:
    """Let ``agency`` submit to a closed period until ``until`` (inclusive, Hà Nội); audited."""
    if not rules.has_perm("reporting.manage_periods", user):
        _deny(_("Chỉ quản trị mới gia hạn được."))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Cần ghi lý do gia hạn.")]
    if until is None:
        errors["until"] = [_("Cần chọn ngày hết hạn.")]
    elif until < period.due_date:
        errors["until"] = [_("Ngày gia hạn phải sau hạn gửi của kỳ.")]
    if errors:
        raise ValidationError(errors)
    if exception is None:
        exception = PeriodException.objects.filter(period=period, agency=agency).first() or PeriodException(
            period=period, agency=agency
        )
    exception.period, exception.agency, exception.until, exception.reason = period, agency, until, reason.strip()
    exception.granted_by = user
    _stamp(exception, user, reason)
    exception.save()
    return exception


# -- reports: start and save -------------------------------------------------------------------------


def report_start(*, agency: Agency, period: ReportingPeriod, user) -> Report:
    """The agency's report for the period, created (with its figures and task rows) if it does not exist."""
    existing = Report.objects.select_related("period", "agency").filter(agency=agency, period=period).first()
    if existing is not None:
        if not rules.has_perm("reporting.view_report", user, existing):
            _deny(_("Bạn không có quyền xem báo cáo này."))
        return existing
    if not rules.has_perm("reporting.add_report", user, agency):
        _deny(_("Bạn không có quyền lập báo cáo của đơn vị này."))
    _require_period_accepts(period, agency)
    tasks, targets = agency_obligations(period, agency)
    if not tasks and not targets:
        raise ValidationError({"agency": [_("Đơn vị không thuộc diện báo cáo trong kỳ này.")]})
    latest = selectors.latest_task_status(period.plan, agencies=[agency])
    try:
        with transaction.atomic():
            report = _stamp(Report(agency=agency, period=period, created_by=user), user, _("Tạo báo cáo"))
            report.save()
            month_count = len(period.months)
            figures = [
                IndicatorFigure(
                    report=report,
                    target=target,
                    denominator=month_count if target.measure == Target.Measure.MONTHS_COVERED else None,
                )
                for target in targets
            ]
            progress = []
            for task in tasks:
                update = latest.get((task.pk, agency.pk))
                progress.append(TaskProgress(report=report, task=task, status=update.status if update else ""))
            bulk_create_with_history(figures, IndicatorFigure, default_user=user)
            bulk_create_with_history(progress, TaskProgress, default_user=user)
            _event(report, action=ReportEvent.Action.CREATE, from_status="", user=user)
    except IntegrityError:
        # Two officers pressed "start" at once: the unique constraint let one through; use it.
        return Report.objects.select_related("period", "agency").get(agency=agency, period=period)
    return report


def report_save(*, report: Report, user, data: dict, expected_version: int, partial: bool = True) -> Report:
    """Save the valid parts of ``data`` into a draft or returned report and bump its version.

    ``partial=True`` (a draft): invalid values are not written and come back in the returned
    report's ``save_errors`` (key -> message); the rest is saved. ``partial=False``: any invalid value
    raises ``ValidationError`` and nothing is written (used for Excel uploads).
    """
    with transaction.atomic():
        current = _locked_report(report)
        if current.version != expected_version:
            raise StaleReportError(current, expected_version)
        if not rules.has_perm("reporting.change_report", user, current):
            if owns_editable_report(user, current):
                _require_period_accepts(current.period, current.agency, current)
            _deny(_("Báo cáo này không sửa được (đã gửi, đã tiếp nhận, hoặc không thuộc đơn vị của bạn)."))
        errors: dict[str, str] = {}

        _apply_report_fields(current, data, errors)
        figures = _apply_figures(current, data.get("figures") or {}, errors)
        progress = _apply_tasks(current, data.get("tasks") or {}, errors)
        documents = _apply_documents(current, data["documents"], errors) if "documents" in data else None
        statistics = _apply_statistics(current, data["statistics"], errors) if data.get("statistics") else None
        if errors and not partial:
            raise ValidationError({key: [message] for key, message in errors.items()})
        _apply_warnings(current, figures)

        current.version += 1
        _stamp(current, user, _("Lưu báo cáo"))
        current.save()
        _save_rows(figures, IndicatorFigure, [*FIGURE_FIELDS, "warning"], user, always=("warning",))
        _save_rows(progress, TaskProgress, list(TASK_FIELDS), user)
        if documents is not None:
            _save_documents(current, documents, user)
        if statistics is not None:
            _save_statistics(statistics, user)
            # What the report now holds, so that its submission checks it without reading it again.
            changed, created = statistics
            rows = {row.pk: row for row in selectors.report_statistic_values(current).values()}
            rows.update({row.pk: row for row in (*changed, *created)})
            current._prefetched_objects_cache = {
                **getattr(current, "_prefetched_objects_cache", {}),
                "statistics": list(rows.values()),
            }
    current.save_errors = errors
    return current


def _apply_report_fields(report: Report, data: dict, errors: dict) -> None:
    for name, spec in REPORT_FIELDS.items():
        if name not in data:
            continue
        raw = data[name]
        try:
            if spec.kind == fields.MONEY:
                value = v.parse_count(raw, money=True)
            elif spec.kind == fields.DISPATCH_NUMBER:
                value = v.parse_dispatch_number(raw)
            elif spec.kind == fields.DATE:
                value = v.parse_date(raw, not_after=hanoi_today())
            else:
                value = v.parse_text(raw, max_length=spec.max_length)
        except v.FieldError as exc:
            errors[name] = exc.message
            continue
        setattr(report, name, value)


def _apply_figures(report: Report, payload: dict, errors: dict) -> list[IndicatorFigure]:
    rows = {f.target.code: f for f in selectors.report_figures(report)}
    months = report.period.months
    changed = []
    plans = None  # the year's planned targets set in earlier reports, read when a planned value comes
    for code, values in payload.items():
        figure = rows.get(str(code))
        if figure is None:
            errors[f"figures.{code}"] = _("Chỉ tiêu %(code)s không thuộc báo cáo của đơn vị.") % {"code": code}
            continue
        if not isinstance(values, dict):
            continue
        before = {name: getattr(figure, name) for name in FIGURE_FIELDS}
        measure = figure.target.measure
        for name in FIGURE_FIELDS:
            if name not in values:
                continue
            key = f"figures.{code}.{name}"
            raw = values[name]
            try:
                if name in ("numerator", "denominator"):
                    value = v.parse_count(raw)
                elif name == "items":
                    value = v.parse_count(raw, maximum=v.INT_MAX)
                elif name == "yes_no":
                    value = v.parse_yes_no(raw)
                elif name == "months":
                    value = v.parse_months(raw, months)
                elif name in ("answer", "denominator_answer"):
                    value = v.parse_choice(raw, _answer_choices())
                elif name == "planned":
                    value = v.parse_planned(raw)
                    if plans is None:
                        plans = selectors.year_plans(report)
                    inherited = plans.get(figure.target_id)
                    if inherited is not None:
                        # Set in the year's first report: shown here, changed only there (Decision 29).
                        if value is not None and value != inherited[0]:
                            raise v.FieldError(
                                _(
                                    "Chỉ tiêu kế hoạch năm đã đặt trong báo cáo %(period)s (%(value)s); "
                                    "chỉ sửa được tại báo cáo đó."
                                )
                                % {"period": inherited[1].name, "value": number(inherited[0], -1)}
                            )
                        continue
                else:
                    value = v.parse_text(raw, max_length=FIGURE_FIELDS[name].max_length)
            except v.FieldError as exc:
                errors[key] = exc.message
                continue
            setattr(figure, name, value)
        _check_answers(figure, code, before, errors)
        if figure.answer:
            # The figure is answered, not given: no number, so it counts as missing, never as 0.
            figure.numerator = figure.denominator = figure.yes_no = figure.items = None
            figure.months = []
        elif measure == Target.Measure.MONTHS_COVERED:
            # Kept as counts too, so the national figure stays one SQL sum (indicators/README.md).
            # No month ticked and no count of items is a figure not answered yet, never "0/6 tháng".
            answered = bool(figure.months) or figure.items is not None
            figure.numerator = len(figure.months) if answered else None
            figure.denominator = len(months)
        elif (
            measure in RATIO_MEASURES
            and figure.numerator is not None
            and figure.denominator is not None
            and figure.numerator > figure.denominator
        ):
            errors[f"figures.{code}.numerator"] = _("Tử số (%(num)s) không được lớn hơn mẫu số (%(den)s).") % {
                "num": number(figure.numerator),
                "den": number(figure.denominator),
            }
            # The denominator typed is a valid value on its own: keep it (the message says valid entries
            # were saved) and refuse only the numerator, unless the saved numerator no longer fits under it.
            figure.numerator = before["numerator"]
            if figure.numerator is not None and figure.numerator > figure.denominator:
                figure.denominator = before["denominator"]
        figure._changed_fields = [name for name in FIGURE_FIELDS if getattr(figure, name) != before[name]]
        if figure._changed_fields:
            changed.append(figure)
    return changed


def _answer_choices() -> list[tuple[str, str]]:
    """The answers by value or by label (reporting/answers.py, the one home of the rule)."""
    return answers.choices_read_back()


def _check_answers(figure: IndicatorFigure, code: str, before: dict, errors: dict) -> None:
    """An answer ("không có số liệu") and a number for the same thing cannot both stand: say so, keep the old."""
    measure = figure.target.measure
    if figure.denominator_answer and measure not in RATIO_MEASURES:
        errors[f"figures.{code}.denominator_answer"] = _("Chỉ tiêu %(code)s không có mẫu số để trả lời riêng.") % {
            "code": code
        }
        figure.denominator_answer = before["denominator_answer"]
    if figure.answer:
        given = [name for name in figure.value_fields if getattr(figure, name) not in (None, [])]
        if figure.denominator_answer:
            given.append("denominator_answer")
        if given:
            errors[f"figures.{code}.answer"] = _(
                "Đã chọn “%(answer)s” nhưng vẫn còn số liệu đã nhập: xóa số liệu hoặc bỏ chọn."
            ) % {"answer": figure.get_answer_display()}
            figure.answer = before["answer"]
    if figure.denominator_answer and figure.denominator is not None:
        errors[f"figures.{code}.denominator_answer"] = _(
            "Đã chọn “%(answer)s” cho mẫu số nhưng vẫn còn mẫu số đã nhập: xóa mẫu số hoặc bỏ chọn."
        ) % {"answer": figure.get_denominator_answer_display()}
        figure.denominator_answer = before["denominator_answer"]


def _apply_tasks(report: Report, payload: dict, errors: dict) -> list[TaskProgress]:
    rows = {p.task.code: p for p in selectors.report_task_rows(report)}
    changed = []
    for code, values in payload.items():
        row = rows.get(str(code))
        if row is None:
            errors[f"tasks.{code}"] = _("Nhiệm vụ %(code)s không thuộc báo cáo của đơn vị.") % {"code": code}
            continue
        if not isinstance(values, dict):
            continue
        before = {name: getattr(row, name) for name in TASK_FIELDS}
        for name in TASK_FIELDS:
            if name not in values:
                continue
            try:
                if name == "status":
                    value = v.parse_choice(values[name], TaskStatus.choices)
                else:
                    value = v.parse_text(values[name], max_length=TASK_FIELDS[name].max_length)
            except v.FieldError as exc:
                errors[f"tasks.{code}.{name}"] = exc.message
                continue
            setattr(row, name, value)
        row._changed_fields = [name for name in TASK_FIELDS if getattr(row, name) != before[name]]
        if row._changed_fields:
            changed.append(row)
    return changed


def _apply_documents(report: Report, payload, errors: dict) -> list[dict] | None:
    """The directing documents as the officer listed them, checked; None (nothing changes) when any is wrong.

    The list replaces the saved one as a whole: rows left entirely blank are dropped, and a list with
    one wrong row leaves the saved list as it was, so no typed row is lost half-way.
    """
    if payload is None:
        payload = []
    if not isinstance(payload, list | tuple):
        errors["documents"] = _("Danh sách văn bản chỉ đạo không đúng dạng.")
        return None
    if len(payload) > DOCUMENTS_MAX:
        errors["documents"] = _("Tối đa %(max)s văn bản chỉ đạo.") % {"max": DOCUMENTS_MAX}
        return None
    rows, wrong = [], False
    for index, values in enumerate(payload):
        if not isinstance(values, dict):
            errors[f"documents.{index}"] = _("Dòng văn bản không đúng dạng.")
            wrong = True
            continue
        if all(values.get(name) in (None, "") for name in DOCUMENT_FIELDS):
            continue
        row = {}
        for name, spec in DOCUMENT_FIELDS.items():
            key = f"documents.{index}.{name}"
            try:
                if name == "number":
                    value = v.parse_dispatch_number(values.get(name))
                elif name == "issued_on":
                    value = v.parse_date(values.get(name), not_after=hanoi_today())
                else:
                    value = v.parse_text(values.get(name), max_length=spec.max_length)
            except v.FieldError as exc:
                errors[key] = exc.message
                wrong = True
                continue
            if value in (None, ""):
                errors[key] = _("Cần ghi %(field)s của văn bản.") % {"field": spec.title.lower()}
                wrong = True
                continue
            row[name] = value
        rows.append(row)
    return None if wrong else rows


def _save_documents(report: Report, rows: list[dict], user) -> None:
    """Write the list where it differs from the saved one: changed rows updated, extra rows created or deleted."""
    saved = selectors.report_documents(report)
    changed, created = [], []
    for position, values in enumerate(rows):
        if position < len(saved):
            document = saved[position]
            if any(getattr(document, name) != value for name, value in values.items()) or document.position != position:
                for name, value in values.items():
                    setattr(document, name, value)
                document.position = position
                changed.append(document)
        else:
            created.append(DirectingDocument(report=report, position=position, **values))
    _save_rows(changed, DirectingDocument, [*DOCUMENT_FIELDS, "position"], user)
    if created:
        bulk_create_with_history(
            created,
            DirectingDocument,
            default_user=user,
            custom_historical_attrs={"ip_address": current_ip_address()},
        )
    for document in saved[len(rows) :]:
        _stamp(document, user, _("Bỏ văn bản chỉ đạo khỏi báo cáo"))
        document.delete()


def _apply_statistics(report: Report, payload, errors: dict) -> tuple[list, list] | None:
    """The statistics section: (changed rows, new rows). An item with a wrong value keeps what was saved.

    ``payload``: ``{item code: {"value", "no_answer", "reason", "breakdowns": {part key: value}}}``, each
    key optional (what is absent stays as saved). A total is a number or a no-answer with its reason
    (``reporting/answers.py``); parts "trong đó" never exceed the total, and make it when all are given
    for an item whose parts add up.
    """
    if not isinstance(payload, dict):
        errors["statistics"] = _("Phần số liệu thống kê không đúng dạng.")
        return None
    items = {item.code: item for item in selectors.statistic_items(report.agency)}
    saved = selectors.report_statistic_values(report)
    report._prefetched_objects_cache = {
        **getattr(report, "_prefetched_objects_cache", {}),
        "statistics": list(saved.values()),
    }
    changed, created = [], []
    for code, values in payload.items():
        item = items.get(str(code))
        if item is None:
            errors[f"statistics.{code}"] = _("Chỉ số thống kê %(code)s không thuộc báo cáo của đơn vị.") % {
                "code": code
            }
            continue
        if not isinstance(values, dict):
            continue
        money = item.unit == "đồng"
        item_errors: dict[str, str] = {}
        total = saved.get((item.pk, "")) or StatisticValue(report=report, item=item, breakdown="")
        state = {"value": total.value, "no_answer": total.no_answer, "no_answer_reason": total.no_answer_reason}
        try:
            if "value" in values:
                state["value"] = v.parse_count(values["value"], money=money)
        except v.FieldError as exc:
            item_errors[f"statistics.{code}.value"] = exc.message
        try:
            if "no_answer" in values:
                state["no_answer"] = answers.parse_no_answer(values["no_answer"])
        except ValueError as exc:
            item_errors[f"statistics.{code}.no_answer"] = str(exc)
        try:
            if "reason" in values:
                state["no_answer_reason"] = v.parse_text(values["reason"], max_length=answers.REASON_MAX_LENGTH)
        except v.FieldError as exc:
            item_errors[f"statistics.{code}.reason"] = exc.message
        if not state["no_answer"]:
            state["no_answer_reason"] = ""
        parts = {key: saved.get((item.pk, key)) for key in item.breakdown_keys}
        part_values = {key: (row.value if row else None) for key, row in parts.items()}
        posted_parts = values.get("breakdowns") or {}
        if not isinstance(posted_parts, dict):
            posted_parts = {}
        for key, raw in posted_parts.items():
            if key not in parts:
                item_errors[f"statistics.{code}.{key}"] = _("Không có phần “%(key)s” trong chỉ số này.") % {"key": key}
                continue
            try:
                part_values[key] = v.parse_count(raw, money=money)
            except v.FieldError as exc:
                item_errors[f"statistics.{code}.{key}"] = exc.message
        if not item_errors:
            problem = answers.answer_problem(
                value=state["value"], no_answer=state["no_answer"], reason=state["no_answer_reason"]
            )
            if problem:
                key = "value" if state["no_answer"] and state["value"] is not None else "reason"
                item_errors[f"statistics.{code}.{key}"] = problem
        given = [p for p in part_values.values() if p is not None]
        if not item_errors and given and state["value"] is not None:
            if sum(given) > state["value"]:
                item_errors[f"statistics.{code}.value"] = _(
                    "Tổng các phần (%(parts)s) lớn hơn tổng số (%(total)s)."
                ) % {"parts": number(sum(given)), "total": number(state["value"])}
            elif item.parts_add_up and len(given) == len(part_values) and sum(given) != state["value"]:
                item_errors[f"statistics.{code}.value"] = _(
                    "Tổng các phần (%(parts)s) phải bằng tổng số (%(total)s)."
                ) % {"parts": number(sum(given)), "total": number(state["value"])}
        if item_errors:
            errors.update(item_errors)
            continue
        rows = [(total, state)] + [
            (parts[key] or StatisticValue(report=report, item=item, breakdown=key), {"value": part_values[key]})
            for key in item.breakdown_keys
        ]
        for row, new in rows:
            if all(getattr(row, name) == value for name, value in new.items()):
                continue
            for name, value in new.items():
                setattr(row, name, value)
            (changed if row.pk else created).append(row)
    return changed, created


def _save_statistics(rows: tuple[list, list], user) -> None:
    changed, created = rows
    _save_rows(changed, StatisticValue, ["value", "no_answer", "no_answer_reason"], user)
    if created:
        bulk_create_with_history(
            created, StatisticValue, default_user=user, custom_historical_attrs={"ip_address": current_ip_address()}
        )


def _apply_warnings(report: Report, changed: list[IndicatorFigure]) -> None:
    if not changed:
        return
    before = selectors.previous_figures(report)
    for figure in changed:
        figure.warning = " ".join(figure_warnings(figure, before.get(figure.target_id)))[:WARNING_MAX_LENGTH]


# -- reports: what is missing, workflow ---------------------------------------------------------------


def report_submit(*, report: Report, user, at: datetime.datetime | None = None) -> Report:
    """Send the report to the ministry; refused while anything is missing. The first sending sets timeliness."""
    at = at or timezone.now()
    with transaction.atomic():
        current = _locked_report(report)
        if not rules.has_perm("reporting.submit_report", user, current):
            if owns_editable_report(user, current):
                _require_period_accepts(current.period, current.agency, current)
            _deny(_("Báo cáo này không gửi được (đã gửi, đã tiếp nhận, hoặc không thuộc đơn vị của bạn)."))
        missing = selectors.report_missing(report=current)
        if missing:
            raise ValidationError({key: [message] for key, message in missing.items()})
        before = current.status
        if current.agency.requires_approval:
            # The agency approves its reports first: the ministry receives it (and timeliness is
            # set) when the approver approves (report_approve), not now.
            current.status = Report.Status.PENDING_APPROVAL
            current.version += 1
            _stamp(current, user, _("Trình phê duyệt"))
            current.save()
            event = _event(current, action=ReportEvent.Action.REQUEST_APPROVAL, from_status=before, user=user, at=at)
            report_event_notify(event=event)
            return current
        _send_to_ministry(current, user=user, at=at, action=ReportEvent.Action.SUBMIT, reason=_("Gửi báo cáo"))
    return current


def _send_to_ministry(report: Report, *, user, at: datetime.datetime, action: str, reason: str) -> ReportEvent:
    """The report reaches the ministry at ``at``: submitted, and its first sending sets timeliness."""
    before = report.status
    report.status = Report.Status.SUBMITTED
    report.first_submitted_at = report.first_submitted_at or at
    report.submitted_at = at
    report.version += 1
    _stamp(report, user, reason)
    report.save()
    event = _event(report, action=action, from_status=before, user=user, at=at)
    report_event_notify(event=event)
    return event


def report_approve(*, report: Report, user, at: datetime.datetime | None = None) -> Report:
    """The agency's approver sends a report awaiting approval on to the ministry.

    It is then exactly a submission: submitted, the reviewers are told, and the on-time rule reads
    this moment (the ministry receives the report now), unless the report was submitted before.
    """
    at = at or timezone.now()
    with transaction.atomic():
        current = _locked_report(report)
        if not rules.has_perm("reporting.approve_report", user, current):
            if rules.has_perm("reporting.send_back_report", user, current):
                _require_period_accepts(current.period, current.agency, current)
            _deny(_("Chỉ người phê duyệt của cơ quan phê duyệt được báo cáo đang chờ phê duyệt."))
        _send_to_ministry(current, user=user, at=at, action=ReportEvent.Action.APPROVE, reason=_("Phê duyệt, gửi Bộ"))
    return current


def report_send_back(*, report: Report, user, comment: str) -> Report:
    """The agency's approver sends a report awaiting approval back to its officer, saying what to change.

    It goes back to where it was before the officer sent it: a draft, or returned when the ministry
    had it before (so corrections the ministry asked for stay possible after the period closes).
    """
    comment = _clean_text(comment, "comment")
    with transaction.atomic():
        current = _locked_report(report)
        if not rules.has_perm("reporting.send_back_report", user, current):
            _deny(_("Chỉ người phê duyệt của cơ quan trả lại được báo cáo đang chờ phê duyệt."))
        _give_back(
            current,
            user=user,
            comment=comment,
            missing=_("Cần ghi rõ nội dung cần sửa, bổ sung trước khi trình lại."),
            status=Report.Status.RETURNED if current.first_submitted_at else Report.Status.DRAFT,
            action=ReportEvent.Action.SEND_BACK,
            note=_("Lãnh đạo trả lại: %(c)s"),
        )
    return current


def report_return(*, report: Report, user, comment: str) -> Report:
    """The reviewer sends the report back with what to add or fix; the agency may edit and send again."""
    comment = _clean_text(comment, "comment")
    with transaction.atomic():
        current = _locked_report(report)
        if not rules.has_perm("reporting.review_report", user, current):
            _deny(_("Chỉ cán bộ thẩm định trả lại được báo cáo đã gửi."))
        _give_back(
            current,
            user=user,
            comment=comment,
            missing=_("Cần ghi rõ nội dung yêu cầu bổ sung, chỉnh sửa."),
            status=Report.Status.RETURNED,
            action=ReportEvent.Action.RETURN,
            note=_("Trả lại: %(c)s"),
        )
    return current


def _give_back(current: Report, *, user, comment: str, missing: str, status: str, action: str, note: str) -> None:
    """Hand a locked report back with a comment (the reviewer's return, the approver's send-back): the
    comment required (`missing` says so) and at most 5,000 characters, then the new status, the
    version, the history note, the event and its notices."""
    if not comment:
        raise ValidationError({"comment": [missing]})
    if len(comment) > 5000:
        raise ValidationError({"comment": [_("Tối đa 5.000 ký tự.")]})
    before = current.status
    current.status = status
    current.version += 1
    _stamp(current, user, note % {"c": comment})
    current.save()
    event = _event(current, action=action, from_status=before, user=user, comment=comment)
    report_event_notify(event=event)


def _bump_dashboards() -> None:
    # Bump now (tests and same-transaction readers see it) and again after commit, so a dashboard
    # cached between the two from not-yet-committed data is dropped as well.
    bump_dashboard_generation()
    transaction.on_commit(bump_dashboard_generation)


def report_accept(*, report: Report, user) -> Report:
    """The reviewer accepts the report: its figures count in the national figures; it is locked."""
    with transaction.atomic():
        current = _locked_report(report)
        if not rules.has_perm("reporting.review_report", user, current):
            _deny(_("Chỉ cán bộ thẩm định tiếp nhận được báo cáo đã gửi."))
        before = current.status
        current.status = Report.Status.ACCEPTED
        current.accepted_at = timezone.now()
        current.version += 1
        _stamp(current, user, _("Tiếp nhận báo cáo"))
        current.save()
        event = _event(current, action=ReportEvent.Action.ACCEPT, from_status=before, user=user, at=current.accepted_at)
        report_event_notify(event=event)
        _bump_dashboards()
    return current


def report_reopen(*, report: Report, user, reason: str) -> Report:
    """An admin unlocks an accepted report for correction (it goes back to the agency as returned)."""
    reason = _clean_text(reason, "reason")
    with transaction.atomic():
        current = _locked_report(report)
        if not rules.has_perm("reporting.reopen_report", user, current):
            _deny(_("Chỉ quản trị mở lại được báo cáo đã tiếp nhận."))
        if not reason:
            raise ValidationError({"reason": [_("Cần ghi lý do mở lại báo cáo.")]})
        before = current.status
        current.status = Report.Status.RETURNED
        current.accepted_at = None
        current.version += 1
        _stamp(current, user, _("Mở lại: %(r)s") % {"r": reason})
        current.save()
        event = _event(current, action=ReportEvent.Action.REOPEN, from_status=before, user=user, comment=reason)
        report_event_notify(event=event)
        _bump_dashboards()
    return current


def report_comment(*, report: Report, user, section: str, text: str) -> SectionComment:
    """A reviewer's comment on one section of a submitted report."""
    if not rules.has_perm("reporting.review_report", user, report):
        _deny(_("Chỉ cán bộ thẩm định góp ý được báo cáo đã gửi."))
    errors = {}
    if section not in SectionComment.Section.values:
        errors["section"] = [_("Chọn phần của báo cáo.")]
    text = _clean_text(text, "text")
    if not text:
        errors["text"] = [_("Cần nhập nội dung ý kiến.")]
    elif len(text) > 5000:
        errors["text"] = [_("Tối đa 5.000 ký tự (đã nhập %(n)s).") % {"n": number(len(text))}]
    if errors:
        raise ValidationError(errors)
    comment = _stamp(SectionComment(report=report, section=section, author=user, text=text), user)
    comment.save()
    return comment


def report_attach(*, report: Report, user, file, kind: str) -> Attachment:
    """Attach a file (signed report as PDF or scan, spreadsheet) after checking its type and size."""
    if not rules.has_perm("reporting.change_report", user, report):
        _deny(_("Báo cáo này không sửa được."))
    errors = {}
    if kind not in Attachment.Kind.values:
        errors["kind"] = [_("Chọn loại tệp.")]
    if file is None:
        errors["file"] = [_("Chọn tệp cần đính kèm.")]
    else:
        head = file.read(16)
        file.seek(0)
        try:
            v.check_attachment(file.name, file.size, head)
        except v.FieldError as exc:
            errors["file"] = [exc.message]
        if len(file.name) > 255:
            errors["file"] = [_("Tên tệp quá dài (tối đa 255 ký tự).")]
    if errors:
        raise ValidationError(errors)
    attachment = Attachment(
        report=report, kind=kind, file=file, original_name=file.name, size=file.size, uploaded_by=user
    )
    _stamp(attachment, user, _("Đính kèm %(name)s") % {"name": file.name})
    attachment.save()
    return attachment


def report_detach(*, attachment: Attachment, user) -> None:
    if not rules.has_perm("reporting.change_report", user, attachment.report):
        _deny(_("Báo cáo này không sửa được."))
    name = attachment.file.name
    _stamp(attachment, user, _("Xóa tệp %(name)s") % {"name": attachment.original_name})
    attachment.delete()
    # The demo data points many rows at one sample file; keep a file that another row still uses.
    if name and not Attachment.objects.filter(file=name).exists():
        attachment.file.storage.delete(name)


# -- task status between reports ---------------------------------------------------------------------


def task_status_update(*, task: Task, agency: Agency, user, status: str, note: str) -> TaskStatusUpdate:
    """An agency officer records where a task stands for the agency; the next report starts from it."""
    if not rules.has_perm("tasks.update_task_status", user, task) or not is_own_agency(user, agency):
        _deny(_("Chỉ cán bộ của đơn vị chủ trì hoặc phối hợp cập nhật được tình trạng nhiệm vụ."))
    errors = {}
    try:
        status = v.parse_choice(status, TaskStatus.choices)
        if not status:
            errors["status"] = [_("Chọn tình trạng nhiệm vụ.")]
    except v.FieldError as exc:
        errors["status"] = [exc.message]
    try:
        note = v.parse_text(note, max_length=5000)
    except v.FieldError as exc:
        errors["note"] = [exc.message]
    if errors:
        raise ValidationError(errors)
    latest = selectors.task_status_history(task, agency).first()
    if latest is not None and latest.status == status and not note:
        # The same status again with nothing to add says nothing new: no second history line.
        latest.created = False
        return latest
    update = TaskStatusUpdate(task=task, agency=agency, user=user, status=status, note=note)
    _stamp(update, user, note or _("Cập nhật tình trạng"))
    update.save()
    update.created = True
    return update
