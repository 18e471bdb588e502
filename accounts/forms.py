"""Forms of the accounts pages: login, password change and reset, the users page, the audit filter."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditFilter, model_choices
from accounts.models import Role, User
from accounts.services import check_roles_fit_agency
from agencies.collation import vn_sort_key
from agencies.models import Agency
from api.services import api_tokens_end


class LoginForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label=_("Tên đăng nhập hoặc thư điện tử"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập (hoặc thư điện tử) hay mật khẩu không đúng. Lưu ý: sau nhiều lần sai, "
            "tài khoản sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản này đã ngừng hoạt động. Liên hệ quản trị viên."),
    }


def end_api_tokens_of(user) -> None:
    """A new password ends the API token too: whoever held the old password may have taken the token."""
    api_tokens_end(owner=user, actor=user)


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form; the trail records the change by its reason, never the hash."""

    def save(self, commit=True):
        self.user._change_reason = _("Đổi mật khẩu")
        user = super().save(commit)
        if commit:
            end_api_tokens_of(user)
        return user


class SetPasswordForm(auth_forms.SetPasswordForm):
    def save(self, commit=True):
        self.user._change_reason = _("Đặt lại mật khẩu qua thư điện tử")
        user = super().save(commit)
        if commit:
            end_api_tokens_of(user)
        return user


def agency_choices() -> list[tuple[str, str]]:
    agencies = sorted(Agency.objects.only("pk", "name"), key=lambda a: vn_sort_key(a.name))
    return [("", "—"), *((str(a.pk), a.name) for a in agencies)]


class UserForm(forms.Form):
    """The users page's form; the service checks the same rules again, the form shows them beside the field."""

    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"))
    last_name = forms.CharField(label=_("Họ và tên đệm"), max_length=150, required=False)
    first_name = forms.CharField(label=_("Tên"), max_length=150, required=False)
    agency = forms.TypedChoiceField(label=_("Cơ quan"), required=False, coerce=int, empty_value=None)
    roles = forms.MultipleChoiceField(
        label=_("Vai trò"), choices=Role.Code.choices, widget=forms.CheckboxSelectMultiple
    )
    position = forms.CharField(label=_("Chức vụ"), max_length=120, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=32, required=False)

    def __init__(self, *args, instance: User | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "username": instance.username,
                "email": instance.email,
                "last_name": instance.last_name,
                "first_name": instance.first_name,
                "agency": instance.agency_id,
                "roles": sorted(instance.role_codes),
                "position": instance.position,
                "phone": instance.phone,
            }
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agency_choices()

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        return username

    def clean(self):
        data = super().clean()
        agency_id = data.get("agency")
        data["agency"] = Agency.objects.filter(pk=agency_id).first() if agency_id else None
        if "roles" in data:
            try:
                check_roles_fit_agency(agency=data["agency"], roles=data["roles"])
            except ValidationError as exc:
                for message in exc.message_dict.get("roles", []):
                    self.add_error("roles", message)
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("username", "email", "first_name", "last_name", "agency", "position", "phone")
        }


class UserCreateForm(UserForm):
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai mật khẩu không khớp nhau."))
        elif first:
            probe = User(username=data.get("username", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(first, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    role = forms.ChoiceField(label=_("Vai trò"), required=False, choices=[("", _("Mọi vai trò")), *Role.Code.choices])
    # Active accounts unless asked: the inactive ones (the demo signers among them) stay out of the way.
    active = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("1", _("Đang hoạt động")), ("0", _("Đã ngừng")), ("all", _("Tất cả"))],
    )


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    object_id = forms.CharField(label=_("Mã số đối tượng"), required=False, max_length=20)
    q = forms.CharField(label=_("Đối tượng"), required=False, max_length=200, help_text=_("Mã, tên hoặc nội dung"))
    user = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Mọi loại")), *model_choices()]
        for name in ("date_from", "date_to"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_object_id(self):
        value = self.cleaned_data["object_id"].strip()
        if value and not value.isdigit():
            raise ValidationError(_("Mã số đối tượng là một số nguyên."))
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def to_filter(self) -> AuditFilter:
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(
            kind=data["kind"],
            object_id=data["object_id"],
            q=data["q"].strip(),
            user=data["user"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
