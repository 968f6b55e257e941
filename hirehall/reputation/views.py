"""Reputation pages: a contract's feedback (leave, read, reply), the freelancer's insights (every JSS
input, badges with the checklist and the weekly history) and the public formula page.
Each view: parse → selector → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hirehall.core.clock import now as clock_now
from hirehall.core.web import refusals, request_user
from hirehall.reputation import rules, selectors
from hirehall.reputation.services import FeedbackInput, feedback_leave, feedback_reply


def _int_or_none(value: str) -> int | str | None:
    value = value.strip()
    if not value:
        return None
    return int(value) if value.isdigit() and len(value) <= 3 else value  # the service refuses the rest


@login_required
def contract_feedback(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = request_user(request)
    contract = selectors.feedback_contract_get_for(user, contract_id)
    side = "client" if user.pk == contract.client_id else "freelancer"
    categories = rules.categories_for(side)
    if request.method == "POST":
        with refusals(request) as refused:
            if request.POST.get("action") == "reply":
                feedback = selectors.feedback_get_for(user, request.POST.get("feedback", ""))
                feedback_reply(actor=user, feedback=feedback, body=request.POST.get("body", ""))
                messages.success(request, _("Your reply is published."))
            else:
                feedback_leave(
                    actor=user,
                    contract=contract,
                    data=FeedbackInput(
                        scores={c: _int_or_none(request.POST.get(c, "")) for c in categories},
                        comment=request.POST.get("comment", ""),
                        recommend=_int_or_none(request.POST.get("recommend", "")),
                        reason=request.POST.get("reason", ""),
                    ),
                )
                messages.success(
                    request,
                    _(
                        "Thank you. Your feedback shows when the other side has left theirs, or when the "
                        "14-day window closes."
                    ),
                )
        if not refused:
            return redirect(reverse("reputation:feedback", args=[contract.pk]))
    now = clock_now()
    windows = selectors.contract_feedback(contract, user, now)
    open_window = next((w for w in windows if w.open and not w.left_by_viewer), None)
    ended_window_missing = contract.status == "ended" and not any(w.period == 0 for w in windows)
    can_leave = open_window is not None or (
        ended_window_missing and contract.ended_at and rules.window_bounds(contract.ended_at)[0] > now
    )
    return render(
        request,
        "reputation/feedback.html",
        {
            "contract": contract,
            "side": side,
            "other_name": (contract.freelancer if side == "client" else contract.client).display_name,
            "windows": windows,
            "can_leave": can_leave,
            "categories": [(c, rules.CATEGORY_LABELS[c]) for c in categories],
            "labels": rules.CATEGORY_LABELS,
            "score_range": range(5, 0, -1),
            "recommend_range": range(10, -1, -1),
            "posted": request.POST if request.method == "POST" else {},
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def insights(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    rep = selectors.reputation_of(user.pk)
    history = selectors.badge_history(user.pk)
    counted = [o for o in rep.outcomes if o["outcome"] != rules.EXCLUDED]
    return render(
        request,
        "reputation/insights.html",
        {
            "rep": rep,
            "outcomes": rep.outcomes,
            "eligible": len(counted),
            "clients": len({o["client_id"] for o in counted}),
            "history": history,
            "next": selectors.next_badge(history[0]) if history else None,
            "badge_labels": dict(zip(rules.BADGE_ORDER, rules.BADGE_NAMES, strict=True)),
            "rules": rules,
        },
    )


@require_GET
def formula(request: HttpRequest) -> HttpResponse:
    """The published JSS formula and badge thresholds (public)."""
    return render(request, "reputation/formula.html", {"rules": rules})
