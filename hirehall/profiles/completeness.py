"""Profile completeness: weighted checklist items summing to 100 (badges need 100%, DESIGN §9).

Employment, education and the intro video are optional extras (DESIGN §1) and do not count.
Computed from an already-loaded profile (with its skills, languages and portfolio prefetched), so
showing it costs no queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from hirehall.profiles.models import FreelancerProfile

MIN_OVERVIEW_CHARS = 100
MIN_SKILLS = 3


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    weight: int
    done: bool
    section: str  # which editable section fixes it (the link target in the checklist)


@dataclass(frozen=True)
class Completeness:
    percent: int
    items: list[Item]

    @property
    def missing(self) -> list[Item]:
        return [i for i in self.items if not i.done]

    @property
    def is_complete(self) -> bool:
        return self.percent == 100


def completeness(profile: FreelancerProfile) -> Completeness:
    skills = len(profile.profile_skills.all())
    items = [
        Item("photo", _("Add a profile photo"), 15, bool(profile.photo), "photo"),
        Item("title", _("Write a specialised title"), 10, bool(profile.title.strip()), "basics"),
        Item(
            "overview",
            _("Write an overview of at least %(count)s characters") % {"count": MIN_OVERVIEW_CHARS},
            15,
            len(profile.overview.strip()) >= MIN_OVERVIEW_CHARS,
            "basics",
        ),
        Item("rate", _("Set your hourly rate"), 10, profile.hourly_rate_cents is not None, "rate"),
        Item(
            "skills",
            _("List at least %(count)s skills") % {"count": MIN_SKILLS},
            15,
            skills >= MIN_SKILLS,
            "skills",
        ),
        Item("portfolio", _("Add a portfolio item"), 15, len(profile.portfolio_items.all()) > 0, "portfolio"),
        Item(
            "location",
            _("Set your country and time zone"),
            10,
            bool(profile.country and profile.timezone),
            "location",
        ),
        Item("languages", _("Add the languages you speak"), 5, len(profile.languages.all()) > 0, "languages"),
        Item(
            "availability",
            _("Say how many hours a week you can work"),
            5,
            profile.hours_per_week is not None,
            "availability",
        ),
    ]
    assert sum(i.weight for i in items) == 100  # noqa: S101 - a programming invariant, not input checking
    return Completeness(percent=sum(i.weight for i in items if i.done), items=items)
