"""Talent search on a fixed corpus. The same expectations run on SQLite (FTS5) and PostgreSQL
(tsvector): `make test` runs this file on both, so equal results are asserted on both backends."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from hirehall.core.testing import make_user
from hirehall.profiles import services, sources
from hirehall.profiles.selectors import TalentQuery, talent_search
from hirehall.profiles.tests.factories import make_profile
from hirehall.search import engine
from hirehall.search.models import SearchDocument, SearchOutbox
from hirehall.search.tests.backends import search_backend  # noqa: F401 - every test runs on both backends

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.usefixtures("search_backend")]


@pytest.fixture
def corpus(db):
    """Six searchable freelancers and three that must never be found anonymously."""
    p = {}
    p["ana"] = make_profile(
        name="Ana",
        title="Senior Python Developer",
        overview="I build Django and FastAPI backends for SaaS companies.",
        hourly_rate_cents=9000,
        country="DE",
        hours_per_week=40,
        available_now=True,
        skills=["python", "django", "postgresql"],
        languages=[("en", "fluent"), ("de", "native")],
    )
    p["ben"] = make_profile(
        name="Ben",
        title="Data Scientist",
        overview="Machine learning models in Python, dashboards in Tableau.",
        hourly_rate_cents=7000,
        country="FR",
        hours_per_week=20,
        skills=["machine-learning", "python", "tableau"],
        languages=[("en", "fluent"), ("fr", "native")],
    )
    p["cleo"] = make_profile(
        name="Cleo",
        title="SEO Copywriter",
        overview="Long-form articles for travel brands. I once wrote about Python snakes.",
        hourly_rate_cents=4000,
        country="DE",
        hours_per_week=10,
        skills=["copywriting", "search-engine-optimization"],
        languages=[("en", "native")],
    )
    p["dev"] = make_profile(
        name="Dev",
        title="Frontend Engineer",
        overview="React and TypeScript single-page apps.",
        hourly_rate_cents=6000,
        country="IN",
        hours_per_week=35,
        available_now=True,
        skills=["react", "typescript", "javascript"],
        languages=[("en", "fluent"), ("hi", "native")],
        portfolio=[{"title": "Checkout redesign", "description": "Rebuilt a Python-free checkout in React."}],
    )
    p["eve"] = make_profile(
        name="Eve",
        title="Logo and Brand Designer",
        overview="Brand identities for startups.",
        hourly_rate_cents=5000,
        country="ES",
        skills=["logo-design", "brand-identity-design"],
        languages=[("es", "native")],
    )
    p["finn"] = make_profile(
        name="Finn",
        title="DevOps Engineer",
        overview="Kubernetes, Terraform and AWS for Python teams.",
        hourly_rate_cents=11000,
        country="US",
        hours_per_week=40,
        skills=["kubernetes", "terraform", "amazon-web-services"],
        languages=[("en", "native")],
    )
    # Never found by anonymous searchers (and the private one by nobody).
    p["members"] = make_profile(
        name="Mia",
        title="Python Tutor",
        overview="Python lessons.",
        hourly_rate_cents=3000,
        skills=["python"],
        visibility="logged_in",
    )
    p["private"] = make_profile(
        name="Pat",
        title="Python Ghost",
        overview="Python in secret.",
        hourly_rate_cents=3000,
        skills=["python"],
        visibility="private",
    )
    p["untitled"] = make_profile(overview="Python but no title yet.", skills=["python"])
    return p


def ids(corpus, viewer=None, **kw):
    page = talent_search(viewer, TalentQuery(**kw))
    names = {v.pk: k for k, v in corpus.items()}
    return [names[p.pk] for p in page.profiles]


def test_ranking_title_then_skills_then_overview(corpus):
    # Title match (Ana) > skill match (Ben) > overview mentions (Finn, Cleo) > portfolio (Dev).
    assert ids(corpus, q="python")[:2] == ["ana", "ben"]
    assert set(ids(corpus, q="python")) == {"ana", "ben", "cleo", "finn", "dev"}
    assert ids(corpus, q="python", sort="rate_asc") == ["cleo", "dev", "ben", "ana", "finn"]


def test_words_prefix_and_aliases(corpus):
    assert ids(corpus, q="k8s") == ["finn"]  # alias of Kubernetes
    assert ids(corpus, q="js") == ["dev"]  # alias of JavaScript
    assert ids(corpus, q="design") == ["eve"]  # prefix of "designer"
    assert ids(corpus, q="react typescript") == ["dev"]
    assert ids(corpus, q="cobol") == []


def test_filters(corpus):
    assert ids(corpus, skills=("python", "django")) == ["ana"]
    assert set(ids(corpus, category="web-mobile-software-development")) == {"ana", "ben", "dev", "finn"}
    assert ids(corpus, min_rate_cents=6000, max_rate_cents=9000, sort="rate_asc") == ["dev", "ben", "ana"]
    assert ids(corpus, countries=("DE",), sort="rate_asc") == ["cleo", "ana"]
    assert set(ids(corpus, languages=("fr",))) == {"ben"}
    assert set(ids(corpus, availability="now")) == {"ana", "dev"}
    assert set(ids(corpus, availability="full_time")) == {"ana", "dev", "finn"}
    assert set(ids(corpus, availability="part_time")) == {"ben", "cleo"}
    assert ids(corpus, q="python", countries=("DE",)) == ["ana", "cleo"]


def test_reputation_filters_and_rating_sort(corpus):
    rep = {
        corpus["ana"].user_id: sources.Reputation(
            jss=96, rating=Decimal("4.9"), earnings_cents=2_500_000, badges=("top-rated",)
        ),
        corpus["ben"].user_id: sources.Reputation(jss=85, rating=Decimal("4.95"), earnings_cents=80_000),
        corpus["finn"].user_id: sources.Reputation(badges=("rising-talent",)),
    }
    sources.set_reputation_source(lambda user_ids: {u: rep[u] for u in user_ids if u in rep})
    call_command("search_reindex", "freelancer", stdout=None)
    assert ids(corpus, min_jss=90) == ["ana"]
    assert ids(corpus, min_jss=80, sort="rate_asc") == ["ben", "ana"]
    assert ids(corpus, badges=("top-rated",)) == ["ana"]
    assert ids(corpus, min_earnings_cents=1_000_000) == ["ana"]
    assert ids(corpus, sort="rating")[:2] == ["ben", "ana"]
    assert ids(corpus, q="engineer")[:2] != []  # words still work after a reindex


def test_facet_counts(corpus):
    page = talent_search(None, TalentQuery(q="python"))
    assert page.total == 5
    countries = dict(page.facets["country"])
    assert countries == {"DE": 2, "FR": 1, "IN": 1, "US": 1}
    assert dict(page.facets["skill"])["python"] == 2
    assert dict(page.facets["availability"]) == {"full_time": 3, "now": 2, "part_time": 2}
    assert dict(page.facets["category"])["web-mobile-software-development"] == 4


def test_pagination(corpus):
    first = talent_search(None, TalentQuery(sort="rate_asc", limit=4))
    assert first.next_offset is not None
    second = talent_search(None, TalentQuery(sort="rate_asc", limit=4, offset=first.next_offset))
    assert first.total == 6 and first.next_offset == 4 and second.next_offset is None
    names = {v.pk: k for k, v in corpus.items()}
    assert [names[p.pk] for p in first.profiles + second.profiles] == [
        "cleo",
        "eve",
        "dev",
        "ben",
        "ana",
        "finn",
    ]


def test_hidden_profiles_are_never_found(corpus):
    everyone_words = ["python", "tutor", "ghost", "secret", "lessons", ""]
    for words in everyone_words:
        anon = ids(corpus, q=words)
        assert not {"members", "private", "untitled"} & set(anon), words
    member = make_user(freelancer=False)
    found = ids(corpus, member, q="python")
    assert "members" in found and "private" not in found and "untitled" not in found
    # Not even its owner finds a private profile through search.
    assert "private" not in ids(corpus, corpus["private"].user, q="ghost")


def test_visibility_and_deactivation_update_the_index(corpus):
    ana = corpus["ana"]
    services.freelancer_profile_update(actor=ana.user, profile=ana, visibility="private")
    assert "ana" not in ids(corpus, q="python")
    services.freelancer_profile_update(actor=ana.user, profile=ana, visibility="public")
    assert "ana" in ids(corpus, q="python")
    ana.user.is_active = False
    ana.user.save(update_fields=["is_active"])
    call_command("search_reindex", stdout=None)
    assert "ana" not in ids(corpus, q="python")


def test_index_changes_roll_back_with_the_profile(corpus):
    ana = corpus["ana"]

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.freelancer_profile_update.__wrapped__(actor=ana.user, profile=ana, title="Gardener")
        if engine.uses_tantivy():  # the change waits in the outbox, in this transaction
            assert SearchOutbox.objects.filter(object_id=ana.pk, document__title="Gardener").exists()
        else:
            assert ids(corpus, q="gardener") == ["ana"]  # visible inside the transaction
        raise Boom
    assert not SearchOutbox.objects.filter(document__title="Gardener").exists()
    assert ids(corpus, q="gardener") == []
    assert ids(corpus, q="python")[0] == "ana"


def test_reindex_command_rebuilds_from_profiles(corpus):
    if engine.uses_tantivy():
        pytest.skip("tantivy rebuilds are tested in hirehall/search/tests/test_outbox.py")
    SearchDocument.objects.all().delete()
    assert ids(corpus, q="python") == []
    call_command("search_reindex", stdout=None)
    assert ids(corpus, q="python")[:2] == ["ana", "ben"]
    assert SearchDocument.objects.count() == 7  # six public + one members-only


def test_api_search(corpus, client):
    viewer = make_user(freelancer=False)
    client.force_login(viewer)
    response = client.get(
        "/api/v1/freelancers", {"q": "python", "skills": "python", "min_rate": "50.00", "max_rate": "100"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [item["name"] for item in body["items"]] == ["Ana", "Ben"]
    assert body["items"][0]["hourly_rate"] == "90.00" and body["items"][0]["currency"] == "USD"
    assert body["items"][0]["skills"][0] == {"slug": "python", "name": "Python"}
    assert body["total"] == 2 and body["next"] is None
    assert {"value": "DE", "count": 1} in body["facets"]["country"]

    page1 = client.get("/api/v1/freelancers", {"sort": "rate_asc", "limit": 3}).json()
    page2 = client.get(
        "/api/v1/freelancers", {"sort": "rate_asc", "limit": 3, "cursor": page1["next"]}
    ).json()
    assert [i["name"] for i in page1["items"] + page2["items"]] == [
        "Mia",
        "Cleo",
        "Eve",
        "Dev",
        "Ben",
        "Ana",
        "Finn",
    ][:6]

    bad = client.get("/api/v1/freelancers", {"skills": "no-such-skill"})
    assert bad.status_code == 422 and "no-such-skill" in bad.json()["detail"]
    assert client.get("/api/v1/freelancers", {"min_rate": "abc"}).status_code == 422
    assert client.get("/api/v1/freelancers", {"cursor": "???"}).status_code == 400
    assert client.get("/api/v1/freelancers", {"sort": "random"}).status_code == 422


def test_search_page_renders_results_and_facets(corpus, client):
    response = client.get("/talent/", {"q": "python", "country": "DE"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _result_names(html) == ["Ana", "Cleo"]
    assert "2 freelancers" in html
    partial = client.get("/talent/", {"q": "k8s"}, HTTP_HX_REQUEST="true").content.decode()
    assert _result_names(partial) == ["Finn"] and "<html" not in partial


def _result_names(html):
    return re.findall(r'<h2><a href="/freelancers/\d+/">([^<]+)</a></h2>', html)
