"""Web forms: they parse input only; rules live in the services."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hirehall.core.forms import MoneyField
from hirehall.profiles.models import CompanySize, LanguageLevel, Visibility
from hirehall.profiles.reference import COUNTRY_LABELS, LANGUAGE_LABELS
from hirehall.profiles.widgets import SkillPicker


def COUNTRY_CHOICES() -> list[tuple[str, str]]:
    """Evaluated when a form renders, so the names are in the reader's language."""
    return [("", "—"), *COUNTRY_LABELS.choices()]


def LANGUAGE_CHOICES() -> list[tuple[str, str]]:
    return [("", "—"), *LANGUAGE_LABELS.choices()]


LEVEL_CHOICES = [("", "—"), *LanguageLevel.choices]
TIMEZONE_CHOICES = [("", "—")] + [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz]
LANGUAGE_ROWS = 5


class BasicsForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        required=False,
        help_text=_('A specialised title, like "SaaS Content Writer Specializing in SEO".'),
    )
    overview = forms.CharField(
        label=_("Overview"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        required=False,
        help_text=_("What you do, for whom, and the results you get (at least 100 characters)."),
    )


class RateForm(forms.Form):
    hourly_rate = MoneyField(label=_("Hourly rate (USD)"), min_cents=3_00, max_cents=999_00)


class SkillsForm(forms.Form):
    skills = forms.CharField(
        label=_("Skills"),
        widget=SkillPicker(limit=15),
        required=False,
        help_text=_("Most important first."),
    )


class LocationForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, required=False)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIMEZONE_CHOICES, required=False)


class LanguagesForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, LANGUAGE_ROWS + 1):
            self.fields[f"language_{i}"] = forms.ChoiceField(
                label=_("Language %(number)s") % {"number": i}, choices=LANGUAGE_CHOICES, required=False
            )
            self.fields[f"level_{i}"] = forms.ChoiceField(
                label=_("Level %(number)s") % {"number": i}, choices=LEVEL_CHOICES, required=False
            )

    def pairs(self) -> list[tuple[str, str]]:
        out = []
        for i in range(1, LANGUAGE_ROWS + 1):
            code, level = self.cleaned_data.get(f"language_{i}"), self.cleaned_data.get(f"level_{i}")
            if code:
                out.append((code, level or LanguageLevel.CONVERSATIONAL))
        return out


class AvailabilityForm(forms.Form):
    hours_per_week = forms.IntegerField(label=_("Hours per week"), min_value=1, max_value=80)
    available_now = forms.BooleanField(label=_("Available now for new work"), required=False)


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Visibility.choices, widget=forms.RadioSelect
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"), help_text=_("JPEG, PNG, WebP or GIF up to 5 MB. It is resized and cropped square.")
    )


class VideoForm(forms.Form):
    video = forms.FileField(
        label=_("Video"), required=False, help_text=_("MP4, WebM or QuickTime up to 100 MB.")
    )
    video_url = forms.URLField(
        label=_("…or a link"),
        required=False,
        assume_scheme="https",
        help_text=_("YouTube, Vimeo or Loom (https)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("video") and not data.get("video_url"):
            raise forms.ValidationError(_("Upload a video or give a link."))
        return data


class PortfolioItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Case study"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False
    )
    role = forms.CharField(label=_("Your role"), max_length=120, required=False)
    result = forms.CharField(label=_("Measurable result"), max_length=200, required=False)
    link = forms.URLField(label=_("Link"), max_length=300, required=False, assume_scheme="https")
    skills = forms.CharField(label=_("Skills"), required=False, widget=SkillPicker(limit=10))
    file = forms.FileField(
        label=_("Image or file"),
        required=False,
        help_text=_("Images (10 MB), PDF or Office documents (20 MB)."),
    )


class PortfolioFileForm(forms.Form):
    file = forms.FileField(label=_("File"))


class EmploymentForm(forms.Form):
    company = forms.CharField(label=_("Company"), max_length=120)
    role = forms.CharField(label=_("Role"), max_length=120)
    start_year = forms.IntegerField(label=_("Start year"), min_value=1950, max_value=2100)
    end_year = forms.IntegerField(
        label=_("End year"), min_value=1950, max_value=2100, required=False, help_text=_("Empty: current")
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class EducationForm(forms.Form):
    school = forms.CharField(label=_("School"), max_length=150)
    degree = forms.CharField(label=_("Degree"), max_length=120, required=False)
    field_of_study = forms.CharField(label=_("Field of study"), max_length=120, required=False)
    start_year = forms.IntegerField(label=_("Start year"), min_value=1950, max_value=2100, required=False)
    end_year = forms.IntegerField(label=_("End year"), min_value=1950, max_value=2100, required=False)


class ClientProfileForm(forms.Form):
    company_name = forms.CharField(label=_("Company name"), max_length=150, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), max_length=3000, required=False
    )
    size = forms.ChoiceField(label=_("Size"), choices=[("", "—"), *CompanySize.choices], required=False)
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, required=False)
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")


class FavouriteListForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)


SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("rate_asc", _("Hourly rate: low to high")),
    ("rate_desc", _("Hourly rate: high to low")),
    ("rating", _("Rating")),
    ("job_success", _("Job Success Score")),
    ("earnings", _("Total earned")),
]


class TalentSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    skills = forms.CharField(
        label=_("Skills"), required=False, widget=SkillPicker(limit=10, category_field="category")
    )
    category = forms.CharField(label=_("Category"), required=False)
    min_rate = MoneyField(label=_("Min $/h"), required=False)
    max_rate = MoneyField(label=_("Max $/h"), required=False)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, required=False)
    availability = forms.ChoiceField(
        label=_("Availability"),
        choices=[
            ("", _("Any")),
            ("now", _("Available now")),
            ("full_time", _("30+ h/week")),
            ("part_time", _("< 30 h/week")),
        ],
        required=False,
    )
    min_jss = forms.IntegerField(label=_("Job Success ≥"), required=False, min_value=0, max_value=100)
    badge = forms.ChoiceField(
        label=_("Badge"),
        choices=[
            ("", _("Any")),
            ("rising-talent", _("Rising Talent")),
            ("top-rated", _("Top Rated")),
            ("top-rated-plus", _("Top Rated Plus")),
            ("expert-vetted", _("Expert-Vetted")),
        ],
        required=False,
    )
    min_earnings = forms.IntegerField(label=_("Earned at least ($)"), required=False, min_value=0)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=500)
