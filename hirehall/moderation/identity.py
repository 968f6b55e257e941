"""The identity verification queue (issue 13): a freelancer sends a sandbox identity check (a document
image or PDF and a selfie); staff approve or refuse it with a reason the user reads in the app and by
email; a refused freelancer can send a new one.

Approval sets contracts' `IdentityVerification` through `contracts.services.identity_set_verified`
(a condition of hourly payment protection). That service is a durable use case of its own, so the
decision (and its audit row) commits first and the verification right after; if the process dies in
between, approving the same check again completes it (`identity_decide` on an approved check whose
user is not verified re-runs the service) instead of answering 409.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hirehall.accounts.models import User
from hirehall.contracts.models import IdentityVerification
from hirehall.contracts.services import identity_set_verified
from hirehall.core import uploads
from hirehall.core.clock import now
from hirehall.core.errors import DomainError
from hirehall.moderation.models import IdentityStatus, IdentitySubmission
from hirehall.moderation.services import _audit, _clean, _staff
from hirehall.notifications.services import notify

FOLDER = "identity"
# Both files of a check: at most the image cap (10 MB by default), whatever their kind.
CAP = "image_bytes"
APPROVED_NOTE = "Your identity is verified."


def identity_verified(user: User) -> bool:
    return IdentityVerification.objects.filter(user=user, identity_verified=True).exists()


def _store_document(upload: UploadedFile) -> uploads.StoredFile:
    """An ID document: a photo or scan (re-encoded to JPEG) or a PDF (kept, sniffed by its bytes)."""
    uploads._check_size(upload, uploads.limit(CAP))
    if uploads.is_image(upload):
        image = uploads.store_image(upload, folder=FOLDER, cap_name=CAP, thumbnail=False)
        return uploads.StoredFile(path=image.path, content_type=image.content_type, size=image.size)
    try:
        ext, _type = uploads.sniff_document(upload)
    except DomainError:
        ext = ""
    if ext != "pdf":
        raise DomainError(
            "unsupported_file_type", _("The document must be a photo (JPEG, PNG, WebP) or a PDF.")
        )
    return uploads.store_document(upload, folder=FOLDER)


def _store_selfie(upload: UploadedFile) -> uploads.StoredImage:
    uploads._check_size(upload, uploads.limit(CAP))
    if not uploads.is_image(upload):
        raise DomainError("unsupported_file_type", _("The selfie must be a photo (JPEG, PNG, WebP)."))
    return uploads.store_image(upload, folder=FOLDER, cap_name=CAP, thumbnail=False)


def identity_submit(*, actor: User, document: UploadedFile, selfie: UploadedFile) -> IdentitySubmission:
    """Store both files (checked, under server-chosen names), then queue the check for staff.

    Refused while a check is waiting (`identity_pending`, 409) or once verified (`invalid_state`).
    Files are written before the row; any refusal after that deletes them again."""
    if not actor.is_freelancer:
        raise DomainError("permission_denied", _("Identity checks are for freelancers."))
    _may_submit(actor)
    stored: list[str] = []
    try:
        doc = _store_document(document)
        stored.append(doc.path)
        face = _store_selfie(selfie)
        stored.append(face.path)
        return _record(actor, doc, face, document, selfie)
    except BaseException:
        uploads.delete_stored(*stored)
        raise


def _may_submit(actor: User) -> None:
    if identity_verified(actor):
        raise DomainError("invalid_state", _("Your identity is already verified."))
    if IdentitySubmission.objects.filter(user=actor, status=IdentityStatus.PENDING).exists():
        raise DomainError("identity_pending", _("Your identity check is already waiting for review."))


@transaction.atomic(durable=True)
def _record(
    actor: User,
    doc: uploads.StoredFile,
    face: uploads.StoredImage,
    document: UploadedFile,
    selfie: UploadedFile,
) -> IdentitySubmission:
    _may_submit(actor)
    try:
        with transaction.atomic():
            return IdentitySubmission.objects.create(
                user=actor,
                document_path=doc.path,
                document_type=doc.content_type,
                document_name=uploads.display_name(document),
                selfie_path=face.path,
                selfie_type=face.content_type,
                selfie_name=uploads.display_name(selfie),
                submitted_at=now(),
            )
    except IntegrityError:  # two submissions at once: one pending check per user
        raise DomainError(
            "identity_pending", _("Your identity check is already waiting for review.")
        ) from None


def identity_decide(
    *, actor: User, submission: IdentitySubmission, approve: bool, reason: str = ""
) -> IdentitySubmission:
    """Staff approve (the freelancer becomes identity-verified) or refuse with a reason they read."""
    _staff(actor)
    reason = _clean(reason, "reason", maximum=1000, required=not approve) or APPROVED_NOTE
    submission = _decide(actor, submission, approve, reason)
    if submission.status == IdentityStatus.APPROVED and not identity_verified(submission.user):
        identity_set_verified(
            actor=actor, user=submission.user, verified=True, note=f"identity check {submission.pk}"
        )
    return submission


@transaction.atomic(durable=True)
def _decide(actor: User, submission: IdentitySubmission, approve: bool, reason: str) -> IdentitySubmission:
    submission = (
        IdentitySubmission.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=submission.pk)
    )
    if submission.status != IdentityStatus.PENDING:
        if (
            approve
            and submission.status == IdentityStatus.APPROVED
            and not identity_verified(submission.user)
        ):
            return submission  # an approval whose verification did not commit: finish it (above)
        raise DomainError("identity_decided", _("This identity check was already decided."))
    before = {"status": submission.status, "identity_verified": identity_verified(submission.user)}
    submission.status = IdentityStatus.APPROVED if approve else IdentityStatus.REFUSED
    submission.reason = reason
    submission.decided_by = actor
    submission.decided_at = now()
    submission.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    _audit(
        actor,
        "identity_approve" if approve else "identity_refuse",
        target_user=submission.user,
        ref=f"identity:{submission.pk}",
        reason=reason,
        before=before,
        after={"status": submission.status, "identity_verified": approve},
    )
    notify(
        user=submission.user,
        kind="identity_decision",
        title=_("Your identity is verified") if approve else _("Your identity check was not accepted"),
        body=reason,
        url=reverse("moderation:identity"),
        ref=f"identity:{submission.pk}",
        key=f"identity_decision:{submission.pk}",
    )
    return submission


# --- reads ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IdentityState:
    """What the freelancer sees: `status` is not_submitted, pending, verified or refused."""

    status: str
    verified: bool
    reason: str
    submitted_at: datetime | None
    decided_at: datetime | None
    can_submit: bool
    latest: IdentitySubmission | None


def identity_state_for(user: User) -> IdentityState:
    """Two queries whatever the history: the verification flag and the latest check."""
    verified = identity_verified(user)
    latest = IdentitySubmission.objects.filter(user=user).order_by("-pk").first()
    if verified:
        status = "verified"
    elif latest is not None and latest.status in (IdentityStatus.PENDING, IdentityStatus.REFUSED):
        status = str(latest.status)
    else:
        status = "not_submitted"
    return IdentityState(
        status=status,
        verified=verified,
        reason=latest.reason if latest is not None and latest.status != IdentityStatus.PENDING else "",
        submitted_at=latest.submitted_at if latest else None,
        decided_at=latest.decided_at if latest else None,
        can_submit=user.is_freelancer and status in ("not_submitted", "refused"),
        latest=latest,
    )


def identity_queue(actor: User, status: str = IdentityStatus.PENDING) -> QuerySet[IdentitySubmission]:
    _staff(actor)
    if status not in IdentityStatus.values:
        raise DomainError("validation_error", "status must be pending, approved or refused.")
    qs = IdentitySubmission.objects.filter(status=status).select_related("user", "decided_by")
    return qs.order_by("pk") if status == IdentityStatus.PENDING else qs.order_by("-pk")


def identity_recently_decided(actor: User) -> QuerySet[IdentitySubmission]:
    _staff(actor)
    return (
        IdentitySubmission.objects.exclude(status=IdentityStatus.PENDING)
        .select_related("user", "decided_by")
        .order_by("-decided_at", "-pk")
    )


def staff_identity_get(actor: User, submission_id: int) -> IdentitySubmission:
    _staff(actor)
    found = IdentitySubmission.objects.select_related("user").filter(pk=submission_id).first()
    if found is None:
        raise DomainError("not_found")
    return found


def identity_file_get_for(user: User, submission_id: int, which: str) -> tuple[str, str, str]:
    """(path, content type, download name) of one file of a check: its owner and staff only (404)."""
    qs = IdentitySubmission.objects.filter(pk=submission_id)
    if not user.is_staff:
        qs = qs.filter(user=user)
    found = qs.first()
    if found is None or which not in ("document", "selfie"):
        raise DomainError("not_found")
    path, content_type = (
        (found.document_path, found.document_type)
        if which == "document"
        else (found.selfie_path, found.selfie_type)
    )
    # Images were re-encoded to JPEG: the download is named for what it is, not what was sent.
    ext = "pdf" if content_type == "application/pdf" else "jpg"
    return path, content_type, f"identity-{found.pk}-{which}.{ext}"
