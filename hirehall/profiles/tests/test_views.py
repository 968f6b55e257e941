from __future__ import annotations

import pytest

from hirehall.core.testing import make_user
from hirehall.profiles import selectors, services, sources
from hirehall.profiles.models import ClientProfile, FavouriteEntry
from hirehall.profiles.tests.factories import make_profile, own, png_upload

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def me(client, freelancer):
    client.force_login(freelancer)
    return freelancer


def test_editor_page_lists_every_section_and_the_checklist(client, me):
    html = client.get("/profile/").content.decode()
    for section in (
        "photo",
        "basics",
        "rate",
        "skills",
        "location",
        "languages",
        "availability",
        "visibility",
        "video",
        "portfolio",
        "employment",
        "education",
    ):
        assert f'id="section-{section}"' in html
    assert 'data-testid="completeness-percent">0%' in html
    assert "Add a profile photo" in html


def test_htmx_section_edit_save_and_completeness_oob(client, me):
    form = client.get("/profile/sections/basics/", {"edit": "1"}, **HX).content.decode()
    assert 'name="title"' in form and "<html" not in form
    response = client.post(
        "/profile/sections/basics/", {"title": "SaaS Content Writer", "overview": "o" * 120}, **HX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "SaaS Content Writer" in html and 'hx-swap-oob="true"' in html and ">25%<" in html


def test_htmx_invalid_input_is_422_with_the_form(client, me):
    response = client.post("/profile/sections/rate/", {"hourly_rate": "1.00"}, **HX)
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()
    response = client.post("/profile/sections/skills/", {"skills": "Python, Klingon"}, **HX)
    assert response.status_code == 422 and "Klingon" in response.content.decode()
    assert own(me).profile_skills.count() == 0


def test_every_section_saves(client, me):
    posts = {
        "rate": {"hourly_rate": "45.50"},
        "skills": {"skills": "js, React, node.js"},
        "location": {"country": "PT", "timezone": "Europe/Lisbon"},
        "languages": {"language_1": "en", "level_1": "fluent", "language_2": "pt", "level_2": "native"},
        "availability": {"hours_per_week": "25", "available_now": "on"},
        "visibility": {"visibility": "logged_in"},
        "video": {"video_url": "https://vimeo.com/123"},
        "employment": {"company": "Acme", "role": "Dev", "start_year": "2018", "end_year": "2021"},
        "education": {"school": "Universidade do Porto", "degree": "BSc"},
        "portfolio": {"title": "Shop", "result": "+30% conversion", "skills": "react", "file": png_upload()},
        "photo": {"photo": png_upload()},
    }
    for name, data in posts.items():
        response = client.post(f"/profile/sections/{name}/", data, **HX)
        assert response.status_code == 200, (name, response.content[:500])
    profile = own(me)
    assert profile.hourly_rate_cents == 4550
    assert [ps.skill.slug for ps in profile.profile_skills.all()] == ["javascript", "react", "nodejs"]
    assert [(lang.language, lang.level) for lang in profile.languages.all()] == [
        ("en", "fluent"),
        ("pt", "native"),
    ]
    assert profile.hours_per_week == 25 and profile.available_now and profile.visibility == "logged_in"
    assert profile.video_url == "https://vimeo.com/123" and profile.photo
    item = profile.portfolio_items.get()
    assert item.files.get().kind == "image" and [s.slug for s in item.skills.all()] == ["react"]


def test_portfolio_item_with_a_bad_file_is_not_created(client, me):
    from hirehall.profiles.tests.factories import upload

    response = client.post(
        "/profile/sections/portfolio/", {"title": "Shop", "file": upload("x.exe", b"MZ" + b"\0" * 50)}, **HX
    )
    assert response.status_code == 422
    assert own(me).portfolio_items.count() == 0


def test_non_htmx_post_redirects_back_to_the_section(client, me):
    response = client.post("/profile/sections/basics/", {"title": "T", "overview": ""})
    assert response.status_code == 302 and response["Location"].endswith("/profile/#section-basics")


def test_public_profile_shows_real_empty_states(client):
    profile = make_profile(title="Writer", overview="Words.", hourly_rate_cents=3000)
    html = client.get(f"/freelancers/{profile.pk}/").content.decode()
    assert "No work history yet" in html and "No reviews yet" in html
    assert "No score yet" in html and "None yet" in html
    assert "$30.00/hr" in html


def test_public_profile_shows_reputation_when_a_source_provides_it(client):
    from decimal import Decimal

    profile = make_profile(title="Writer")
    sources.set_reputation_source(
        lambda ids: {
            profile.user_id: sources.Reputation(
                jss=97,
                rating=Decimal("4.8"),
                jobs=3,
                hours=120,
                earnings_cents=1_234_500,
                badges=("top-rated",),
            )
        }
    )
    html = client.get(f"/freelancers/{profile.pk}/").content.decode()
    assert "97%" in html and "Top Rated" in html and "$12,345.00" in html and "3 jobs" in html


def test_favourite_toggle_by_htmx(client):
    profile = make_profile(title="Writer")
    buyer = make_user(freelancer=False)
    client.force_login(buyer)
    html = client.post(f"/favourites/toggle/{profile.pk}/", **HX).content.decode()
    assert "Saved" in html and FavouriteEntry.objects.filter(profile=profile).count() == 1
    assert selectors.favourite_lists_for(buyer).get().name == "Saved talent"
    client.post(f"/favourites/toggle/{profile.pk}/", **HX)
    assert not FavouriteEntry.objects.exists()
    page = client.get("/favourites/").content.decode()
    assert "Saved talent" in page


def test_favourites_api(client):
    profile = make_profile(title="Writer", skills=["copywriting"])
    buyer = make_user(freelancer=False)
    client.force_login(buyer)
    created = client.post("/api/v1/favourites", {"name": "Writers"}, content_type="application/json")
    assert created.status_code == 201
    list_id = created.json()["id"]
    assert (
        client.post("/api/v1/favourites", {"name": "Writers"}, content_type="application/json").status_code
        == 409
    )
    assert client.put(f"/api/v1/favourites/{list_id}/freelancers/{profile.pk}").json()["size"] == 1
    assert client.put(f"/api/v1/favourites/{list_id}/freelancers/{profile.pk}").json()["size"] == 1
    entries = client.get(f"/api/v1/favourites/{list_id}/freelancers").json()
    assert (
        entries["items"][0]["title"] == "Writer" and entries["items"][0]["skills"][0]["slug"] == "copywriting"
    )
    assert client.get("/api/v1/favourites").json()["items"][0]["size"] == 1
    assert client.delete(f"/api/v1/favourites/{list_id}/freelancers/{profile.pk}").status_code == 204
    # A profile that goes private drops out of the list view; it cannot be saved anew either.
    services.freelancer_profile_update(actor=profile.user, profile=profile, visibility="private")
    assert client.put(f"/api/v1/favourites/{list_id}/freelancers/{profile.pk}").status_code == 404


def test_client_page_shows_stats_zeros_until_contracts_exist(client):
    owner = make_user(freelancer=False, name="Acme")
    client.force_login(owner)
    response = client.post(
        "/client-profile/", {"company_name": "Acme Robotics", "country": "US", "size": "10-99"}
    )
    assert response.status_code == 302
    viewer = make_user(client=False)
    client.force_login(viewer)
    html = client.get(f"/clients/{owner.pk}/").content.decode()
    assert "Acme Robotics" in html and "$0.00" in html and "no closed jobs yet" in html
    body = client.get(f"/api/v1/clients/{owner.pk}").json()
    assert body["stats"] == {
        "payment_verified": False,
        "total_spent": "0.00",
        "hires": 0,
        "hire_rate_percent": None,
        "open_jobs": 0,
        "avg_hourly_rate_paid": None,
        "hours_billed": "0.00",
        "rating": None,
        "reviews": 0,
        "member_since": body["stats"]["member_since"],
        "country": "US",
        "currency": "USD",
    }


def test_client_stats_from_an_activity_source():
    from decimal import Decimal

    owner = make_user(freelancer=False)
    ClientProfile.objects.create(user=owner, payment_verified=True, country="GB")
    sources.set_client_activity_source(
        lambda ids: {
            owner.pk: sources.ClientActivity(
                total_spent_cents=500_000,
                hires=4,
                closed_jobs=3,
                closed_jobs_with_hire=2,
                open_jobs=1,
                hourly_paid_cents=300_000,
                hours_billed=Decimal("75.5"),
                rating=Decimal("4.7"),
                reviews=3,
            )
        }
    )
    stats = selectors.client_stats_for(owner)
    assert stats.payment_verified and stats.hire_rate_percent == 66 and stats.avg_hourly_rate_cents == 3974
    assert stats.total_spent_cents == 500_000 and stats.country == "GB"


def test_unknown_client_is_404(client):
    client.force_login(make_user(client=False))
    freelancer_only = make_user(client=False)
    assert client.get(f"/clients/{freelancer_only.pk}/").status_code == 404
    assert client.get("/api/v1/clients/999999").status_code == 404


def test_client_without_a_company_page_still_has_one(client):
    owner = make_user(freelancer=False, name="Quiet Client")
    client.force_login(make_user(client=False))
    html = client.get(f"/clients/{owner.pk}/").content.decode()
    assert "Quiet Client" in html and "No company description yet" in html
