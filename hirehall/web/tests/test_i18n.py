"""Localisation: every visible template string is marked for translation, every Spanish catalog is
complete and compiled, and a Spanish user's pages are in Spanish with times in their timezone."""

from __future__ import annotations

import gettext
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.template.base import Lexer, TokenType

HIREHALL = Path(settings.BASE_DIR) / "hirehall"

# Apps whose strings are still being marked on another branch; the lead empties this at merge.
PENDING_APPS: set[str] = set()
# Templates without text of their own whose tag names are built by template tags (the scanner reads
# HTML, and "<{% if %}a{% else %}button{% endif %}" is not HTML to it).
NO_TEXT_OF_THEIR_OWN = {"templates/allauth/elements/button.html"}
# Names that are the same in every language.
# The brand, the receipt number prefix, and abbreviations that read the same in every language.
UNTRANSLATED_WORDS = {"Hirehall", "HH-", "UTC", "HTTP"}
# Attribute values people see or hear (screen readers); cotton components' text attributes too.
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
COTTON_TEXT_ATTRIBUTES = {
    "title",
    "subtitle",
    "label",
    "trigger",
    "consequence",
    "confirm_label",
    "note",
    "text",
    "link_text",
}
# Filters whose string argument is shown as text ({{ x|default:"none" }}).
TEXT_FILTER_ARGUMENT = re.compile(r"\|\s*(?:default|default_if_none)\s*:\s*(['\"])(?P<text>.*?)\1")
HOLE = "\x00"  # stands for whatever a template tag or variable outputs
LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def _templates() -> list[Path]:
    found = []
    for path in sorted(HIREHALL.rglob("*.html")) + sorted(HIREHALL.rglob("*.txt")):
        parts = path.relative_to(HIREHALL).parts
        if "templates" not in parts or parts[0] in PENDING_APPS or "/".join(parts) in NO_TEXT_OF_THEIR_OWN:
            continue
        found.append(path)
    return found


def _untranslated_template_source(source: str) -> tuple[str, list[str]]:
    """The template with every tag/variable replaced by HOLE and every translation block dropped;
    plus the literal text arguments of filters such as `default`, which render as they are."""
    out: list[str] = []
    literals: list[str] = []
    skipping: str | None = None  # the end tag we wait for (endblocktranslate, endcomment)
    for token in Lexer(source).tokenize():
        if skipping:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == skipping:
                skipping = None
            out.append(HOLE)
            continue
        if token.token_type == TokenType.TEXT:
            out.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in {"blocktranslate", "blocktrans"}:
                skipping = "endblocktranslate" if name == "blocktranslate" else "endblocktrans"
            elif name in {"comment", "verbatim"}:
                skipping = "end" + name
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            contents = token.contents
            if not contents.startswith(("translate", "trans ")):
                literals += [m.group("text") for m in TEXT_FILTER_ARGUMENT.finditer(contents)]
        out.append(HOLE)
    return "".join(out), literals


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        visible = COTTON_TEXT_ATTRIBUTES | VISIBLE_ATTRIBUTES if tag.startswith("c-") else VISIBLE_ATTRIBUTES
        for name, value in attrs:
            if name.lstrip(":") in visible and value:
                self._check(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._check(data)

    def _check(self, text: str) -> None:
        for piece in text.split(HOLE):
            words = " ".join(piece.split())
            tokens = {w.strip("()[]:;,.·") for w in words.split()} - {""}
            if words and LETTERS.search(words) and not tokens <= UNTRANSLATED_WORDS:
                self.found.append(words)


def untranslated_text(source: str) -> list[str]:
    text, literals = _untranslated_template_source(source)
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    return parser.found + [lit for lit in literals if LETTERS.search(lit)]


def test_the_scanner_finds_unmarked_text_and_accepts_marked_text():
    assert untranslated_text("<p>Hello {{ name }}</p>") == ["Hello"]
    assert untranslated_text('<img alt="A cat" src="x.png"><input placeholder="Search">') == [
        "A cat",
        "Search",
    ]
    assert untranslated_text('<c-card title="Open jobs" icon="megaphone"></c-card>') == ["Open jobs"]
    assert untranslated_text('<c-vars title="" link_text="View all" />') == ["View all"]
    assert untranslated_text('{{ x|default:"never" }}') == ["never"]
    assert untranslated_text('<div class="grid two" data-x="y">{% comment %}Why{% endcomment %}</div>') == []
    marked = (
        '{% load i18n %}<p title="{% translate "Hi" %}">{% translate "Hello" %} {{ name }}</p>'
        "{% blocktranslate %}Hi {{ name }}, welcome{% endblocktranslate %}<script>var a = 1;</script>"
    )
    assert untranslated_text(marked) == []


def test_every_visible_template_string_is_marked_for_translation():
    offenders = {}
    for path in _templates():
        found = untranslated_text(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(HIREHALL))] = found
    assert not offenders, offenders


def _catalogs() -> list[Path]:
    return sorted(HIREHALL.rglob("locale/es/LC_MESSAGES/django.po"))


def test_each_of_my_apps_has_a_spanish_catalog():
    apps = {p.relative_to(HIREHALL).parts[0] for p in _catalogs()}
    assert {"locale", "core", "accounts", "web", "jobs", "profiles", "connects", "payments"} <= apps


def test_a_message_means_the_same_in_every_catalog():
    """Django merges every app's catalog into one per language (the first app in INSTALLED_APPS
    wins), so one msgid with two translations shows the wrong one somewhere: give it a context
    (`pgettext`) instead."""
    seen: dict[tuple[str | None, object], tuple[object, Path]] = {}
    clashes = []
    for po_path in _catalogs():
        with po_path.open("rb") as handle:
            for message in read_po(handle, locale="es"):
                if not message.id:
                    continue
                key = (message.context, message.id)
                if key in seen and seen[key][0] != message.string:
                    clashes.append(f"{message.id!r}: {seen[key][1]} vs {po_path}")
                seen.setdefault(key, (message.string, po_path))
    assert not clashes, clashes


@pytest.mark.parametrize("po_path", _catalogs(), ids=lambda p: str(p.relative_to(HIREHALL)))
def test_spanish_catalog_is_complete_and_its_compiled_mo_matches(po_path: Path):
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    untranslated = [
        m.id for m in catalog if m.id and (not all(m.string) if isinstance(m.string, tuple) else not m.string)
    ]
    assert not fuzzy, f"fuzzy entries in {po_path}: {fuzzy}"
    assert not untranslated, f"untranslated entries in {po_path}: {untranslated}"

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run `manage.py compilemessages` (docs/web.md)"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected: dict[object, object] = {}
    for message in catalog:
        if not message.id:
            continue
        context = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, string in enumerate(message.string):
                expected[(context + message.id[0], index)] = string
        else:
            expected[context + message.id] = message.string
    compiled_messages = {key: value for key, value in compiled.items() if key != ""}
    assert compiled_messages == expected, f"{mo_path} is stale: run `manage.py compilemessages`"


@pytest.mark.django_db
def test_a_spanish_user_sees_spanish_pages_and_times_in_their_timezone(client, user_factory):
    from hirehall.accounts.services import user_set_locale

    user = user_factory(client=True)
    user_set_locale(actor=user, language="es", time_zone="America/Mexico_City")
    user.date_joined = datetime(2026, 3, 1, 3, 30, tzinfo=UTC)  # 21:30 on 28 Feb in Mexico City
    user.save(update_fields=["date_joined"])
    client.force_login(user)

    page = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Content-Language"] == "es"
    assert '<html lang="es">' in html
    assert "Configuración" in html and "Idioma y zona horaria" in html
    assert "America/Mexico_City" in html


@pytest.mark.django_db
def test_dates_render_in_the_users_timezone_and_are_stored_in_utc(client, user_factory):
    from django.template import Context, Template
    from django.utils import timezone

    from hirehall.accounts.locale import activate_for
    from hirehall.accounts.services import user_set_locale

    user = user_set_locale(actor=user_factory(), language="es", time_zone="America/Mexico_City")
    moment = datetime(2026, 3, 1, 3, 30, tzinfo=UTC)
    with activate_for(user):
        rendered = Template('{{ when|date:"j F Y H:i" }}').render(Context({"when": moment}))
    assert rendered == "28 febrero 2026 21:30"
    user.refresh_from_db()
    assert user.date_joined.tzinfo is not None and timezone.get_current_timezone_name() == "UTC"


@pytest.mark.django_db
def test_the_api_stays_english_for_a_spanish_user(client, user_factory):
    from hirehall.accounts.services import user_set_locale

    user = user_set_locale(actor=user_factory(), language="es", time_zone="Europe/Madrid")
    client.force_login(user)
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    missing = client.get("/api/v1/jobs/999999999", HTTP_ACCEPT_LANGUAGE="es")
    assert missing.status_code == 404 and missing["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_visitor_gets_the_browsers_language_and_money_in_it(client):
    page = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert page["Content-Language"] == "es"
    assert "Explorar trabajos freelance" in page.content.decode()
    english = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert english["Content-Language"] == "en" and "Browse freelance jobs" in english.content.decode()


def test_money_is_written_the_languages_way():
    from django.utils import translation

    from hirehall.core.money import format_bps, format_cents

    assert format_cents(200_000) == "$2,000.00"
    with translation.override("es"):
        assert format_cents(200_000) == "2.000,00\xa0US$"
        assert format_bps(250) == "2,5\xa0%"
        assert format_cents(200_000, locale="en") == "$2,000.00"  # stored and API texts


def _script_texts(html: str) -> dict[str, str]:
    import json
    from html import unescape

    found = re.search(r'<meta name="hirehall-texts" content="([^"]*)"', html)
    assert found, "base.html hands hirehall.js its texts in <meta name=hirehall-texts>"
    return json.loads(unescape(found.group(1)))


@pytest.mark.django_db
def test_the_scripts_countdown_texts_come_in_the_pages_language(client):
    """hirehall.js writes countdowns ("2 d 5 h left") and picker labels; it takes them from the page,
    so a Spanish page counts down in Spanish. Every text the script asks for is handed over."""
    script = (Path(settings.BASE_DIR) / "hirehall" / "static" / "hirehall.js").read_text()
    used = set(re.findall(r'\btext\("(\w+)"', script))
    assert {"deadline_passed", "days_hours_left", "hours_minutes_left", "remove_name"} <= used

    spanish = _script_texts(client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="es").content.decode())
    english = _script_texts(client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert used <= set(spanish) and used <= set(english)
    # What the script's text() does: fill the %(name)s placeholders.
    assert spanish["days_hours_left"] % {"days": 2, "hours": 5} == "quedan 2 d 5 h"
    assert spanish["hours_minutes_left"] % {"hours": 3, "minutes": 7} == "quedan 3 h 7 min"
    assert spanish["deadline_passed"] == "plazo vencido"
    assert spanish["remove_name"] % {"name": "Django"} == "Quitar Django"
    assert english["days_hours_left"] % {"days": 2, "hours": 5} == "2 d 5 h left"
    # The script's own English fallbacks are the same texts (a page without the meta reads the same).
    for key, value in english.items():
        assert f'{key}: "{value}"' in script


def test_date_filters_put_day_and_month_in_the_languages_order():
    """`|date:"M j"` keeps English order in Spanish ("Dic 7"); the ui filters follow CLDR, and
    their English output is what the pages showed before."""
    from django.template import engines
    from django.utils import translation

    template = engines["django"].from_string(
        "{% load ui %}{{ t|shortdate }}|{{ t|shortdatetime }}|{{ t|mediumdatetime }}|"
        "{{ t|longmonthyear }}|{{ t|monthabbr }}"
    )
    at = datetime(2026, 12, 7, 14, 5, tzinfo=UTC)
    with translation.override("en"):
        assert template.render({"t": at}) == "Dec 7|Dec 7, 14:05|Dec 7, 2026 14:05|December 2026|Dec"
    with translation.override("es"):
        assert template.render({"t": at}) == "7 dic|7 dic, 14:05|7 dic 2026 14:05|diciembre de 2026|dic"
    assert template.render({"t": None}) == "||||"
