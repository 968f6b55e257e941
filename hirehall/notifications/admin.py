from django.contrib import admin

from hirehall.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "kind", "title", "email_state", "read_at", "created_at")
    list_filter = ("kind", "email_state")
    search_fields = ("user__email", "title")
    raw_id_fields = ("user",)
    readonly_fields = ("created_at", "emailed_at")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "channel", "updated_at")
    list_filter = ("kind", "channel")
    raw_id_fields = ("user",)
