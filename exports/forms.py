import rules
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from agencies.collation import vn_sort_key
from agencies.models import Agency
from exports import letterhead
from exports import selectors as export_selectors
from exports.models import ConsolidatedDraft, ExportJob, IssuedReport
from exports.services import DISPATCH_FIELDS, SECTION_MAX_CHARS
from plan808.clock import hanoi_today
from reporting.models import ReportingPeriod


class VietnameseOrderChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices in Vietnamese alphabetical order of their labels ("Bộ Công an" before "Bộ Công Thương")."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = sorted(self.queryset, key=lambda obj: vn_sort_key(str(self.field.label_from_instance(obj))))
        for obj in rows:
            yield self.choice(obj)


class AgencyChoiceField(forms.ModelChoiceField):
    iterator = VietnameseOrderChoiceIterator


class DispatchForm(forms.Form):
    """The signature and dispatch block of the consolidated report (Decree 30/2020): on the export page
    and on the draft page. ``exports.services._check_dispatch`` validates it (one home)."""

    dispatch_number = forms.CharField(
        label=_("Số và ký hiệu (báo cáo tổng hợp)"),
        max_length=60,
        required=False,
        help_text=_("Ví dụ: 123/BC-BYT."),
    )
    dispatch_date = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
    )
    signer = forms.ModelChoiceField(
        label=_("Người ký"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Người đầu tiên có chức vụ của cơ quan ban hành"),
    )
    signs_on_behalf = forms.BooleanField(label=_("Ký thay (KT.) người đứng đầu"), required=False)
    on_behalf_title = forms.CharField(
        label=_("Chức danh của người được ký thay"),
        max_length=120,
        required=False,
        help_text=_("Ví dụ: Bộ trưởng, Cục trưởng."),
    )

    def setup_dispatch(self, period: ReportingPeriod | None) -> None:
        """Signers among the issuing body's people; the letterhead's recipients and today as initials."""
        self.fields["signer"].queryset = export_selectors.signer_candidates(period)
        self.fields["signer"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} — {u.position} ({u.agency.short_name or u.agency.name})"
        )
        self.fields["dispatch_date"].initial = hanoi_today()
        if period is not None:
            issuer = letterhead.ministry_issuer(period.plan, period.due_date)
            self.fields["recipients"].initial = "\n".join(issuer.recipients)
            self.fields["on_behalf_title"].initial = issuer.signer_title.capitalize()

    def dispatch(self) -> dict:
        """The dispatch block as ``exports.services`` takes it ({} when the form has none)."""
        if "dispatch_number" not in self.fields:
            return {}
        data = self.cleaned_data
        return {
            "dispatch_number": data.get("dispatch_number") or "",
            "dispatch_date": data.get("dispatch_date"),
            "recipients": data.get("recipients") or "",
            "signer": data.get("signer"),
            "signs_on_behalf": bool(data.get("signs_on_behalf")),
            "on_behalf_title": data.get("on_behalf_title") or "",
        }


class ExportRequestForm(DispatchForm):
    """What to export; an officer (not an admin) may only ask for its own agency's report PDF."""

    kind = forms.ChoiceField(label=_("Loại tệp"), choices=ExportJob.Kind.choices)
    period = forms.ModelChoiceField(label=_("Kỳ báo cáo"), queryset=ReportingPeriod.objects.none(), empty_label=None)
    agency = AgencyChoiceField(
        label=_("Đơn vị (chỉ với báo cáo của một đơn vị)"), queryset=Agency.objects.none(), required=False
    )
    include_submitted = forms.BooleanField(
        label=_("Tính cả báo cáo đã gửi nhưng chưa tiếp nhận (bản dự thảo)"), required=False
    )
    field_order = ("kind", "period", "agency", "include_submitted", *DISPATCH_FIELDS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.order_by("-due_date")
        if rules.has_perm("reporting.export", user):
            self.fields["agency"].queryset = Agency.objects.filter(reports__isnull=False).distinct()
            self.setup_dispatch(None)
            latest = self.fields["period"].queryset.select_related("plan").first()
            if latest is not None:
                issuer = letterhead.ministry_issuer(latest.plan, latest.due_date)
                self.fields["recipients"].initial = "\n".join(issuer.recipients)
                self.fields["on_behalf_title"].initial = issuer.signer_title.capitalize()
        else:
            self.fields["kind"].choices = [(ExportJob.Kind.PDF_AGENCY, ExportJob.Kind.PDF_AGENCY.label)]
            self.fields["agency"].queryset = Agency.objects.filter(pk=user.agency_id)
            self.fields["agency"].initial = user.agency_id
            del self.fields["include_submitted"]
            for name in DISPATCH_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExportJob.Kind.PDF_AGENCY and not data.get("agency"):
            self.add_error("agency", _("Chọn đơn vị cần xuất báo cáo."))
        if data.get("kind") == ExportJob.Kind.PDF_CONSOLIDATED and "dispatch_number" in self.fields:
            if not (data.get("dispatch_number") or "").strip() and "dispatch_number" not in self.errors:
                self.add_error("dispatch_number", _("Nhập số và ký hiệu của báo cáo (ví dụ: 123/BC-BYT)."))
            if not data.get("dispatch_date") and "dispatch_date" not in self.errors:
                self.add_error("dispatch_date", _("Nhập ngày ban hành báo cáo."))
        return data


class IssueForm(forms.Form):
    """Issue a rendered consolidated report: which rendering, its number, and what it corrects if anything."""

    job = forms.ModelChoiceField(label=_("Bản PDF được ban hành"), queryset=ExportJob.objects.none(), empty_label=None)
    number = forms.CharField(
        label=_("Số văn bản"),
        max_length=20,
        required=False,
        help_text=_("Để trống nếu văn thư sẽ ghi số khi đăng ký văn bản."),
    )
    replaces = forms.ModelChoiceField(
        label=_("Đính chính, thay thế báo cáo"), queryset=IssuedReport.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Lý do đính chính"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args, jobs, issued, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
        self.fields["job"].label_from_instance = lambda job: (
            _("%(period)s · tạo lúc %(at)s · %(pages)s trang")
            % {
                "period": job.period.name,
                "at": date_format(timezone.localtime(job.finished_at), "d/m/Y H:i"),
                "pages": job.pages or "—",
            }
        )
        self.fields["replaces"].queryset = issued


class SignedCopyForm(forms.Form):
    """The signed copy of an issued report (PDF with a PAdES signature)."""

    file = forms.FileField(label=_("Tệp PDF đã ký số"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SIGNED_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 50 MB)."))
        return upload


MAX_SIGNED_BYTES = 50 * 1024 * 1024


class DraftForm(DispatchForm):
    """The consolidated report's draft: a textarea per section (plain text: paragraphs separated by a
    blank line, "- " at the start of a list item), where the agencies' texts go, and the dispatch block.
    ``version`` is the version the page showed (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    texts_to = forms.ChoiceField(
        label=_("Nội dung báo cáo của từng cơ quan, địa phương đặt ở"),
        choices=ConsolidatedDraft.TextsTo.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, draft: ConsolidatedDraft, sections: list[tuple[str, str]], **kwargs):
        initial = {
            "version": draft.version,
            "texts_to": draft.texts_to,
            **{name: getattr(draft, name) for name in DISPATCH_FIELDS},
            **{f"section_{key}": draft.sections.get(key, "") for key, _heading in sections},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.sections = sections
        for key, heading in sections:
            self.fields[f"section_{key}"] = forms.CharField(
                label=heading,
                required=False,
                strip=False,
                max_length=SECTION_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 12, "class": "draft-text", "spellcheck": "true"}),
            )
        self.setup_dispatch(draft.period)
        self.order_fields(["version", *(f"section_{key}" for key, _h in sections), "texts_to", *DISPATCH_FIELDS])

    def section_fields(self):
        return [(key, self[f"section_{key}"]) for key, _heading in self.sections]

    def dispatch_fields(self):
        return [self[name] for name in DISPATCH_FIELDS]

    def typed_sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"section_{key}") or "" for key, _heading in self.sections}

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            field = f"section_{name}" if f"section_{name}" in self.fields else name
            self.add_error(field if field in self.fields else None, messages)
