"""Spam signals on proposals, computed once at submit time and stored on the proposal
(docs/spam-signals.md): "template" (near-identical cover letters sent to many jobs) and whether the
freelancer followed the job's reading check."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from hirehall.core.similarity import near_duplicates
from hirehall.proposals.models import Proposal

TEMPLATE_WINDOW = timedelta(days=30)
TEMPLATE_THRESHOLD = 0.5  # word-3-shingle Jaccard; measured on labelled pairs in core/tests
TEMPLATE_MIN_OTHERS = 2  # near-identical to proposals on at least 2 other jobs: 3 jobs in all
MAX_CANDIDATES = 50  # the freelancer's most recent proposals in the window: bounded work per submit
READING_CHECK_SPAN = 200  # the phrase must appear within the reply's first 200 folded characters

_NON_WORD = re.compile(r"[^\w]+")


def is_template(*, freelancer_id: int, job_id: int, cover_letter: str, now: datetime) -> bool:
    """True when the cover letter is a near-duplicate of the freelancer's cover letters on at least
    TEMPLATE_MIN_OTHERS other jobs in the last 30 days. One query."""
    candidates = list(
        Proposal.objects.filter(freelancer_id=freelancer_id, created_at__gte=now - TEMPLATE_WINDOW)
        .exclude(job_id=job_id)
        .order_by("-created_at", "-pk")
        .values_list("pk", "cover_letter")[:MAX_CANDIDATES]
    )
    return len(near_duplicates(cover_letter, candidates, TEMPLATE_THRESHOLD)) >= TEMPLATE_MIN_OTHERS


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", folded).replace("_", " ").split())


def followed_reading_check(phrase: str, cover_letter: str) -> bool | None:
    """None when the job has no reading check; else whether the reply starts with the phrase
    (case, punctuation and quotes ignored; a greeting before it is allowed: first 200 characters)."""
    wanted = _fold(phrase)
    if not wanted:
        return None
    return f" {wanted} " in f" {_fold(cover_letter)[: READING_CHECK_SPAN + len(wanted)]} "
