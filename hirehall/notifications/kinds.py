"""The kinds registry: every event a user waits for (DESIGN §10), who it is for and its default channel.

Every `notify()` call names one of these kinds; an unknown kind is a programming error (ValueError),
caught by the tests. A kind's default channel applies until the user picks another on the preferences
page (or `PUT /api/v1/me/notification-preferences`). Each kind has its own email templates:
`notifications/email/<kind>.html` and `.txt` (tests render every one).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Channel(models.TextChoices):
    """Per user and kind: where a notification goes. Every channel but OFF keeps the in-app row."""

    EMAIL = "email", _("In the app and by email")
    DIGEST = "digest", _("In the app and in the daily digest email")
    IN_APP = "in_app", _("In the app only")
    OFF = "off", _("Off")


@dataclass(frozen=True)
class Kind:
    key: str
    # English, as the API returns them; pages and emails translate them where they show them.
    label: str  # what the preferences page shows
    group: str  # a heading on the preferences page
    default: Channel
    action: str  # the email's button text


_KINDS: dict[str, Kind] = {}


def register(
    key: str, label: str, group: str, default: Channel, action: str = gettext_noop("Open Hirehall")
) -> Kind:
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
register(
    "job_expiring",
    gettext_noop("Your job post expires soon"),
    gettext_noop("Jobs and proposals"),
    E,
    gettext_noop("Edit the job"),
)
register(
    "saved_search_alert",
    gettext_noop("New jobs match a saved search"),
    gettext_noop("Jobs and proposals"),
    E,
    gettext_noop("See the jobs"),
)
register(
    "proposal_received",
    gettext_noop("A freelancer sent a proposal to your job"),
    gettext_noop("Jobs and proposals"),
    A,
    gettext_noop("Read it"),
)
register(
    "proposal_viewed",
    gettext_noop("A client viewed your proposal"),
    gettext_noop("Jobs and proposals"),
    A,
    gettext_noop("See the proposal"),
)
register(
    "invitation_received",
    gettext_noop("A client invited you to a job"),
    gettext_noop("Jobs and proposals"),
    E,
    gettext_noop("See the job"),
)
register(
    "offer_received",
    gettext_noop("You received an offer"),
    gettext_noop("Jobs and proposals"),
    E,
    gettext_noop("See the offer"),
)
register(
    "offer_accepted",
    gettext_noop("A freelancer accepted your offer"),
    gettext_noop("Jobs and proposals"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "offer_declined",
    gettext_noop("A freelancer declined your offer"),
    gettext_noop("Jobs and proposals"),
    E,
    gettext_noop("See the offer"),
)
register(
    "offer_withdrawn",
    gettext_noop("A client withdrew an offer"),
    gettext_noop("Jobs and proposals"),
    E,
    gettext_noop("See the offer"),
)
# --- Connects (DESIGN §3) ----------------------------------------------------------------------------
register(
    "connects_granted",
    gettext_noop("Connects granted to you"),
    gettext_noop("Connects"),
    A,
    gettext_noop("See your Connects"),
)
register(
    "connects_returned",
    gettext_noop("Connects returned to you"),
    gettext_noop("Connects"),
    A,
    gettext_noop("See your Connects"),
)
# --- contracts and work (DESIGN §7, §8) ----------------------------------------------------------------
register(
    "milestone_funded",
    gettext_noop("A milestone was funded"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "milestone_submitted",
    gettext_noop("Work was submitted for review"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Review the work"),
)
register(
    "changes_requested",
    gettext_noop("The client asked for changes"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "auto_release_coming",
    gettext_noop("Submitted work is approved automatically soon"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Review"),
)
register(
    "payment_released",
    gettext_noop("A payment was released to you"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "bonus_received",
    gettext_noop("You received a bonus"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "contract_ended",
    gettext_noop("A contract was ended"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "refund_requested",
    gettext_noop("The client asked for the escrow back"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Answer"),
)
register(
    "escrow_refunded",
    gettext_noop("Escrow was refunded to you"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "invoice_issued",
    gettext_noop("A weekly invoice was issued"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Review the invoice"),
)
register(
    "invoice_payment_failed",
    gettext_noop("An invoice could not be paid"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Add funds"),
)
register(
    "hourly_payment_pending",
    gettext_noop("A weekly payment is on its way"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
register(
    "protection_paid",
    gettext_noop("Hourly protection paid you"),
    gettext_noop("Contracts"),
    E,
    gettext_noop("Open the contract"),
)
# --- disputes ------------------------------------------------------------------------------------------
register(
    "dispute_opened",
    gettext_noop("A dispute was opened"),
    gettext_noop("Disputes"),
    E,
    gettext_noop("Respond"),
)
register(
    "dispute_deadline",
    gettext_noop("A dispute deadline is coming"),
    gettext_noop("Disputes"),
    E,
    gettext_noop("Respond"),
)
register(
    "dispute_decided",
    gettext_noop("A dispute was decided"),
    gettext_noop("Disputes"),
    E,
    gettext_noop("Open the contract"),
)
# --- money (DESIGN §6) ---------------------------------------------------------------------------------
register(
    "money_available",
    gettext_noop("Money became available to withdraw"),
    gettext_noop("Money"),
    E,
    gettext_noop("Open your wallet"),
)
# --- messages and reputation (DESIGN §9, §10): called by messaging and reputation ---------------------
register(
    "new_message",
    gettext_noop("A new message"),
    gettext_noop("Messages and reputation"),
    E,
    gettext_noop("Reply"),
)
register(
    "feedback_due",
    gettext_noop("Feedback is due on an ended contract"),
    gettext_noop("Messages and reputation"),
    E,
    gettext_noop("Leave feedback"),
)
register(
    "badge_changed",
    gettext_noop("Your badge changed"),
    gettext_noop("Messages and reputation"),
    E,
    gettext_noop("See your profile"),
)
register(
    "jss_changed",
    gettext_noop("Your Job Success Score changed"),
    gettext_noop("Messages and reputation"),
    A,
    gettext_noop("See your profile"),
)
# --- trust and safety (DESIGN §10): called by moderation -----------------------------------------------
register(
    "moderation_notice",
    gettext_noop("A staff decision about your account"),
    gettext_noop("Trust and safety"),
    E,
    gettext_noop("See your account standing"),
)
register(
    "report_outcome",
    gettext_noop("The outcome of a report you sent"),
    gettext_noop("Trust and safety"),
    E,
    gettext_noop("See your reports"),
)
register(
    "ledger_adjustment",
    gettext_noop("Hirehall staff adjusted your balance"),
    gettext_noop("Trust and safety"),
    E,
    gettext_noop("See your transactions"),
)
register(
    "identity_decision",
    gettext_noop("A decision on your identity verification"),
    gettext_noop("Trust and safety"),
    E,
    gettext_noop("See the decision"),
)
