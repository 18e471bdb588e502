"""Django's ``changepassword``, which also ends the user's API token, as every password change does.

A password changed from the shell must close the same doors as one changed on the portal's pages
(``accounts/forms.py``, ``accounts.services``): the API token ends at once, with its audit entry.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import changepassword

from api.services import api_tokens_end


class Command(changepassword.Command):
    def handle(self, *args, **options):
        result = super().handle(*args, **options)  # raises CommandError when nothing changed
        UserModel = get_user_model()
        owner = UserModel._default_manager.using(options["database"]).get(
            **{UserModel.USERNAME_FIELD: options["username"] or self._current_username()}
        )
        if api_tokens_end(owner=owner, actor=owner):
            self.stdout.write(f"API token revoked for user '{owner}'")
        return result

    @staticmethod
    def _current_username() -> str:
        import getpass  # as Django's command does for a missing username

        return getpass.getuser()
