"""The unread-notifications badge in the header: one COUNT query per page for a signed-in user."""

from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy, so pages that do not show the badge (PDF templates, emails) pay nothing.
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        )
    }
