"""Profiles' rows in the authorization matrix (hirehall/core/tests/test_authz_matrix.py).

Objects are created by the url builders, owned by `w.owner`. Every matrix user has both roles.
"""

from __future__ import annotations

from typing import Any

from hirehall.core.tests.authz import Case, World

ANON_LOGIN = {"anon": 302, "other": 200, "owner": 200, "staff": 200}
PUBLIC = {"anon": 200, "other": 200, "owner": 200, "staff": 200}
OWNER_ONLY_WEB_POST = {"anon": 302, "other": 404, "owner": 302, "staff": 404}
OWNER_ONLY_WEB_GET = {"anon": 302, "other": 404, "owner": 200, "staff": 404}
SIGNED_IN_WEB_POST = {"anon": 302, "other": 302, "owner": 302, "staff": 302}
HIDDEN = {"anon": 404, "other": 404, "owner": 200, "staff": 200}  # private profile: owner and staff only
API_SIGNED_IN = {"anon": 401, "other": 200, "owner": 200, "staff": 200}
API_CREATED = {"anon": 401, "other": 201, "owner": 201, "staff": 201}
API_OWNER = {"anon": 401, "other": 404, "owner": 200, "staff": 404}
API_OWNER_DELETE = {"anon": 401, "other": 404, "owner": 204, "staff": 404}
# Multipart endpoints called with a JSON body: the missing file is refused before anything else.
API_UPLOAD_WITHOUT_FILE = {"anon": 401, "other": 422, "owner": 422, "staff": 422}


def _profile(w: World, visibility: str = "public") -> Any:
    """The owner's (single) freelancer profile, with the visibility asked for."""
    from hirehall.profiles import selectors, services
    from hirehall.profiles.tests.factories import png_upload

    if "profile" not in w.objects:
        profile = services.freelancer_profile_ensure(actor=w.owner)
        services.freelancer_profile_update(
            actor=w.owner, profile=profile, title="Matrix freelancer", hourly_rate_cents=5000
        )
        services.freelancer_profile_set_skills(
            actor=w.owner, profile=profile, skills=selectors.skills_by_slugs(["python"])
        )
        services.freelancer_profile_set_photo(
            actor=w.owner, profile=profile, upload=png_upload(size=(32, 32))
        )
        w.objects["profile"] = profile
    profile = w.objects["profile"]
    if profile.visibility != visibility:
        services.freelancer_profile_update(actor=w.owner, profile=profile, visibility=visibility)
    return profile


def _private_file_url(w: World) -> str:
    file = _file(w)
    _profile(w, "private")
    return f"/files/portfolio/{file.pk}/"


def _item(w: World) -> Any:
    if "item" not in w.objects:
        from hirehall.profiles import services

        w.objects["item"] = services.portfolio_item_create(actor=w.owner, profile=_profile(w), title="Case")
    return w.objects["item"]


def _file(w: World) -> Any:
    if "file" not in w.objects:
        from hirehall.profiles import services
        from hirehall.profiles.tests.factories import PDF_BYTES, upload

        w.objects["file"] = services.portfolio_file_add(
            actor=w.owner, item=_item(w), upload=upload("brief.pdf", PDF_BYTES)
        )
    return w.objects["file"]


def _employment(w: World) -> Any:
    from hirehall.profiles import services

    return services.employment_create(
        actor=w.owner, profile=_profile(w), company="Acme", role="Engineer", start_year=2020
    )


def _education(w: World) -> Any:
    from hirehall.profiles import services

    return services.education_create(actor=w.owner, profile=_profile(w), school="TU Delft")


def _list(w: World) -> Any:
    if "list" not in w.objects:
        from hirehall.profiles import services

        w.objects["list"] = services.favourite_list_create(actor=w.owner, name="Shortlist")
        services.favourite_add(actor=w.owner, profile=_profile(w), favourite_list=w.objects["list"])
    return w.objects["list"]


CASES: list[Case] = [
    # --- web: the owner's editor ----------------------------------------------------------------
    Case("GET", "/profile/", ANON_LOGIN),
    Case("GET", "/profile/sections/<slug:name>/", ANON_LOGIN, url="/profile/sections/basics/?edit=1"),
    Case("POST", "/profile/photo/remove/", SIGNED_IN_WEB_POST, note="acts on the caller's own profile"),
    Case("POST", "/profile/video/remove/", SIGNED_IN_WEB_POST, note="acts on the caller's own profile"),
    Case(
        "GET",
        "/profile/portfolio/<int:pk>/",
        OWNER_ONLY_WEB_GET,
        url=lambda w: f"/profile/portfolio/{_item(w).pk}/",
    ),
    Case(
        "POST",
        "/profile/portfolio/<int:pk>/delete/",
        OWNER_ONLY_WEB_POST,
        url=lambda w: f"/profile/portfolio/{_item(w).pk}/delete/",
    ),
    Case(
        "POST",
        "/profile/portfolio/files/<int:pk>/delete/",
        {"anon": 302, "other": 404, "owner": 302, "staff": 404},
        url=lambda w: f"/profile/portfolio/files/{_file(w).pk}/delete/",
    ),
    Case(
        "POST",
        "/profile/employment/<int:pk>/delete/",
        OWNER_ONLY_WEB_POST,
        url=lambda w: f"/profile/employment/{_employment(w).pk}/delete/",
    ),
    Case(
        "POST",
        "/profile/education/<int:pk>/delete/",
        OWNER_ONLY_WEB_POST,
        url=lambda w: f"/profile/education/{_education(w).pk}/delete/",
    ),
    Case("GET", "/rates/guidance/", PUBLIC, url="/rates/guidance/?skill=python"),
    Case("GET", "/skills/suggest/", PUBLIC, url="/skills/suggest/?q=pyth"),
    # --- web: public pages and files ----------------------------------------------------------
    Case("GET", "/freelancers/<int:pk>/", PUBLIC, url=lambda w: f"/freelancers/{_profile(w).pk}/"),
    Case(
        "GET",
        "/freelancers/<int:pk>/",
        HIDDEN,
        url=lambda w: f"/freelancers/{_profile(w, 'private').pk}/",
        note="private profile",
    ),
    Case(
        "GET",
        "/freelancers/<int:pk>/",
        {"anon": 404, "other": 200, "owner": 200, "staff": 200},
        url=lambda w: f"/freelancers/{_profile(w, 'logged_in').pk}/",
        note="logged-in-only profile",
    ),
    Case("GET", "/files/<slug:kind>/<int:pk>/", PUBLIC, url=lambda w: f"/files/photo/{_profile(w).pk}/"),
    Case(
        "GET",
        "/files/<slug:kind>/<int:pk>/",
        HIDDEN,
        url=_private_file_url,
        note="portfolio file on a private profile",
    ),
    Case(
        "GET",
        "/files/<slug:kind>/<int:pk>/<slug:variant>/",
        HIDDEN,
        url=lambda w: f"/files/photo/{_profile(w, 'private').pk}/thumb/",
    ),
    Case("GET", "/talent/", PUBLIC, url="/talent/?q=python"),
    Case("GET", "/favourites/", ANON_LOGIN),
    Case(
        "POST",
        "/favourites/toggle/<int:pk>/",
        SIGNED_IN_WEB_POST,
        url=lambda w: f"/favourites/toggle/{_profile(w).pk}/",
    ),
    Case(
        "POST",
        "/favourites/<int:pk>/delete/",
        OWNER_ONLY_WEB_POST,
        url=lambda w: f"/favourites/{_list(w).pk}/delete/",
    ),
    Case(
        "POST",
        "/favourites/<int:pk>/remove/<int:profile_pk>/",
        OWNER_ONLY_WEB_POST,
        url=lambda w: f"/favourites/{_list(w).pk}/remove/{_profile(w).pk}/",
    ),
    Case("GET", "/clients/<int:pk>/", ANON_LOGIN, url=lambda w: f"/clients/{w.owner.pk}/"),
    Case("GET", "/client-profile/", ANON_LOGIN),
    # --- API ----------------------------------------------------------------------------------
    Case("GET", "/api/v1/skills", API_SIGNED_IN, url="/api/v1/skills?q=js"),
    Case("GET", "/api/v1/skills/categories", API_SIGNED_IN),
    Case("GET", "/api/v1/freelancers", API_SIGNED_IN, url="/api/v1/freelancers?q=python&min_rate=10"),
    Case(
        "GET",
        "/api/v1/freelancers/{freelancer_id}",
        API_SIGNED_IN,
        url=lambda w: f"/api/v1/freelancers/{_profile(w).pk}",
    ),
    Case(
        "GET",
        "/api/v1/freelancers/{freelancer_id}",
        {"anon": 401, "other": 404, "owner": 200, "staff": 200},
        url=lambda w: f"/api/v1/freelancers/{_profile(w, 'private').pk}",
        note="private profile",
    ),
    Case(
        "GET",
        "/api/v1/freelancers/{freelancer_id}/portfolio",
        API_SIGNED_IN,
        url=lambda w: f"/api/v1/freelancers/{_item(w).profile_id}/portfolio",
    ),
    Case("GET", "/api/v1/me/freelancer-profile", API_SIGNED_IN),
    Case("PATCH", "/api/v1/me/freelancer-profile", API_SIGNED_IN, data={"title": "Matrix title"}),
    Case(
        "PUT",
        "/api/v1/me/freelancer-profile/skills",
        API_SIGNED_IN,
        data={"skills": ["python", "django"]},
    ),
    Case(
        "PUT",
        "/api/v1/me/freelancer-profile/languages",
        API_SIGNED_IN,
        data={"languages": [{"code": "en", "level": "fluent"}]},
    ),
    Case("POST", "/api/v1/me/freelancer-profile/photo", API_UPLOAD_WITHOUT_FILE),
    Case("DELETE", "/api/v1/me/freelancer-profile/photo", API_SIGNED_IN),
    Case("POST", "/api/v1/me/freelancer-profile/video", API_UPLOAD_WITHOUT_FILE),
    Case("DELETE", "/api/v1/me/freelancer-profile/video", API_SIGNED_IN),
    Case(
        "POST",
        "/api/v1/me/portfolio",
        API_CREATED,
        data={"title": "Case study", "skills": ["python"]},
    ),
    Case(
        "PATCH",
        "/api/v1/me/portfolio/{item_id}",
        API_OWNER,
        url=lambda w: f"/api/v1/me/portfolio/{_item(w).pk}",
        data={"title": "Renamed"},
    ),
    Case(
        "DELETE",
        "/api/v1/me/portfolio/{item_id}",
        API_OWNER_DELETE,
        url=lambda w: f"/api/v1/me/portfolio/{_item(w).pk}",
    ),
    Case(
        "POST",
        "/api/v1/me/portfolio/{item_id}/files",
        API_UPLOAD_WITHOUT_FILE,
        url=lambda w: f"/api/v1/me/portfolio/{_item(w).pk}/files",
    ),
    Case(
        "DELETE",
        "/api/v1/me/portfolio/{item_id}/files/{file_id}",
        API_OWNER_DELETE,
        url=lambda w: f"/api/v1/me/portfolio/{_file(w).item_id}/files/{_file(w).pk}",
    ),
    Case(
        "POST",
        "/api/v1/me/employment",
        API_CREATED,
        data={"company": "Acme", "role": "Engineer", "start_year": 2019},
    ),
    Case(
        "DELETE",
        "/api/v1/me/employment/{row_id}",
        API_OWNER_DELETE,
        url=lambda w: f"/api/v1/me/employment/{_employment(w).pk}",
    ),
    Case("POST", "/api/v1/me/education", API_CREATED, data={"school": "ETH Zürich"}),
    Case(
        "DELETE",
        "/api/v1/me/education/{row_id}",
        API_OWNER_DELETE,
        url=lambda w: f"/api/v1/me/education/{_education(w).pk}",
    ),
    Case("GET", "/api/v1/clients/{client_id}", API_SIGNED_IN, url=lambda w: f"/api/v1/clients/{w.owner.pk}"),
    Case("PATCH", "/api/v1/me/client-profile", API_SIGNED_IN, data={"company_name": "Matrix Ltd"}),
    Case("GET", "/api/v1/favourites", API_SIGNED_IN),
    Case("POST", "/api/v1/favourites", API_CREATED, data={"name": "Designers"}),
    Case(
        "DELETE",
        "/api/v1/favourites/{list_id}",
        API_OWNER_DELETE,
        url=lambda w: f"/api/v1/favourites/{_list(w).pk}",
    ),
    Case(
        "GET",
        "/api/v1/favourites/{list_id}/freelancers",
        API_OWNER,
        url=lambda w: f"/api/v1/favourites/{_list(w).pk}/freelancers",
    ),
    Case(
        "PUT",
        "/api/v1/favourites/{list_id}/freelancers/{freelancer_id}",
        API_OWNER,
        url=lambda w: f"/api/v1/favourites/{_list(w).pk}/freelancers/{_profile(w).pk}",
    ),
    Case(
        "DELETE",
        "/api/v1/favourites/{list_id}/freelancers/{freelancer_id}",
        API_OWNER_DELETE,
        url=lambda w: f"/api/v1/favourites/{_list(w).pk}/freelancers/{_profile(w).pk}",
    ),
    Case(
        "GET",
        "/api/v1/rates/guidance",
        API_SIGNED_IN,
        url="/api/v1/rates/guidance?skill=python",
    ),
]
