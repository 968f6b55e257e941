"""Messaging pages: the inbox, a room (htmx polling for new messages), sending with files, editing,
archive, file downloads, the header's unread badge, and the links that open a proposal's, offer's,
contract's or direct room. Each view: parse → selector → service → render."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hirehall.accounts.models import User
from hirehall.contracts.selectors import contract_get_for
from hirehall.core.clock import now as clock_now
from hirehall.core.errors import DomainError, NotFound
from hirehall.core.files import serve_private_file
from hirehall.core.ids import parse_id
from hirehall.core.web import request_user
from hirehall.messaging import selectors, services
from hirehall.messaging.models import Membership, Message, Room
from hirehall.offplatform import reason_codes
from hirehall.proposals.selectors import offer_get_for, proposal_get_for

ROOM_PAGE = 200  # the newest messages a room page shows


def _optional_id(value: str | None) -> int | None:
    return parse_id(value) if value else None


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    archived = request.GET.get("archived") == "1"
    job_id = _optional_id(request.GET.get("job"))
    contract_id = _optional_id(request.GET.get("contract"))
    query = request.GET.get("q", "").strip()[: selectors.SEARCH_MAX]
    rows = list(selectors.inbox(user, archived=archived, job_id=job_id, contract_id=contract_id)[:200])
    return render(
        request,
        "messaging/inbox.html",
        {
            "rows": [(m, [x for x in m.room.memberships.all() if x.user_id != user.pk]) for m in rows],
            "archived": archived,
            "job_id": job_id,
            "contract_id": contract_id,
            "query": query,
            "results": selectors.search_messages(user, query) if query else None,
        },
    )


def _room_context(request: HttpRequest, membership: Membership, **extra: object) -> dict[str, object]:
    user = request_user(request)
    room = membership.room
    thread = list(selectors.messages_in(room).order_by("-id")[:ROOM_PAGE])[::-1]
    members = selectors.members_of(room)
    others = [m for m in members if m.user_id != user.pk]
    seen_up_to = min((m.last_read_message_id for m in others), default=0)
    return {
        "room": room,
        "membership": membership,
        "thread": thread,
        "others": others,
        "seen_up_to": seen_up_to,
        "last_id": thread[-1].pk if thread else 0,
        "editable_ids": _editable(thread, user),
        **extra,
    }


def _editable(thread: list[Message], user: User) -> set[int]:
    limit = clock_now() - timedelta(minutes=services.policy().edit_minutes)
    return {m.pk for m in thread if m.sender_id == user.pk and m.created_at >= limit}


@login_required
@require_GET
def room(request: HttpRequest, room_id: int) -> HttpResponse:
    user = request_user(request)
    membership = selectors.membership_get_for(user, room_id)
    services.room_mark_read(actor=user, room=membership.room)
    return render(request, "messaging/room.html", _room_context(request, membership))


@login_required
@require_GET
def poll(request: HttpRequest, room_id: int) -> HttpResponse:
    """htmx, every few seconds: the messages after `after`, and a fresh poller with the new mark."""
    user = request_user(request)
    membership = selectors.membership_get_for(user, room_id)
    return _new_messages(request, membership, parse_id(request.GET.get("after", "")) or 0)


def _new_messages(
    request: HttpRequest,
    membership: Membership,
    after: int,
    *,
    form: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    new = list(selectors.messages_in(membership.room, after=after)[:ROOM_PAGE])
    if new:
        services.room_mark_read(actor=user, room=membership.room)
    last_id = new[-1].pk if new else after
    return render(
        request,
        "messaging/_poll.html",
        {
            "room": membership.room,
            "new": new,
            "last_id": last_id,
            "editable_ids": _editable(new, user),
            "form": form,
        },
        status=status,
    )


def refusal_text(exc: DomainError) -> str:
    """A refusal of messaging's services in the page's language. The API keeps the services' English
    `detail`; pages map the stable `code` (and, for `validation_error`, the known detail) to a
    translated sentence, and show any other refusal as the service wrote it."""
    p = services.policy()
    if exc.code == "offplatform_warning":
        return _(
            "This message looks like it shares contact details or asks to pay outside Hirehall. "
            "Until you have a contract together, keep the conversation and payments on Hirehall: "
            "it is what protects both of you. Send it anyway only if it does not."
        )
    if exc.code == "message_rate_limited":
        return _(
            "You are sending messages too fast: at most %(count)s every %(seconds)s seconds. "
            "Try again in %(retry)s seconds."
        ) % {"count": p.rate_count, "seconds": p.rate_seconds, "retry": exc.extra.get("retry_after", 60)}
    if exc.code == "edit_window_closed":
        return _("Messages can be edited for %(minutes)s minutes after sending.") % {
            "minutes": p.edit_minutes
        }
    if exc.code == "message_hidden":
        return _("Hirehall staff removed this message; it cannot be edited.")
    if exc.code == "permission_denied" and exc.detail == "Only the sender can edit a message.":
        return _("Only the sender can edit a message.")
    if exc.code == "validation_error":
        if exc.detail == "Write a message or attach a file.":
            return _("Write a message or attach a file.")
        if exc.detail == f"A message is at most {services.MAX_BODY:,} characters.":
            return _("A message is at most %(count)s characters.") % {"count": f"{services.MAX_BODY:,}"}
    return exc.detail


@login_required
@require_POST
def send(request: HttpRequest, room_id: int) -> HttpResponse:
    """Send a message. htmx gets the new messages (and a fresh form, or the form with its warning or
    error); a plain form post is redirected back to the room, or sees the room with the error."""
    user = request_user(request)
    membership = selectors.membership_get_for(user, room_id)
    body = request.POST.get("body", "")
    after = parse_id(request.POST.get("after", "")) or 0
    try:
        services.message_send(
            actor=user,
            room=membership.room,
            body=body,
            files=request.FILES.getlist("files"),
            acknowledge_warning=request.POST.get("acknowledge_warning") == "1",
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        form = {
            "body": body,
            "error": refusal_text(exc),
            "code": exc.code,
            "warning": exc.code == "offplatform_warning",
            # the same codes as the API's `warnings`, named for the sender by the shared partial
            "warnings": reason_codes(exc.extra.get("reasons", ())),
        }
        if request.htmx:  # type: ignore[attr-defined]
            response = _new_messages(request, membership, after, form=form, status=exc.status)
        else:
            response = render(
                request,
                "messaging/room.html",
                _room_context(request, membership, form=form),
                status=exc.status,
            )
        response["X-Hirehall-Swap"] = "1"  # hirehall.js swaps this 4xx: it carries the form's message
        if exc.code == "message_rate_limited":
            response["Retry-After"] = str(exc.extra.get("retry_after", 60))
        return response
    if request.htmx:  # type: ignore[attr-defined]
        return _new_messages(request, membership, after, form={"body": ""})
    return redirect("messaging:room", room_id=membership.room_id)


@login_required
@require_POST
def edit(request: HttpRequest, room_id: int, message_id: int) -> HttpResponse:
    user = request_user(request)
    room = selectors.room_get_for(user, room_id)
    message = selectors.message_get_for(user, room, message_id)
    try:
        services.message_edit(
            actor=user,
            message=message,
            body=request.POST.get("body", ""),
            acknowledge_warning=request.POST.get("acknowledge_warning") == "1",
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        flash.error(request, refusal_text(exc))
    else:
        flash.success(request, _("Message edited."))
    return redirect(reverse("messaging:room", args=[room.pk]) + f"#m-{message.pk}")


@login_required
@require_POST
def archive(request: HttpRequest, room_id: int) -> HttpResponse:
    user = request_user(request)
    room = selectors.room_get_for(user, room_id)
    archived = request.POST.get("archived", "1") == "1"
    services.room_archive(actor=user, room=room, archived=archived)
    flash.success(request, _("Conversation archived.") if archived else _("Conversation back in your inbox."))
    return redirect("messaging:inbox")


@login_required
@require_GET
def attachment(request: HttpRequest, file_id: int) -> HttpResponseBase:
    item = selectors.attachment_get_for(request_user(request), file_id)
    return serve_private_file(item.path, content_type=item.content_type, filename=item.original_name)


@login_required
@require_GET
def thumbnail(request: HttpRequest, file_id: int) -> HttpResponseBase:
    item = selectors.attachment_get_for(request_user(request), file_id)
    if not item.thumb_path:
        raise NotFound("No thumbnail.")
    return serve_private_file(
        item.thumb_path, content_type="image/jpeg", filename=f"thumb-{item.original_name}"
    )


@login_required
@require_GET
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The header's unread count (htmx polls it): one query."""
    return render(
        request, "messaging/_unread_badge.html", {"unread": selectors.unread_total(request_user(request))}
    )


def _go(room: Room) -> HttpResponse:
    return redirect("messaging:room", room_id=room.pk)


@login_required
@require_GET
def for_proposal(request: HttpRequest, proposal_id: int) -> HttpResponse:
    user = request_user(request)
    return _go(services.room_for_proposal(actor=user, proposal=proposal_get_for(user, proposal_id)))


@login_required
@require_GET
def for_offer(request: HttpRequest, offer_id: int) -> HttpResponse:
    user = request_user(request)
    return _go(services.room_for_offer(actor=user, offer=offer_get_for(user, offer_id)))


@login_required
@require_GET
def for_contract(request: HttpRequest, contract_id: int) -> HttpResponse:
    user = request_user(request)
    return _go(services.room_for_contract(actor=user, contract=contract_get_for(user, contract_id)))


@login_required
@require_GET
def direct(request: HttpRequest, user_id: int) -> HttpResponse:
    user = request_user(request)
    other = User.objects.filter(pk=user_id, is_active=True).first()
    if other is None:
        raise NotFound("No such person.")
    return _go(services.room_direct(actor=user, other=other))
