"""Web: the user's account standing (why, and appeal) and the staff console at /staff/ (staff only;
everyone else gets a 404). Parse → selector → one service → render."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hirehall.core.pagination import paginate
from hirehall.core.web import refusals, request_user
from hirehall.moderation import selectors, services
from hirehall.moderation.forms import AnswerForm, AppealForm, ReasonForm, ResolveForm, UserActionForm

LIST_SIZE = 50


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (request.user.is_authenticated and request.user.is_staff):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# --- the user's side ------------------------------------------------------------------------------------
@login_required
def standing(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    appeals = list(selectors.appeals_of(user).order_by("-pk")[:LIST_SIZE])
    context = {
        "active": list(selectors.active_restrictions(user).order_by("-pk")),
        "restrictions": list(selectors.restrictions_for(user).order_by("-pk")[:LIST_SIZE]),
        "strikes": list(selectors.strikes_for(user).order_by("-pk")[:LIST_SIZE]),
        "appeals": appeals,
        "appealed": {a.restriction_id for a in appeals if a.status == "open"},
        "reports": list(selectors.reports_of(user).order_by("-pk")[:LIST_SIZE]),
        "decisions": list(selectors.decisions_about(user)[:LIST_SIZE]),
        "recent": selectors.recent_strike_count(user),
        "limit": services.STRIKES_TO_RESTRICT,
        "form": AppealForm(),
    }
    return render(request, "moderation/standing.html", context)


@login_required
@require_POST
def appeal_create(request: HttpRequest) -> HttpResponse:
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write why staff should reconsider."))
        return redirect("moderation:standing")
    with refusals(request) as refused:
        services.appeal_create(
            actor=request_user(request),
            text=form.cleaned_data["text"],
            restriction_id=form.cleaned_data["restriction_id"],
            strike_id=form.cleaned_data["strike_id"],
        )
    if not refused:
        messages.success(request, _("Your appeal was sent. Staff will answer here and by email."))
    return redirect("moderation:standing")


# --- the staff console -----------------------------------------------------------------------------------
@staff_only
def console(request: HttpRequest) -> HttpResponse:
    queue = selectors.queue_for(request_user(request))
    return render(request, "moderation/console.html", {"queue": queue, "reason_form": ReasonForm()})


@staff_only
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    person = selectors.staff_user_get(actor, pk)
    context = {
        "person": person,
        "active": list(selectors.active_restrictions(person).order_by("-pk")),
        "strikes": list(selectors.strikes_for(person).order_by("-pk")[:LIST_SIZE]),
        "history": list(selectors.audit_log(actor).filter(target_user=person).order_by("-pk")[:LIST_SIZE]),
        "form": UserActionForm(),
    }
    return render(request, "moderation/user.html", context)


@staff_only
@require_POST
def user_action(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    person = selectors.staff_user_get(actor, pk)
    form = UserActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action and write the reason the user will read."))
        return redirect("moderation:user", pk=person.pk)
    data = form.cleaned_data
    with refusals(request) as refused:
        if data["action"] == "warn":
            services.user_warn(actor=actor, user=person, reason=data["reason"])
        elif data["action"] == "restrict":
            services.user_restrict(
                actor=actor,
                user=person,
                features=data["features"],
                reason=data["reason"],
                until=data["until"],
            )
        elif data["action"] == "suspend":
            services.user_suspend(actor=actor, user=person, reason=data["reason"])
        else:
            services.user_reinstate(actor=actor, user=person, reason=data["reason"])
    if not refused:
        messages.success(request, _("Done. The user was told why."))
    return _back(request) or redirect("moderation:user", pk=person.pk)


def _back(request: HttpRequest) -> HttpResponse | None:
    """Back to the console page the action was taken from (a message in context), never elsewhere."""
    target = request.POST.get("next", "")
    if target.startswith("/staff/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return None


def _reason_action(
    request: HttpRequest, form_class: type, run: Callable[[dict[str, Any]], object], done: str
) -> HttpResponse:
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason (the user reads it)."))
        return redirect("moderation:console")
    with refusals(request) as refused:
        run(form.cleaned_data)
    if not refused:
        messages.success(request, done)
    return redirect("moderation:console")


@staff_only
@require_POST
def job_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    job = selectors.staff_job_get(actor, pk)
    return _reason_action(
        request,
        ReasonForm,
        lambda d: services.job_take_down(actor=actor, job=job, reason=d["reason"]),
        _("The job was removed; applicants got their Connects back."),
    )


@staff_only
@require_POST
def flag_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    flag = selectors.staff_flag_get(actor, pk)
    return _reason_action(
        request,
        ReasonForm,
        lambda d: services.flag_dismiss(actor=actor, flag=flag, reason=d["reason"]),
        _("The flag was dismissed and its strike removed."),
    )


@staff_only
@require_POST
def report_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    report = selectors.staff_report_get(actor, pk)
    return _reason_action(
        request,
        ResolveForm,
        lambda d: services.report_resolve(
            actor=actor, report=report, actioned=d["actioned"], outcome=d["outcome"]
        ),
        _("The report was closed; the reporter sees the outcome."),
    )


@staff_only
@require_POST
def appeal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    appeal = selectors.staff_appeal_get(actor, pk)
    return _reason_action(
        request,
        AnswerForm,
        lambda d: services.appeal_answer(
            actor=actor, appeal=appeal, overturn=d["overturn"], answer=d["answer"]
        ),
        _("The appeal was answered."),
    )


@staff_only
def message_context(request: HttpRequest, pk: int) -> HttpResponse:
    """A flagged or reported message in its conversation, with the original text (even when hidden),
    and the actions: hide it, dismiss its flag, warn/restrict/suspend its sender."""
    found = selectors.staff_message_context(request_user(request), pk)
    open_flag = next((f for f in found.flags if f.status == "open"), None)
    return render(
        request,
        "moderation/message.html",
        {
            "c": found,
            "open_flag": open_flag,
            "hide_form": ReasonForm(),
            "user_form": UserActionForm(initial={"action": "restrict"}),
        },
    )


@staff_only
@require_POST
def message_hide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_user(request)
    message = selectors.staff_message_get(actor, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason (the sender reads it)."))
    else:
        with refusals(request) as refused:
            services.message_hide(actor=actor, message=message, reason=form.cleaned_data["reason"])
        if not refused:
            messages.success(request, _("The message is hidden from both sides; the sender was told why."))
    return redirect("moderation:message", pk=message.pk)


@staff_only
def audit(request: HttpRequest) -> HttpResponse:
    rows, nxt = paginate(
        selectors.audit_log(request_user(request)), cursor=request.GET.get("cursor"), limit=LIST_SIZE
    )
    return render(request, "moderation/audit.html", {"rows": rows, "next": nxt})
