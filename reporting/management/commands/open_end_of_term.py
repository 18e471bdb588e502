"""Open the plan's end-of-term review (báo cáo tổng kết) with its due day; an admin may also do it in the admin."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reporting.services import period_open_end_of_term
from tasks.models import Plan
from tasks.selectors import current_plan


class Command(BaseCommand):
    help = "Mở kỳ báo cáo tổng kết của kế hoạch với hạn gửi (ngày theo giờ Hà Nội, YYYY-MM-DD)."

    def add_arguments(self, parser):
        parser.add_argument("--due", required=True, help="Hạn gửi báo cáo tổng kết, ví dụ 2027-01-15.")
        parser.add_argument("--plan", help="Số quyết định của kế hoạch; mặc định kế hoạch hiện hành.")

    def handle(self, *args, **options):
        try:
            due = datetime.date.fromisoformat(options["due"])
        except ValueError as exc:
            raise CommandError(f"Hạn gửi không đúng dạng YYYY-MM-DD: {options['due']}") from exc
        plan = Plan.objects.filter(code=options["plan"]).first() if options["plan"] else current_plan()
        if plan is None:
            raise CommandError("Không có kế hoạch này: chạy load_plan trước.")
        try:
            period, created = period_open_end_of_term(plan=plan, due_date=due)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        state = "mở mới" if created else "đã có, đang nhận báo cáo"
        self.stdout.write(
            f"{plan.code}: kỳ {period.code} ({period.name}), hạn gửi {period.due_date:%d/%m/%Y}: {state}."
        )
