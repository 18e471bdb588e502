from django.core.management.base import BaseCommand, CommandError

from reporting.models import ReportingPeriod
from reporting.services import period_create_for_plan
from tasks.models import Plan


class Command(BaseCommand):
    help = "Tạo các kỳ báo cáo 6 tháng và năm cho mọi năm của kế hoạch (chạy lại không thay đổi kỳ đã có)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="Số quyết định của kế hoạch; mặc định mọi kế hoạch đã nạp.")

    def handle(self, *args, **options):
        plans = Plan.objects.all()
        if options["plan"]:
            plans = plans.filter(code=options["plan"])
            if not plans.exists():
                raise CommandError(f"Không có kế hoạch {options['plan']}.")
        if not plans.exists():
            raise CommandError("Chưa nạp kế hoạch nào: chạy load_plan trước.")
        for plan in plans:
            before = ReportingPeriod.objects.filter(plan=plan).count()
            periods = period_create_for_plan(plan=plan)
            created = ReportingPeriod.objects.filter(plan=plan).count() - before
            self.stdout.write(f"{plan.code}: {len(periods)} kỳ báo cáo ({created} mới).")
