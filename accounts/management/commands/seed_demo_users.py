"""Create the demo accounts of the README, one per role; only where DEMO_MODE is on."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role
from accounts.services import user_set_demo_account
from agencies.models import Agency

DEMO_PASSWORD = "Demo@808-2025"  # noqa: S105 - published in the README, for the local demo only

# username, agency code, role, superuser, (last name, first name), position
DEMO_USERS = (
    ("thamdinh", "cuc-pctnxh", Role.Code.REVIEWER, False, ("Nguyễn Thị", "Thẩm Định"), "Chuyên viên"),
    # The monitoring body since 1 March 2025 (fixtures/reorganisation2025.yaml): reviews 2025-FY.
    ("thamdinhbyt", "cuc-btxh-byt", Role.Code.REVIEWER, False, ("Đỗ Thị", "Thu"), "Chuyên viên"),
    # The heads of the two monitoring bodies sign the consolidated reports (the default signer).
    ("cuctruongpctnxh", "cuc-pctnxh", Role.Code.VIEWER, False, ("Lê Văn", "Sơn"), "Cục trưởng"),
    ("cuctruongbtxh", "cuc-btxh-byt", Role.Code.VIEWER, False, ("Vũ Đức", "Minh"), "Cục trưởng"),
    ("sohanoi", "so-ldtbxh-ha-noi", Role.Code.PROVINCIAL_OFFICER, False, ("Trần Văn", "Hà"), "Chuyên viên"),
    ("soytehanoi", "so-y-te-ha-noi-2025", Role.Code.PROVINCIAL_OFFICER, False, ("Đỗ Thị", "Hương"), "Chuyên viên"),
    # Huế's Sở Y tế approves its reports before they go to the ministry (seed_demo turns the step on).
    ("pheduyethue", "so-y-te-hue-2025", Role.Code.APPROVER, False, ("Nguyễn Văn", "Phúc"), "Giám đốc"),
    ("bocongan", "bo-cong-an", Role.Code.AGENCY_OFFICER, False, ("Lê Minh", "An"), "Cán bộ"),
    ("vanphongcp", "vpcp", Role.Code.VIEWER, False, ("Phạm Thu", "Hằng"), "Chuyên viên"),
    ("quantri", None, Role.Code.ADMIN, True, ("Hoàng", "Quản Trị"), "Quản trị hệ thống"),
)


class Command(BaseCommand):
    help = "Tạo các tài khoản thử nghiệm (một tài khoản cho mỗi vai trò). Chỉ chạy khi DEMO_MODE bật."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "Từ chối tạo tài khoản thử nghiệm: DEMO_MODE đang tắt. Tài khoản có mật khẩu công khai "
                "chỉ dành cho bản chạy thử trên máy (đặt DEMO_MODE=1), không bao giờ cho môi trường thật."
            )
        codes = [code for _, code, *_ in DEMO_USERS if code]
        agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
        missing = sorted(set(codes) - set(agencies))
        if missing:
            raise CommandError(
                f"Chưa có cơ quan {', '.join(missing)}: hãy nạp kế hoạch trước "
                "(python manage.py load_plan fixtures/plan808.yaml) và tệp kế thừa "
                "(python manage.py load_successions fixtures/reorganisation2025.yaml)."
            )
        with transaction.atomic():
            for username, code, role, superuser, (last_name, first_name), position in DEMO_USERS:
                _account, created = user_set_demo_account(
                    username=username,
                    password=DEMO_PASSWORD,
                    roles=[role],
                    agency=agencies.get(code),
                    superuser=superuser,
                    last_name=last_name,
                    first_name=first_name,
                    position=position,
                )
                state = "tạo mới" if created else "đã có"
                self.stdout.write(f"{username:<12} {Role.Code(role).label:<28} {state}")
        self.stdout.write(self.style.SUCCESS(f"Mật khẩu chung của các tài khoản thử nghiệm: {DEMO_PASSWORD}"))
