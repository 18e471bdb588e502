from django.core.management.base import BaseCommand, CommandError

from agencies.succession_file import SuccessionFileError, load_succession_file


class Command(BaseCommand):
    help = "Nạp một tệp kế thừa giữa các cơ quan (YAML); chạy lại nhiều lần không thay đổi gì thêm."

    def add_arguments(self, parser):
        parser.add_argument("file", help="đường dẫn tệp, ví dụ fixtures/reorganisation2025.yaml")

    def handle(self, *args, file, **options):
        try:
            result = load_succession_file(file)
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: không tìm thấy tệp") from exc
        except SuccessionFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{file}: {result.created} mới, {result.updated} cập nhật, {result.unchanged} không đổi."
            )
        )
