from __future__ import annotations

import pytest

from hirehall.core.errors import DomainError
from hirehall.profiles.models import Category, Skill, SkillAlias
from hirehall.profiles.selectors import skills_by_slugs

pytestmark = pytest.mark.django_db


def test_migration_seeds_a_realistic_taxonomy():
    assert Category.objects.count() >= 12
    assert Skill.objects.count() >= 300
    assert SkillAlias.objects.get(alias="js").skill.name == "JavaScript"
    assert SkillAlias.objects.get(alias="k8s").skill.slug == "kubernetes"
    # Slugs keep look-alike names apart.
    assert {s.slug for s in Skill.objects.filter(name__in=["C", "C#", "C++", ".NET"])} == {
        "c",
        "c-sharp",
        "c-plus-plus",
        "dotnet",
    }
    # The denormalised category always matches the subcategory's.
    assert not Skill.objects.exclude(category=models_f("subcategory__category")).exists()


def models_f(name):
    from django.db.models import F

    return F(name)


def test_skills_by_slugs_keeps_order_and_names_unknown():
    skills = skills_by_slugs(["python", "django", "python"])
    assert [s.slug for s in skills] == ["python", "django"]
    with pytest.raises(DomainError) as exc:
        skills_by_slugs(["python", "no-such-skill"])
    assert "no-such-skill" in exc.value.detail


def test_api_skills_finds_by_alias_and_category(api_client):
    response = api_client.get("/api/v1/skills", {"q": "js"})
    assert response.status_code == 200
    names = {item["name"] for item in response.json()["items"]}
    assert "JavaScript" in names and "Node.js" in names
    item = next(i for i in response.json()["items"] if i["name"] == "JavaScript")
    assert item["category"]["slug"] == "web-mobile-software-development"
    assert "js" in item["aliases"] and isinstance(item["id"], str)

    response = api_client.get("/api/v1/skills", {"category": "legal", "limit": 100})
    slugs = {i["slug"] for i in response.json()["items"]}
    assert "trademark-registration" in slugs and "python" not in slugs


def test_api_skills_paginates_with_a_cursor(api_client):
    first = api_client.get("/api/v1/skills", {"limit": 100}).json()
    assert len(first["items"]) == 100 and first["next"]
    second = api_client.get("/api/v1/skills", {"limit": 100, "cursor": first["next"]}).json()
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_api_categories_tree(api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/skills/categories")
    tree = response.json()
    assert len(tree) >= 12 and all(c["subcategories"] for c in tree)


def test_api_skills_requires_authentication(client, db):
    response = client.get("/api/v1/skills")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
