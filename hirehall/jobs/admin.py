"""Staff look at jobs here, read-only: the ghost-job signal (`repost_of`) is the reason this exists
(docs/spam-signals.md). Closing or removing a job goes through the services, not the admin form."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from hirehall.jobs.models import Job


class RepostFilter(admin.SimpleListFilter):
    title = "repost of a job without a hire"
    parameter_name = "repost"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Flagged"), ("no", "Not flagged")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Job]) -> QuerySet[Job]:
        if self.value() == "yes":
            return queryset.filter(repost_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(repost_of__isnull=True)
        return queryset


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "client", "status", "hires_count", "repost_of", "opened_at")
    list_filter = (RepostFilter, "status")
    list_select_related = ("client", "repost_of")
    search_fields = ("title",)
    raw_id_fields = ("client", "repost_of", "category")
    readonly_fields = [f.name for f in Job._meta.get_fields() if f.concrete and not f.many_to_many]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False
