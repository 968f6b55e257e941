"""Proposal pages: apply, the client's review, a proposal with its interview thread, offers,
invitations. Each view parses, authorises through a selector, calls one service, renders."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from hirehall.accounts.models import User
from hirehall.connects.selectors import connects_balance
from hirehall.core.errors import DomainError
from hirehall.core.money import cents_to_decimal_str, parse_money
from hirehall.core.web import refusals, request_user
from hirehall.jobs.models import BudgetType
from hirehall.jobs.selectors import job_get_for, owned_job_get_for
from hirehall.ledger import fees
from hirehall.proposals import selectors, services
from hirehall.proposals.forms import (
    OFFER_SHOW_WHEN,
    DeclineForm,
    InvitationDeclineForm,
    InviteForm,
    OfferForm,
    OfferReplyForm,
    ProposalForm,
)
from hirehall.proposals.models import OPEN_OFFER_STATUSES, Proposal

# The review page's status filters, as the page shows them (the query keeps the English key).
REVIEW_FILTER_LABELS = {
    "all": pgettext_lazy("proposal filter", "all"),
    "active": pgettext_lazy("proposal filter", "active"),
    "shortlisted": pgettext_lazy("proposal filter", "shortlisted"),
    "archived": pgettext_lazy("proposal filter", "archived"),
    "declined": pgettext_lazy("proposal filter", "declined"),
    "messaged": pgettext_lazy("proposal filter", "messaged"),
    "boosted": pgettext_lazy("proposal filter", "boosted"),
}


def _lines(text: str) -> list[tuple[str, int]]:
    """“description | 300.00” per line → [(description, cents)]."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        description, bar, amount = line.rpartition("|")
        if not bar:
            raise DomainError("validation_error", f"Write milestones as “description | amount”: {line!r}")
        try:
            out.append((description.strip(), parse_money(amount, field="Milestone amount")))
        except DomainError as exc:
            raise DomainError(exc.code, f"{exc.detail}: {line!r}") from None
    return out


@login_required
def apply(request: HttpRequest, job_id: int) -> HttpResponse:
    user = request_user(request)
    job = job_get_for(user, job_id)
    invitation = None
    if request.GET.get("invitation") or request.POST.get("invitation"):
        invitation = selectors.invitation_get_for(
            user, request.GET.get("invitation") or request.POST.get("invitation", "")
        )
    questions = list(job.questions.all())
    form = ProposalForm(request.POST or None, request.FILES or None, questions=questions)
    warnings: list[str] = []
    acknowledge = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # DESIGN §10: the freelancer sees what the off-platform rule would flag before sending; the
        # confirmation names the text it was given for, so an edited letter is checked again.
        warnings = selectors.cover_letter_warnings(user.pk, job.client_id, data["cover_letter"])
        acknowledge = _text_token(data["cover_letter"])
    if (
        request.method == "POST"
        and form.is_valid()
        and (not warnings or request.POST.get("acknowledge_warning") == acknowledge)
    ):
        data = form.cleaned_data
        with refusals(request, form=form):
            proposal = services.proposal_submit(
                actor=user,
                job=job,
                data=services.ProposalInput(
                    cover_letter=data["cover_letter"],
                    bid_cents=data["bid"],
                    duration=data["duration"],
                    answers={q.pk: data.get(f"answer_{q.pk}", "") for q in questions},
                    milestones=_lines(data["milestones"]) if job.budget_type == BudgetType.FIXED else [],
                    boost=data["boost"] or 0,
                ),
                invitation=invitation,
            )
            if data.get("attachment"):
                sent_but = _("Proposal sent, but the attachment was refused: ")
                with refusals(request, prefix=sent_but, level=messages.WARNING):
                    services.proposal_attachment_add(actor=user, proposal=proposal, upload=data["attachment"])
            messages.success(request, _("Proposal sent."))
            return redirect("proposals:detail", proposal_id=proposal.pk)
    bid = form.data.get("bid") if form.is_bound else None
    quote = None
    try:
        amount = parse_money(bid) if bid else None
    except DomainError:
        amount = None
    if amount and amount > 0:
        quote = fees.quote(
            amount=amount,
            prior_billings=fees.lifetime_billings(client_id=job.client_id, freelancer_id=user.pk),
            schedule=fees.schedule_in_force(),
        )
    schedule = fees.schedule_in_force()
    return render(
        request,
        "proposals/apply.html",
        {
            "job": job,
            "form": form,
            "invitation": invitation,
            "cost": 0 if invitation else job.connects_required,
            "balance": connects_balance(user),
            "quote": quote,
            "first_tier_bps": schedule.tiers[0].rate_bps if schedule.tiers else 0,
            "warnings": warnings,
            "acknowledge": acknowledge if warnings else "",
        },
    )


def _text_token(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


@login_required
def review(request: HttpRequest, job_id: int) -> HttpResponse:
    user = request_user(request)
    job = owned_job_get_for(user, job_id)
    sort = request.GET.get("sort", "best_match")
    status = request.GET.get("status", "active")
    rows = selectors.proposals_for_review(
        user,
        job,
        sort=sort if sort in selectors.REVIEW_SORTS else "best_match",
        status=status if status in selectors.REVIEW_FILTERS else "active",
    )
    return render(
        request,
        "proposals/review.html",
        {
            "job": job,
            "rows": rows[:200],
            "sort": sort,
            "status": status,
            "invite_form": InviteForm(),
            "filters": [(f, REVIEW_FILTER_LABELS[f]) for f in selectors.REVIEW_FILTERS],
        },
    )


@login_required
def my_proposals(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "proposals/mine.html",
        {
            "proposals": list(selectors.proposals_of_freelancer(user)[:200]),
            "invitations": list(selectors.invitations_for(user)[:100]),
            "decline_form": InvitationDeclineForm(),
        },
    )


@login_required
def detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, proposal_id)
    is_client = proposal.job.client_id == user.pk
    if is_client:
        services.proposal_mark_viewed(actor=user, proposal=proposal)
    offers = list(selectors.offers_for(user).filter(proposal=proposal))
    return render(
        request,
        "proposals/detail.html",
        {
            "p": proposal,
            "is_client": is_client,
            "decline_form": DeclineForm(),
            "offers": offers,
            "open_offer": next((o for o in offers if o.status in OPEN_OFFER_STATUSES), None),
        },
    )


ACTIONS = {"withdraw", "shortlist", "archive", "decline"}


@login_required
@require_POST
def proposal_action(request: HttpRequest, proposal_id: int, action: str) -> HttpResponse:
    user = request_user(request)
    if action not in ACTIONS:
        raise Http404
    proposal = selectors.proposal_get_for(user, proposal_id)
    with refusals(request):
        if action == "withdraw":
            services.proposal_withdraw(actor=user, proposal=proposal)
        elif action == "shortlist":
            services.proposal_shortlist(actor=user, proposal=proposal)
        elif action == "archive":
            services.proposal_archive(actor=user, proposal=proposal)
        else:
            services.proposal_decline(actor=user, proposal=proposal, reason=request.POST.get("reason", ""))
        messages.success(
            request,
            _("Proposal %(status)s.")
            % {"status": Proposal.objects.get(pk=proposal.pk).get_status_display().lower()},
        )
    return redirect("proposals:detail", proposal_id=proposal.pk)


@login_required
def make_offer(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = request_user(request)
    proposal = selectors.proposal_get_for(user, proposal_id)
    if proposal.job.client_id != user.pk:
        raise Http404
    initial = {
        "kind": "hourly" if proposal.job.budget_type == BudgetType.HOURLY else "fixed",
        "title": proposal.job.title,
        "hourly_rate": cents_to_decimal_str(proposal.bid_cents)
        if proposal.job.budget_type == BudgetType.HOURLY
        else None,
        "weekly_limit_hours": 20,
        "milestones": "\n".join(
            f"{m.description} | {cents_to_decimal_str(m.amount_cents)}" for m in proposal.milestones.all()
        )
        or (
            f"Complete the work | {cents_to_decimal_str(proposal.bid_cents)}"
            if proposal.job.budget_type == BudgetType.FIXED
            else ""
        ),
    }
    form = OfferForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with refusals(request, form=form):
            offer = services.offer_send(
                actor=user,
                proposal=proposal,
                data=services.OfferInput(
                    kind=d["kind"],
                    title=d["title"],
                    hourly_rate_cents=d["hourly_rate"],
                    weekly_limit_hours=d["weekly_limit_hours"],
                    manual_time_allowed=d["manual_time_allowed"],
                    milestones=tuple((desc, c, None) for desc, c in _lines(d["milestones"]))
                    if d["kind"] == "fixed"
                    else (),
                    is_trial=d["is_trial"],
                    start_date=d["start_date"],
                    message=d["message"],
                ),
            )
            messages.success(request, _("Offer sent."))
            return redirect("proposals:offer", offer_id=offer.pk)
    fields = [(field, OFFER_SHOW_WHEN.get(field.name, "")) for field in form]
    return render(request, "proposals/offer_form.html", {"p": proposal, "form": form, "fields": fields})


@login_required
def offer_detail(request: HttpRequest, offer_id: int) -> HttpResponse:
    user = request_user(request)
    offer = selectors.offer_get_for(user, offer_id)
    return render(
        request,
        "proposals/offer.html",
        {
            "offer": offer,
            "is_client": offer.client_id == user.pk,
            "reply_form": OfferReplyForm(),
            "contract": getattr(offer, "contract", None) if offer.status == "accepted" else None,
        },
    )


OFFER_ACTIONS = {"accept", "decline", "request-changes", "withdraw"}


@login_required
@require_POST
def offer_action(request: HttpRequest, offer_id: int, action: str) -> HttpResponse:
    user = request_user(request)
    if action not in OFFER_ACTIONS:
        raise Http404
    offer = selectors.offer_get_for(user, offer_id)
    note = request.POST.get("note", "")
    with refusals(request):
        if action == "accept":
            contract = services.offer_accept(actor=user, offer=offer)
            messages.success(request, _("Offer accepted: your contract has started."))
            return redirect("contracts:detail", contract_id=contract.pk)
        if action == "decline":
            services.offer_decline(actor=user, offer=offer, reason=note)
        elif action == "request-changes":
            services.offer_request_changes(actor=user, offer=offer, note=note)
        else:
            services.offer_withdraw(actor=user, offer=offer)
        messages.success(request, _("Done."))
    return redirect("proposals:offer", offer_id=offer.pk)


@login_required
@require_POST
def invite(request: HttpRequest, job_id: int) -> HttpResponse:
    user = request_user(request)
    job = owned_job_get_for(user, job_id)
    form = InviteForm(request.POST)
    with refusals(request):
        if not form.is_valid():
            raise DomainError("validation_error", _("Enter the freelancer's email."))
        freelancer = User.objects.filter(
            email__iexact=form.cleaned_data["freelancer_email"], is_freelancer=True
        ).first()
        if freelancer is None:
            # What the client typed names no freelancer: a message on the form's page, not a 404 page.
            raise DomainError("validation_error", _("No freelancer with that email."))
        services.invitation_send(
            actor=user, job=job, freelancer=freelancer, message=form.cleaned_data["message"]
        )
        messages.success(request, _("Invitation sent."))
    return redirect("proposals:review", job_id=job.pk)


@login_required
@require_POST
def decline_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    user = request_user(request)
    invitation = selectors.invitation_get_for(user, invitation_id)
    form = InvitationDeclineForm(request.POST)
    with refusals(request):
        if not form.is_valid():
            raise DomainError("validation_error", _("Choose a reason."))
        services.invitation_decline(
            actor=user,
            invitation=invitation,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Invitation declined."))
    return redirect("proposals:mine")
