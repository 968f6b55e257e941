from __future__ import annotations

import pytest
from django.core.management import call_command

from hirehall.accounts.models import User
from hirehall.profiles.completeness import completeness
from hirehall.profiles.guidance import rate_guidance
from hirehall.profiles.models import ClientProfile, FreelancerProfile
from hirehall.profiles.selectors import TalentQuery, own_freelancer_profile, skill_get, talent_search

pytestmark = pytest.mark.django_db


def test_demo_seed_fills_profiles_and_is_idempotent():
    call_command("seed_demo", stdout=None)
    count = FreelancerProfile.objects.count()
    assert count >= 55
    call_command("seed_demo", stdout=None)
    assert FreelancerProfile.objects.count() == count

    demo = own_freelancer_profile(User.objects.get(email="freelancer@hirehall.test"))
    assert demo is not None and completeness(demo).percent == 100

    page = talent_search(None, TalentQuery(q="python"))
    assert page.total >= 20 and "python" in dict(page.facets["skill"])
    assert talent_search(None, TalentQuery(q="react", countries=("PT",))).total == 1
    python = rate_guidance(skill=skill_get("python"))
    assert python.basis == "profiles" and python.sample_size >= 20 and python.p50 is not None
    assert rate_guidance(skill=skill_get("flask")).basis == "category_profiles"
    assert ClientProfile.objects.get(user__email="acme@hirehall.test").payment_verified
