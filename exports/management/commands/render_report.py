"""``manage.py render_report --period 2025-H1 --out FILE.pdf [--agency CODE]``: a report PDF in the foreground."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.models import Agency
from exports import pdf, selectors
from reporting.models import Report, ReportingPeriod


class Command(BaseCommand):
    help = "Tạo báo cáo tổng hợp (hoặc báo cáo của một đơn vị với --agency) dạng PDF."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Mã kỳ báo cáo, ví dụ 2025-H1.")
        parser.add_argument("--out", required=True, help="Đường dẫn tệp PDF cần ghi.")
        parser.add_argument("--agency", help="Mã đơn vị: xuất báo cáo của đơn vị đó thay cho báo cáo tổng hợp.")
        parser.add_argument(
            "--include-submitted", action="store_true", help="Tính cả báo cáo đã gửi chưa tiếp nhận (bản dự thảo)."
        )

    def handle(self, *args, period, out, agency=None, include_submitted=False, **options):
        periods = ReportingPeriod.objects.filter(code=period).select_related("plan")
        if not periods:
            known = ", ".join(ReportingPeriod.objects.values_list("code", flat=True).distinct()) or "chưa có kỳ nào"
            raise CommandError(f"Không có kỳ báo cáo {period!r} (các kỳ hiện có: {known}).")
        # The newest plan's period of that code, as the portal shows it.
        the_period = max(periods, key=lambda p: p.plan.decision_date)
        if agency:
            try:
                the_agency = Agency.objects.get(code=agency)
            except Agency.DoesNotExist as error:
                raise CommandError(f"Không có đơn vị mã {agency!r}.") from error
            if not Report.objects.filter(period=the_period, agency=the_agency).exists():
                raise CommandError(f"{the_agency.name} chưa có báo cáo kỳ {period}.")
            rendered = pdf.render_agency(the_period, the_agency)
        else:
            rendered = pdf.render_consolidated(
                the_period,
                include_submitted=include_submitted,
                draft=selectors.latest_draft_version(the_period),  # the reviewers' text, where they wrote one
            )
        Path(out).write_bytes(rendered.content)
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {out}: {rendered.pages} trang, {len(rendered.content):,} byte."))
