from django.contrib import admin

from hirehall.privacy.models import AccountDeletion, DataExport


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "status", "size", "created_at", "finished_at", "expires_at")
    list_filter = ("status",)
    raw_id_fields = ("user",)
    readonly_fields = [f.name for f in DataExport._meta.fields]


@admin.register(AccountDeletion)
class AccountDeletionAdmin(admin.ModelAdmin):
    list_display = ("user", "deleted_at", "name_retained", "retain_until")
    raw_id_fields = ("user",)
    readonly_fields = ("user", "deleted_at", "name_retained", "retain_until")
