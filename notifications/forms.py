"""Forms of the notifications app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class NoticeEmailForm(forms.Form):
    """How the emails of a report's steps (submitted, returned, accepted, reopened) reach the user."""

    notice_email = forms.ChoiceField(
        label=_("Nhận thư thông báo về báo cáo"),
        choices=User.NoticeEmail.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Thông báo trong cổng vẫn hiện ngay. Thư tổng hợp gửi lúc 08:00 hằng ngày, liệt kê các thông báo "
            "của ngày qua chưa gửi thư."
        ),
    )
