from django.contrib import admin

from accounts.admin import ReadOnlyRecordAdmin
from notifications.models import Digest, Notification, Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyRecordAdmin):
    list_display = ("day", "period", "agency", "offset", "channel", "delivery", "sent_at")
    list_filter = ("period", "delivery", "channel", "offset")
    search_fields = ("agency__name", "agency__code")
    readonly_fields = [f.name for f in Reminder._meta.fields]


@admin.register(Digest)
class DigestAdmin(ReadOnlyRecordAdmin):
    list_display = ("day", "period", "offset", "delivery", "sent_at")
    readonly_fields = [f.name for f in Digest._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "title", "read_at")
    search_fields = ("user__username", "title")
