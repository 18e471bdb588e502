"""``manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]``: the daily reminder run in the foreground."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications.services import reminders_send


class Command(BaseCommand):
    help = "Gửi nhắc hạn báo cáo của một ngày (mặc định hôm nay, giờ Hà Nội); --dry-run chỉ liệt kê."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy, dạng YYYY-MM-DD (ngày theo giờ Hà Nội).")
        parser.add_argument("--dry-run", action="store_true", help="Không ghi, không gửi: chỉ liệt kê ai sẽ nhận gì.")

    def handle(self, *args, date=None, dry_run=False, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"Ngày không hợp lệ: {date!r} (cần dạng YYYY-MM-DD, ví dụ 2025-06-13).") from error
        run = reminders_send(day=day, dry_run=dry_run)
        out = self.stdout
        header = "Xem trước (không gửi)" if dry_run else "Đã chạy nhắc hạn"
        out.write(f"{header} ngày {run.day:%d/%m/%Y}: {len(run.due)} nhắc hạn đến kỳ.")
        already = {(d.agency.pk, d.period.pk, d.offset) for d in run.already_sent}
        for item in run.due:
            kind = "quá hạn" if item.offset > 0 else "nhắc hạn"
            recipients = ", ".join(item.recipients) or "KHÔNG CÓ NGƯỜI NHẬN (ghi trong bản tổng hợp)"
            mark = " [đã gửi trước đó, bỏ qua]" if (item.agency.pk, item.period.pk, item.offset) in already else ""
            out.write(
                f"  {item.period.code} {kind} {item.offset:+d} · {item.agency.code} · {item.agency.display_name}"
                f" → {recipients}{mark}"
            )
        for digest in run.digests_due:
            out.write(
                f"  {digest.period.code} tổng hợp {digest.offset:+d} cho {len(digest.reviewers)} cán bộ thẩm định:"
                f" {len(digest.missing)} chưa gửi, {len(digest.late)} gửi muộn,"
                f" {len(digest.without_recipient)} không có người nhận"
            )
        if not dry_run:
            out.write(
                self.style.SUCCESS(
                    f"Mới ghi nhận {len(run.created)} nhắc hạn, {len(run.digests_created)} bản tổng hợp;"
                    f" đã gửi {run.delivered} thư."
                )
            )
