"""Other users cannot edit (their requests find nothing: 404) and hidden things stay hidden."""

from __future__ import annotations

import pytest

from hirehall.core.testing import make_user
from hirehall.profiles import services
from hirehall.profiles.models import Education, Employment, FavouriteList, PortfolioFile, PortfolioItem
from hirehall.profiles.tests.factories import PDF_BYTES, make_profile, png_upload, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_profile():
    profile = make_profile(title="Owner", skills=["python"], hourly_rate_cents=5000)
    item = services.portfolio_item_create(actor=profile.user, profile=profile, title="Mine")
    services.portfolio_file_add(actor=profile.user, item=item, upload=upload("a.pdf", PDF_BYTES))
    services.freelancer_profile_set_photo(actor=profile.user, profile=profile, upload=png_upload())
    services.employment_create(
        actor=profile.user, profile=profile, company="Acme", role="Dev", start_year=2020
    )
    services.education_create(actor=profile.user, profile=profile, school="MIT")
    return profile


@pytest.fixture
def intruder(client):
    user = make_user()
    client.force_login(user)
    return user


def _snapshot(profile):
    item = PortfolioItem.objects.get(profile=profile)
    return (
        item.title,
        PortfolioFile.objects.filter(item=item).count(),
        Employment.objects.filter(profile=profile).count(),
        Education.objects.filter(profile=profile).count(),
    )


def test_web_edits_of_another_users_objects_are_404(client, owner_profile, intruder):
    before = _snapshot(owner_profile)
    item = PortfolioItem.objects.get(profile=owner_profile)
    file = PortfolioFile.objects.get(item=item)
    urls = [
        ("get", f"/profile/portfolio/{item.pk}/"),
        ("post", f"/profile/portfolio/{item.pk}/"),
        ("post", f"/profile/portfolio/{item.pk}/delete/"),
        ("post", f"/profile/portfolio/files/{file.pk}/delete/"),
        ("post", f"/profile/employment/{owner_profile.employments.get().pk}/delete/"),
        ("post", f"/profile/education/{owner_profile.educations.get().pk}/delete/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"title": "Hacked"})
        assert response.status_code == 404, (method, url, response.status_code)
    assert _snapshot(owner_profile) == before


def test_api_edits_of_another_users_objects_are_404(client, owner_profile, intruder):
    before = _snapshot(owner_profile)
    item = PortfolioItem.objects.get(profile=owner_profile)
    file = PortfolioFile.objects.get(item=item)
    calls = [
        client.patch(f"/api/v1/me/portfolio/{item.pk}", {"title": "Hacked"}, content_type="application/json"),
        client.delete(f"/api/v1/me/portfolio/{item.pk}"),
        client.post(f"/api/v1/me/portfolio/{item.pk}/files", {"file": upload("b.pdf", PDF_BYTES)}),
        client.delete(f"/api/v1/me/portfolio/{item.pk}/files/{file.pk}"),
        client.delete(f"/api/v1/me/employment/{owner_profile.employments.get().pk}"),
        client.delete(f"/api/v1/me/education/{owner_profile.educations.get().pk}"),
    ]
    for response in calls:
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert _snapshot(owner_profile) == before


def test_services_refuse_another_actor(owner_profile):
    other = make_user(client=False)
    from hirehall.core.errors import NotFound

    with pytest.raises(NotFound):
        services.freelancer_profile_update(actor=other, profile=owner_profile, title="Hacked")
    with pytest.raises(NotFound):
        services.portfolio_item_delete(actor=other, item=PortfolioItem.objects.get(profile=owner_profile))
    owner_profile.refresh_from_db()
    assert owner_profile.title == "Owner"


def test_my_endpoints_only_ever_touch_my_profile(client, owner_profile, intruder):
    response = client.patch(
        "/api/v1/me/freelancer-profile", {"title": "Intruder's own"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["id"] != str(owner_profile.pk)
    owner_profile.refresh_from_db()
    assert owner_profile.title == "Owner"


@pytest.mark.parametrize(
    ("visibility", "anon", "member", "owner"),
    [("public", 200, 200, 200), ("logged_in", 404, 200, 200), ("private", 404, 404, 200)],
)
def test_profile_page_and_files_follow_visibility(client, owner_profile, visibility, anon, member, owner):
    services.freelancer_profile_update(actor=owner_profile.user, profile=owner_profile, visibility=visibility)
    file = PortfolioFile.objects.get(item__profile=owner_profile)
    urls = [
        f"/freelancers/{owner_profile.pk}/",
        f"/files/photo/{owner_profile.pk}/",
        f"/files/photo/{owner_profile.pk}/thumb/",
        f"/files/portfolio/{file.pk}/",
    ]
    for who, expected in (("anon", anon), ("member", member), ("owner", owner)):
        client.logout()
        if who == "member":
            client.force_login(make_user(freelancer=False))
        elif who == "owner":
            client.force_login(owner_profile.user)
        for url in urls:
            assert client.get(url).status_code == expected, (who, url)


def test_files_are_served_with_safe_headers(client, owner_profile):
    file = PortfolioFile.objects.get(item__profile=owner_profile)
    response = client.get(f"/files/portfolio/{file.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get("/files/secrets/1/").status_code == 404


def test_favourites_are_private_to_their_owner(client, owner_profile, intruder):
    owner = make_user(freelancer=False)
    fl = services.favourite_list_create(actor=owner, name="Shortlist")
    services.favourite_add(actor=owner, profile=owner_profile, favourite_list=fl)
    assert client.get(f"/api/v1/favourites/{fl.pk}/freelancers").status_code == 404
    assert client.put(f"/api/v1/favourites/{fl.pk}/freelancers/{owner_profile.pk}").status_code == 404
    assert client.delete(f"/api/v1/favourites/{fl.pk}").status_code == 404
    assert client.post(f"/favourites/{fl.pk}/delete/").status_code == 404
    assert FavouriteList.objects.filter(pk=fl.pk).exists()


def test_roles_are_required(client):
    client_only = make_user(freelancer=False)
    client.force_login(client_only)
    assert client.get("/api/v1/me/freelancer-profile").status_code == 403
    assert client.get("/profile/").status_code == 302  # sent to settings to add the role
    freelancer_only = make_user(client=False)
    client.force_login(freelancer_only)
    response = client.post("/api/v1/favourites", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "role_required"
    assert client.get("/favourites/").status_code == 403


def test_payment_verified_is_not_client_editable(client):
    user = make_user(freelancer=False)
    client.force_login(user)
    response = client.patch(
        "/api/v1/me/client-profile",
        {"company_name": "Acme", "payment_verified": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["stats"]["payment_verified"] is False and response.json()["company_name"] == "Acme"
