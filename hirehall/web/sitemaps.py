"""sitemap.xml: the public pages a search engine may index (open public jobs and the entry pages)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from hirehall.jobs.models import Job
from hirehall.jobs.selectors import public_jobs


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["landing", "jobs:search", "account_signup"]

    def location(self, item: str) -> str:
        return reverse(item)


class JobSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self) -> QuerySet[Job]:
        return public_jobs().only("pk", "updated_at").order_by("-pk")

    def location(self, item: Job) -> str:
        return reverse("jobs:detail", args=[item.pk])

    def lastmod(self, item: Job) -> datetime:
        return item.updated_at


SITEMAPS = {"pages": StaticSitemap, "jobs": JobSitemap}
