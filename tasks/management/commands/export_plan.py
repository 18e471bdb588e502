from django.core.management.base import BaseCommand, CommandError

from tasks.models import Plan
from tasks.planfile import export_plan_json


class Command(BaseCommand):
    help = "In kế hoạch dưới dạng JSON, cùng cấu trúc mà load_plan đọc."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="số quyết định, ví dụ 808/QĐ-LĐTBXH (mặc định: kế hoạch mới nhất)")

    def handle(self, *args, plan=None, **options):
        plans = Plan.objects.all()
        found = plans.filter(code=plan).first() if plan else plans.order_by("-decision_date").first()
        if found is None:
            known = ", ".join(plans.values_list("code", flat=True)) or "chưa có kế hoạch nào"
            raise CommandError(f"không có kế hoạch {plan or ''} ({known})")
        self.stdout.write(export_plan_json(found), ending="")
