from django.core.management.base import BaseCommand, CommandError

from tasks.planfile import PlanFileError, load_plan_file


class Command(BaseCommand):
    help = "Nạp một tệp kế hoạch (YAML hoặc JSON); chạy lại nhiều lần không thay đổi gì thêm."

    def add_arguments(self, parser):
        parser.add_argument("file", help="đường dẫn tệp kế hoạch, ví dụ fixtures/plan808.yaml")

    def handle(self, *args, file, **options):
        try:
            result = load_plan_file(file)
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: không tìm thấy tệp") from exc
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.plan.code}: {result.created} mới, {result.updated} cập nhật, "
                f"{result.deleted} xóa, {result.unchanged} không đổi."
            )
        )
