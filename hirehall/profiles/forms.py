"""Web forms: they parse input only; rules live in the services."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms

from hirehall.core.forms import MoneyField
from hirehall.profiles.models import CompanySize, LanguageLevel, Visibility
from hirehall.profiles.reference import COUNTRIES, LANGUAGES

COUNTRY_CHOICES = [("", "—"), *COUNTRIES]
LANGUAGE_CHOICES = [("", "—"), *LANGUAGES]
LEVEL_CHOICES = [("", "—"), *LanguageLevel.choices]
TIMEZONE_CHOICES = [("", "—")] + [(tz, tz) for tz in sorted(zoneinfo.available_timezones()) if "/" in tz]
LANGUAGE_ROWS = 5


class BasicsForm(forms.Form):
    title = forms.CharField(
        max_length=120,
        required=False,
        help_text='A specialised title, like "SaaS Content Writer Specializing in SEO".',
    )
    overview = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        required=False,
        help_text="What you do, for whom, and the results you get (at least 100 characters).",
    )


class RateForm(forms.Form):
    hourly_rate = MoneyField(label="Hourly rate (USD)", min_cents=3_00, max_cents=999_00)


class SkillsForm(forms.Form):
    skills = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Up to 15 skills, comma-separated, most important first. Names or aliases (js, k8s) work.",
    )


class LocationForm(forms.Form):
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    timezone = forms.ChoiceField(label="Time zone", choices=TIMEZONE_CHOICES, required=False)


class LanguagesForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, LANGUAGE_ROWS + 1):
            self.fields[f"language_{i}"] = forms.ChoiceField(
                label=f"Language {i}", choices=LANGUAGE_CHOICES, required=False
            )
            self.fields[f"level_{i}"] = forms.ChoiceField(
                label=f"Level {i}", choices=LEVEL_CHOICES, required=False
            )

    def pairs(self) -> list[tuple[str, str]]:
        out = []
        for i in range(1, LANGUAGE_ROWS + 1):
            code, level = self.cleaned_data.get(f"language_{i}"), self.cleaned_data.get(f"level_{i}")
            if code:
                out.append((code, level or LanguageLevel.CONVERSATIONAL))
        return out


class AvailabilityForm(forms.Form):
    hours_per_week = forms.IntegerField(label="Hours per week", min_value=1, max_value=80)
    available_now = forms.BooleanField(label="Available now for new work", required=False)


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(choices=Visibility.choices, widget=forms.RadioSelect)


class PhotoForm(forms.Form):
    photo = forms.FileField(help_text="JPEG, PNG, WebP or GIF up to 5 MB. It is resized and cropped square.")


class VideoForm(forms.Form):
    video = forms.FileField(required=False, help_text="MP4, WebM or QuickTime up to 100 MB.")
    video_url = forms.URLField(
        label="…or a link", required=False, assume_scheme="https", help_text="YouTube, Vimeo or Loom (https)."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("video") and not data.get("video_url"):
            raise forms.ValidationError("Upload a video or give a link.")
        return data


class PortfolioItemForm(forms.Form):
    title = forms.CharField(max_length=120)
    description = forms.CharField(
        label="Case study", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False
    )
    role = forms.CharField(label="Your role", max_length=120, required=False)
    result = forms.CharField(label="Measurable result", max_length=200, required=False)
    link = forms.URLField(max_length=300, required=False, assume_scheme="https")
    skills = forms.CharField(required=False, help_text="Comma-separated skill names.")
    file = forms.FileField(
        label="Image or file", required=False, help_text="Images (10 MB), PDF or Office documents (20 MB)."
    )


class PortfolioFileForm(forms.Form):
    file = forms.FileField()


class EmploymentForm(forms.Form):
    company = forms.CharField(max_length=120)
    role = forms.CharField(max_length=120)
    start_year = forms.IntegerField(min_value=1950, max_value=2100)
    end_year = forms.IntegerField(min_value=1950, max_value=2100, required=False, help_text="Empty: current")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False)


class EducationForm(forms.Form):
    school = forms.CharField(max_length=150)
    degree = forms.CharField(max_length=120, required=False)
    field_of_study = forms.CharField(max_length=120, required=False)
    start_year = forms.IntegerField(min_value=1950, max_value=2100, required=False)
    end_year = forms.IntegerField(min_value=1950, max_value=2100, required=False)


class ClientProfileForm(forms.Form):
    company_name = forms.CharField(max_length=150, required=False)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=3000, required=False)
    size = forms.ChoiceField(choices=[("", "—"), *CompanySize.choices], required=False)
    industry = forms.CharField(max_length=100, required=False)
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    website = forms.URLField(max_length=300, required=False, assume_scheme="https")


class FavouriteListForm(forms.Form):
    name = forms.CharField(max_length=80)


SORT_CHOICES = [
    ("relevance", "Best match"),
    ("rate_asc", "Hourly rate: low to high"),
    ("rate_desc", "Hourly rate: high to low"),
    ("rating", "Rating"),
]


class TalentSearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    skills = forms.CharField(required=False, help_text="Comma-separated skill names or slugs")
    category = forms.CharField(required=False)
    min_rate = MoneyField(label="Min $/h", required=False)
    max_rate = MoneyField(label="Max $/h", required=False)
    country = forms.ChoiceField(choices=COUNTRY_CHOICES, required=False)
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False)
    availability = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("now", "Available now"),
            ("full_time", "30+ h/week"),
            ("part_time", "< 30 h/week"),
        ],
        required=False,
    )
    min_jss = forms.IntegerField(label="Job Success ≥", required=False, min_value=0, max_value=100)
    badge = forms.ChoiceField(
        choices=[
            ("", "Any"),
            ("rising-talent", "Rising Talent"),
            ("top-rated", "Top Rated"),
            ("top-rated-plus", "Top Rated Plus"),
            ("expert-vetted", "Expert-Vetted"),
        ],
        required=False,
    )
    min_earnings = forms.IntegerField(label="Earned at least ($)", required=False, min_value=0)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=500)
