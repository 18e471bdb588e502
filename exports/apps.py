from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Xuất báo cáo tổng hợp")

    def ready(self) -> None:
        # Registers the render job, which exports.services queues by name (jobs.py imports the services).
        from exports import jobs  # noqa: F401
