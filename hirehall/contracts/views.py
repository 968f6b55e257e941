"""Contract pages for both sides: list, contract (terms, timeline, money, actions), Work Diary, and
permission-checked downloads (earnings are on the payments app's /earnings/ page).
Each view: parse → selector → service → render."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hirehall.accounts.models import User
from hirehall.contracts import selectors
from hirehall.contracts.models import Contract, Dispute, InvoiceStatus
from hirehall.contracts.policy import policy
from hirehall.contracts.services import (
    bonus_send,
    contract_end,
    contract_pause,
    contract_resume,
    contract_set_rate,
    contract_set_terms,
    milestone_add,
    milestone_approve,
    milestone_fund,
    milestone_request_changes,
    milestone_submit,
    refund_request_accept,
    refund_request_create,
    segment_delete,
)
from hirehall.contracts.services.disputes import (
    dispute_evidence_add,
    dispute_message_add,
    fixed_dispute_respond,
    hourly_dispute_answer,
    hourly_dispute_open,
    milestone_dispute_open,
    refund_request_dispute,
)
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError
from hirehall.core.files import serve_private_file
from hirehall.core.ids import parse_id
from hirehall.core.money import parse_money
from hirehall.core.web import redirect_back, refusals, request_user


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    contracts = list(selectors.contracts_for(user).order_by("-pk")[:100])
    rows = [
        (c, selectors.in_escrow_cents(c), "client" if c.client_id == user.pk else "freelancer")
        for c in contracts
    ]
    return render(request, "contracts/list.html", {"rows": rows})


@login_required
def contract_detail(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = request_user(request)
    contract = selectors.contract_get_for(user, contract_id)
    return render(request, "contracts/detail.html", {"d": selectors.contract_detail(contract, user)})


def _int(request: HttpRequest, name: str) -> int:
    value = parse_id(request.POST.get(name, ""))
    if value is None:
        raise DomainError("validation_error", f"{name} is required")
    return value


def _money_field(request: HttpRequest, name: str) -> int | None:
    value = request.POST.get(name, "").strip()
    return parse_money(value, field=name) if value else None


# One thin function per action: parse the form, call one service, say what happened.
Action = Callable[[HttpRequest, User, Contract], str]


def _fund(r: HttpRequest, u: User, c: Contract) -> str:
    milestone_fund(actor=u, contract=c, milestone_id=_int(r, "milestone"))
    return _("Milestone funded.")


def _submit(r: HttpRequest, u: User, c: Contract) -> str:
    milestone_submit(
        actor=u,
        contract=c,
        milestone_id=_int(r, "milestone"),
        message=r.POST.get("message", ""),
        files=r.FILES.getlist("files"),
    )
    return _("Work submitted.")


def _approve(r: HttpRequest, u: User, c: Contract) -> str:
    amount = _money_field(r, "amount")
    milestone_approve(actor=u, contract=c, milestone_id=_int(r, "milestone"), amount_cents=amount)
    return _("Payment released.")


def _request_changes(r: HttpRequest, u: User, c: Contract) -> str:
    message = r.POST.get("message", "")
    milestone_request_changes(actor=u, contract=c, milestone_id=_int(r, "milestone"), message=message)
    return _("Changes requested.")


def _add_milestone(r: HttpRequest, u: User, c: Contract) -> str:
    amount = _money_field(r, "amount") or 0
    milestone_add(actor=u, contract=c, description=r.POST.get("description", ""), amount_cents=amount)
    return _("Milestone added.")


def _dispute_milestone(r: HttpRequest, u: User, c: Contract) -> str:
    reason = r.POST.get("reason", "")
    milestone_dispute_open(actor=u, contract=c, milestone_id=_int(r, "milestone"), reason=reason)
    return _("Dispute opened.")


def _bonus(r: HttpRequest, u: User, c: Contract) -> str:
    amount = _money_field(r, "amount") or 0
    bonus_send(actor=u, contract=c, amount_cents=amount, note=r.POST.get("note", ""))
    return _("Bonus paid.")


def _end(r: HttpRequest, u: User, c: Contract) -> str:
    contract_end(actor=u, contract=c)
    return _("Contract ended. Leave your feedback within 14 days.")


def _pause(r: HttpRequest, u: User, c: Contract) -> str:
    contract_pause(actor=u, contract=c, reason=r.POST.get("reason", ""))
    return _("Contract paused.")


def _resume(r: HttpRequest, u: User, c: Contract) -> str:
    contract_resume(actor=u, contract=c)
    return _("Contract resumed.")


def _refund_request(r: HttpRequest, u: User, c: Contract) -> str:
    refund_request_create(actor=u, contract=c, reason=r.POST.get("reason", ""))
    return _("Refund requested: the freelancer has 7 days to answer.")


def _refund_accept(r: HttpRequest, u: User, c: Contract) -> str:
    refund_request_accept(actor=u, contract=c)
    return _("Escrow refunded.")


def _refund_dispute(r: HttpRequest, u: User, c: Contract) -> str:
    refund_request_dispute(actor=u, contract=c, reason=r.POST.get("reason", ""))
    return _("Dispute opened.")


def _terms(r: HttpRequest, u: User, c: Contract) -> str:
    limit = _int(r, "weekly_limit_hours") if r.POST.get("weekly_limit_hours") else None
    manual = (r.POST.get("manual_time_allowed") == "on") if "terms_form" in r.POST else None
    contract_set_terms(actor=u, contract=c, weekly_limit_hours=limit, manual_time_allowed=manual)
    return _("Terms updated.")


def _rate(r: HttpRequest, u: User, c: Contract) -> str:
    contract_set_rate(actor=u, contract=c, hourly_rate_cents=_money_field(r, "hourly_rate") or 0)
    return _("Rate changed.")


def _delete_segment(r: HttpRequest, u: User, c: Contract) -> str:
    segment_delete(actor=u, contract=c, segment_id=_int(r, "segment"))
    return _("Segment deleted.")


def _dispute_time(r: HttpRequest, u: User, c: Contract) -> str:
    ids = [pk for pk in (parse_id(x) for x in r.POST.getlist("segments")) if pk is not None]
    hourly_dispute_open(
        actor=u, contract=c, invoice_id=_int(r, "invoice"), segment_ids=ids, reason=r.POST.get("reason", "")
    )
    return _("Dispute opened: the contract is paused and the freelancer has 3 days to answer.")


def _dispute_answer(r: HttpRequest, u: User, c: Contract) -> str:
    dispute = selectors.dispute_get_for(u, _int(r, "dispute"))
    if dispute.contract_id != c.pk:
        raise DomainError("not_found", "No such dispute.")
    if dispute.kind == Dispute.Kind.HOURLY:
        hourly_dispute_answer(
            actor=u, dispute=dispute, accept=r.POST.get("accept") == "yes", note=r.POST.get("message", "")
        )
    else:
        fixed_dispute_respond(actor=u, dispute=dispute, message=r.POST.get("message", ""))
    return _("Answer recorded.")


def _dispute_message(r: HttpRequest, u: User, c: Contract) -> str:
    dispute = selectors.dispute_get_for(u, _int(r, "dispute"))
    if dispute.contract_id != c.pk:
        raise DomainError("not_found", "No such dispute.")
    dispute_message_add(actor=u, dispute=dispute, body=r.POST.get("message", ""))
    return _("Message added to the case.")


def _dispute_evidence(r: HttpRequest, u: User, c: Contract) -> str:
    dispute = selectors.dispute_get_for(u, _int(r, "dispute"))
    if dispute.contract_id != c.pk:
        raise DomainError("not_found", "No such dispute.")
    added = dispute_evidence_add(actor=u, dispute=dispute, files=r.FILES.getlist("files"))
    return ngettext("%(count)d file added to the case.", "%(count)d files added to the case.", len(added)) % {
        "count": len(added)
    }


ACTIONS: dict[str, Action] = {
    "dispute_evidence": _dispute_evidence,
    "dispute_time": _dispute_time,
    "dispute_answer": _dispute_answer,
    "dispute_message": _dispute_message,
    "fund": _fund,
    "submit": _submit,
    "approve": _approve,
    "request_changes": _request_changes,
    "add_milestone": _add_milestone,
    "dispute_milestone": _dispute_milestone,
    "bonus": _bonus,
    "end": _end,
    "pause": _pause,
    "resume": _resume,
    "refund_request": _refund_request,
    "refund_accept": _refund_accept,
    "refund_dispute": _refund_dispute,
    "terms": _terms,
    "rate": _rate,
    "delete_segment": _delete_segment,
}


@login_required
@require_POST
def contract_action(request: HttpRequest, contract_id: int, action: str) -> HttpResponse:
    user = request_user(request)
    contract = selectors.contract_get_for(user, contract_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise DomainError("not_found", "No such action.")
    with refusals(request) as refused:
        messages.success(request, handler(request, user, contract))
    if action == "end" and not refused:
        # The end prompts for feedback: the reputation app's page, by URL name (no import upward).
        return redirect(reverse("reputation:feedback", args=[contract.pk]))
    return redirect_back(request, reverse("contracts:detail", args=[contract.pk]))


@login_required
def work_diary(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = request_user(request)
    contract = selectors.contract_get_for(user, contract_id)
    if not contract.is_hourly:
        raise DomainError("wrong_contract_kind", "The Work Diary is for hourly contracts.")
    try:
        day = date.fromisoformat(request.GET.get("date", "")) if request.GET.get("date") else None
    except ValueError:
        day = None
    if day is not None and not 2000 <= day.year <= 2999:  # the calendar around year 1 or 9999 overflows
        day = None
    # Without a date the diary opens on the latest day with time (else today).
    day = day or selectors.diary_latest_day(contract) or clock_now().date()
    diary = selectors.diary_day(contract, day)
    return render(
        request,
        "contracts/diary.html",
        {
            "contract": contract,
            "diary": diary,
            "is_freelancer": user.pk == contract.freelancer_id,
            "can_dispute": user.pk == contract.client_id
            and diary.week.invoice is not None
            and diary.week.invoice.status == InvoiceStatus.IN_REVIEW
            and clock_now() <= diary.week.invoice.review_until,
            "prev_day": diary.day - timedelta(days=1),
            "next_day": diary.day + timedelta(days=1),
            "calendar": selectors.diary_calendar(contract, diary.day),
            "day_minutes": len(diary.segments) * policy().segment_minutes,
        },
    )


@login_required
def contract_file(request: HttpRequest, contract_id: int, file_id: int) -> HttpResponseBase:
    item = selectors.file_get_for(request_user(request), contract_id, file_id)
    # Deliverables are kept byte for byte: always a download, never rendered on our origin.
    return serve_private_file(
        item.path, content_type=item.content_type, filename=item.original_name, download=True
    )


@login_required
def screenshot(request: HttpRequest, contract_id: int, segment_id: int) -> HttpResponseBase:
    segment = selectors.segment_get_for(request_user(request), contract_id, segment_id)
    return serve_private_file(
        segment.screenshot, content_type="image/jpeg", filename=f"segment-{segment.pk}.jpg"
    )
