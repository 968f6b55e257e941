"""Row locks of proposals, offers and invitations, pk-ordered (docs/money.md, "Lock order").

After the job row (`jobs.lock_objects`): offer → proposal → invitation; then Connects, contracts'
rows, the ledger. `of=("self",)`: a `select_related` never locks the job or a user by accident.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hirehall.proposals.models import Invitation, Offer, Proposal


def offers_qs_select_for_update() -> QuerySet[Offer]:
    return Offer.objects.order_by("pk").select_for_update(of=("self",))


def proposals_qs_select_for_update() -> QuerySet[Proposal]:
    return Proposal.objects.order_by("pk").select_for_update(of=("self",))


def invitations_qs_select_for_update() -> QuerySet[Invitation]:
    return Invitation.objects.order_by("pk").select_for_update(of=("self",))
