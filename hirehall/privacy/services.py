"""Data export (a ZIP built by a background task) and account deletion with financial retention.

Retention rules (docs/privacy.md): ledger entries, invoices, receipts, contracts and their disputes
stay (financial law and the other party's records); the legal name stays only when the account has
money history (receipts and invoices must name the parties); everything else personal is erased.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import zipfile
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_noop

from hirehall.accounts.models import ApiToken, User
from hirehall.contracts.models import (
    Contract,
    ContractStatus,
    Dispute,
    DisputeStatus,
    IdentityVerification,
    WorkSegment,
)
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.jobs.models import Job, JobAttachment, JobStatus, SavedSearch
from hirehall.jobs.search_index import reindex_job
from hirehall.ledger.models import Account, Transfer
from hirehall.ledger.selectors import balances_for
from hirehall.messaging.models import Message
from hirehall.payments.models import PaymentMethod
from hirehall.privacy import exporters
from hirehall.privacy.models import AccountDeletion, DataExport, ExportStatus
from hirehall.profiles.models import (
    ClientProfile,
    Education,
    Employment,
    FreelancerProfile,
    PortfolioFile,
    PortfolioItem,
    ProfileLanguage,
    ProfileSkill,
    Visibility,
)
from hirehall.profiles.search_index import reindex_profile
from hirehall.proposals.models import (
    OPEN_OFFER_STATUSES,
    Offer,
    Proposal,
    ProposalAnswer,
    ProposalAttachment,
    ProposalStatus,
)
from hirehall.proposals.services import proposal_withdraw

logger = logging.getLogger(__name__)

EXPORT_KEEP = timedelta(days=7)  # a ready ZIP is downloadable this long, then deleted by the sweep
EXPORT_LEASE = timedelta(minutes=15)  # a build that never finished (the worker died) is started again
RETAIN_YEARS = 10  # financial records (ledger, invoices, receipts): the longest common statutory period
ERASED = "[deleted with the account]"
WITHDRAWABLE = (ProposalStatus.SUBMITTED, ProposalStatus.VIEWED, ProposalStatus.SHORTLISTED)


# --- data export ------------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def export_request(*, actor: User) -> DataExport:
    """Queue an export; while one is queued or being built, that one is returned (no pile-up)."""
    User.objects.select_for_update().filter(pk=actor.pk).first()
    running = DataExport.objects.filter(
        user=actor, status__in=[ExportStatus.PENDING, ExportStatus.BUILDING]
    ).first()
    if running is not None:
        return running
    export = DataExport.objects.create(user=actor, created_at=clock_now())
    pk = export.pk
    transaction.on_commit(lambda: _enqueue(pk), robust=True)
    return export


def _enqueue(pk: int) -> None:
    from hirehall.privacy.tasks import build_export

    build_export.delay(pk)


@transaction.atomic(durable=True)
def _claim(export_id: int, now: datetime) -> DataExport | None:
    export = (
        DataExport.objects.select_for_update()
        .select_related("user")
        .filter(
            Q(status=ExportStatus.PENDING)
            | Q(status=ExportStatus.BUILDING, started_at__lte=now - EXPORT_LEASE),
            pk=export_id,
        )
        .first()
    )
    if export is None:
        return None
    export.status = ExportStatus.BUILDING
    export.started_at = now
    export.save(update_fields=["status", "started_at"])
    return export


def build_zip(user: User) -> bytes:
    """The ZIP: README.txt, data/<section>.json and .csv for every section, files/… as uploaded."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "README.txt",
            "Your Hirehall data, exported on request.\n"
            "data/: one JSON and one CSV file per kind of data (amounts in integer cents, times in UTC).\n"
            "files/: the files you uploaded.\n",
        )
        for name, section in exporters.SECTIONS.items():
            rows = section(user)
            zf.writestr(f"data/{name}.json", json.dumps(rows, indent=2, ensure_ascii=False, default=str))
            zf.writestr(f"data/{name}.csv", exporters.to_csv(rows))
        for stored in exporters.uploaded_files(user):
            if default_storage.exists(stored.path):
                with default_storage.open(stored.path, "rb") as fh:
                    zf.writestr(stored.zip_name, fh.read())
    return out.getvalue()


def export_build(*, export_id: int, now: datetime | None = None) -> bool:
    """Build a queued export (the task and the sweep call this). False when nothing was due."""
    now = now or clock_now()
    export = _claim(export_id, now)
    if export is None:
        return False
    try:
        content = build_zip(export.user)
        path = default_storage.save(
            f"exports/{export.user_id}/{secrets.token_hex(16)}.zip", ContentFile(content)
        )
    except Exception as exc:  # a failed build is shown to the person, who can ask again
        logger.exception("data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=f"{type(exc).__name__}"[:300], finished_at=now
        )
        return True
    _finish(export_id, path=path, size=len(content), now=now)
    return True


@transaction.atomic(durable=True)
def _finish(export_id: int, *, path: str, size: int, now: datetime) -> None:
    export = DataExport.objects.select_for_update().select_related("user").get(pk=export_id)
    export.status = ExportStatus.READY
    export.path = path
    export.size = size
    export.finished_at = now
    export.expires_at = now + EXPORT_KEEP
    export.save(update_fields=["status", "path", "size", "finished_at", "expires_at"])
    email = export.user.email
    link = reverse("privacy:data")
    transaction.on_commit(
        lambda: send_mail(
            "Your Hirehall data export is ready",
            f"Download it from your settings ({link}) within {EXPORT_KEEP.days} days.",
            None,
            [email],
            fail_silently=True,
        )
    )


@transaction.atomic(durable=True)
def export_expire(*, export_id: int, now: datetime) -> bool:
    export = (
        DataExport.objects.select_for_update()
        .filter(pk=export_id, status=ExportStatus.READY, expires_at__lte=now)
        .first()
    )
    if export is None:
        return False
    path = export.path
    export.status = ExportStatus.EXPIRED
    export.path = ""
    export.save(update_fields=["status", "path"])
    transaction.on_commit(lambda: default_storage.delete(path))
    return True


# --- account deletion -------------------------------------------------------------------------------
def deletion_blockers(user: User) -> list[str]:
    """Why the account cannot be deleted now (empty: it can). Each reason says what to do. English (the
    API's detail); the page translates them."""
    reasons = []
    b = balances_for(user)
    if b.wallet_in_escrow or b.earnings_pending:
        reasons.append(
            gettext_noop("Money is in escrow or on hold for you: finish or refund those payments first.")
        )
    if b.wallet_available or b.earnings_available or b.earnings_withdrawing:
        reasons.append(gettext_noop("Your balance is not zero: withdraw it first."))
    mine = Q(contract__client=user) | Q(contract__freelancer=user)
    if Dispute.objects.filter(mine).exclude(status=DisputeStatus.RESOLVED).exists():
        reasons.append(gettext_noop("A dispute is open: it must be decided first."))
    if (
        Contract.objects.filter(Q(client=user) | Q(freelancer=user))
        .exclude(status=ContractStatus.ENDED)
        .exists()
    ):
        reasons.append(gettext_noop("You have contracts that are not ended: end them first."))
    if Job.objects.filter(client=user, status=JobStatus.OPEN).exists():
        reasons.append(gettext_noop("You have open jobs: close them first."))
    if Offer.objects.filter(Q(client=user) | Q(freelancer=user), status__in=OPEN_OFFER_STATUSES).exists():
        reasons.append(
            gettext_noop("An offer is waiting for an answer: accept, decline or withdraw it first.")
        )
    return reasons


def account_delete(*, actor: User) -> AccountDeletion:
    """Erase or anonymise the actor's personal data; refused (409) while money or a dispute is open.

    Proposals still in play are withdrawn first (each through the proposals service, its own
    transaction); then everything else happens in one transaction that checks the rules again.
    """
    reasons = deletion_blockers(actor)
    if reasons:
        raise DomainError("account_deletion_blocked", " ".join(reasons), reasons=reasons)
    for proposal in Proposal.objects.filter(freelancer=actor, status__in=WITHDRAWABLE):
        proposal_withdraw(actor=actor, proposal=proposal)
    return _erase(actor)


@transaction.atomic(durable=True)
def _erase(actor: User) -> AccountDeletion:
    user = User.objects.select_for_update().get(pk=actor.pk)
    reasons = deletion_blockers(user)
    if reasons:
        raise DomainError("account_deletion_blocked", " ".join(reasons), reasons=reasons)
    now = clock_now()
    doomed_files: list[str] = []

    # Money history: the legal name stays on receipts and invoices; the ledger is never touched.
    has_money = Transfer.objects.filter(
        Q(debit_account__in=Account.objects.filter(owner=user))
        | Q(credit_account__in=Account.objects.filter(owner=user))
    ).exists()

    # Profiles: cleared, hidden, their files deleted; the search index forgets them.
    for fp in FreelancerProfile.objects.filter(user=user):
        doomed_files += [p for p in (fp.photo, fp.photo_thumb, fp.video) if p]
        for path, thumb in PortfolioFile.objects.filter(item__profile=fp).values_list("path", "thumb_path"):
            doomed_files += [p for p in (path, thumb) if p]
        PortfolioItem.objects.filter(profile=fp).delete()
        ProfileSkill.objects.filter(profile=fp).delete()
        ProfileLanguage.objects.filter(profile=fp).delete()
        Employment.objects.filter(profile=fp).delete()
        Education.objects.filter(profile=fp).delete()
        for field in (
            "title",
            "overview",
            "country",
            "timezone",
            "photo",
            "photo_thumb",
            "video",
            "video_content_type",
            "video_url",
        ):
            setattr(fp, field, "")
        fp.hourly_rate_cents = None
        fp.hours_per_week = None
        fp.available_now = False
        fp.visibility = Visibility.PRIVATE
        fp.save(
            update_fields=[
                "title",
                "overview",
                "country",
                "timezone",
                "photo",
                "photo_thumb",
                "video",
                "video_content_type",
                "video_url",
                "hourly_rate_cents",
                "hours_per_week",
                "available_now",
                "visibility",
                "updated_at",
            ]
        )
        reindex_profile(fp.pk)
    ClientProfile.objects.filter(user=user).update(
        company_name="", description="", industry="", country="", website="", size="", updated_at=now
    )

    # Jobs that never became a contract: their text and files go; jobs with contracts stay (the other
    # party's contract record).
    no_hire = Job.objects.filter(client=user).exclude(pk__in=Contract.objects.values("job_id"))
    doomed_files += list(JobAttachment.objects.filter(job__in=no_hire).values_list("path", flat=True))
    JobAttachment.objects.filter(job__in=no_hire).delete()
    for job_id in list(no_hire.values_list("pk", flat=True)):
        Job.objects.filter(pk=job_id).update(description="", close_note="", updated_at=now)
        reindex_job(job_id)
    SavedSearch.objects.filter(user=user).delete()

    # Proposals that were not hired: cover letter, answers and files go.
    not_hired = Proposal.objects.filter(freelancer=user).exclude(status=ProposalStatus.HIRED)
    doomed_files += list(
        ProposalAttachment.objects.filter(proposal__in=not_hired).values_list("path", flat=True)
    )
    ProposalAttachment.objects.filter(proposal__in=not_hired).delete()
    ProposalAnswer.objects.filter(proposal__in=not_hired).delete()
    not_hired.update(cover_letter=ERASED, decline_reason="", updated_at=now)
    Message.objects.filter(sender=user).update(body=ERASED)

    # Work diary screenshots (the billed minutes stay: they back invoices).
    doomed_files += list(
        WorkSegment.objects.filter(freelancer=user)
        .exclude(screenshot="")
        .values_list("screenshot", flat=True)
    )
    WorkSegment.objects.filter(freelancer=user).exclude(screenshot="").update(
        screenshot="", screenshot_at=None
    )
    IdentityVerification.objects.filter(user=user).update(note="")

    # Payment methods: removed, the labels gone (the provider token is kept: refunds of old charges).
    PaymentMethod.objects.filter(user=user, removed_at__isnull=True).update(removed_at=now)
    PaymentMethod.objects.filter(user=user).update(label="")

    # Exports, sign-in and access.
    doomed_files += [p for p in DataExport.objects.filter(user=user).values_list("path", flat=True) if p]
    DataExport.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    user.authenticator_set.all().delete()  # type: ignore[attr-defined]
    user.email = f"deleted-{user.pk}@deleted.invalid"
    if not has_money:
        user.name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "name", "is_active", "password"])

    deletion = AccountDeletion.objects.create(
        user=user,
        deleted_at=now,
        name_retained=has_money,
        retain_until=date(now.year + RETAIN_YEARS, 12, 31),
    )
    transaction.on_commit(lambda: _delete_files(doomed_files))
    return deletion


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except OSError:
            logger.warning("could not delete %s after an account deletion", path)
