from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from hirehall.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_client", "is_freelancer", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_client", "is_freelancer", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "name")}),
        ("Roles", {"fields": ("is_client", "is_freelancer")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scope", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]
    search_fields = ["user__email", "name", "prefix"]
