"""Proposals, boosts, invitations and offers (DESIGN §4); the interview thread is a messaging room.

State machines are the tables next to the choices; services refuse every other change.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VIEWED = "viewed", _("Viewed")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    ARCHIVED = "archived", _("Archived")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    OFFERED = "offered", _("Offer sent")
    HIRED = "hired", _("Hired")
    CLOSED = "closed", _("Job closed")


S = ProposalStatus
# Withdrawing is allowed any time before an offer; an offer declined or withdrawn puts the proposal
# back on the shortlist; a closed job closes every proposal still in play.
PROPOSAL_TRANSITIONS: dict[str, set[str]] = {
    S.SUBMITTED: {S.VIEWED, S.SHORTLISTED, S.ARCHIVED, S.DECLINED, S.WITHDRAWN, S.OFFERED, S.CLOSED},
    S.VIEWED: {S.SHORTLISTED, S.ARCHIVED, S.DECLINED, S.WITHDRAWN, S.OFFERED, S.CLOSED},
    S.SHORTLISTED: {S.ARCHIVED, S.DECLINED, S.WITHDRAWN, S.OFFERED, S.CLOSED},
    S.ARCHIVED: {S.SHORTLISTED, S.DECLINED, S.WITHDRAWN, S.OFFERED, S.CLOSED},
    S.OFFERED: {S.HIRED, S.SHORTLISTED, S.CLOSED},
    S.DECLINED: set(),
    S.WITHDRAWN: set(),
    S.HIRED: set(),
    S.CLOSED: set(),
}
ACTIVE_STATUSES = (S.SUBMITTED, S.VIEWED, S.SHORTLISTED, S.ARCHIVED, S.OFFERED)


class Duration(models.TextChoices):
    LT1 = "lt1", _("Less than 1 month")
    M1_3 = "1to3", _("1 to 3 months")
    M3_6 = "3to6", _("3 to 6 months")
    GT6 = "gt6", _("More than 6 months")


class BoostState(models.TextChoices):
    NONE = "none", _("Not boosted")
    ACTIVE = "active", _("Bidding")
    WON = "won", _("Paid (in the top 4 at close)")
    CHARGED = "charged", _("Paid (the client interacted while boosted)")
    REFUNDED = "refunded", _("Outbid: returned")


class Proposal(models.Model):
    job = models.ForeignKey("jobs.Job", on_delete=models.PROTECT, related_name="proposals")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    invitation = models.OneToOneField(
        "proposals.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    status = models.CharField(max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED)
    cover_letter = models.TextField(max_length=5000)
    bid_cents = models.PositiveBigIntegerField(help_text="hourly rate, or the fixed total")
    duration = models.CharField(max_length=8, choices=Duration.choices)
    connects_spent = models.PositiveSmallIntegerField(default=0)
    connects_refunded = models.BooleanField(default=False)
    boost_bid = models.PositiveIntegerField(default=0)
    boost_bid_at = models.DateTimeField(null=True, blank=True)
    boost_state = models.CharField(max_length=8, choices=BoostState.choices, default=BoostState.NONE)
    # Set when the client opened/shortlisted/messaged/archived/declined/offered while boosted (top 4).
    boost_interacted = models.BooleanField(default=False)
    decline_reason = models.CharField(max_length=300, blank=True)
    viewed_at = models.DateTimeField(null=True, blank=True)
    # The interview (DESIGN §4): written by messaging's service through `interview_message_record`
    # (the thread itself lives in messaging, above this app). The client's first message opens it.
    client_messaged_at = models.DateTimeField(null=True, blank=True)
    freelancer_messaged_at = models.DateTimeField(null=True, blank=True)
    # Spam signals computed at submit time (docs/spam-signals.md), shown to the client only.
    is_template = models.BooleanField(default=False)
    reading_check_followed = models.BooleanField(null=True, blank=True)  # None: the job has none
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["job", "status"], name="proposals_job_status"),
            models.Index(fields=["freelancer", "-id"], name="proposals_freelancer"),
        ]
        constraints = [
            # One proposal per freelancer per job: what makes a double submit lose.
            models.UniqueConstraint(fields=["job", "freelancer"], name="proposals_one_per_freelancer_job"),
            models.CheckConstraint(condition=Q(bid_cents__gt=0), name="proposals_bid_gt_0"),
            models.CheckConstraint(
                condition=Q(boost_bid=0, boost_state="none") | Q(boost_bid__gt=0, boost_bid_at__isnull=False),
                name="proposals_boost_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk} on job {self.job_id}"


class ProposalAnswer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("jobs.ScreeningQuestion", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=3000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "question"], name="proposals_one_answer")]

    def __str__(self) -> str:
        return self.text[:40]


class ProposalMilestone(models.Model):
    """The freelancer's suggested plan for a fixed-price bid (the offer makes it binding)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    amount_cents = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.CheckConstraint(condition=Q(amount_cents__gte=500), name="proposals_ms_gte_5")]

    def __str__(self) -> str:
        return self.description


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    path = models.CharField(max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CLOSED = "closed", _("Job closed")


INVITATION_TRANSITIONS: dict[str, set[str]] = {
    InvitationStatus.PENDING: {InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.CLOSED},
    InvitationStatus.ACCEPTED: set(),
    InvitationStatus.DECLINED: set(),
    InvitationStatus.CLOSED: set(),
}


class DeclineReason(models.TextChoices):
    NOT_INTERESTED = "not_interested", _("Not interested in this work")
    TOO_BUSY = "too_busy", _("Too busy right now")
    BUDGET = "budget", _("Budget too low")
    SKILLS = "skills", _("Not a fit for my skills")
    OTHER = "other", _("Other")


class Invitation(models.Model):
    job = models.ForeignKey("jobs.Job", on_delete=models.CASCADE, related_name="invitations")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    message = models.TextField(max_length=2000, blank=True)
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    decline_reason = models.CharField(max_length=16, choices=DeclineReason.choices, blank=True)
    decline_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "freelancer"], name="proposals_one_invite")]

    def __str__(self) -> str:
        return f"invite {self.freelancer_id} to {self.job_id}"


class OfferKind(models.TextChoices):
    HOURLY = "hourly", _("Hourly")
    FIXED = "fixed", _("Fixed price")


class OfferStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")


OFFER_TRANSITIONS: dict[str, set[str]] = {
    OfferStatus.SENT: {
        OfferStatus.CHANGES_REQUESTED,
        OfferStatus.DECLINED,
        OfferStatus.WITHDRAWN,
        OfferStatus.ACCEPTED,
    },
    # The client answers a change request by withdrawing and sending a new offer.
    OfferStatus.CHANGES_REQUESTED: {OfferStatus.WITHDRAWN, OfferStatus.DECLINED, OfferStatus.ACCEPTED},
    OfferStatus.DECLINED: set(),
    OfferStatus.WITHDRAWN: set(),
    OfferStatus.ACCEPTED: set(),
}
OPEN_OFFER_STATUSES = (OfferStatus.SENT, OfferStatus.CHANGES_REQUESTED)


class Offer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="offers")
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers_sent")
    freelancer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="offers_received"
    )
    kind = models.CharField(max_length=8, choices=OfferKind.choices)
    title = models.CharField(max_length=120)
    hourly_rate_cents = models.PositiveBigIntegerField(null=True, blank=True)
    weekly_limit_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    manual_time_allowed = models.BooleanField(default=False)
    total_cents = models.PositiveBigIntegerField(null=True, blank=True)
    is_trial = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    message = models.TextField(max_length=3000, blank=True)
    status = models.CharField(max_length=20, choices=OfferStatus.choices, default=OfferStatus.SENT)
    change_request = models.TextField(max_length=2000, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    # "offer:<id>:m1": the first milestone's escrow, funded when a fixed-price offer is sent.
    escrow_reference = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # At most one open offer per proposal.
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(status__in=["sent", "changes_requested"]),
                name="proposals_one_open_offer",
            ),
            models.CheckConstraint(
                condition=Q(kind="hourly", hourly_rate_cents__gte=300, weekly_limit_hours__isnull=False)
                | Q(kind="fixed", total_cents__gte=500),
                name="proposals_offer_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"offer {self.pk}"


class OfferMilestone(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    amount_cents = models.PositiveBigIntegerField()
    due_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gte=500), name="proposals_offer_ms_gte_5"),
            models.UniqueConstraint(fields=["offer", "position"], name="proposals_offer_ms_position"),
        ]

    def __str__(self) -> str:
        return self.description
