"""The kinds registry: every event a user waits for (DESIGN §10), who it is for and its default channel.

Every `notify()` call names one of these kinds; an unknown kind is a programming error (ValueError),
caught by the tests. A kind's default channel applies until the user picks another on the preferences
page (or `PUT /api/v1/me/notification-preferences`). Each kind has its own email templates:
`notifications/email/<kind>.html` and `.txt` (tests render every one).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Channel(models.TextChoices):
    """Per user and kind: where a notification goes. Every channel but OFF keeps the in-app row."""

    EMAIL = "email", "In the app and by email"
    DIGEST = "digest", "In the app and in the daily digest email"
    IN_APP = "in_app", "In the app only"
    OFF = "off", "Off"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what the preferences page shows
    group: str  # a heading on the preferences page
    default: Channel
    action: str  # the email's button text


_KINDS: dict[str, Kind] = {}


def register(key: str, label: str, group: str, default: Channel, action: str = "Open Hirehall") -> Kind:
    if key in _KINDS:
        raise ValueError(f"notification kind {key!r} registered twice")
    kind = Kind(key, label, group, default, action)
    _KINDS[key] = kind
    return kind


def get(key: str) -> Kind:
    try:
        return _KINDS[key]
    except KeyError:
        raise ValueError(
            f"unknown notification kind {key!r}: add it to hirehall/notifications/kinds.py"
        ) from None


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


E, A = Channel.EMAIL, Channel.IN_APP  # no kind defaults to the digest: users opt in

# --- jobs and proposals (DESIGN §2, §4) ---------------------------------------------------------------
register("job_expiring", "Your job post expires soon", "Jobs and proposals", E, "Edit the job")
register("saved_search_alert", "New jobs match a saved search", "Jobs and proposals", E, "See the jobs")
register("proposal_received", "A freelancer sent a proposal to your job", "Jobs and proposals", A, "Read it")
register("proposal_viewed", "A client viewed your proposal", "Jobs and proposals", A, "See the proposal")
register("invitation_received", "A client invited you to a job", "Jobs and proposals", E, "See the job")
register("offer_received", "You received an offer", "Jobs and proposals", E, "See the offer")
register("offer_accepted", "A freelancer accepted your offer", "Jobs and proposals", E, "Open the contract")
register("offer_declined", "A freelancer declined your offer", "Jobs and proposals", E, "See the offer")
register("offer_withdrawn", "A client withdrew an offer", "Jobs and proposals", E, "See the offer")
# --- Connects (DESIGN §3) ----------------------------------------------------------------------------
register("connects_granted", "Connects granted to you", "Connects", A, "See your Connects")
register("connects_returned", "Connects returned to you", "Connects", A, "See your Connects")
# --- contracts and work (DESIGN §7, §8) ----------------------------------------------------------------
register("milestone_funded", "A milestone was funded", "Contracts", E, "Open the contract")
register("milestone_submitted", "Work was submitted for review", "Contracts", E, "Review the work")
register("changes_requested", "The client asked for changes", "Contracts", E, "Open the contract")
register("auto_release_coming", "Submitted work is approved automatically soon", "Contracts", E, "Review")
register("payment_released", "A payment was released to you", "Contracts", E, "Open the contract")
register("bonus_received", "You received a bonus", "Contracts", E, "Open the contract")
register("contract_ended", "A contract was ended", "Contracts", E, "Open the contract")
register("refund_requested", "The client asked for the escrow back", "Contracts", E, "Answer")
register("escrow_refunded", "Escrow was refunded to you", "Contracts", E, "Open the contract")
register("invoice_issued", "A weekly invoice was issued", "Contracts", E, "Review the invoice")
register("invoice_payment_failed", "An invoice could not be paid", "Contracts", E, "Add funds")
register("hourly_payment_pending", "A weekly payment is on its way", "Contracts", E, "Open the contract")
register("protection_paid", "Hourly protection paid you", "Contracts", E, "Open the contract")
# --- disputes ------------------------------------------------------------------------------------------
register("dispute_opened", "A dispute was opened", "Disputes", E, "Respond")
register("dispute_deadline", "A dispute deadline is coming", "Disputes", E, "Respond")
register("dispute_decided", "A dispute was decided", "Disputes", E, "Open the contract")
# --- money (DESIGN §6) ---------------------------------------------------------------------------------
register("money_available", "Money became available to withdraw", "Money", E, "Open your wallet")
# --- messages and reputation (DESIGN §9, §10): called by messaging and reputation ---------------------
register("new_message", "A new message", "Messages and reputation", E, "Reply")
register(
    "feedback_due", "Feedback is due on an ended contract", "Messages and reputation", E, "Leave feedback"
)
register("badge_changed", "Your badge changed", "Messages and reputation", E, "See your profile")
register("jss_changed", "Your Job Success Score changed", "Messages and reputation", A, "See your profile")
# --- trust and safety (DESIGN §10): called by moderation -----------------------------------------------
register(
    "moderation_notice",
    "A staff decision about your account",
    "Trust and safety",
    E,
    "See your account standing",
)
register("report_outcome", "The outcome of a report you sent", "Trust and safety", E, "See your reports")
register(
    "ledger_adjustment",
    "Hirehall staff adjusted your balance",
    "Trust and safety",
    E,
    "See your transactions",
)
register(
    "identity_decision", "A decision on your identity verification", "Trust and safety", E, "See the decision"
)
