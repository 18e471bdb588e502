from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from accounts import (
            history,  # noqa: F401 - connects the IP address receiver
            middleware,  # noqa: F401 - connects the session clocks' receiver
        )
