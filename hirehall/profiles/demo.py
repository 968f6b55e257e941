"""Demo profiles for `make run`: the demo freelancers filled in richly, ~50 generated freelancers
so talent search and rate guidance have something real to show, client company pages, favourites.

Idempotent: a profile that exists is left alone (the person may have edited it), users are keyed
by email. Runs inside `seed_demo`'s transaction, so it writes rows directly (the durable use-case
services refuse to nest) with the same validated values, then updates the search index itself.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from hirehall.accounts.models import User
from hirehall.core import uploads
from hirehall.profiles import search_index
from hirehall.profiles.models import (
    ClientProfile,
    Education,
    Employment,
    FavouriteEntry,
    FavouriteList,
    FreelancerProfile,
    PortfolioItem,
    ProfileLanguage,
    ProfileSkill,
    Skill,
)

DEMO_PASSWORD = "hirehall-demo"  # noqa: S105 - the published demo password (README)


@dataclass
class Spec:
    title: str
    overview: str
    rate: int  # cents
    skills: list[str]
    country: str
    timezone: str
    languages: list[tuple[str, str]]
    hours: int
    available_now: bool = True
    portfolio: list[dict[str, str]] = field(default_factory=list)
    skills_by_item: list[list[str]] = field(default_factory=list)
    employment: list[tuple[str, str, int, int | None]] = field(default_factory=list)
    education: list[tuple[str, str, str, int | None, int | None]] = field(default_factory=list)


NAMED: dict[str, Spec] = {
    "freelancer@hirehall.test": Spec(
        title="Full-Stack Django & React Developer for SaaS Products",
        overview=(
            "I help early-stage SaaS teams ship: Django REST backends, PostgreSQL schemas that stay fast, "
            "and React front ends people enjoy using. Nine years of product work, four of them remote. "
            "I write tests first, deploy small and often, and explain trade-offs in plain words."
        ),
        rate=6500,
        skills=["django", "python", "react", "postgresql", "typescript", "docker"],
        country="PT",
        timezone="Europe/Lisbon",
        languages=[("en", "fluent"), ("pt", "native")],
        hours=35,
        portfolio=[
            {
                "title": "Subscription billing for a fitness SaaS",
                "role": "Lead developer",
                "result": "Churn from failed payments down 38% in 3 months",
                "description": "Rebuilt billing on Stripe webhooks: idempotent handlers, dunning emails.",
            },
            {
                "title": "Inventory dashboard",
                "role": "Full-stack developer",
                "result": "Warehouse stock-outs down from 12 to 2 a month",
                "description": "React + Django dashboard with live stock levels and reorder suggestions.",
            },
        ],
        skills_by_item=[["django", "python"], ["react", "typescript"]],
        employment=[
            ("Shopwise", "Senior Software Engineer", 2018, 2022),
            ("Freelance", "Consultant", 2022, None),
        ],
        education=[("Universidade de Lisboa", "BSc", "Computer Science", 2011, 2014)],
    ),
    "dev@hirehall.test": Spec(
        title="Senior Python Backend Engineer (APIs, Data Pipelines)",
        overview=(
            "Backend engineer specialising in Python APIs and data pipelines. FastAPI, Django, Celery, "
            "Airflow and PostgreSQL on AWS. I have migrated two monoliths to services without downtime and "
            "cut a nightly ETL from 6 hours to 40 minutes."
        ),
        rate=8500,
        skills=["python", "fastapi", "django", "apache-airflow", "postgresql", "amazon-web-services"],
        country="IN",
        timezone="Asia/Kolkata",
        languages=[("en", "fluent"), ("hi", "native")],
        hours=40,
        portfolio=[
            {
                "title": "Nightly ETL rewrite",
                "role": "Data engineer",
                "result": "Runtime from 6 h to 40 min; cloud bill down 55%",
                "description": "Moved pandas scripts to incremental Airflow DAGs with dbt models.",
            }
        ],
        skills_by_item=[["apache-airflow", "python"]],
        employment=[("Infosys", "Software Engineer", 2015, 2019)],
        education=[("IIT Bombay", "BTech", "Electrical Engineering", 2011, 2015)],
    ),
    "writer@hirehall.test": Spec(
        title="SaaS Content Writer Specializing in SEO",
        overview=(
            "I write long-form articles, landing pages and newsletters for B2B software companies. Every "
            "piece starts from keyword research and ends with a brief your team can reuse. Clients' blogs "
            "I have written for rank on page one for 120+ keywords."
        ),
        rate=4500,
        skills=[
            "content-writing",
            "seo-writing",
            "search-engine-optimization",
            "copywriting",
            "blog-writing",
        ],
        country="GB",
        timezone="Europe/London",
        languages=[("en", "native"), ("fr", "conversational")],
        hours=25,
        portfolio=[
            {
                "title": "Pillar page for a CRM startup",
                "role": "Writer and SEO lead",
                "result": "Organic sign-ups up 3x in 6 months",
                "description": "A 6,000-word guide with 14 supporting articles and an internal-link plan.",
            }
        ],
        skills_by_item=[["seo-writing", "content-writing"]],
        education=[("University of Leeds", "BA", "English Literature", 2012, 2015)],
    ),
    "designer@hirehall.test": Spec(
        title="Brand Identity & UI Designer for Startups",
        overview=(
            "Logos, brand systems and product UI in Figma. I run a short discovery workshop, deliver three "
            "directions, and hand over a design system your developers can actually use."
        ),
        rate=5500,
        skills=["brand-identity-design", "logo-design", "figma", "ui-design", "ux-design"],
        country="ES",
        timezone="Europe/Madrid",
        languages=[("es", "native"), ("en", "fluent")],
        hours=30,
        portfolio=[
            {
                "title": "Rebrand for a plant-based food brand",
                "role": "Brand designer",
                "result": "Retail listings in 40 new stores after the relaunch",
                "description": "Logo, packaging system and a 30-page brand book.",
            }
        ],
        skills_by_item=[["brand-identity-design", "logo-design"]],
    ),
    "both@hirehall.test": Spec(
        title="Bookkeeper and QuickBooks ProAdvisor",
        overview=(
            "Monthly bookkeeping, reconciliations and clean-up projects for small businesses on QuickBooks "
            "Online and Xero. Year-end ready books, on time, every time."
        ),
        rate=3500,
        skills=["bookkeeping", "quickbooks", "xero", "accounts-payable"],
        country="US",
        timezone="America/Chicago",
        languages=[("en", "native"), ("es", "basic")],
        hours=20,
        available_now=False,
    ),
}

CLIENTS: dict[str, dict[str, object]] = {
    "client@hirehall.test": {
        "company_name": "Clara's Bakery Co.",
        "description": "A family bakery with three shops, growing online orders.",
        "size": "2-9",
        "industry": "Food & Beverage",
        "country": "CA",
        "payment_verified": False,
    },
    "acme@hirehall.test": {
        "company_name": "Acme Robotics",
        "description": "Warehouse robots for mid-size logistics firms. We hire software and design talent.",
        "size": "100-999",
        "industry": "Robotics",
        "country": "US",
        "website": "https://acme-robotics.example",
        "payment_verified": True,
    },
    "northwind@hirehall.test": {
        "company_name": "Northwind Traders",
        "description": "Specialty foods importer; e-commerce, marketing and data projects.",
        "size": "10-99",
        "industry": "Retail",
        "country": "GB",
        "payment_verified": True,
    },
    "both@hirehall.test": {
        "company_name": "Bo Both Studio",
        "size": "1",
        "industry": "Services",
        "country": "US",
    },
}

# (title, skills, overview, rate range in dollars, share of the 50)
ARCHETYPES: list[tuple[str, list[str], str, tuple[int, int], int]] = [
    (
        "Python Backend Developer",
        ["python", "django", "postgresql", "rest-api", "docker"],
        "I build and maintain Python web backends and REST APIs.",
        (25, 95),
        8,
    ),
    (
        "Data Scientist (Python, Machine Learning)",
        ["python", "machine-learning", "pandas", "scikit-learn", "sql"],
        "Forecasting, churn models and experiments with clear write-ups.",
        (35, 120),
        6,
    ),
    (
        "DevOps Engineer (AWS, Kubernetes)",
        ["python", "kubernetes", "docker", "terraform", "amazon-web-services"],
        "Infrastructure as code, CI/CD pipelines and calm on-call.",
        (45, 130),
        4,
    ),
    (
        "Data Analyst (SQL, Power BI)",
        ["sql", "python", "power-bi", "microsoft-excel", "data-visualization"],
        "Dashboards and analyses that answer the question you actually have.",
        (20, 70),
        4,
    ),
    (
        "React Frontend Developer",
        ["react", "javascript", "typescript", "css", "nextjs"],
        "Fast, accessible React front ends with clean component libraries.",
        (20, 90),
        8,
    ),
    (
        "Full-Stack JavaScript Developer",
        ["nodejs", "react", "javascript", "mongodb", "graphql"],
        "Node.js and React apps from prototype to production.",
        (20, 85),
        5,
    ),
    (
        "Flutter Mobile Developer",
        ["flutter", "dart", "ios-development", "android-development"],
        "Cross-platform mobile apps with native feel.",
        (20, 70),
        2,
    ),
    (
        "WordPress Developer",
        ["wordpress", "php", "css", "woocommerce"],
        "Custom WordPress themes, WooCommerce stores and speed fixes.",
        (15, 50),
        2,
    ),
    (
        "UX/UI Designer",
        ["ux-design", "ui-design", "figma", "prototyping", "user-research"],
        "Research-led product design, from flows to pixel-perfect Figma.",
        (25, 90),
        2,
    ),
    (
        "Video Editor for YouTube Creators",
        ["video-editing", "adobe-premiere-pro", "motion-graphics"],
        "Retention-focused edits, captions and thumbnails.",
        (15, 60),
        1,
    ),
    (
        "B2B Copywriter",
        ["copywriting", "content-writing", "email-marketing"],
        "Landing pages and email sequences that convert.",
        (25, 90),
        1,
    ),
    (
        "SEO Specialist",
        ["search-engine-optimization", "google-analytics", "semrush", "content-marketing"],
        "Technical audits, content plans and link building.",
        (20, 80),
        1,
    ),
    (
        "Virtual Assistant",
        ["virtual-assistance", "email-management", "calendar-management", "data-entry"],
        "Reliable admin support so you can focus on your business.",
        (8, 25),
        2,
    ),
    (
        "English to Spanish Translator",
        ["english-to-spanish-translation", "localization", "proofreading"],
        "Native Spanish translations for software, marketing and legal texts.",
        (15, 45),
        1,
    ),
    (
        "Customer Support Specialist",
        ["customer-support", "zendesk", "live-chat-support", "email-support"],
        "Friendly, fast support with CSAT above 95%.",
        (8, 25),
        1,
    ),
    (
        "Contract Lawyer",
        ["contract-drafting", "contract-law", "corporate-law"],
        "Clear contracts and terms for startups and agencies.",
        (60, 200),
        1,
    ),
    (
        "Voice Over Artist",
        ["voice-over", "audio-editing", "audiobook-narration"],
        "Warm, natural voice for explainers, e-learning and ads.",
        (30, 120),
        1,
    ),
]

FIRST = [
    "Aiko",
    "Bruno",
    "Chen",
    "Dara",
    "Emeka",
    "Farah",
    "Gustavo",
    "Hana",
    "Ivan",
    "Jana",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Viktor",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST = [
    "Almeida",
    "Brandt",
    "Costa",
    "Dlamini",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jovanovic",
    "Kim",
    "Lopez",
    "Mensah",
    "Novak",
    "Okafor",
    "Petrov",
    "Rossi",
    "Sato",
    "Tanaka",
    "Usman",
]
PLACES = [
    ("IN", "Asia/Kolkata", "hi"),
    ("PH", "Asia/Manila", "tl"),
    ("UA", "Europe/Kyiv", "uk"),
    ("BR", "America/Sao_Paulo", "pt"),
    ("NG", "Africa/Lagos", "yo"),
    ("PK", "Asia/Karachi", "ur"),
    ("US", "America/New_York", "en"),
    ("DE", "Europe/Berlin", "de"),
    ("PL", "Europe/Warsaw", "pl"),
    ("MX", "America/Mexico_City", "es"),
    ("EG", "Africa/Cairo", "ar"),
    ("VN", "Asia/Ho_Chi_Minh", "vi"),
]
GENERATED = 50
SECTORS = ["retail", "fintech", "health", "media"]
OUTCOMES = ["faster", "more sign-ups", "lower cost"]


def _avatar(name: str, hue: int) -> SimpleUploadedFile:
    image = Image.new("RGB", (256, 256), (hue % 200 + 30, (hue * 7) % 180 + 40, (hue * 13) % 160 + 60))
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    ImageDraw.Draw(image).text((96, 110), initials, fill=(255, 255, 255), font_size=56)
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("avatar.png", out.getvalue(), content_type="image/png")


def _user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, name=name, is_freelancer=True)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _create_profile(user: User, spec: Spec, hue: int) -> FreelancerProfile | None:
    if FreelancerProfile.objects.filter(user=user).exists():
        return None
    skills = {
        s.slug: s
        for s in Skill.objects.filter(
            slug__in=[*spec.skills, *(s for item in spec.skills_by_item for s in item)]
        )
    }
    photo = uploads.store_image(_avatar(user.display_name, hue), folder="profiles/photos", square_thumb=256)
    profile = FreelancerProfile.objects.create(
        user=user,
        title=spec.title,
        overview=spec.overview,
        hourly_rate_cents=spec.rate,
        country=spec.country,
        timezone=spec.timezone,
        hours_per_week=spec.hours,
        available_now=spec.available_now,
        photo=photo.path,
        photo_thumb=photo.thumb_path,
    )
    ProfileSkill.objects.bulk_create(
        [ProfileSkill(profile=profile, skill=skills[slug], position=i) for i, slug in enumerate(spec.skills)]
    )
    ProfileLanguage.objects.bulk_create(
        [
            ProfileLanguage(profile=profile, language=c, level=lvl, position=i)
            for i, (c, lvl) in enumerate(spec.languages)
        ]
    )
    for i, item in enumerate(spec.portfolio):
        row = PortfolioItem.objects.create(profile=profile, position=i, **item)
        if i < len(spec.skills_by_item):
            row.skills.set([skills[s] for s in spec.skills_by_item[i]])
    for company, role, start, end in spec.employment:
        Employment.objects.create(profile=profile, company=company, role=role, start_year=start, end_year=end)
    for school, degree, field_of_study, from_year, to_year in spec.education:
        Education.objects.create(
            profile=profile,
            school=school,
            degree=degree,
            field_of_study=field_of_study,
            start_year=from_year,
            end_year=to_year,
        )
    search_index.reindex_profile(profile.pk)
    return profile


def _generated_specs() -> list[tuple[str, str, Spec]]:
    rng = random.Random(4)  # fixed seed: the same demo marketplace on every machine  # noqa: S311
    specs = []
    archetypes = [a for a in ARCHETYPES for _ in range(a[4])]
    for n in range(GENERATED):
        title, skills, overview, (low, high), _share = archetypes[n % len(archetypes)]
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}"
        country, tz, native = PLACES[(n * 5) % len(PLACES)]
        languages = [("en", rng.choice(["fluent", "fluent", "conversational", "native"]))]
        if native != "en":
            languages.append((native, "native"))
        level = rng.choice(["", "Junior ", "Senior ", "Lead "])
        specs.append(
            (
                f"talent{n + 1:02d}@hirehall.test",
                name,
                Spec(
                    title=f"{level}{title}".strip(),
                    overview=(
                        f"{overview} {rng.randint(2, 14)} years of experience; {rng.randint(5, 60)} projects "
                        f"delivered for clients in {rng.randint(3, 20)} countries. "
                        "Clear communication, weekly updates."
                    ),
                    rate=rng.randint(low, high) * 100,
                    skills=skills[: rng.randint(3, len(skills))],
                    country=country,
                    timezone=tz,
                    languages=languages,
                    hours=rng.choice([10, 20, 30, 40]),
                    available_now=rng.random() < 0.6,
                    portfolio=[
                        {
                            "title": f"{title} project for a {rng.choice(SECTORS)} client",
                            "result": f"{rng.randint(10, 80)}% {rng.choice(OUTCOMES)}",
                        }
                    ],
                ),
            )
        )
    return specs


def ensure_taxonomy() -> None:
    """The taxonomy comes from a migration; a flushed test database has lost it."""
    if not Skill.objects.exists():
        from hirehall.profiles import taxonomy_v1
        from hirehall.profiles.models import Category, SkillAlias, Subcategory

        taxonomy_v1.load(Category, Subcategory, Skill, SkillAlias)


def seed() -> None:
    ensure_taxonomy()
    for i, (email, spec) in enumerate(NAMED.items()):
        user = User.objects.filter(email=email).first()
        if user is not None:
            _create_profile(user, spec, hue=37 * (i + 1))
    for i, (email, name, spec) in enumerate(_generated_specs()):
        _create_profile(_user(email, name), spec, hue=11 * (i + 3))
    for email, fields in CLIENTS.items():
        user = User.objects.filter(email=email).first()
        if user is not None and not ClientProfile.objects.filter(user=user).exists():
            ClientProfile.objects.create(user=user, **fields)
    client = User.objects.filter(email="client@hirehall.test").first()
    if client is not None and not FavouriteList.objects.filter(owner=client).exists():
        saved = FavouriteList.objects.create(owner=client, name=FavouriteList.DEFAULT_NAME)
        for profile in FreelancerProfile.objects.filter(
            user__email__in=["dev@hirehall.test", "designer@hirehall.test"]
        ):
            FavouriteEntry.objects.create(favourite_list=saved, profile=profile)
