"""The search index: one row per searchable object, plus its facet values.

The words live in a backend-specific structure next to these rows: a weighted `tsvector` column
with a GIN index on PostgreSQL, an FTS5 virtual table on SQLite (both created by migration 0002).
Filters, sorts and facets use these ordinary rows, so they behave the same on both backends.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """Numbers every kind maps onto: `price` (hourly rate / budget, cents), `score` (e.g. JSS 0–100),
    `rating` (average stars × 100), `volume` (earnings / spend, cents)."""

    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    public = models.BooleanField(default=True, help_text="False: only signed-in users may find it")
    price = models.PositiveBigIntegerField(null=True)
    score = models.PositiveSmallIntegerField(null=True)
    rating = models.PositiveSmallIntegerField(null=True)
    volume = models.BigIntegerField(default=0)
    # The document's tags again, one "facet<TAB>value" per line: facet counts read this column for the
    # (bounded) set of matches instead of aggregating the tag table, which is far cheaper per query.
    facet_values = models.TextField(default="", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]
        # Sort-order indexes are PostgreSQL-only (migration 0003: they need NULLS LAST).

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchTag(models.Model):
    """One facet value of a document: ("skill", "python"), ("country", "DE"), ("badge", "top_rated")."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="tags")
    facet = models.CharField(max_length=32)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "facet", "value"], name="search_tag_unique")
        ]
        indexes = [models.Index(fields=["facet", "value", "document"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SearchOutbox(models.Model):
    """A change to apply to every node's embedded index (the tantivy backend, ADR 0022).

    Written by `engine.index`/`engine.remove` in the transaction that changes the source row: it
    commits or rolls back with it. `document` is the whole document as JSON, or null for a removal.
    Nodes never delete rows they applied (other nodes may not have yet); the sweep prunes rows older
    than the retention window and records how far in `SearchOutboxPruned`.
    """

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=32)
    object_id = models.BigIntegerField()
    document = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.pk} {self.kind}:{self.object_id}"


class SearchOutboxPruned(models.Model):
    """One row: every outbox id ≤ `through_id` may be gone. A node whose applied position is below it
    missed changes and must rebuild (`manage.py search_reindex`)."""

    through_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"pruned through {self.through_id}"
