"""The off-platform detector: does a text try to take two users off Hirehall before they share a contract?

`check(text, share_contract=False) -> Result` is a pure function (no database, no settings, no
Hirehall imports): the moderation layer calls it on messages, proposals, job posts and profile text
and decides what a flag costs. The reasons are a public contract (API `reasons`, stored flags):

- `email`: an address, plain or disguised ("john at gmail dot com", "john(at)gmail(dot)com",
  full-width or look-alike letters, zero-width characters, "my gmail is john.doe88");
- `phone`: a phone number of any region, international or national, spaced or spelled out;
- `messenger`: a messenger handle, ID, invite or chat link (t.me, wa.me, discord.gg, Skype `live:`,
  `name#1234`, "telegram: @john", "WeChat ID: wxid_…");
- `payment_handle`: an address that receives money outside Hirehall (paypal.me, Venmo/Cash App/Zelle/
  Wise/Payoneer handles, BTC/ETH/TRON addresses that pass their checksums, an IBAN that passes mod-97,
  bank account details);
- `link`: a link to a personal channel that is not a messenger (LinkedIn/Facebook/Instagram/X/TikTok
  profiles, Calendly, Zoom/Meet/Teams meeting links, link-in-bio pages, `mailto:` is an `email`);
- `off_platform_contact`: a request to talk elsewhere ("let's continue on WhatsApp", "text me", "send
  me your email", "talk outside Hirehall");
- `off_platform_payment`: a request to pay or deal outside Hirehall ("pay me directly", "avoid the
  fees", "I'll pay you via PayPal", "outside Upwork").

What is allowed and why is in docs/offplatform.md.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

import phonenumbers

from . import checksums, lexicon
from .normalize import Normalized, normalize
from .phones import find_phones

EMAIL = "email"
PHONE = "phone"
MESSENGER = "messenger"
PAYMENT_HANDLE = "payment_handle"
LINK = "link"
OFF_PLATFORM_CONTACT = "off_platform_contact"
OFF_PLATFORM_PAYMENT = "off_platform_payment"
REASONS = (EMAIL, PHONE, MESSENGER, PAYMENT_HANDLE, LINK, OFF_PLATFORM_CONTACT, OFF_PLATFORM_PAYMENT)

_DETAILS = frozenset({EMAIL, PHONE, MESSENGER, LINK})
MAX_SPANS = 200  # per text: enough to highlight everything a person writes, bounded for a flood


@dataclass(frozen=True, slots=True)
class Span:
    reason: str
    start: int  # offsets in the text as given (before normalisation)
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Result:
    flagged: bool
    reasons: tuple[str, ...]
    spans: tuple[Span, ...]


NOT_FLAGGED = Result(flagged=False, reasons=(), spans=())


def check(text: str, *, share_contract: bool = False) -> Result:
    """Flag contact details and requests to leave Hirehall; nothing is flagged between contract partners."""
    if share_contract or not text or not text.strip():
        return NOT_FLAGGED
    doc = normalize(text)
    low = _lower(doc.text)
    hits: list[tuple[str, int, int]] = []
    masked: list[tuple[int, int]] = []  # ranges phone detection must not read (links, emails, IBANs)

    for start, end in _urls(low):
        masked.append((start, end))
    for reason, start, end in _links(low):
        hits.append((reason, start, end))
    for start, end in _emails(low):
        hits.append((EMAIL, start, end))
        masked.append((start, end))
    for reason, start, end in _payment_identifiers(doc.text, low):
        hits.append((reason, start, end))
        masked.append((start, end))
    for hit in find_phones(low, masked):
        hits.append((PHONE, hit.start, hit.end))
    for reason, start, end in _labelled_handles(low):
        hits.append((reason, start, end))
    for reason, start, end in _requests(low):
        hits.append((reason, start, end))
    for start, end in _spaced_letters_emails(low):
        hits.append((EMAIL, start, end))
    return _result(text, doc, hits)


def _lower(text: str) -> str:
    """Lower case with the same length (patterns run on it without IGNORECASE, which is ~10x slower)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _result(text: str, doc: Normalized, hits: list[tuple[str, int, int]]) -> Result:
    if not hits:
        return NOT_FLAGGED
    found = {reason for reason, _, _ in hits}
    if found & _DETAILS:
        # "text me at 020 7946 0959" is a phone; a request to talk elsewhere only counts on its own
        # ("let's continue on WhatsApp"): the detail's reason stands for both.
        found.discard(OFF_PLATFORM_CONTACT)
        hits = [hit for hit in hits if hit[0] != OFF_PLATFORM_CONTACT]
    spans: dict[tuple[str, int, int], Span] = {}
    for reason, start, end in sorted(hits, key=lambda h: (h[1], h[2], REASONS.index(h[0]))):
        o_start, o_end = doc.span(start, end)
        key = (reason, o_start, o_end)
        if key not in spans and len(spans) < MAX_SPANS:
            spans[key] = Span(reason, o_start, o_end, text[o_start:o_end])
    return Result(
        flagged=True,
        reasons=tuple(reason for reason in REASONS if reason in found),
        spans=tuple(spans.values()),
    )


def _scan(pattern: re.Pattern[str], text: str) -> Generator[re.Match[str], bool | None, None]:
    """Every match, including ones that start inside a match the caller turned down: the caller sends
    True back (generator.send) when it accepts a match, and the scan then resumes after it."""
    position = 0
    while True:
        match = pattern.search(text, position)
        if match is None:
            return
        accepted = yield match
        position = match.end() if accepted or match.end() == match.start() else match.start() + 1


def _accepted(
    pattern: re.Pattern[str], text: str, ok: Callable[[str, re.Match[str]], bool]
) -> Iterator[re.Match[str]]:
    scan = _scan(pattern, text)
    accepted: bool | None = None
    while True:
        try:
            match = scan.send(accepted)
        except StopIteration:
            return
        accepted = ok(text, match)
        if accepted:
            yield match


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _alt(words: tuple[str, ...] | list[str] | frozenset[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)


def _tlds() -> frozenset[str]:
    return frozenset(lexicon.GENERIC_TLDS) | {code.lower() for code in phonenumbers.SUPPORTED_REGIONS}


TLDS = _tlds()

# --- links -----------------------------------------------------------------------------------------

_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'`]{1,2048}")
_HOST_PATH = re.compile(r"(?<![\w@.-])(?:[a-z0-9-]{1,63}\.){1,6}[a-z]{2,24}/[^\s<>\"'`]{0,2048}")
# Host alternations come first so the regex engine can skip to their first letters; the optional
# "https://www." before them and the word boundary are checked in Python (_link_span).
_LINK_LEAD = re.compile(r"(?:https?://)?(?:www\.)?$")

_MESSENGER_LINKS = re.compile(
    r"(?:"
    + r"(?:t|telegram)\.me/\+?[\w]{3,}|telegram\.dog/\w{3,}|tg://\S+"
    + r"|wa\.me/\+?\d{6,}|wa\.me/message/\w+|wa\.link/\w+|(?:api|web)\.whatsapp\.com/send\S*"
    + r"|chat\.whatsapp\.com/\w+"
    + r"|whatsapp\.com/(?:channel|catalog)/\S+|whatsapp://\S+"
    + r"|discord\.gg/[\w-]+|discord(?:app)?\.com/(?:invite|users)/[\w-]+"
    + r"|join\.skype\.com/\w+|skype:[\w.:-]{3,}"
    + r"|signal\.me/\S+|signal\.group/\S+|sgnl://\S+"
    + r"|u\.wechat\.com/\S+|weixin\.qq\.com/\S+|weixin://\S+"
    + r"|invite\.viber\.com/\S+|viber://\S+|vb\.me/\w+"
    + r"|line\.me/\S+|lin\.ee/\w+|m\.me/[\w.]+|ig\.me/[\w.]+|snapchat\.com/add/[\w.-]+|kik\.me/\w+"
    + r"|threema\.id/\w+|zalo\.me/\d+|open\.kakao\.com/\S+|qm\.qq\.com/\S+"
    + r")",
)
# "paypal dot me slash john", "t(dot)me/john": a link spelled out to slip past link filters.
_SPELLED_LINK = re.compile(
    r"(?P<host>paypal|venmo|revolut|t|telegram|wa|discord|linktr|cash)\s*(?:\(dot\)|\[dot\]|\bdot\b|\.)\s*"
    r"(?P<tld>me|gg|ee|app|com)\s*(?:\bslash\b|/|\(slash\))\s*\$?[\w.-]{2,40}"
)
_SPELLED_LINK_REASON = {
    "paypal": PAYMENT_HANDLE,
    "venmo": PAYMENT_HANDLE,
    "revolut": PAYMENT_HANDLE,
    "cash": PAYMENT_HANDLE,
    "linktr": LINK,
}
_SKYPE_LIVE = re.compile(r"(?<![\w.])live:(?:\.cid\.)?[\w.-]{3,64}")
_DISCORD_TAG = re.compile(r"(?<![\w#@/.-])([a-z][\w.]{1,31})#(\d{4})(?!\w)")
_NOT_DISCORD = _words(
    "issue issues pr prs bug bugs ticket tickets order orders item items no nr task tasks story step "
    "room page invoice case job jobs contract milestone proposal fix fixes fixed close closes closed "
    "resolve resolves resolved ref refs see gh jira build run test line lines row col version v id "
    "part chapter section figure fig table rule item note comment pull merge mr request req "
    "question answer q a channel sprint epic feature commit release item"
)
_PAYMENT_LINKS = re.compile(
    r"(?:"
    + r"paypal\.me/[\w.-]+|paypal\.com/(?:paypalme|donate|pools|invoice|ncp|biz|qrcodes)\S*"
    + r"|venmo\.com/(?:u/)?[\w.-]+|cash\.app/\$?[\w.-]+|wise\.com/pay/\S+|revolut\.me/[\w.-]+"
    + r"|buy\.stripe\.com/\w+|buymeacoffee\.com/\w+|ko-fi\.com/\w+|patreon\.com/\w+"
    + r"|link\.payoneer\.com/\S+|payoneer\.com/\S*(?:request|pay)\S*|paytm\.me/\S+|upi://pay\S*"
    + r"|skrill\.me/\S+|zelle\w*\.com/\S+|commerce\.coinbase\.com/\S+"
    + r")",
)
_SOCIAL_LINKS = re.compile(
    r"(?:"
    + r"linkedin\.com/in/[\w%-]+|(?:facebook|fb)\.com/(?!groups/)[\w.?=%-]+|fb\.me/[\w.-]+"
    + r"|instagram\.com/[\w.]+|instagr\.am/[\w.]+|(?:twitter|x)\.com/\w+|tiktok\.com/@[\w.]+"
    + r"|calendly\.com/[\w/-]+|cal\.com/[\w/-]+|zoom\.us/(?:j|my|s)/\S+"
    + r"|meet\.google\.com/[a-z-]+|meet\.jit\.si/\S+|teams\.microsoft\.com/l/meetup-join\S*"
    + r"|teams\.live\.com/meet\S*|whereby\.com/[\w-]+|linktr\.ee/[\w.]+|bio\.link/\w+|beacons\.ai/\w+"
    + r"|about\.me/\w+|carrd\.co\b\S*"
    + r")",
)
_MAILTO = re.compile(r"\bmailto:[\w.%+-]+@[\w.-]+")


def _urls(text: str) -> Iterator[tuple[int, int]]:
    if "/" not in text and "www." not in text:
        return
    for match in _URL.finditer(text):
        yield match.span()
    for match in _HOST_PATH.finditer(text):
        yield match.span()


def _link_span(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    start = match.start()
    lead = _LINK_LEAD.search(text, max(0, start - 12), start)
    if lead is not None:
        start = lead.start()
    if start > 0 and text[start - 1] == "." and match.group().startswith(("zoom.us", "carrd.co")):
        # a company's Zoom ("acme.zoom.us/j/…") or a Carrd site ("jane.carrd.co")
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-."):
            start -= 1
    elif start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_@.-"):
        return None
    return start, match.end()


def _links(text: str) -> Iterator[tuple[str, int, int]]:
    if "/" in text or ":" in text:
        for pattern, reason in (
            (_MESSENGER_LINKS, MESSENGER),
            (_PAYMENT_LINKS, PAYMENT_HANDLE),
            (_SOCIAL_LINKS, LINK),
        ):
            for match in pattern.finditer(text):
                span = _link_span(text, match)
                if span is not None:
                    yield reason, span[0], span[1]
    if "dot" in text or "slash" in text:
        for match in _SPELLED_LINK.finditer(text):
            if _word_start(text, match.start()) and ("dot" in match.group() or "slash" in match.group()):
                yield _SPELLED_LINK_REASON.get(match.group("host"), MESSENGER), match.start(), match.end()
    if "live:" in text:
        for match in _SKYPE_LIVE.finditer(text):
            yield MESSENGER, match.start(), match.end()
    if "#" in text:
        for match in _DISCORD_TAG.finditer(text):
            if match.group(1) not in _NOT_DISCORD:
                yield MESSENGER, match.start(), match.end()
    if "mailto:" in text:
        for match in _MAILTO.finditer(text):
            yield EMAIL, match.start(), match.end()


# --- email -----------------------------------------------------------------------------------------

# Possessive: a name is read once, never re-split while looking for "@" (linear on long texts).
_LOCAL = r"[a-z0-9][\w.%+-]{0,63}+"
_EMAIL = re.compile(
    r"(?<![\w.%+-])(" + _LOCAL + r")@((?:[a-z0-9-]{1,63}\.){1,6}([a-z]{2,24}))(?![\w-])",
)
# "@" and "." in disguise. Plain spaced forms need the word: " at " / " dot ".
_AT = (
    r"(?:\s*[(\[{<]\s*(?:at|@|a)\s*[)\]}>]\s*|\s+@\s*|\s*@\s+|\s+at\s+|\s*[-_]at[-_]\s*"
    r"|\s+arroba\s+|\s+chez\s+|\s+bei\s+)"
)
_DOT = (
    r"(?:\s*[(\[{<]\s*(?:dot|\.|punto|point|punkt|ponto)\s*[)\]}>]\s*|\s+(?:dot|punto|point|punkt|ponto)\s+"
    r"|\s*[-_]dot[-_]\s*|\s?\.\s?)"
)
_DOT_RE = re.compile(_DOT)
_PLAIN_DOT = re.compile(r"\s?\.\s?")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.%+-])("
    + _LOCAL
    + r")("
    + _AT
    + r")("
    + _LABEL
    + r")((?:"
    + _DOT
    + _LABEL
    + r"){1,4})(?![\w-])",
)
_WEBMAIL_STRICT = _words(
    "gmail googlemail yahoo ymail hotmail icloud protonmail aol yandex gmx rediffmail zoho outlook"
)
_WEBMAIL_NO_TLD = re.compile(
    r"(?<![\w.%+-])(" + _LOCAL + r")(@|" + _AT + r")(" + _alt(_WEBMAIL_STRICT) + r")(?![\w.-]|\s+(?:dot|\.))",
)
_WEBMAIL_NAMED = re.compile(
    r"\b(?:" + _alt(lexicon.WEBMAIL_NAMED) + r")\s*(?:id|address|account|username|user)?\s*"
    r"(?:is|:|-|=|–|—|→|➜|➡|=>|->)\s*([a-z][\w.+-]{2,63})",
)
# Words that stand before " at " in ordinary sentences ("look at gmail", "great at outlook").
_AT_STOPWORDS = _words(
    "look looking looked be am is are was were good great expert experienced skilled proficient best bad "
    "better work works working worked me us you him her them it this that here there available arrive "
    "arrived meet start starts started end ends stop aim aimed point rate priced charge based located "
    "hosted found home office sign signed join joined apply click tap laugh smile online hired senior "
    "lead engineer developer designer manager intern role job nothing something anything everything "
    "fast quick slow hands handy talented strong weak amazing excellent awesome"
)
_CONTACT_WORDS = re.compile(
    r"\b(?:e-?mail|mail|contact|reach|write|message|ping|address|inbox)\b[^.!?\n]{0,40}$"
)


def _email_domain_ok(domain: str, tld: str) -> bool:
    # the text is already lower case
    if tld not in TLDS or domain in lexicon.NON_CONTACT_EMAIL_DOMAINS:
        return False
    return not domain.endswith(lexicon.NON_CONTACT_EMAIL_SUFFIXES)


class _Taken:
    """Non-overlapping spans already reported, sorted: overlap checks by bisection, so a text full of
    addresses stays linear."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []

    def add(self, span: tuple[int, int]) -> None:
        bisect.insort(self._spans, span)

    def overlaps(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._spans, (end, -1))
        return index > 0 and self._spans[index - 1][1] > start


def _obfuscated_ok(text: str, match: re.Match[str], taken: _Taken) -> bool:
    if taken.overlaps(match.start(), match.end()):
        return False
    local, at, first, rest = match.group(1), match.group(2), match.group(3), match.group(4)
    labels = [first, *_DOT_RE.split(rest)[1:]]
    tld = labels[-1]
    domain = ".".join(labels)
    if not _email_domain_ok(domain, tld):
        return False
    word_at = at.strip() in ("at", "arroba", "chez", "bei")
    plain_dots = all(_PLAIN_DOT.fullmatch(sep) for sep in _DOT_RE.findall(rest))
    if word_at and plain_dots:
        # "have a look at stripe.com": only an address next to a contact word, at a webmail
        # provider, or when the name looks like a user name.
        username = bool(re.search(r"[\d._]", local))
        webmail = first in _WEBMAIL_STRICT
        context = bool(_CONTACT_WORDS.search(text[max(0, match.start() - 60) : match.start()]))
        return local not in _AT_STOPWORDS and (username or webmail or context)
    return not (word_at and local in _AT_STOPWORDS)


def _emails(text: str) -> Iterator[tuple[int, int]]:
    taken = _Taken()
    for match in _EMAIL.finditer(text):
        local, domain, tld = match.group(1), match.group(2), match.group(3)
        after = text[match.end() : match.end() + 1]
        if after == ":" and local.lower() in lexicon.CODE_HOST_SSH_USERS:
            continue  # git@github.com:org/repo.git
        if local.lower() in lexicon.CODE_HOST_SSH_USERS and domain.lower() in lexicon.CODE_HOSTS:
            continue
        if _email_domain_ok(domain, tld):
            taken.add(match.span())
            yield match.span()
    for match in _accepted(_OBFUSCATED_EMAIL, text, lambda t, m: _obfuscated_ok(t, m, taken)):
        taken.add(match.span())
        yield match.span()
    for match in _WEBMAIL_NO_TLD.finditer(text):
        if taken.overlaps(match.start(), match.end()):
            continue
        if match.group(1).lower() in _AT_STOPWORDS:
            continue
        yield match.span()
    for match in _WEBMAIL_NAMED.finditer(text):
        handle = match.group(1)
        if re.search(r"[\d._]", handle) and not handle.endswith("."):
            yield match.span()


_SPACED_RUN = re.compile(r"(?<!\S)(?:\S[ \t]){5,80}\S(?!\S)")


def _spaced_letters_emails(text: str) -> Iterator[tuple[int, int]]:
    """ "j o h n @ g m a i l . c o m": an address typed one character at a time."""
    for match in _SPACED_RUN.finditer(text):
        collapsed = match.group().replace(" ", "").replace("\t", "")
        if "@" not in collapsed and " at " not in match.group().lower():
            continue
        for _ in _emails(collapsed):
            yield match.span()
            break


# --- payment identifiers -----------------------------------------------------------------------------

# Addresses are long alphanumeric tokens: one cheap scan finds them, the shape and checksum decide.
_LONG_TOKEN = re.compile(r"[0-9A-Za-z]{26,90}")
_BASE58 = frozenset("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
_IBAN = re.compile(r"(?<![\w])[a-z]{2}\d{2}(?:[ ]?[a-z0-9]){11,32}+")
_BANK_DETAILS = re.compile(
    r"\b(?:routing(?:\s+(?:number|no\.?|#))?|aba(?:\s+(?:number|no\.?))?|sort\s+code|account\s+(?:number|no\.?|#)"
    r"|acct\s*(?:no\.?|#)?|swift(?:\s*/\s*bic|\s+code)|bic(?:\s+code)?|ifsc(?:\s+code)?|clabe|bsb)"
    r"\s*(?:is|:|-|#|=)?\s*([a-z0-9][a-z0-9 \-]{5,30}[a-z0-9])",
)


def _crypto_address(token: str) -> bool:
    if token[:2] in ("0x", "0X"):
        return len(token) == 42 and checksums.eth_address_valid(token)
    if token[:3].lower() == "bc1":
        return checksums.bech32_address_valid(token)
    if not set(token) <= _BASE58:
        return False
    if token[0] in "13" and 26 <= len(token) <= 35:
        return checksums.btc_base58_valid(token)
    return token[0] == "T" and len(token) == 34 and checksums.tron_valid(token)


def _payment_identifiers(text: str, low: str) -> Iterator[tuple[str, int, int]]:
    """Crypto addresses and IBANs (case matters for their checksums, so `text` keeps it)."""
    for match in _LONG_TOKEN.finditer(text):
        start, end = match.span()
        if (start and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
            end < len(text) and (text[end].isalnum() or text[end] == "_")
        ):
            continue
        if _crypto_address(match.group()):
            yield PAYMENT_HANDLE, start, end
    for match in _IBAN.finditer(low):
        length = _iban_end(text[match.start() : match.end()])
        if length is not None:
            yield PAYMENT_HANDLE, match.start(), match.start() + length
    for match in _BANK_DETAILS.finditer(low):
        value = match.group(1)
        if sum(ch.isdigit() for ch in value) >= 6:
            yield PAYMENT_HANDLE, match.start(), match.end()


def _iban_end(candidate: str) -> int | None:
    """Length of the IBAN at the start of `candidate` (the country fixes its length), or None."""
    length = checksums.IBAN_LENGTHS.get(candidate[:2].upper())
    if length is None:
        return None
    count = 0
    for index, ch in enumerate(candidate):
        if ch.isalnum():
            count += 1
            if count == length:
                glued = candidate[index + 1 : index + 2].isalnum()
                return index + 1 if not glued and checksums.iban_valid(candidate[: index + 1]) else None
    return None


# --- handles announced by a service name ----------------------------------------------------------

_SEPARATOR = r"(?:\s*(?:is|=|:|-|–|—|>|=>|->|→|➜|➡|⇒|👉|on|at)\s*|\s+)"
_ID_WORD = (
    r"(?:\s*(?:id|handle|user\s*name|username|user|name|account|acc|number|num|no\.?|#|contact|tag|me"
    r"|link)\b)?"
)
_PAY_ID_WORD = (
    r"(?:\s*(?:id|handle|user\s*name|username|user|name|account|acc|number|num|no\.?|#|contact|tag|me"
    r"|link|email|e-mail|mail|address|wallet|cashtag)\b)?"
)
# A phone number given as the handle ("WhatsApp: +44 7400 123465"), or a user name.
_HANDLE = r"(?P<handle>\+?\d[\d \-().]{5,18}\d|[@+$]?[\w][\w.+\-]{2,63}(?:@[\w-]+(?:\.[\w-]+)*)?)"
_MESSENGER_HANDLE = re.compile(
    r"(?P<service>" + _alt(lexicon.MESSENGERS) + r")\b(?P<idword>" + _ID_WORD + r")"
    r"(?P<sep>" + _SEPARATOR + r")" + _HANDLE
)
_PAYMENT_HANDLE = re.compile(
    r"(?P<service>" + _alt(lexicon.PAYMENT_HANDLE_SERVICES) + r")\b(?P<idword>" + _PAY_ID_WORD + r")"
    r"(?P<sep>" + _SEPARATOR + r"|\s*@\s*)" + _HANDLE
)
# "my Telegram", "add me on Skype": the owner says the handle is theirs.
_OWNER_BEFORE = re.compile(
    r"(?:\bmy|\bour|\bme\s+on|\badd\s+me\s+on|\bfind\s+me\s+on|\breach\s+me\s+on|\bping\s+me\s+on"
    r"|\bhit\s+me\s+up\s+on)\s+$"
)
_CASHTAG = re.compile(r"(?<![\w$])\$[a-z][a-z0-9_]{2,19}\b")
_CASH_APP_CONTEXT = re.compile(r"\bcash\s*app|\bcashtag|\bcash\.app")
_HANDLE_STOPWORDS = _words(
    "me us you the and for with chat call group groups bot bots api apis integration integrations "
    "channel channels app apps account accounts number numbers user users to on in at or is it this that "
    "link links only too also please pls thanks thank message messages mini web desktop business "
    "payments payment pay checkout sdk button gateway clone support notifications notification email "
    "e-mail mail address wallet "
    "community server servers ads marketing"
)


def _handle_like(handle: str, *, strong: bool) -> bool:
    bare = handle.lstrip("@+$")
    if bare.lower() in _HANDLE_STOPWORDS or len(bare) < 3:
        return False
    if handle[0] in "@+$":
        return True
    if re.search(r"[\d_.]", bare) and not bare.endswith("."):
        return True
    return strong


def _word_start(text: str, start: int) -> bool:
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_@.")


def _phone_shaped(handle: str) -> bool:
    return sum(ch.isdigit() for ch in handle) >= 7 and not re.search(r"[a-z]", handle)


def _messenger_ok(text: str, match: re.Match[str]) -> bool:
    if not _word_start(text, match.start()):
        return False
    service = re.sub(r"\s+", " ", match.group("service"))
    explicit = bool(match.group("idword").strip()) or match.group("sep").strip() != ""
    handle = match.group("handle")
    if _phone_shaped(handle):
        return True
    # "line 42", "signal processing": a common word needs "id:"/":" and a handle with a digit.
    if (
        service in lexicon.AMBIGUOUS_MESSENGERS
        and handle[0] != "@"
        and (not explicit or not re.search(r"\d", handle))
    ):
        return False
    # "my Telegram: johnsmith" is a handle; "Telegram: aiogram" in a stack list is a library.
    owner = _OWNER_BEFORE.search(text, max(0, match.start() - 20), match.start()) is not None
    return _handle_like(handle, strong=owner and explicit)


def _payment_handle_ok(text: str, match: re.Match[str]) -> bool:
    if not _word_start(text, match.start()):
        return False
    explicit = bool(match.group("idword").strip()) or match.group("sep").strip() != ""
    handle = match.group("handle")
    if handle[0] in "@$" and len(handle) > 3:
        return True
    if not explicit:
        return False
    if _phone_shaped(handle) or "@" in handle[1:]:
        return True
    owner = _OWNER_BEFORE.search(text, max(0, match.start() - 20), match.start()) is not None
    return _handle_like(handle, strong=owner)


def _labelled_handles(text: str) -> Iterator[tuple[str, int, int]]:
    for match in _accepted(_MESSENGER_HANDLE, text, _messenger_ok):
        yield MESSENGER, match.start(), match.end()
    for match in _accepted(_PAYMENT_HANDLE, text, _payment_handle_ok):
        yield PAYMENT_HANDLE, match.start(), match.end()
    if "$" in text:
        for match in _CASHTAG.finditer(text):
            window = text[max(0, match.start() - 40) : match.end() + 20]
            if _CASH_APP_CONTEXT.search(window):
                yield PAYMENT_HANDLE, match.start(), match.end()


# --- requests to talk or pay outside ----------------------------------------------------------------

_STRICT_CHANNELS = _alt([c for c in lexicon.TALK_CHANNELS if c not in ("text", "mail", "dm", "dms", "pm")])
_MESSENGER_NAMES = _alt(
    [
        m
        for m in lexicon.MESSENGERS
        if m not in lexicon.AMBIGUOUS_MESSENGERS and m not in ("tele", "messenger", "snap")
    ]
)
_PLATFORM_NAMES = _alt([p for p in lexicon.PLATFORMS if p != "here"])
_PAY_SERVICES = _alt(lexicon.PAYMENT_SERVICES)
_GAP = r"[^.!?\n]{0,30}?"


def _word_pattern(source: str) -> re.Pattern[str]:
    """Compile without a leading \\b: the engine then skips ahead to the alternation's first letters
    (many times faster on long texts); _requests checks the word boundary instead."""
    return re.compile(source.removeprefix(r"\b"))


_CONTACT_REQUESTS = [
    # "let's continue on WhatsApp", "can we talk via email", "I'd prefer to move this to Telegram"
    _word_pattern(
        r"\b(?:let'?s|let\s+us|we\s+can|we\s+could|can\s+we|could\s+we|shall\s+we|should\s+we|i'?d\s+prefer"
        r"|i\s+prefer|prefer\s+to|better\s+to|easier\s+to|i'?d\s+rather|i\s+would\s+rather|please|pls|plz"
        r"|kindly|feel\s+free\s+to|i'?d\s+like\s+to|want\s+to|wanna|we'?ll|i'?ll|you\s+can|can\s+you"
        r"|i\s+will|we\s+will|i\s+can|i\s+could"
        r"|could\s+you|just)\b"
        + _GAP
        + r"\b(?:continue|talk|chat|move|switch|communicate|discuss|connect|speak|keep\s+in\s+touch|take"
        r"|go|contact|reach|message|text|call|ping|write|add|hop|jump|get\s+in\s+touch|catch\s+up"
        r"|coordinate|follow\s+up|send|share|reply|respond|answer)\b"
        + _GAP
        + r"\b(?:on|via|over|through|to|in|using|by|at)\s+(?:my\s+|the\s+|your\s+|a\s+|an\s+)?(?:"
        + _STRICT_CHANNELS
        + r")\b"
    ),
    # "text me", "email me", "whatsapp me", "dm me on insta"
    _word_pattern(
        r"(?:text|whats\s?app|telegram|skype|viber|wechat|imessage|sms|e-?mail|mail|dm|pm"
        r"|inbox|call|ring|ping|message|msg|hit|add|find|reach|contact|follow)\s+(?:me|us)\b(?:\s+up)?"
        r"(?:\s+(?:on|via|at|through|over|in)\s+(?:my\s+)?(?:" + _STRICT_CHANNELS + r"|cell|mobile|number)\b"
        r"|(?=\s*[:\-]?\s*(?:\+|\d|@)))"
    ),
    _word_pattern(r"(?:text|whats\s?app|telegram|skype|viber|wechat|sms|e-?mail|dm)\s+me\b"),
    # "send me your email", "what's your WhatsApp", "share your phone number"
    _word_pattern(
        r"\b(?:send|give|share|drop|dm|leave|tell|provide|pass|text|email|write|post|need|want|have|get"
        r"|let\s+me\s+know|reply\s+with|respond\s+with|include)"
        r"\s+(?:me\s+|us\s+)?(?:your|ur|yr)\s+(?:personal\s+|private\s+|direct\s+|best\s+)?"
        r"(?:e-?mail(?:\s+(?:address|id))?|phone(?:\s+(?:number|no\.?))?|(?:cell|mobile)(?:\s+(?:number|no\.?))?"
        r"|number|whats\s?app(?:\s+number)?|telegram(?:\s+(?:id|handle|username))?|skype(?:\s+id)?|discord"
        r"|wechat(?:\s+id)?|signal|viber|contact(?:\s+(?:details|info|information|number))?|digits|socials?"
        r"|instagram|insta|linkedin|facebook|handle|gmail)\b"
    ),
    _word_pattern(
        r"\bwhat(?:'s|s|\s+is)\s+(?:your|ur)\s+(?:e-?mail|phone|number|cell|mobile|whats\s?app|telegram"
        r"|skype|discord|wechat|signal|viber|insta(?:gram)?|linkedin|contact)\b"
    ),
    _word_pattern(
        r"\b(?:do|did|does|are|r)\s+(?:you|u)\s+(?:have|use|got|on)\s+(?:a\s+)?(?:"
        + _MESSENGER_NAMES
        + r"|signal)\b"
        r"(?!\s+(?:bot|api|integration|channel|group|mini|clone|experience|automation))"
    ),
    # "is there another way I can contact you?", "can we use Signal?"
    _word_pattern(
        r"\b(?:another|other|different|better|faster|easier|alternative|private)\s+(?:way|channel|app|method"
        r"|platform)s?\s+(?:to|i\s+can|we\s+can|you\s+can|for\s+us\s+to)\s+(?:contact|reach|talk|chat"
        r"|communicate|message|text|call)\b"
    ),
    _word_pattern(
        r"\b(?:can|could|shall|should)\s+we\s+(?:use|try|switch\s+to|move\s+to|go\s+to)\s+(?:"
        + _MESSENGER_NAMES
        + r"|signal)\b"
    ),
    # Spanish, Portuguese, French, German (accents are stripped by normalisation): "escríbeme por
    # WhatsApp", "me chama no zap", "écris-moi sur Telegram", "schreib mir auf WhatsApp"
    _word_pattern(
        r"\b(?:escribeme|hablame|llamame|contactame|mandame|escribame|me\s+chama|fala\s+comigo|me\s+liga"
        r"|me\s+manda|me\s+escreve|ecris-moi|ecrivez-moi|contacte-moi|contactez-moi|appelle-moi|appelez-moi"
        r"|schreib\s+mir|schreiben\s+sie\s+mir|ruf\s+mich|rufen\s+sie\s+mich|kontaktier\w*\s+mich"
        r"|melde\s+dich|seguimos|hablamos|continuamos|falamos|continuons|on\s+continue|reden\s+wir)\b"
        r"[^.!?\n]{0,25}?\b(?:por|en|al|pelo|pela|no|na|sur|par|via|auf|per|uber|on)\s+(?:el\s+|o\s+|le\s+)?"
        r"(?:whats\s?app|zap|telegram|signal|skype|correo|e-?mail|mail|telefono|telefone|telephone|telefon"
        r"|instagram|insta|facebook|messenger|wechat|viber)\b"
    ),
    # "I sent you a message on Facebook", "I texted you on WhatsApp"
    _word_pattern(
        r"\b(?:sent|messaged|texted|emailed|called|added|pinged|wrote)\s+(?:you|u)\b[^.!?\n]{0,20}?\b(?:on|via"
        r"|over|in|to)\s+(?:my\s+|your\s+)?(?:" + _STRICT_CHANNELS + r")\b"
    ),
    # "my email is in my profile", "number in the attached PDF"
    _word_pattern(
        r"\bmy\s+(?:e-?mail|number|phone|whats\s?app|telegram|skype|contacts?|contact\s+(?:details|info))"
        r"\s+(?:is|are)\s+(?:in|on)\s+(?:my|the)\s+(?:profile|bio|portfolio|attachment|attached|cv|resume"
        r"|pdf|picture|photo|avatar|website|site|video|cover|file)"
    ),
    # "let's take this offline", "let's talk privately"
    _word_pattern(
        r"\b(?:take|move|continue|talk|chat|discuss)\s+(?:this|it|that|things|(?:the|this|our)\s+"
        r"(?:conversation|chat|discussion))?\s*(?:offline|off\s+(?:here|this\s+(?:site|app|platform))|elsewhere|somewhere\s+else)\b"
    ),
    _word_pattern(
        r"\b(?:contact|reach|email|call|text|message|talk\s+to|speak\s+(?:to|with)|communicate\s+with)"
        r"\s+(?:me|us)\s+(?:directly|privately|personally|offline|outside)\b"
    ),
]
_PAYMENT_REQUESTS = [
    # "pay me directly", "pay the rest outside", "payment off-platform"
    _word_pattern(
        r"\bpay(?:ing|ment|ments|s|ed)?\s+(?:(?:me|you|u|us|him|her|it)\s+)?(?:the\s+(?:rest|balance"
        r"|remaining|money|deposit|advance|difference|bonus)\s+)?(?:directly|direct|outside|off[-\s]?(?:platform"
        r"|site|line|app)|privately|personally|in\s+cash|under\s+the\s+table|on\s+the\s+side|separately"
        r"|in\s+person)\b(?![^.!?\n]{0,30}\b(?:hirehall|escrow|milestone|wallet|the\s+platform|invoice))"
    ),
    # "I'll pay you via PayPal", "send the money through Western Union", "I accept payment in USDT"
    _word_pattern(
        r"\b(?:pay|paid|paying|payment|payments|send|sending|sent|transfer|wire|remit|tip|deposit|invoice"
        r"|bill|charge|receive|accept|accepts|accepting|take|takes|prefer|prefers|settle)\b"
        + _GAP
        + r"\b(?:via|through|thru|by|with|using|on|over|in|to|into)\s+(?:my\s+|your\s+|a\s+|an\s+)?(?:"
        + _PAY_SERVICES
        + r")\b"
    ),
    # "I accept crypto payments only", "I only take Zelle"
    _word_pattern(
        r"\b(?:accept|accepts|accepting|take|takes|prefer|prefers|receive|only\s+take)\s+(?:only\s+)?(?:"
        + _PAY_SERVICES
        + r")\b"
    ),
    # Spanish, Portuguese, French, German: "págame directamente", "pagamento por fora da plataforma",
    # "paie-moi en dehors de la plateforme", "zahl mir direkt"
    _word_pattern(
        r"\b(?:pagame|pagarme|pagarte|pagueme|pague-me|me\s+paga|me\s+pague|me\s+pagar|te\s+pago"
        r"|te\s+pagamos|le\s+pago|paie-moi|payez-moi|je\s+te\s+paie|je\s+vous\s+paie|zahl\s+mir"
        r"|zahlen\s+sie\s+mir|bezahl\s+mich|ich\s+(?:zahle|bezahle|uberweise)\s+(?:dir|dich|ihnen|sie))\b"
        r"[^.!?\n]{0,20}?\b(?:directamente|directo|direto|diretamente|directement|direkt|por\s+fuera|fora"
        r"|en\s+dehors|hors|au(?:ss|ß)erhalb)\b"
    ),
    _word_pattern(
        r"\b(?:pag\w+|pay\w+|paie\w*|zahl\w*|bezahl\w*|uberweis\w*)\b[^.!?\n]{0,20}?\b(?:(?:por\s+)?fuera"
        r"\s+de|(?:por\s+)?fora\s+d[ao]|en\s+dehors\s+de|hors\s+de|au(?:ss|ß)erhalb)\s+(?:la\s+|da\s+|de\s+la\s+"
        r"|der\s+|von\s+)?(?:plataforma|plateforme|plattform|upwork|hirehall|fiverr|app|sitio|site)\b"
    ),
    # "avoid the fees", "save the 20% commission", "skip Upwork's cut", "cut out the middleman"
    _word_pattern(
        r"\b(?:avoid|avoiding|skip|skipping|save|saving|bypass|bypassing|circumvent|dodge|escape|evade"
        r"|get\s+around|not\s+(?:pay|lose)|don'?t\s+(?:want\s+to\s+)?pay|lose|losing|split)\s+"
        r"(?:on\s+|paying\s+)?(?:the\s+|their\s+|any\s+|all\s+(?:the\s+)?|those\s+|these\s+)?"
        r"(?:\d{1,2}\s?%\s+)?(?:(?:" + _PLATFORM_NAMES + r")(?:'s)?\s+|platform\s+|site\s+|service\s+"
        r"|marketplace\s+|middleman\s+|extra\s+|huge\s+|high\s+)?(?:fees?|commissions?|cut|charges?"
        r"|percentage|middleman)\b"
    ),
    _word_pattern(r"\bcut(?:ting)?\s+out\s+the\s+middle\s?man\b"),
    # "I'll send a gift card as payment": gift cards are the classic untraceable payment
    _word_pattern(
        r"\b(?:gift\s+cards?|western\s+union|moneygram)\b[^.!?\n]{0,25}\b(?:as\s+)?(?:payment|pay|paid)\b"
    ),
    _word_pattern(r"\b(?:no|without)\s+(?:" + _PLATFORM_NAMES + r")(?:'s)?\s+(?:fees?|commissions?|cut)\b"),
    # "let's not use Hirehall for the next project", "leave Upwork and work with me"
    _word_pattern(
        r"\b(?:not\s+use|stop\s+using|leave|bypass|go\s+around|get\s+around|without\s+using)\s+(?:"
        + _PLATFORM_NAMES
        + r")\b(?![^.!?\n]{0,20}\b(?:app|page|site)\b)"
    ),
    # "a direct deal", "private arrangement"
    _word_pattern(
        r"\b(?:direct|private|side)\s+(?:payment|deal|contract|arrangement|bank\s+transfer|agreement)\b"
        r"(?![^.!?\n]{0,30}\b(?:hirehall|escrow))"
    ),
    _word_pattern(
        r"\b(?:send|transfer|wire)\s+(?:me\s+|you\s+)?(?:the\s+)?(?:money|payment|funds|deposit|advance"
        r"|upfront)\s+(?:directly|to\s+my\s+(?:bank|account|card|wallet)|outside)\b"
    ),
    _word_pattern(
        r"\b(?:work|deal|contract|hire|continue|do\s+(?:this|it|the\s+(?:job|project|work)))\s+(?:with\s+"
        r"(?:me|you|us)\s+)?(?:directly|privately|off[-\s]?platform)\b"
    ),
]
# Requests that name a payment service: a job post about payments names the same ones (see _TECHNICAL).
_NAMES_A_SERVICE = frozenset({1, 2})
_OUTSIDE = _word_pattern(
    r"\b(?:outside|off)(?:\s+of)?\s+(?:(?:" + _PLATFORM_NAMES + r")\b|here\b)|off[-\s]?(?:platform"
    r"|hirehall|upwork|fiverr)\b",
)
_PAY_WORDS = re.compile(
    r"\b(?:pay|paid|paying|payment|payments|money|fees?|commission|invoice|contract|deal|work|job|project"
    r"|hire|hiring|transaction|price|rate|cheaper|budget|cost|save|cash)\b",
)
_TALK_WORDS = re.compile(
    r"\b(?:talk|chat|contact|message|messages|communicate|communication|discuss|speak|call|email|text"
    r"|reach|connect|conversation)\b",
)
# Statements about the past or about other clients are not requests ("my experience outside Upwork").
_NOT_A_REQUEST_BEFORE = re.compile(
    r"\b(?:experience|experienced|clients|customers|worked|career|portfolio|reviews?|history|years"
    r"|background|reputation|known|built|references)\b[^.!?\n]{0,25}$",
)
# A job post about building payments ("integrate PayPal checkout") names the same services.
_TECHNICAL = re.compile(
    r"\b(?:integrat\w*|api|apis|sdk|checkout|gateway|webhooks?|plugin|shopify|woocommerce|stripe|magento"
    r"|implement\w*|backend|frontend|module|button|customers|end\s+users|endpoint|subscriptions?|ecommerce"
    r"|e-commerce|storefront|cart|merchant|our\s+(?:site|app|store|platform|website|users)|develop\w*"
    r"|build|building|bot|script)\b",
)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), text.rfind("!", 0, start))
    right_candidates = [i for i in (text.find(".", end), text.find("\n", end), text.find("!", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right]


def _request_start_ok(text: str, start: int) -> bool:
    if not _word_start(text, start):
        return False
    # "at 2 pm me and …" is a time, not "PM me".
    return not (text.startswith("pm", start) and text[max(0, start - 2) : start].strip()[-1:].isdigit())


def _requests(text: str) -> Iterator[tuple[str, int, int]]:
    for index, pattern in enumerate(_CONTACT_REQUESTS):
        for match in pattern.finditer(text):
            if not _request_start_ok(text, match.start()):
                continue
            # "a script to send emails via Gmail's API" is a job, not a request to talk
            if index == 0 and _TECHNICAL.search(_sentence(text, match.start(), match.end())):
                continue
            yield OFF_PLATFORM_CONTACT, match.start(), match.end()
    for index, pattern in enumerate(_PAYMENT_REQUESTS):
        for match in pattern.finditer(text):
            if not _request_start_ok(text, match.start()):
                continue
            if index in _NAMES_A_SERVICE and _TECHNICAL.search(_sentence(text, match.start(), match.end())):
                continue
            yield OFF_PLATFORM_PAYMENT, match.start(), match.end()
    for match in _OUTSIDE.finditer(text):
        if not _word_start(text, match.start()):
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        if _NOT_A_REQUEST_BEFORE.search(before):
            continue
        window = before + " " + text[match.end() : match.end() + 40]
        if _PAY_WORDS.search(window):
            yield OFF_PLATFORM_PAYMENT, match.start(), match.end()
        elif _TALK_WORDS.search(window) or not match.group().rstrip().endswith("here"):
            yield OFF_PLATFORM_CONTACT, match.start(), match.end()
