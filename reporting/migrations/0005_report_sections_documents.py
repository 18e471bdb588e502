"""The narrative as officials structure it: results, limitations, causes, directions, proposals.

The old "đánh giá chung" becomes "kết quả đạt được" and "khó khăn, vướng mắc" becomes "hạn chế"
(renamed, so what was written is kept, in the rows and in their history); causes and directions are
new and start empty. Directing documents issued in the period become rows of their own.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_history_attachments_comments"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("report", "overall_assessment", "results"),
        migrations.RenameField("report", "difficulties", "limitations"),
        migrations.RenameField("historicalreport", "overall_assessment", "results"),
        migrations.RenameField("historicalreport", "difficulties", "limitations"),
        migrations.AddField(
            model_name="historicalreport",
            name="causes",
            field=models.TextField(blank=True, max_length=20000, verbose_name="nguyên nhân của hạn chế"),
        ),
        migrations.AddField(
            model_name="historicalreport",
            name="directions",
            field=models.TextField(blank=True, max_length=20000, verbose_name="phương hướng, nhiệm vụ kỳ tới"),
        ),
        migrations.AddField(
            model_name="report",
            name="causes",
            field=models.TextField(blank=True, max_length=20000, verbose_name="nguyên nhân của hạn chế"),
        ),
        migrations.AddField(
            model_name="report",
            name="directions",
            field=models.TextField(blank=True, max_length=20000, verbose_name="phương hướng, nhiệm vụ kỳ tới"),
        ),
        migrations.AlterField(
            model_name="historicalreport",
            name="limitations",
            field=models.TextField(blank=True, max_length=20000, verbose_name="hạn chế, khó khăn"),
        ),
        migrations.AlterField(
            model_name="historicalreport",
            name="results",
            field=models.TextField(blank=True, max_length=20000, verbose_name="kết quả đạt được"),
        ),
        migrations.AlterField(
            model_name="historicalsectioncomment",
            name="section",
            field=models.CharField(
                choices=[
                    ("figures", "Số liệu chỉ tiêu"),
                    ("tasks", "Tiến độ nhiệm vụ"),
                    ("budget", "Kinh phí"),
                    ("assessment", "Đánh giá, phương hướng, đề xuất"),
                    ("attachments", "Văn bản, tệp đính kèm"),
                ],
                max_length=16,
                verbose_name="phần",
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="limitations",
            field=models.TextField(blank=True, max_length=20000, verbose_name="hạn chế, khó khăn"),
        ),
        migrations.AlterField(
            model_name="report",
            name="results",
            field=models.TextField(blank=True, max_length=20000, verbose_name="kết quả đạt được"),
        ),
        migrations.AlterField(
            model_name="sectioncomment",
            name="section",
            field=models.CharField(
                choices=[
                    ("figures", "Số liệu chỉ tiêu"),
                    ("tasks", "Tiến độ nhiệm vụ"),
                    ("budget", "Kinh phí"),
                    ("assessment", "Đánh giá, phương hướng, đề xuất"),
                    ("attachments", "Văn bản, tệp đính kèm"),
                ],
                max_length=16,
                verbose_name="phần",
            ),
        ),
        migrations.CreateModel(
            name="DirectingDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                ("number", models.CharField(max_length=64, verbose_name="số, ký hiệu")),
                ("issued_on", models.DateField(verbose_name="ngày ban hành")),
                ("summary", models.TextField(max_length=1000, verbose_name="trích yếu")),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="documents", to="reporting.report"
                    ),
                ),
            ],
            options={
                "verbose_name": "văn bản chỉ đạo",
                "verbose_name_plural": "văn bản chỉ đạo",
                "ordering": ["report", "position", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalDirectingDocument",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="địa chỉ IP")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="thứ tự")),
                ("number", models.CharField(max_length=64, verbose_name="số, ký hiệu")),
                ("issued_on", models.DateField(verbose_name="ngày ban hành")),
                ("summary", models.TextField(max_length=1000, verbose_name="trích yếu")),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="reporting.report",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical văn bản chỉ đạo",
                "verbose_name_plural": "historical văn bản chỉ đạo",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
