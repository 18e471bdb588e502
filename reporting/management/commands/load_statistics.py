"""python manage.py load_statistics [FILE]: the statistics catalogue of the reports, idempotently."""

from django.core.management.base import BaseCommand, CommandError

from reporting.statfile import StatisticsFileError, load_statistics_file

DEFAULT = "fixtures/statistics808.yaml"


class Command(BaseCommand):
    help = "Nạp danh mục chỉ số thống kê của báo cáo (mặc định fixtures/statistics808.yaml); chạy lại không đổi gì."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=DEFAULT)

    def handle(self, *args, file: str, **options):
        try:
            counts = load_statistics_file(file)
        except (OSError, StatisticsFileError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            "Danh mục chỉ số thống kê: {created} mới, {changed} sửa, {retired} thôi dùng.".format(**counts)
        )
