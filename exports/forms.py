import rules
from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from exports.models import ExportJob
from reporting.models import ReportingPeriod


class ExportRequestForm(forms.Form):
    """What to export; an officer (not an admin) may only ask for its own agency's report PDF."""

    kind = forms.ChoiceField(label=_("Loại tệp"), choices=ExportJob.Kind.choices)
    period = forms.ModelChoiceField(label=_("Kỳ báo cáo"), queryset=ReportingPeriod.objects.none(), empty_label=None)
    agency = forms.ModelChoiceField(
        label=_("Đơn vị (chỉ với báo cáo của một đơn vị)"), queryset=Agency.objects.none(), required=False
    )
    include_submitted = forms.BooleanField(
        label=_("Tính cả báo cáo đã gửi nhưng chưa tiếp nhận (bản dự thảo)"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.order_by("-due_date")
        if rules.has_perm("reporting.export", user):
            self.fields["agency"].queryset = Agency.objects.filter(reports__isnull=False).distinct().order_by("name")
        else:
            self.fields["kind"].choices = [(ExportJob.Kind.PDF_AGENCY, ExportJob.Kind.PDF_AGENCY.label)]
            self.fields["agency"].queryset = Agency.objects.filter(pk=user.agency_id)
            self.fields["agency"].initial = user.agency_id
            del self.fields["include_submitted"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExportJob.Kind.PDF_AGENCY and not data.get("agency"):
            self.add_error("agency", _("Chọn đơn vị cần xuất báo cáo."))
        return data
