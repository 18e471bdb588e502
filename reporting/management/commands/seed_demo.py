"""Demo data: every period of the plan filled with plausible reports, so the portal tells a story.

The generator is ``reporting.demo`` (the tests and the benchmarks use it too); this command only
refuses to run outside DEMO_MODE or before the plan is loaded, and writes in one transaction.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reporting import demo
from tasks.selectors import current_plan


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu thử nghiệm: báo cáo của mọi kỳ 2022-2025 từ các tỉnh và cơ quan trung ương (chạy lại không đổi)."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Từ chối tạo dữ liệu thử nghiệm: DEMO_MODE đang tắt (chỉ dùng cho bản chạy thử).")
        plan = current_plan()
        if plan is None:
            raise CommandError("Chưa nạp kế hoạch: chạy python manage.py load_plan fixtures/plan808.yaml trước.")
        started = time.monotonic()
        with transaction.atomic():
            counts = demo.seed(plan)
        self.stdout.write(
            f"Đã tạo {counts['reports']} báo cáo, {counts['figures']} số liệu, {counts['tasks']} dòng tiến độ, "
            f"{counts['updates']} cập nhật tình trạng nhiệm vụ ({time.monotonic() - started:.1f} giây)."
        )
