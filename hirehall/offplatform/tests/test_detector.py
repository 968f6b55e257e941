"""One rule per case: what each detector flags, what each allowance lets through, and the Result contract."""

from __future__ import annotations

import pytest

from hirehall.offplatform import Result, Span, check
from hirehall.offplatform.detector import REASONS


def reasons(text: str) -> tuple[str, ...]:
    return check(text).reasons


def test_reason_codes_are_the_contract():
    # Stored flags and the API's `reasons` use these strings; renaming one breaks both.
    assert REASONS == (
        "email",
        "phone",
        "messenger",
        "payment_handle",
        "link",
        "off_platform_contact",
        "off_platform_payment",
    )


def test_result_shape_and_spans_point_into_the_original_text():
    text = "Hi! mail me: ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ or call +44 20 7946 0958"
    result = check(text)
    assert isinstance(result, Result)
    assert result.flagged is True
    assert result.reasons == ("email", "phone")
    assert all(isinstance(span, Span) for span in result.spans)
    assert [(s.reason, s.text) for s in result.spans] == [
        ("email", "ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ"),
        ("phone", "+44 20 7946 0958"),
    ]
    for span in result.spans:
        assert text[span.start : span.end] == span.text


def test_spans_survive_removed_zero_width_characters():
    text = "x jo\u200bhn@gm\u200dail.com y"
    (span,) = check(text).spans
    assert span.text == "jo\u200bhn@gm\u200dail.com"
    assert (span.start, span.end) == (2, 18)


def test_nothing_is_flagged_between_contract_partners():
    text = "call me on +44 20 7946 0958 or john@gmail.com, pay me directly via paypal.me/john"
    assert check(text).flagged
    assert check(text, share_contract=True) == Result(flagged=False, reasons=(), spans=())


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_is_clean(text):
    assert check(text) == Result(flagged=False, reasons=(), spans=())


@pytest.mark.parametrize(
    "text",
    [
        "john.smith@gmail.com",
        "reach me: john at gmail dot com",
        "john(at)gmail(dot)com",
        "john [at] gmail [dot] com",
        "ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ",  # full-width (NFKC)
        "јоhn@ɡmаіl.соm",  # Cyrillic and Latin look-alikes
        "jo\u200bhn@gm\u200bail.com",  # zero-width spaces
        "j o h n @ g m a i l . c o m",  # typed one letter at a time
        "john@gmail",  # a webmail provider needs no top-level domain
        "my gmail is alex.turner1990",
        "my address is peter.k at gmail.com",  # a user name before a plain " at "
        "mailto:hello@brightpixel.studio",
        "github.com/acme/app/commits?author=john.doe@gmail.com",  # an address inside an allowed link
    ],
)
def test_email(text):
    assert reasons(text) == ("email",)


@pytest.mark.parametrize(
    "text",
    [
        "use example@example.com in tests",  # RFC 2606 documentation domain
        "the test account is demo@hirehall.test",  # reserved TLD
        "git clone git@github.com:acme/app.git",  # an SSH remote, not an address
        "noreply@users.noreply.github.com signs the commits",
        "Have a look at stripe.com docs for webhooks.",  # " at " + a domain is not an address
        "I'm great at Gmail integrations.",
        "logo@2x.png and logo@3x.png",  # not a top-level domain
        "npm install @angular/core@17.3.0",
        '<a href="mailto:{{ user.email }}">',
    ],
)
def test_not_an_email(text):
    assert reasons(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Call me on +44 7400 123457",
        "+1 (415) 555-2671",
        "0044 7400 123458",  # 00 international prefix
        "+44 (0)20 7946 0958",  # trunk prefix in brackets
        "My number is (415) 555-2671",  # North America, national
        "Mon numéro : 06 12 34 56 70",  # France, national
        "телефон 8 (912) 345-67-81",  # Russia, trunk 8
        "meu celular (11) 96123-4569",  # Brazil, written without the trunk 0 next to a phone word
        "4 1 5 5 5 5 2 6 7 4",  # spaced digits
        "five five five one two three four five six seven",  # number words
        "zero seven four double zero one two three four five six",
        "cuatro uno cinco cinco cinco cinco dos seis siete siete",  # Spanish number words
        "+44 7911 12345six",  # one word hiding in the digits
        "+４４ ７４００ １２３４６０",  # full-width digits
        "٠٧٤٠٠١٢٣٤٦١",  # Arabic-Indic digits
        "tel:+14155552671",
        "Nr. tel. 601 123 456",  # thousands-shaped, but a phone word says otherwise
        "My Indian number is 98 76 54 32 10",  # steps by 22: not a counted list
    ],
)
def test_phone(text):
    assert reasons(text) == ("phone",)


@pytest.mark.parametrize(
    "text",
    [
        "We're on Django 5.2.19 and Python 3.11.9",  # versions
        "Deadline is 2024-06-10, kickoff on 2024-05-27.",  # dates
        "Available from 10/06/2024 to 21/06/2024.",
        "Budget is $1,500; the database has 12 345 678 rows.",  # prices, thousands
        "ISBN 978-3-16-148410-0",
        "The ISBN-13 9780306406157 is the book",  # ISBN checksum, no label needed
        "Order number 4155552671 is the one with the wrong size.",  # "order" owns "number"
        "FedEx tracking 123456789012 shows delivered.",
        "Numbers 1 2 3 4 5 6 7 8 9 10 are the test inputs.",  # counting
        "Line items 10 20 30 40 50 60 70 in the invoice.",
        "Stripe test card 4242 4242 4242 4242 always succeeds.",  # longer than E.164
        "IP 192.168.100.200 on port 8443",
        "https://github.com/acme/app/pull/4155552671 has the fix",  # digits inside a link
        "Timestamp 1718020800 corresponds to June 10.",
        "From 2023 2024 2025 reports we need a summary.",  # a list of years
        "Our site gets 2500000 visitors a month.",  # a unit after the number
        "one two three four, the count in the song intro",  # too few digits
    ],
)
def test_not_a_phone(text):
    assert reasons(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "telegram: @johnsmith",
        "t.me/johnsmith_dev",
        "https://t.me/+AbCdEfGhIjK",
        "wa.me/447400123464",
        "chat.whatsapp.com/KxYzAbCdEf123",
        "my skype is live:john.smith_1",
        "discord.gg/x7YvZq",
        "Discord: nightowl#7777",
        "WeChat ID: wxid_8k2j4h6g",
        "my telegram is tom_k88",
        "Line ID: @sakura_design",  # an ambiguous name with an explicit handle
        "my IG @john.designs",
        "m.me/john.smith.3",
        "t dot me slash johnsmith",  # a link spelled out
    ],
)
def test_messenger(text):
    assert reasons(text) == ("messenger",)


def test_messenger_with_a_phone_number_is_both():
    assert reasons("whatsapp: +44 7400 123465") == ("phone", "messenger")


@pytest.mark.parametrize(
    "text",
    [
        "Stack: Django, Celery, Telegram: aiogram 3",  # a library, not a handle
        "Implement Telegram bot notifications using python-telegram-bot.",
        "See issue#1234 and PR#1250",  # tracker references are not Discord tags
        "Line 42 throws a NullPointerException.",  # "line" and "signal" are words first
        "Parse the signal from the sensors every 500 ms.",
        "We use Slack and Jira internally once the contract starts.",
        "Make the skype icon smaller in the footer.",
    ],
)
def test_not_a_messenger(text):
    assert reasons(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "paypal.me/johnsmith",
        "https://www.paypal.com/paypalme/mariagarcia",
        "paypal dot me slash johnsmith",
        "venmo @john-smith-22",
        "cash app: $johnsmith22",
        "revolut.me/olgap",
        "BTC: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",  # base58check, P2PKH
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",  # base58check, P2SH
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",  # bech32
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",  # bech32m (taproot)
        "ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",  # EIP-55 checksum
        "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359",  # all lower case: no checksum to check
        "USDT TRC20: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "IBAN DE89 3704 0044 0532 0130 00",
        "GB82WEST12345698765432",
        "routing number 021000021, account number 123456789",
    ],
)
def test_payment_handle(text):
    assert reasons(text) == ("payment_handle",)


@pytest.mark.parametrize(
    "text",
    [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",  # last character changed: checksum fails
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  # case flipped: EIP-55 fails
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",
        "DE89 3704 0044 0532 0130 01",  # mod-97 fails
        "Commit 9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e fixed it",  # a git hash is not an address
        "Mongo ObjectId 507f1f77bcf86cd799439011",
        "Integrate PayPal checkout and Stripe into our Shopify store.",
        "Withdraw your earnings to Payoneer from the Earnings page.",
        "echo $PATH and $HOME",  # shell variables are not cashtags
    ],
)
def test_not_a_payment_handle(text):
    assert reasons(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "linkedin.com/in/john-smith-4a2b1c",
        "Book a slot: calendly.com/jane-doe/30min",
        "https://us02web.zoom.us/j/81234567890?pwd=abc",
        "meet.google.com/abc-defg-hij",
        "instagram.com/maria.creates",
        "linktr.ee/pixelartist",
    ],
)
def test_link(text):
    assert reasons(text) == ("link",)


@pytest.mark.parametrize(
    "text",
    [
        "Here is the repo: https://github.com/acme/hirehall-clone",
        "gitlab.com/acme/infra/-/merge_requests/482 and bitbucket.org/teamx/api",
        "Demo on codesandbox.io/s/react-grid-x7y8z and codepen.io/janedoe/pen/abcDEF",
        "The design is at https://www.figma.com/file/AbC123/Checkout-flow",
        "My portfolio: https://janedoe.dev and dribbble.com/janedoe",
        "Spec in docs.google.com/document/d/1AbCdEfGh/edit",
    ],
)
def test_scoping_links_are_allowed(text):
    assert reasons(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "let's continue on whatsapp",
        "Can we talk on Telegram instead?",
        "text me",
        "send me your phone number",
        "What's your WhatsApp?",
        "Do you have Telegram?",
        "my number is in my profile picture",
        "let's take this offline",
        "Let's talk outside Hirehall, it's easier.",
        "I sent you a message on Facebook, check it.",
        "Let me know your telegram handle",
        "Is there another way I can contact you?",
        "I'm not comfortable chatting here, can we use Signal?",
        "Reply with your personal email and I'll send the test task.",
    ],
)
def test_request_to_talk_elsewhere(text):
    assert reasons(text) == ("off_platform_contact",)


def test_a_request_with_its_contact_detail_reports_the_detail():
    # The detail's reason stands for the request: the sender sees what to remove.
    assert reasons("text me at 020 7946 0959") == ("phone",)
    assert reasons("email me at kevin.obrien@icloud.com") == ("email",)
    assert reasons("let's continue on telegram: @johnsmith") == ("messenger",)


@pytest.mark.parametrize(
    "text",
    [
        "Let's discuss the milestones here in the chat.",
        "Please send me your portfolio and two relevant samples.",
        "Feel free to contact me with any questions about the project.",
        "Call me John, everyone does.",
        "Meeting at 2 pm me and the designer will join.",  # "pm me" after a time
        "I have 10 years of experience, most of my clients came from outside Upwork.",
        "Do you have experience with Telegram bots?",
        "Can we schedule a video interview through Hirehall this week?",
        "Can you write a Python script to send emails via Gmail's API?",  # a job about email
    ],
)
def test_not_a_request_to_talk_elsewhere(text):
    assert reasons(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "pay me directly",
        "I can pay you directly to save the 20% commission.",
        "Let's do this outside Upwork, their fees are crazy.",
        "I'll pay you via PayPal instead.",
        "can you accept payment in USDT?",
        "I accept crypto payments only (BTC/USDT).",
        "avoid hirehall fees",
        "cut out the middleman and we both save",
        "close the contract here and I pay you the rest privately",
        "I'll send a gift card as payment",
        "For the next project let's not use Hirehall, it saves us the commission",
    ],
)
def test_request_to_pay_outside(text):
    assert reasons(text) == ("off_platform_payment",)


@pytest.mark.parametrize(
    "text",
    [
        "You will be paid through Hirehall escrow after each milestone.",
        "Please pay the milestone when you're satisfied with the work.",
        "Integrate PayPal checkout and Stripe into our Shopify store.",  # building payments
        "Our app lets users pay with Apple Pay and Google Pay at checkout.",
        "The fee preview shows what you will receive after fees.",
        "No fees for revisions within the first week.",
        "I can help you save on hosting fees by moving to a cheaper VPS.",
    ],
)
def test_not_a_request_to_pay_outside(text):
    assert reasons(text) == ()


def test_payment_request_and_handle_are_both_reported():
    assert reasons("Pay outside the platform: paypal.me/johnsmith") == (
        "payment_handle",
        "off_platform_payment",
    )


def test_many_phone_numbers_are_reported_with_a_bounded_number_of_spans():
    text = " ".join(f"+44 7400 12{n:04d}" for n in range(120))
    result = check(text)
    assert result.reasons == ("phone",)
    assert 1 <= len(result.spans) <= 50


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Escríbeme por WhatsApp y lo hablamos.", ("off_platform_contact",)),
        ("Me chama no zap que é mais rápido", ("off_platform_contact",)),
        ("Écris-moi sur Telegram, c'est plus simple.", ("off_platform_contact",)),
        ("Schreib mir auf WhatsApp, dann klären wir das.", ("off_platform_contact",)),
        ("Págame directamente y nos ahorramos la comisión.", ("off_platform_payment",)),
        ("Pagamento por fora da plataforma, combinado?", ("off_platform_payment",)),
        ("Paie-moi en dehors de la plateforme.", ("off_platform_payment",)),
        ("Ich überweise dir direkt, ohne Upwork.", ("off_platform_payment",)),
        ("Pagamos por hito a través de Hirehall.", ()),
        ("La página se paga directamente en la tienda.", ()),
        ("Hablamos en la reunión del lunes.", ()),
    ],
)
def test_requests_in_other_languages(text, expected):
    assert reasons(text) == expected
