"""Money pages. Each view: parse → authorise through a selector → one service → render."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hirehall.accounts.models import User
from hirehall.core.errors import DomainError
from hirehall.core.money import CURRENCY, cents_to_decimal_str, format_cents, parse_money
from hirehall.core.pagination import paginate
from hirehall.core.web import redirect_back, refusals, request_user
from hirehall.ledger import fees
from hirehall.ledger.models import Account, Transfer, TransferGroup
from hirehall.ledger.references import describe_references
from hirehall.ledger.selectors import (
    balances_for,
    group_get_for,
    groups_for,
    pending_earnings_for,
    signed_amount_for,
    transfers_for,
)
from hirehall.payments.forms import (
    BankAccountForm,
    CardForm,
    DepositForm,
    FeeCalculatorForm,
    TransactionFilterForm,
    WithdrawForm,
)
from hirehall.payments.models import PaymentMethod
from hirehall.payments.receipts import RECEIPT_KINDS, receipt_for, receipt_pdf
from hirehall.payments.selectors import (
    deposits_for,
    payment_method_get_for,
    payment_methods_for,
    withdrawals_for,
)
from hirehall.payments.services import (
    deposit_create,
    payment_method_add_bank_account,
    payment_method_add_card,
    payment_method_remove,
    withdrawal_create,
)

ACCOUNT_FILTER = {"wallet": Account.Kind.CLIENT_WALLET, "earnings": Account.Kind.FREELANCER_EARNINGS}
CSV_MAX_ROWS = 50_000
CSV_CHUNK = 1000


@login_required
def wallet(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    methods = list(payment_methods_for(user))
    cards = [m for m in methods if m.kind == PaymentMethod.Kind.CARD]
    context = {
        "balances": balances_for(user),
        "methods": methods,
        "billing_verified": bool(cards),
        "deposit_form": DepositForm(methods=cards),
        "card_form": CardForm(),
        "deposits": list(deposits_for(user)[:10]),
    }
    return render(request, "payments/wallet.html", context)


def _amount_problem(form: forms.Form) -> str:
    """What is wrong with the amount, in the parser's words (exponent, decimals, maximum...)."""
    return " ".join(str(e) for e in form.errors.get("amount", []))


@login_required
@require_POST
def deposit(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    cards = list(payment_methods_for(user, PaymentMethod.Kind.CARD))
    form = DepositForm(request.POST, methods=cards)
    if not form.is_valid():
        messages.error(request, _amount_problem(form) or _("Check the amount and choose a saved card."))
        return redirect("payments:wallet")
    method = payment_method_get_for(user, form.cleaned_data["payment_method"])
    with refusals(request, prefix=_("Deposit refused: ")):
        made = deposit_create(
            actor=user,
            payment_method=method,
            amount_cents=form.cleaned_data["amount"],
            client_key=f"web:{form.cleaned_data['idempotency_key']}",
        )
        messages.success(
            request, _("Added %(amount)s to your wallet.") % {"amount": format_cents(made.amount_cents)}
        )
    return redirect("payments:wallet")


@login_required
@require_POST
def payment_method_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    with refusals(request):
        if request.POST.get("kind") == PaymentMethod.Kind.BANK_ACCOUNT:
            bank = BankAccountForm(request.POST)
            if not bank.is_valid():
                raise DomainError("validation_error", "Enter a routing and an account number.")
            payment_method_add_bank_account(actor=user, **bank.cleaned_data)
        else:
            card = CardForm(request.POST)
            if not card.is_valid():
                raise DomainError("validation_error", "Enter the card number, expiry and CVC.")
            payment_method_add_card(actor=user, **card.cleaned_data)
        messages.success(request, _("Payment method saved."))
    return redirect_back(request, reverse("payments:wallet"))


@login_required
@require_POST
def payment_method_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    method = payment_method_get_for(user, pk)
    payment_method_remove(actor=user, method=method)
    messages.success(request, _("%(method)s removed.") % {"method": method.display})
    return redirect_back(request, reverse("payments:wallet"))


@login_required
def earnings(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    methods = list(payment_methods_for(user, PaymentMethod.Kind.BANK_ACCOUNT, PaymentMethod.Kind.DEBIT_CARD))
    schedule = fees.schedule_in_force()
    context = {
        "balances": balances_for(user),
        "pending": _with_subjects(list(pending_earnings_for(user)[:50])),
        "destinations": methods,
        "withdraw_form": WithdrawForm(destinations=methods),
        "bank_form": BankAccountForm(),
        "card_form": CardForm(initial={"for_payouts": True}),
        "withdrawals": list(withdrawals_for(user)[:10]),
        "bank_fee": schedule.bank_withdrawal_fee_cents,
        "instant_fee": schedule.instant_withdrawal_fee_cents,
        "hold_days": schedule.security_hold_days,
    }
    return render(request, "payments/earnings.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    methods = list(payment_methods_for(user, PaymentMethod.Kind.BANK_ACCOUNT, PaymentMethod.Kind.DEBIT_CARD))
    form = WithdrawForm(request.POST, destinations=methods)
    if not form.is_valid():
        messages.error(
            request, _amount_problem(form) or _("Check the amount, the speed and the destination.")
        )
        return redirect("payments:earnings")
    destination = payment_method_get_for(user, form.cleaned_data["destination"])
    with refusals(request, prefix=_("Withdrawal refused: ")):
        made = withdrawal_create(
            actor=user,
            destination=destination,
            amount_cents=form.cleaned_data["amount"],
            rail=form.cleaned_data["rail"],
            client_key=f"web:{form.cleaned_data['idempotency_key']}",
        )
        messages.success(
            request,
            _("%(amount)s sent to %(destination)s (fee included).")
            % {"amount": format_cents(made.net_cents), "destination": destination.display},
        )
    return redirect("payments:earnings")


def _filtered(user: User, form: TransactionFilterForm) -> QuerySet[Transfer]:
    data = form.cleaned_data if form.is_valid() else {}
    since, until = data.get("since"), data.get("until")
    return transfers_for(
        user,
        account_kind=ACCOUNT_FILTER.get(data.get("account") or ""),
        code=data.get("type") or None,
        status=data.get("status") or None,
        since=datetime.combine(since, time.min, tzinfo=UTC) if since else None,
        until=datetime.combine(until, time.min, tzinfo=UTC) + timedelta(days=1) if until else None,
    )


def _with_subjects(items: list[Transfer]) -> list[tuple[Transfer, str]]:
    """Each row with what it was for in words ("'Logo' — Brand refresh"), never "milestone:5"."""
    subjects = describe_references(t.reference for t in items)
    return [(t, subjects.get(t.reference, "")) for t in items]


def _rows(user: User, transfers: list[Transfer]) -> list[dict[str, object]]:
    subjects = describe_references(t.reference for t in transfers)
    return [
        {
            "transfer": t,
            "subject": subjects.get(t.reference, ""),
            "amount": signed_amount_for(user, t),
            "account": (
                t.credit_account if t.credit_account.owner_id == user.pk else t.debit_account
            ).get_kind_display(),
            # Only payments have receipts (a staff adjustment or a hold ending has none: no dead link).
            "has_receipt": t.group.kind in RECEIPT_KINDS,
        }
        for t in transfers
    ]


@login_required
def transactions(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = TransactionFilterForm(request.GET or None)
    page, next_cursor = paginate(_filtered(user, form), cursor=request.GET.get("cursor"), limit=50)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {
        "form": form,
        "rows": _rows(user, list(page)),
        "next_cursor": next_cursor,
        "query": query.urlencode(),
    }
    template = "payments/_transactions_table.html" if request.htmx else "payments/transactions.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _chunks(items: Iterator[Transfer], size: int) -> Iterator[list[Transfer]]:
    chunk: list[Transfer] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def transactions_csv(request: HttpRequest) -> StreamingHttpResponse:
    user = request_user(request)
    form = TransactionFilterForm(request.GET or None)
    qs = _filtered(user, form)
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(["date", "type", "account", "for", "status", "amount", "currency", "receipt"])
        for chunk in _chunks(qs[:CSV_MAX_ROWS].iterator(chunk_size=CSV_CHUNK), CSV_CHUNK):
            subjects = describe_references(t.reference for t in chunk)  # one query per kind per chunk
            for t in chunk:
                mine = t.credit_account if t.credit_account.owner_id == user.pk else t.debit_account
                yield writer.writerow(
                    [
                        t.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        t.get_code_display(),
                        mine.get_kind_display(),
                        subjects.get(t.reference, ""),
                        t.get_status_display(),
                        cents_to_decimal_str(signed_amount_for(user, t)),
                        t.currency,
                        f"HH-{t.group_id:08d}",
                    ]
                )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="hirehall-transactions.csv"'
    return response


@login_required
def receipts(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    page, next_cursor = paginate(
        groups_for(user).filter(kind__in=RECEIPT_KINDS), cursor=request.GET.get("cursor"), limit=50
    )
    groups = list(page)
    subjects = describe_references(g.reference for g in groups)
    rows = [(g, subjects.get(g.reference, "")) for g in groups]
    return render(request, "payments/receipts.html", {"groups": rows, "next_cursor": next_cursor})


def _receipt_group(request: HttpRequest, pk: int) -> tuple[User, TransferGroup]:
    user = request_user(request)
    group = group_get_for(user, pk)  # someone else's receipt: not_found, the 404 page
    if group.kind not in RECEIPT_KINDS:
        raise Http404
    return user, group


@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    user, group = _receipt_group(request, pk)
    return render(request, "payments/receipt.html", {"receipt": receipt_for(group, user), "group": group})


@login_required
def receipt_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, group = _receipt_group(request, pk)
    r = receipt_for(group, user)
    response = HttpResponse(receipt_pdf(r), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="hirehall-{r.number}.pdf"'
    return response


def fee_calculator(request: HttpRequest) -> HttpResponse:
    """Public: anyone can see what a payment costs before signing up."""
    form = FeeCalculatorForm(request.GET or None)
    quote, error = None, ""
    schedule = fees.schedule_in_force()
    if form.is_bound and form.is_valid():
        try:
            quote = fees.quote(
                amount=parse_money(form.cleaned_data["amount"]),
                prior_billings=parse_money(
                    form.cleaned_data["prior_billings"] or "0", field="prior_billings"
                ),
                schedule=schedule,
            )
            if quote.prior_billings < 0:
                raise DomainError("validation_error", "Already billed must not be negative.")
        except DomainError as exc:
            quote, error = None, exc.detail
    context = {"form": form, "quote": quote, "error": error, "schedule": schedule, "currency": CURRENCY}
    template = "payments/_fee_result.html" if request.htmx else "payments/fees.html"  # type: ignore[attr-defined]
    return render(request, template, context)
