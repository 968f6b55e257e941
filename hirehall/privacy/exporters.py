"""What a data export contains: one section per kind of data, each as JSON and CSV, plus the files the
user uploaded. A new app with personal data (messaging, reputation) adds its section to SECTIONS.

Every section is a constant number of queries (values() rows), whatever the size of the history.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q

from hirehall.accounts.models import User
from hirehall.contracts.models import (
    Contract,
    ContractFile,
    ContractMilestone,
    Dispute,
    DisputeMessage,
    Submission,
    WorkSegment,
)
from hirehall.jobs.models import Job, JobAttachment, SavedSearch
from hirehall.ledger.selectors import signed_amount_for, transfers_for
from hirehall.messaging.models import Message
from hirehall.payments.models import PaymentMethod
from hirehall.profiles.models import (
    ClientProfile,
    Education,
    Employment,
    FreelancerProfile,
    PortfolioFile,
    PortfolioItem,
    ProfileLanguage,
    ProfileSkill,
)
from hirehall.proposals.models import Offer, Proposal, ProposalAttachment

Row = dict[str, Any]


@dataclass(frozen=True)
class StoredFile:
    zip_name: str  # where it goes in the ZIP (files/...)
    path: str  # storage path


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _values(qs: Any, *fields: str) -> list[Row]:
    return [{k: _plain(v) for k, v in row.items()} for row in qs.values(*fields)]


def account(user: User) -> list[Row]:
    fields = ("id", "email", "name", "is_client", "is_freelancer", "date_joined", "language", "timezone")
    return [{f: _plain(getattr(user, f)) for f in fields}]


def profile(user: User) -> list[Row]:
    rows: list[Row] = []
    fp = _values(
        FreelancerProfile.objects.filter(user=user),
        "id",
        "title",
        "overview",
        "hourly_rate_cents",
        "country",
        "timezone",
        "hours_per_week",
        "available_now",
        "visibility",
        "video_url",
        "created_at",
        "updated_at",
    )
    rows += [{"part": "freelancer_profile", **r} for r in fp]
    rows += [
        {"part": "client_profile", **r}
        for r in _values(
            ClientProfile.objects.filter(user=user),
            "id",
            "company_name",
            "description",
            "size",
            "industry",
            "country",
            "website",
            "created_at",
        )
    ]
    rows += [
        {"part": "skill", **r}
        for r in _values(ProfileSkill.objects.filter(profile__user=user), "skill__name")
    ]
    rows += [
        {"part": "language", **r}
        for r in _values(ProfileLanguage.objects.filter(profile__user=user), "language", "level")
    ]
    rows += [
        {"part": "employment", **r}
        for r in _values(
            Employment.objects.filter(profile__user=user),
            "company",
            "role",
            "start_year",
            "end_year",
            "description",
        )
    ]
    rows += [
        {"part": "education", **r}
        for r in _values(
            Education.objects.filter(profile__user=user),
            "school",
            "degree",
            "field_of_study",
            "start_year",
            "end_year",
        )
    ]
    rows += [
        {"part": "portfolio_item", **r}
        for r in _values(
            PortfolioItem.objects.filter(profile__user=user),
            "id",
            "title",
            "description",
            "role",
            "result",
            "created_at",
        )
    ]
    return rows


def jobs(user: User) -> list[Row]:
    return _values(
        Job.objects.filter(client=user).order_by("pk"),
        "id",
        "title",
        "description",
        "budget_type",
        "fixed_cents",
        "hourly_min_cents",
        "hourly_max_cents",
        "status",
        "close_reason",
        "opened_at",
        "closed_at",
        "created_at",
    ) + [
        {"saved_search": True, **r} for r in _values(SavedSearch.objects.filter(user=user), "name", "params")
    ]


def proposals(user: User) -> list[Row]:
    return _values(
        Proposal.objects.filter(freelancer=user).order_by("pk"),
        "id",
        "job_id",
        "job__title",
        "status",
        "cover_letter",
        "bid_cents",
        "duration",
        "connects_spent",
        "created_at",
    )


def contracts(user: User) -> list[Row]:
    mine = Q(client=user) | Q(freelancer=user)
    rows = [
        {"part": "contract", **r}
        for r in _values(
            Contract.objects.filter(mine).order_by("pk"),
            "id",
            "title",
            "kind",
            "status",
            "client_id",
            "freelancer_id",
            "hourly_rate_cents",
            "weekly_limit_hours",
            "total_cents",
            "started_at",
            "ended_at",
        )
    ]
    rows += [
        {"part": "milestone", **r}
        for r in _values(
            ContractMilestone.objects.filter(contract__in=Contract.objects.filter(mine)).order_by("pk"),
            "id",
            "contract_id",
            "description",
            "amount_cents",
            "status",
            "funded_at",
            "approved_at",
            "paid_cents",
        )
    ]
    rows += [
        {"part": "offer", **r}
        for r in _values(
            Offer.objects.filter(Q(client=user) | Q(freelancer=user)).order_by("pk"),
            "id",
            "proposal_id",
            "kind",
            "title",
            "status",
            "hourly_rate_cents",
            "total_cents",
            "message",
            "created_at",
        )
    ]
    rows += [
        {"part": "dispute", **r}
        for r in _values(
            Dispute.objects.filter(contract__in=Contract.objects.filter(mine)).order_by("pk"),
            "id",
            "contract_id",
            "kind",
            "status",
            "reason",
            "amount_cents",
            "outcome",
            "opened_at",
            "resolved_at",
        )
    ]
    rows += [
        {"part": "work_segment", **r}
        for r in _values(
            WorkSegment.objects.filter(freelancer=user).order_by("pk"),
            "id",
            "contract_id",
            "start",
            "kind",
            "memo",
            "active_minutes",
            "billable",
        )
    ]
    return rows


def messages(user: User) -> list[Row]:
    """The conversations the user is part of: proposal threads, work submissions, dispute threads."""
    rows = [
        {"thread": "conversation", "mine": r["sender_id"] == user.pk, **r}
        for r in _values(
            Message.objects.filter(room__memberships__user=user).order_by("pk"),
            "id",
            "room_id",
            "sender_id",
            "body",
            "created_at",
        )
    ]
    rows += [
        {"thread": "submission", "mine": r["author_id"] == user.pk, **r}
        for r in _values(
            Submission.objects.filter(
                Q(milestone__contract__client=user) | Q(milestone__contract__freelancer=user)
            ).order_by("pk"),
            "id",
            "milestone_id",
            "author_id",
            "message",
            "created_at",
        )
    ]
    rows += [
        {"thread": "dispute", "mine": r["author_id"] == user.pk, **r}
        for r in _values(
            DisputeMessage.objects.filter(
                Q(dispute__contract__client=user) | Q(dispute__contract__freelancer=user)
            ).order_by("pk"),
            "id",
            "dispute_id",
            "author_id",
            "body",
            "created_at",
        )
    ]
    return rows


def transactions(user: User) -> list[Row]:
    return [
        {
            "id": t.pk,
            "created_at": _plain(t.created_at),
            "code": t.code,
            "status": t.status,
            "amount_cents": signed_amount_for(user, t),
            "currency": t.currency,
            "reference": t.reference,
        }
        for t in transfers_for(user).order_by("pk")
    ]


def payment_methods(user: User) -> list[Row]:
    return _values(
        PaymentMethod.objects.filter(user=user).order_by("pk"),
        "id",
        "kind",
        "brand",
        "last4",
        "exp_month",
        "exp_year",
        "label",
        "created_at",
        "removed_at",
    )


SECTIONS: dict[str, Callable[[User], list[Row]]] = {
    "account": account,
    "profile": profile,
    "jobs": jobs,
    "proposals": proposals,
    "contracts": contracts,
    "messages": messages,
    "transactions": transactions,
    "payment_methods": payment_methods,
}


def _safe(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:80]
    return keep or "file"


def uploaded_files(user: User) -> list[StoredFile]:
    files: list[StoredFile] = []
    for photo, video in FreelancerProfile.objects.filter(user=user).values_list("photo", "video"):
        files += [
            StoredFile(f"files/profile/{path.rsplit('/', 1)[-1]}", path) for path in (photo, video) if path
        ]
    for pk, path, name in PortfolioFile.objects.filter(item__profile__user=user).values_list(
        "pk", "path", "original_name"
    ):
        files.append(StoredFile(f"files/portfolio/{pk}-{_safe(name)}", path))
    for pk, path, name in JobAttachment.objects.filter(job__client=user).values_list(
        "pk", "path", "original_name"
    ):
        files.append(StoredFile(f"files/jobs/{pk}-{_safe(name)}", path))
    for pk, path, name in ProposalAttachment.objects.filter(proposal__freelancer=user).values_list(
        "pk", "path", "original_name"
    ):
        files.append(StoredFile(f"files/proposals/{pk}-{_safe(name)}", path))
    for pk, path, name in ContractFile.objects.filter(uploaded_by=user).values_list(
        "pk", "path", "original_name"
    ):
        files.append(StoredFile(f"files/contracts/{pk}-{_safe(name)}", path))
    for pk, path in (
        WorkSegment.objects.filter(freelancer=user).exclude(screenshot="").values_list("pk", "screenshot")
    ):
        files.append(StoredFile(f"files/screenshots/{pk}-{path.rsplit('/', 1)[-1]}", path))
    return files


def to_csv(rows: Iterable[Row]) -> str:
    rows = list(rows)
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    # A spreadsheet runs cells that start with = + - @ as formulas: quote them (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    if isinstance(value, dict | list):
        import json

        return json.dumps(value)
    return value
