"""Web pages: parse → authorise through a selector → one service → render. No rules here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hirehall.accounts.models import User
from hirehall.core import uploads
from hirehall.core.errors import DomainError
from hirehall.core.files import serve_private_file
from hirehall.core.money import cents_to_decimal_str
from hirehall.core.web import refusals, refusals_redirect_back, request_user
from hirehall.profiles import forms as f
from hirehall.profiles import guidance, selectors, services, sources
from hirehall.profiles.completeness import completeness
from hirehall.profiles.models import FreelancerProfile, LanguageLevel
from hirehall.profiles.reference import COUNTRY_LABELS, LANGUAGE_LABELS

# The core policy (core.web): a refusal is a message on the page the person came from.
web_errors = refusals_redirect_back("profile_edit")


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- the profile editor ----------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    title: str | Promise
    form: type[forms.Form] | None
    initial: Callable[[FreelancerProfile], dict[str, Any]]
    save: Callable[[User, FreelancerProfile, Any, HttpRequest], None]
    adds: bool = False  # the form adds a row (portfolio, employment) instead of editing fields


def _save_basics(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    services.freelancer_profile_update(actor=actor, profile=profile, **form.cleaned_data)


def _save_rate(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    services.freelancer_profile_update(
        actor=actor, profile=profile, hourly_rate_cents=form.cleaned_data["hourly_rate"]
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _save_skills(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    skills = selectors.skills_resolve(_split(form.cleaned_data["skills"]))
    services.freelancer_profile_set_skills(actor=actor, profile=profile, skills=skills)


def _save_languages(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    services.freelancer_profile_set_languages(actor=actor, profile=profile, languages=form.pairs())


def _save_fields(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    services.freelancer_profile_update(actor=actor, profile=profile, **form.cleaned_data)


def _save_photo(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    services.freelancer_profile_set_photo(actor=actor, profile=profile, upload=form.cleaned_data["photo"])


def _save_video(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    if form.cleaned_data.get("video"):
        services.freelancer_profile_set_video(actor=actor, profile=profile, upload=form.cleaned_data["video"])
    else:
        services.freelancer_profile_update(
            actor=actor, profile=profile, video_url=form.cleaned_data["video_url"]
        )


def _save_portfolio(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    data = dict(form.cleaned_data)
    upload = data.pop("file", None)
    skills = selectors.skills_resolve(_split(data.pop("skills", "")))
    # Check the file before creating the item, so a rejected file leaves no half-made item.
    if upload is not None and not uploads.is_image(upload):
        uploads.sniff_document(upload)
    item = services.portfolio_item_create(actor=actor, profile=profile, skills=skills, **data)
    if upload is not None:
        services.portfolio_file_add(actor=actor, item=item, upload=upload)


def _save_employment(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    services.employment_create(actor=actor, profile=profile, **form.cleaned_data)


def _save_education(actor: User, profile: FreelancerProfile, form: Any, request: HttpRequest) -> None:
    services.education_create(actor=actor, profile=profile, **form.cleaned_data)


def _languages_initial(profile: FreelancerProfile) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for i, lang in enumerate(profile.languages.all()[: f.LANGUAGE_ROWS], start=1):
        initial[f"language_{i}"] = lang.language
        initial[f"level_{i}"] = lang.level
    return initial


def _no_initial(profile: FreelancerProfile) -> dict[str, Any]:
    return {}


SECTIONS: dict[str, Section] = {
    "photo": Section(gettext_lazy("Photo"), f.PhotoForm, _no_initial, _save_photo),
    "basics": Section(
        gettext_lazy("Title and overview"),
        f.BasicsForm,
        lambda p: {"title": p.title, "overview": p.overview},
        _save_basics,
    ),
    "rate": Section(
        gettext_lazy("Hourly rate"),
        f.RateForm,
        lambda p: {"hourly_rate": cents_to_decimal_str(p.hourly_rate_cents or None)},
        _save_rate,
    ),
    "skills": Section(
        gettext_lazy("Skills"),
        f.SkillsForm,
        lambda p: {"skills": ", ".join(ps.skill.name for ps in p.profile_skills.all())},
        _save_skills,
    ),
    "location": Section(
        gettext_lazy("Location"),
        f.LocationForm,
        lambda p: {"country": p.country, "timezone": p.timezone},
        _save_fields,
    ),
    "languages": Section(gettext_lazy("Languages"), f.LanguagesForm, _languages_initial, _save_languages),
    "availability": Section(
        gettext_lazy("Availability"),
        f.AvailabilityForm,
        lambda p: {"hours_per_week": p.hours_per_week, "available_now": p.available_now},
        _save_fields,
    ),
    "visibility": Section(
        gettext_lazy("Visibility"), f.VisibilityForm, lambda p: {"visibility": p.visibility}, _save_fields
    ),
    "video": Section(
        gettext_lazy("Intro video"), f.VideoForm, lambda p: {"video_url": p.video_url}, _save_video
    ),
    "portfolio": Section(
        gettext_lazy("Portfolio"), f.PortfolioItemForm, _no_initial, _save_portfolio, adds=True
    ),
    "employment": Section(
        gettext_lazy("Employment history"), f.EmploymentForm, _no_initial, _save_employment, adds=True
    ),
    "education": Section(gettext_lazy("Education"), f.EducationForm, _no_initial, _save_education, adds=True),
}


def _own_profile(request: HttpRequest) -> FreelancerProfile:
    user = request_user(request)
    services.freelancer_profile_ensure(actor=user)
    profile = selectors.own_freelancer_profile(user)
    if profile is None:  # just ensured; only a concurrent account deletion gets here
        raise Http404
    return profile


def _guidance_for(profile: FreelancerProfile) -> list[guidance.Guidance]:
    skills = [ps.skill for ps in profile.profile_skills.all()][:3]
    return [guidance.rate_guidance(skill=selectors.skill_get(s.slug)) for s in skills]


def _section_context(profile: FreelancerProfile, name: str, form: forms.Form | None = None) -> dict[str, Any]:
    section = SECTIONS[name]
    context: dict[str, Any] = {
        "name": name,
        "section": section,
        "profile": profile,
        "form": form,
        "editing": form is not None,
    }
    if name == "rate":
        context["guidance"] = _guidance_for(profile)
        context["basis_labels"] = guidance.BASIS_LABELS
    return context


def _profile_context(profile: FreelancerProfile) -> dict[str, Any]:
    return {
        "profile": profile,
        "completeness": completeness(profile),
        "country_names": COUNTRY_LABELS,
        "language_names": LANGUAGE_LABELS,
        "level_labels": dict(LanguageLevel.choices),
    }


@login_required
@web_errors
def profile_edit(request: HttpRequest) -> HttpResponse:
    try:
        profile = _own_profile(request)
    except DomainError as exc:
        if exc.code != "role_required":
            raise
        messages.info(request, exc.detail)
        return redirect("account_settings")
    sections = [_section_context(profile, name) for name in SECTIONS]
    return render(request, "profiles/edit.html", {**_profile_context(profile), "sections": sections})


@login_required
@web_errors
def profile_section(request: HttpRequest, name: str) -> HttpResponse:
    if name not in SECTIONS:
        raise Http404
    section = SECTIONS[name]
    profile = _own_profile(request)
    if request.method == "GET":
        form = None
        if request.GET.get("edit") and section.form is not None:
            form = section.form(initial=section.initial(profile))
        return _render_section(request, profile, name, form)
    if request.method != "POST" or section.form is None:
        return HttpResponse(status=405)
    form = section.form(request.POST, request.FILES)
    if form.is_valid():
        with refusals(request, form=form):
            section.save(request_user(request), profile, form, request)
    if form.errors:
        return _render_section(request, profile, name, form, status=422)
    if not _is_htmx(request):
        messages.success(request, _("%(section)s saved.") % {"section": section.title})
        return redirect(reverse("profile_edit") + f"#section-{name}")
    fresh = selectors.own_freelancer_profile(request_user(request)) or profile
    return _render_section(request, fresh, name, None, oob_completeness=True)


def _render_section(
    request: HttpRequest,
    profile: FreelancerProfile,
    name: str,
    form: forms.Form | None,
    *,
    status: int = 200,
    oob_completeness: bool = False,
) -> HttpResponse:
    context = {**_profile_context(profile), **_section_context(profile, name, form), "oob": oob_completeness}
    if not _is_htmx(request):
        sections = [_section_context(profile, n, form if n == name else None) for n in SECTIONS]
        return render(request, "profiles/edit.html", {**context, "sections": sections}, status=status)
    return render(request, "profiles/partials/section_response.html", context, status=status)


def _after_change(request: HttpRequest, name: str, message: str) -> HttpResponse:
    if _is_htmx(request):
        profile = selectors.own_freelancer_profile(request_user(request))
        if profile is None:
            raise Http404
        return _render_section(request, profile, name, None, oob_completeness=True)
    messages.success(request, message)
    return redirect(reverse("profile_edit") + f"#section-{name}")


@login_required
@require_POST
@web_errors
def photo_remove(request: HttpRequest) -> HttpResponse:
    services.freelancer_profile_remove_photo(actor=request_user(request), profile=_own_profile(request))
    return _after_change(request, "photo", _("Photo removed."))


@login_required
@require_POST
@web_errors
def video_remove(request: HttpRequest) -> HttpResponse:
    services.freelancer_profile_remove_video(actor=request_user(request), profile=_own_profile(request))
    return _after_change(request, "video", _("Intro video removed."))


@login_required
@web_errors
def portfolio_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    item = selectors.owned_portfolio_item_get_for(user, pk)
    initial = {
        "title": item.title,
        "description": item.description,
        "role": item.role,
        "result": item.result,
        "link": item.link,
        "skills": ", ".join(s.name for s in item.skills.all()),
    }
    form = f.PortfolioItemForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("file", None)
            with refusals(request, form=form):
                skills = selectors.skills_resolve(_split(data.pop("skills", "")))
                services.portfolio_item_update(actor=user, item=item, skills=skills, **data)
                if upload is not None:
                    services.portfolio_file_add(actor=user, item=item, upload=upload)
                messages.success(request, _("Portfolio item saved."))
                return redirect(reverse("profile_edit") + "#section-portfolio")
        status = 422
    return render(request, "profiles/portfolio_edit.html", {"item": item, "form": form}, status=status)


@login_required
@require_POST
@web_errors
def portfolio_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    services.portfolio_item_delete(actor=user, item=selectors.owned_portfolio_item_get_for(user, pk))
    return _after_change(request, "portfolio", _("Portfolio item deleted."))


@login_required
@require_POST
@web_errors
def portfolio_file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    file = selectors.portfolio_file_get_for(user, pk)
    services.portfolio_file_delete(actor=user, file=file)
    return _after_change(request, "portfolio", _("File removed."))


@login_required
@require_POST
@web_errors
def employment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    services.employment_delete(actor=user, employment=selectors.owned_employment_get_for(user, pk))
    return _after_change(request, "employment", _("Employment entry removed."))


@login_required
@require_POST
@web_errors
def education_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    services.education_delete(actor=user, education=selectors.owned_education_get_for(user, pk))
    return _after_change(request, "education", _("Education entry removed."))


SUGGESTIONS = 10


@require_GET
def skills_suggest(request: HttpRequest) -> HttpResponse:
    """htmx, public: the skills matching what is typed in a picker (`?q=` or the picker's `?<field>_q=`),
    those of the form's chosen category first. Two queries whatever the taxonomy's size."""
    typed = request.GET.get("q") or next((request.GET[k] for k in request.GET if k.endswith("_q")), "")
    q = str(typed).strip()[:60]
    skills: list[Any] = []
    if q:
        qs = selectors.skills_list(q=q)
        category = request.GET.get("category", "").strip()[:60]
        if category:
            qs = qs.annotate(
                other_category=Case(When(category__slug=category, then=Value(0)), default=Value(1))
            ).order_by("other_category", "name")
        else:
            qs = qs.order_by("name")
        skills = list(qs[:SUGGESTIONS])
    return render(request, "profiles/partials/skill_options.html", {"skills": skills, "q": q})


@require_GET
@web_errors
def rate_guidance_partial(request: HttpRequest) -> HttpResponse:
    """htmx: guidance for any skill typed on the rate form (?skill=<slug> or ?category=<slug>)."""
    if request.GET.get("skill"):
        result = guidance.rate_guidance(skill=selectors.skill_get(request.GET["skill"]))
    elif request.GET.get("category"):
        result = guidance.rate_guidance(category=selectors.category_get(request.GET["category"]))
    else:
        raise Http404
    return render(
        request,
        "profiles/partials/guidance.html",
        {"guidance": [result], "basis_labels": guidance.BASIS_LABELS},
    )


# --- public pages ---------------------------------------------------------------------------


@require_GET
@web_errors
def freelancer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.freelancer_profile_get_for(request.user, pk)
    reputation = sources.reputation_for([profile.user_id])[profile.user_id]
    is_owner = request.user.is_authenticated and profile.user_id == request.user.pk
    context = {
        **_profile_context(profile),
        "reputation": reputation,
        "history": sources.work_history_for(profile.user_id, "freelancer"),
        "badge_labels": sources.BADGE_LABELS,
        "is_owner": is_owner,
        "favourited": profile.pk in selectors.favourited_profile_ids(request.user, [profile.pk]),
        "can_favourite": request.user.is_authenticated
        and getattr(request.user, "is_client", False)
        and not is_owner,
    }
    return render(request, "profiles/detail.html", context)


@require_GET
@web_errors
def profile_file(request: HttpRequest, kind: str, pk: int, variant: str = "") -> HttpResponseBase:
    """Uploaded files, each served only to whoever may see the profile it belongs to."""
    download_name = ""  # a photo or video goes out under its server-chosen name
    if kind in ("photo", "video"):
        profile = selectors.freelancer_profile_get_for(request.user, pk)
        if kind == "photo":
            path, content_type = (profile.photo_thumb if variant == "thumb" else profile.photo), "image/jpeg"
        else:
            path, content_type = profile.video, profile.video_content_type
    elif kind == "portfolio":
        file = selectors.portfolio_file_get_for(request.user, pk)
        path = file.thumb_path if variant == "thumb" else file.path
        content_type = "image/jpeg" if variant == "thumb" else file.content_type
        if file.kind == file.Kind.FILE:
            download_name = file.original_name
    else:
        raise Http404
    return serve_private_file(path, content_type=content_type, filename=download_name)


# --- talent search and favourites -----------------------------------------------------------

PAGE_SIZE = 20


def talent_query_from(form: f.TalentSearchForm) -> selectors.TalentQuery:
    data = form.cleaned_data

    skills = tuple(s.slug for s in selectors.skills_resolve(_split(data.get("skills") or "")))
    page = data.get("page") or 1
    return selectors.TalentQuery(
        q=data.get("q") or "",
        skills=skills,
        category=data.get("category") or "",
        min_rate_cents=data.get("min_rate"),
        max_rate_cents=data.get("max_rate"),
        countries=(data["country"],) if data.get("country") else (),
        languages=(data["language"],) if data.get("language") else (),
        availability=data.get("availability") or "",
        min_jss=data.get("min_jss"),
        badges=(data["badge"],) if data.get("badge") else (),
        min_earnings_cents=data["min_earnings"] * 100 if data.get("min_earnings") is not None else None,
        sort=data.get("sort") or "relevance",
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )


@require_GET
def talent_search(request: HttpRequest) -> HttpResponse:
    form = f.TalentSearchForm(request.GET or None)
    page = None
    error = ""
    if form.is_bound and not form.is_valid():
        error = "Check the search filters."
    else:
        if not form.is_bound:
            form = f.TalentSearchForm({})
            form.is_valid()
        try:
            page = selectors.talent_search(request.user, talent_query_from(form))
        except DomainError as exc:
            error = exc.detail
    current_page = (form.cleaned_data.get("page") or 1) if hasattr(form, "cleaned_data") else 1
    context = {
        "form": form,
        "page": page,
        "error": error,
        "current_page": current_page,
        "favourited": selectors.favourited_profile_ids(request.user, [p.pk for p in page.profiles])
        if page
        else set(),
        "can_favourite": request.user.is_authenticated and getattr(request.user, "is_client", False),
        "categories": selectors.categories_tree(),
        "country_names": COUNTRY_LABELS,
        "language_names": LANGUAGE_LABELS,
        "badge_labels": sources.BADGE_LABELS,
        "query_string": _without_page(request),
    }
    template = "profiles/partials/search_results.html" if _is_htmx(request) else "profiles/search.html"
    return render(request, template, context, status=422 if error else 200)


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_POST
@web_errors
def favourite_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    profile = selectors.freelancer_profile_get_for(user, pk)
    if profile.pk in selectors.favourited_profile_ids(user, [profile.pk]):
        services.favourite_remove(actor=user, profile=profile)
        saved = False
    else:
        services.favourite_add(actor=user, profile=profile)
        saved = True
    if _is_htmx(request):
        return render(
            request,
            "profiles/partials/favourite_button.html",
            {"p": profile, "saved": saved, "can_favourite": True},
        )
    messages.success(request, _("Saved to your favourites.") if saved else _("Removed from your favourites."))
    return redirect("freelancer_detail", pk=profile.pk)


@login_required
@web_errors
def favourites(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not user.is_client:
        raise PermissionDenied("Favourites lists are for clients.")
    form = f.FavouriteListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals(request, form=form):
            services.favourite_list_create(actor=user, name=form.cleaned_data["name"])
            return redirect("favourites")
    lists = list(selectors.favourite_lists_for(user))
    entries = {fl.pk: list(selectors.favourite_entries(user, fl)) for fl in lists}
    return render(request, "profiles/favourites.html", {"lists": lists, "entries": entries, "form": form})


@login_required
@require_POST
@web_errors
def favourite_list_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    services.favourite_list_delete(actor=user, favourite_list=selectors.favourite_list_get_for(user, pk))
    messages.success(request, _("List deleted."))
    return redirect("favourites")


@login_required
@require_POST
@web_errors
def favourite_entry_remove(request: HttpRequest, pk: int, profile_pk: int) -> HttpResponse:
    user = request_user(request)
    favourite_list = selectors.favourite_list_get_for(user, pk)
    profile = selectors.freelancer_profile_get_for(user, profile_pk)
    services.favourite_remove(actor=user, profile=profile, favourite_list=favourite_list)
    return redirect("favourites")


# --- client pages ---------------------------------------------------------------------------


@login_required
@web_errors
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.client_profile_get_for(request.user, pk)
    stats = selectors.client_stats_for(profile.user)
    return render(
        request,
        "profiles/client_detail.html",
        {
            "client": profile,
            "stats": stats,
            "history": sources.work_history_for(profile.user_id, "client"),
            "country_names": COUNTRY_LABELS,
            "is_owner": profile.user_id == request.user.pk,
        },
    )


@login_required
@web_errors
def client_profile_edit(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    profile = services.client_profile_ensure(actor=user)
    initial = {name: getattr(profile, name) for name in services.CLIENT_FIELDS}
    form = f.ClientProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusals(request, form=form):
                services.client_profile_update(actor=user, profile=profile, **form.cleaned_data)
                messages.success(request, _("Company page saved."))
                return redirect("client_detail", pk=user.pk)
        status = 422
    return render(request, "profiles/client_edit.html", {"form": form, "client": profile}, status=status)
