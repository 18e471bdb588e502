"""The report form: POST names <-> the ``report_save`` payload, and what each section shows.

The form is built from the report's own rows (its figures and task progress), not from a Django
``Form`` class, because its fields depend on the agency's obligations. Validation lives in the
service (``reporting/validation.py``), which the API and the Excel upload share; this module only
maps names and keeps what was typed so that a re-rendered form loses nothing.

POST names: the Report fields by name; ``fig-<target code>-<field>``; ``task-<task code>-<field>``;
``doc-<n>-<field>`` and ``doc-<n>-remove`` for the directing documents, with ``doc-total`` (rows shown);
``stat-<item code>-value``, ``-no_answer``, ``-reason`` and ``-part-<part key>`` for the statistics;
``version``; ``action`` ("save" or "submit"); ``attachment_kind`` and ``attachment_file``.
"""

import functools
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.aggregation import boundary_rule
from indicators.models import Target
from plan808 import text as plain_text
from plan808.numbers import input_decimal, input_number
from reporting import selectors
from reporting.answers import NoAnswer
from reporting.fields import (
    BUDGET_FIELDS,
    DOCUMENT_FIELDS,
    DOCUMENTS_MAX,
    FIGURE_FIELDS,
    REPORT_FIELDS,
    TASK_FIELDS,
    report_fields,
    text_fields,
)
from reporting.models import IndicatorFigure, Report, SectionComment, TaskProgress, TaskStatus
from reporting.selectors import term_figures


def payload_from_post(post, report: Report) -> dict:
    """The ``report_save`` data for the fields the form posted (a QueryDict or a dict of lists)."""

    def get(name):
        values = post.getlist(name) if hasattr(post, "getlist") else post.get(name, [])
        return values[-1] if values else None

    def getlist(name):
        return post.getlist(name) if hasattr(post, "getlist") else list(post.get(name, []))

    data = {}
    for name in REPORT_FIELDS:
        value = get(name)
        if value is not None:
            data[name] = value
    figures = {}
    for figure in report.figures.all():
        code = figure.target.code
        values = {}
        for name in FIGURE_FIELDS:
            key = f"fig-{code}-{name}"
            if name == "months":
                # Checkboxes post nothing when none is ticked; the hidden marker says the field was shown.
                if get(f"fig-{code}-months-shown") is not None:
                    values["months"] = getlist(key)
                continue
            value = get(key)
            if value is not None:
                values[name] = value
        if values:
            figures[code] = values
    tasks = {}
    for row in report.task_progress.all():
        code = row.task.code
        values = {name: get(f"task-{code}-{name}") for name in TASK_FIELDS}
        values = {k: val for k, val in values.items() if val is not None}
        if values:
            tasks[code] = values
    if figures:
        data["figures"] = figures
    if tasks:
        data["tasks"] = tasks
    documents = documents_from_post(post)
    if documents is not None:
        data["documents"] = documents
    statistics = {}
    for item in selectors.statistic_items(report.agency):
        if get(f"stat-{item.code}-value") is None:
            continue
        statistics[item.code] = {
            "value": get(f"stat-{item.code}-value"),
            "no_answer": get(f"stat-{item.code}-no_answer") or "",
            "reason": get(f"stat-{item.code}-reason") or "",
            "breakdowns": {key: get(f"stat-{item.code}-part-{key}") or "" for key in item.breakdown_keys},
        }
    if statistics:
        data["statistics"] = statistics
    return data


def documents_from_post(post) -> list[dict] | None:
    """The directing documents the form posted, in order, less rows ticked for removal and rows left blank.

    None when the form did not show the list. The save's error keys (``documents.<n>.<field>``)
    count rows of this list, and the re-rendered form shows the same list, so each message lands
    beside its row.
    """

    def get(name):
        values = post.getlist(name) if hasattr(post, "getlist") else post.get(name, [])
        if isinstance(values, str):
            return values
        return values[-1] if values else None

    total = get("doc-total")
    if total is None:
        return None
    try:
        total = min(int(total), DOCUMENTS_MAX + 20)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        if get(f"doc-{index}-remove"):
            continue
        values = {name: get(f"doc-{index}-{name}") or "" for name in DOCUMENT_FIELDS}
        if all(str(value).strip() == "" for value in values.values()):
            continue
        rows.append(values)
    return rows


@dataclass
class Field:
    name: str  # the POST name
    value: object
    error: str = ""
    missing: str = ""
    label: str = ""
    max_length: int | None = None

    @property
    def message(self) -> str:
        return self.error or self.missing


@dataclass
class FigureRow:
    figure: IndicatorFigure
    target: Target
    fields: dict[str, Field] = field(default_factory=dict)
    missing: str = ""
    months: list[tuple[str, str, bool]] = field(default_factory=list)  # (value, label, ticked)
    comments: list = field(default_factory=list)
    rule: str = ""  # how the target is counted since the districts were abolished (aggregation.boundary_rule)
    term: object = None  # the end-of-term review: the accepted annual figures of the term (selectors.TermFigure)

    @property
    def measure(self) -> str:
        return self.target.measure

    @property
    def has_error(self) -> bool:
        return any(f.error for f in self.fields.values())


@dataclass
class StatisticRow:
    item: object  # a StatisticItem
    value: Field
    no_answer: Field
    reason: Field
    parts: list[tuple[str, Field]] = field(default_factory=list)  # (part label, its input)
    missing: str = ""

    @property
    def has_error(self) -> bool:
        return any(f.error for f in (self.value, self.no_answer, self.reason, *(f for _l, f in self.parts)))


@dataclass
class DocumentRow:
    index: int
    fields: dict[str, Field] = field(default_factory=dict)
    saved: bool = False  # a row the report holds (a blank extra row is not)


@dataclass
class TaskRow:
    progress: TaskProgress
    fields: dict[str, Field] = field(default_factory=dict)
    latest: object = None  # the latest TaskStatusUpdate of the agency, shown as a hint


class ReportForm:
    """What the report form shows: each value from the POST when re-rendering, else from the database."""

    def __init__(self, report: Report, *, post=None, errors=None, missing=None, latest=None):
        self.report = report
        self.post = post
        self.errors = errors or {}
        self.missing = missing or {}
        self.term = term_figures(report)
        self.fields = {
            name: self._field(name, name, getattr(report, name), spec)
            for name, spec in report_fields(report.period).items()
        }
        figures = list(report.figures.all())
        selectors.with_year_plans(report, figures)  # the year's planned target, if an earlier report set it
        self.figures = [self._figure(f) for f in figures]
        latest = latest or {}
        self.tasks = [
            TaskRow(
                progress=row,
                fields={
                    n: self._field(f"task-{row.task.code}-{n}", f"tasks.{row.task.code}.{n}", getattr(row, n), spec)
                    for n, spec in TASK_FIELDS.items()
                },
                latest=latest.get((row.task_id, report.agency_id)),
            )
            for row in report.task_progress.all()
        ]
        for row in self.tasks:
            for name in TASK_FIELDS:
                key = f"tasks.{row.progress.task.code}.{name}"
                row.fields[name].missing = self.missing.get(key, "")
        self.documents = self._documents()
        # The dispatch number's example carries the issuing body's symbol where the agency's approval names one.
        symbol = report.agency.issuing_symbol if report.agency.issuer_when_approved else ""
        self.dispatch_placeholder = f"125/{symbol}" if symbol else "125/BC-UBND"
        self.statistics = self._statistics()
        self.documents_error = self.errors.get("documents", "")
        self.attachment_error = self.errors.get("attachment_file", "") or self.errors.get("attachments", "")
        self.attachment_missing = self.missing.get("attachments", "")

    def _posted(self, name):
        if self.post is None:
            return None
        values = self.post.getlist(name) if hasattr(self.post, "getlist") else self.post.get(name)
        if isinstance(values, list):
            return values[-1] if values else None
        return values

    def _field(self, post_name: str, key: str, db_value, spec) -> Field:
        posted = self._posted(post_name)
        if posted is not None:
            # What was typed comes back, less the invisible characters the save refused, so that
            # one more click on Save stores it.
            value = plain_text.printable(posted) if isinstance(posted, str) else posted
        elif key in BUDGET_FIELDS or key.endswith((".numerator", ".denominator", ".items")):
            value = input_number(db_value)
        elif key.endswith(".planned"):
            value = "" if db_value is None else input_decimal(db_value)
        elif key == "dispatch_date":
            value = db_value.strftime("%d/%m/%Y") if db_value else ""
        else:
            value = "" if db_value is None else db_value
        return Field(
            name=post_name,
            value=value,
            error=self.errors.get(key, ""),
            missing=self.missing.get(key, ""),
            label=spec.title,
            max_length=spec.max_length,
        )

    def _figure(self, figure: IndicatorFigure) -> FigureRow:
        code = figure.target.code
        fields = {}
        for name, spec in FIGURE_FIELDS.items():
            key = f"figures.{code}.{name}"
            if name == "yes_no":
                posted = self._posted(f"fig-{code}-yes_no")
                value = posted if posted is not None else {True: "yes", False: "no", None: ""}[figure.yes_no]
                fields[name] = Field(f"fig-{code}-yes_no", value, self.errors.get(key, ""), self.missing.get(key, ""))
            elif name == "months":
                continue
            else:
                fields[name] = self._field(f"fig-{code}-{name}", key, getattr(figure, name), spec)
        fields["months"] = Field(
            f"fig-{code}-months",
            None,
            self.errors.get(f"figures.{code}.months", ""),
            self.missing.get(f"figures.{code}.months", ""),
            label=FIGURE_FIELDS["months"].title,
        )
        if self.post is not None and self._posted(f"fig-{code}-months-shown") is not None:
            ticked = set(self.post.getlist(f"fig-{code}-months")) if hasattr(self.post, "getlist") else set()
        else:
            ticked = set(figure.months or [])
        months = [(m, f"{m[5:]}/{m[:4]}", m in ticked) for m in self.report.period.months]
        return FigureRow(
            figure=figure,
            target=figure.target,
            fields=fields,
            missing=self.missing.get(f"figures.{code}", ""),
            months=months,
            term=self.term.get(figure.target_id),
            rule=boundary_rule(figure.target, self.report.period),
        )

    def _statistics(self) -> list[tuple[str, list[StatisticRow]]]:
        """The statistics section, grouped by the catalogue's parts: each value as posted, else as saved."""
        saved = selectors.report_statistic_values(self.report)
        sections: list[tuple[str, list[StatisticRow]]] = []
        for item in selectors.statistic_items(self.report.agency):
            total = saved.get((item.pk, ""))
            make = functools.partial(self._stat_field, item.code)
            row = StatisticRow(
                item=item,
                value=make("value", total.value if total else None, "value", item.label),
                no_answer=make("no_answer", total.no_answer if total else "", "no_answer"),
                reason=make("reason", total.no_answer_reason if total else "", "reason"),
                parts=[
                    (
                        part["label"],
                        make(
                            part["key"],
                            saved[(item.pk, part["key"])].value if (item.pk, part["key"]) in saved else None,
                            f"part-{part['key']}",
                            part["label"],
                        ),
                    )
                    for part in item.breakdowns
                ],
                missing=self.missing.get(f"statistics.{item.code}", ""),
            )
            if sections and sections[-1][0] == item.section:
                sections[-1][1].append(row)
            else:
                sections.append((item.section, [row]))
        return sections

    def _stat_field(self, code: str, name: str, db_value, suffix: str, label: str = "") -> Field:
        posted = self._posted(f"stat-{code}-{suffix}")
        value = plain_text.printable(posted) if isinstance(posted, str) else None
        if value is None:
            value = input_number(db_value) if suffix == "value" or suffix.startswith("part-") else db_value
        return Field(
            name=f"stat-{code}-{suffix}",
            value="" if value is None else value,
            error=self.errors.get(f"statistics.{code}.{name}", ""),
            missing=self.missing.get(f"statistics.{code}.{name}", ""),
            label=label,
        )

    @property
    def no_answer_choices(self):
        return NoAnswer.choices

    def _documents(self) -> list[DocumentRow]:
        """The rows as posted when re-rendering (nothing typed is lost), else as saved; one blank row to add."""
        posted = documents_from_post(self.post) if self.post is not None else None
        if posted is not None:
            values = posted
            saved = False
        else:
            values = [
                {
                    "number": d.number,
                    "issued_on": d.issued_on.strftime("%d/%m/%Y") if d.issued_on else "",
                    "summary": d.summary,
                }
                for d in self.report.documents.all()
            ]
            saved = True
        rows = []
        for index, row in enumerate([*values, dict.fromkeys(DOCUMENT_FIELDS, "")]):
            rows.append(
                DocumentRow(
                    index=index,
                    saved=saved and index < len(values),
                    fields={
                        name: Field(
                            name=f"doc-{index}-{name}",
                            value=plain_text.printable(row[name]) if isinstance(row[name], str) else row[name],
                            error=self.errors.get(f"documents.{index}.{name}", "")
                            or self.errors.get(f"documents.{index}", ""),
                            label=spec.title,
                            max_length=spec.max_length,
                        )
                        for name, spec in DOCUMENT_FIELDS.items()
                    },
                )
            )
        return rows

    @property
    def figure_errors(self) -> int:
        return sum(1 for row in self.figures if row.has_error)

    def field(self, name: str) -> Field:
        return self.fields[name]

    @property
    def text_fields(self) -> list[Field]:
        return [self.fields[n] for n in text_fields(self.report.period)]

    @property
    def budget_fields(self) -> list[Field]:
        return [self.fields[n] for n in BUDGET_FIELDS]

    @property
    def status_choices(self):
        return TaskStatus.choices


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Phần"), choices=SectionComment.Section.choices)
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Nội dung yêu cầu bổ sung, chỉnh sửa"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class SendBackForm(forms.Form):
    """The approver's reason for sending a report back to its officer (required)."""

    comment = forms.CharField(
        label=_("Nội dung cần sửa, bổ sung trước khi trình lại"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Cần ghi rõ nội dung cần sửa, bổ sung trước khi trình lại.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Tình trạng"), choices=[("", "—"), *list(TaskStatus.choices)], required=False)
    note = forms.CharField(
        label=_("Nội dung cập nhật"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Không ghi thông tin cá nhân của người bán dâm hoặc người bị điều tra."),
    )


class ExcelUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
