from django.db import migrations, models


def create_role(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Role.objects.get_or_create(code="approver")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_notice_email")]
    operations = [
        migrations.AlterField(
            model_name="role",
            name="code",
            field=models.CharField(
                choices=[
                    ("reviewer", "Cán bộ thẩm định (Bộ)"),
                    ("provincial_officer", "Cán bộ Sở (tỉnh, thành phố)"),
                    ("agency_officer", "Cán bộ bộ, ngành, cơ quan"),
                    ("viewer", "Người xem"),
                    ("approver", "Người phê duyệt (lãnh đạo cơ quan)"),
                    ("admin", "Quản trị"),
                ],
                max_length=32,
                primary_key=True,
                serialize=False,
                verbose_name="mã",
            ),
        ),
        migrations.RunPython(create_role, migrations.RunPython.noop),
    ]
