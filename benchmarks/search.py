"""Talent search latency on PostgreSQL with 100,000 generated freelancer profiles.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/search.py

DATABASE_URL names the server; the data goes into its own database (`hirehall_bench_<hash of this
checkout>`), created and migrated on first run and reused afterwards (`--rebuild` starts over).
Rows are bulk-loaded with COPY: users, profiles, ordered profile skills, and the search index
(documents, facet tags and the weighted tsvector computed by PostgreSQL from the same normalised
text the engine writes). Each query runs through `selectors.talent_search`, the code behind
/talent/ and GET /api/v1/freelancers: words, filters, sort, facet counts, the page's profiles.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _pg import copy_rows, open_bench_database, percentiles  # noqa: E402

WORDS = [
    "saas",
    "startup",
    "ecommerce",
    "fintech",
    "healthcare",
    "marketplace",
    "dashboard",
    "api",
    "migration",
    "automation",
    "analytics",
    "growth",
    "branding",
    "mobile",
    "cloud",
    "security",
    "performance",
    "content",
    "strategy",
    "research",
    "scalable",
    "reliable",
    "remote",
    "agile",
    "enterprise",
    "b2b",
    "retail",
    "media",
]
TITLE_ROLES = [
    "Developer",
    "Engineer",
    "Designer",
    "Writer",
    "Consultant",
    "Specialist",
    "Analyst",
    "Architect",
    "Expert",
    "Manager",
    "Assistant",
    "Translator",
    "Editor",
    "Marketer",
]
LEVELS = ["", "Junior", "Senior", "Lead", "Principal", "Freelance", "Certified"]
COUNTRIES = ["US", "IN", "PH", "UA", "PK", "BR", "NG", "GB", "DE", "PL", "EG", "MX", "VN", "ES", "FR", "CA"]
LANGS = ["en", "es", "fr", "de", "pt", "hi", "ur", "ar", "uk", "pl", "vi", "tl"]
BADGES = ["rising_talent", "top_rated", "top_rated_plus", "expert_vetted"]


def generate(n: int, rng: random.Random) -> None:
    from django.db import connection, transaction

    from hirehall.profiles.models import Skill
    from hirehall.search import text

    skills = list(
        Skill.objects.select_related("category").values_list("id", "slug", "name", "category__slug")
    )
    aliases: dict[int, list[str]] = {}
    for skill_id, alias in Skill.objects.values_list("id", "aliases__alias"):
        if alias:
            aliases.setdefault(skill_id, []).append(alias)
    # Popular skills are picked far more often than rare ones, as on a real marketplace.
    weights = [1.0 / (i + 1) ** 0.6 for i in range(len(skills))]
    rng.shuffle(skills)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg cursor, for COPY
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        base_user = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM profiles_freelancerprofile")
        base_profile = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM search_searchdocument")
        base_doc = cursor.fetchone()[0] + 1

        users: list[tuple] = []
        profiles: list[tuple] = []
        profile_skills: list[tuple] = []
        docs: list[tuple] = []
        tags: list[tuple] = []
        texts: list[tuple] = []
        now = "2026-01-01 00:00:00+00"
        for i in range(n):
            uid, pid, did = base_user + i, base_profile + i, base_doc + i
            chosen = []
            for s in rng.choices(skills, weights=weights, k=rng.randint(3, 10)):
                if s not in chosen:
                    chosen.append(s)
            main = chosen[0]
            level = rng.choice(LEVELS)
            title = f"{level} {main[2]} {rng.choice(TITLE_ROLES)}".strip()
            overview = " ".join(
                [f"I help {rng.choice(WORDS)} teams with {chosen[j % len(chosen)][2]}." for j in range(3)]
                + rng.sample(WORDS, 6)
            )
            portfolio = f"{rng.choice(WORDS)} {main[2]} project {rng.choice(WORDS)} {rng.choice(WORDS)}"
            rate = rng.randint(5, 150) * 100 if rng.random() > 0.03 else None
            country = rng.choice(COUNTRIES)
            hours = rng.choice([None, 10, 20, 30, 40])
            now_available = rng.random() < 0.4
            visibility = "public" if rng.random() < 0.9 else rng.choice(["logged_in", "private"])
            jss = rng.randint(60, 100) if rng.random() < 0.35 else None
            rating = rng.randint(350, 500) if jss is not None else None
            earnings = int(rng.paretovariate(1.2) * 10_000) if jss is not None else 0
            badges = [b for b in BADGES if rng.random() < 0.05]
            langs = ["en", *rng.sample(LANGS[1:], rng.randint(0, 2))]
            name = f"Bench Freelancer {i}"
            users.append((uid, f"bench{uid}@bench.test", name, "!", False, True, False, True, False, now))
            profiles.append(
                (pid, uid, title, overview, rate, country, "UTC", hours, now_available, visibility, now, now)
            )
            profile_skills.extend((pid, s[0], pos) for pos, s in enumerate(chosen))
            if visibility == "private":
                continue
            doc_tags = {("skill", s[1]) for s in chosen} | {("category", s[3]) for s in chosen}
            doc_tags |= {("language", lang) for lang in langs} | {("country", country)}
            doc_tags |= {("badge", b) for b in badges}
            if now_available:
                doc_tags.add(("availability", "now"))
            if hours is not None:
                doc_tags.add(("availability", "full_time" if hours >= 30 else "part_time"))
            tags.extend((did, f, v) for f, v in doc_tags)
            facet_values = "\n".join(f"{f}\t{v}" for f, v in sorted(doc_tags))
            docs.append(
                (
                    did,
                    "freelancer",
                    pid,
                    visibility == "public",
                    rate,
                    jss,
                    rating,
                    earnings,
                    facet_values,
                    now,
                )
            )
            keywords = " ".join([s[2] for s in chosen] + [a for s in chosen for a in aliases.get(s[0], [])])
            texts.append(
                (
                    did,
                    text.normalize(title),
                    text.normalize(keywords),
                    text.normalize(overview),
                    text.normalize(f"{name} {portfolio}"),
                )
            )

        copy_rows(
            cursor,
            "accounts_user",
            [
                "id",
                "email",
                "name",
                "password",
                "is_client",
                "is_freelancer",
                "is_staff",
                "is_active",
                "is_superuser",
                "date_joined",
            ],
            users,
        )
        copy_rows(
            cursor,
            "profiles_freelancerprofile",
            [
                "id",
                "user_id",
                "title",
                "overview",
                "hourly_rate_cents",
                "country",
                "timezone",
                "hours_per_week",
                "available_now",
                "visibility",
                "created_at",
                "updated_at",
                "photo",
                "photo_thumb",
                "video",
                "video_content_type",
                "video_url",
            ],
            ((*p, "", "", "", "", "") for p in profiles),
        )
        copy_rows(cursor, "profiles_profileskill", ["profile_id", "skill_id", "position"], profile_skills)
        copy_rows(
            cursor,
            "search_searchdocument",
            [
                "id",
                "kind",
                "object_id",
                "public",
                "price",
                "score",
                "rating",
                "volume",
                "facet_values",
                "updated_at",
            ],
            docs,
        )
        copy_rows(cursor, "search_searchtag", ["document_id", "facet", "value"], tags)
        cursor.execute(
            "CREATE TEMP TABLE bench_text (id bigint, title text, keywords text, body text, extra text)"
        )
        copy_rows(cursor, "bench_text", ["id", "title", "keywords", "body", "extra"], texts)
        cursor.execute(
            "UPDATE search_searchdocument d SET vector ="
            " setweight(to_tsvector('simple', t.title), 'A')"
            " || setweight(to_tsvector('simple', t.keywords), 'B')"
            " || setweight(to_tsvector('simple', t.body), 'C')"
            " || setweight(to_tsvector('simple', t.extra), 'D')"
            " FROM bench_text t WHERE t.id = d.id"
        )
        cursor.execute("DROP TABLE bench_text")
        for table in ("accounts_user", "profiles_freelancerprofile", "search_searchdocument"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608 - constant table names
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchdocument")
        cursor.execute("VACUUM ANALYZE search_searchtag")
        cursor.execute("VACUUM ANALYZE profiles_freelancerprofile")
        cursor.execute("VACUUM ANALYZE profiles_profileskill")
    print(
        f"generated {n} profiles, {len(docs)} indexed, {len(tags)} tags "
        f"in {time.perf_counter() - started:.1f}s"
    )


def queries(rng: random.Random, count: int):
    from hirehall.profiles.models import Category, Skill
    from hirehall.profiles.selectors import TalentQuery

    slugs = list(Skill.objects.values_list("slug", flat=True))
    popular = [
        "python",
        "javascript",
        "react",
        "wordpress",
        "seo-writing",
        "logo-design",
        "data-entry",
        "django",
    ]
    categories = list(Category.objects.values_list("slug", flat=True))
    words = [
        "python",
        "react developer",
        "logo",
        "seo",
        "wordpress",
        "data entry",
        "js",
        "k8s",
        "machine learning",
        "senior django",
        "video editing",
        "translation",
        "bookkeeping quickbooks",
        "figma ui",
        "shopify store",
        "copywriter",
        "node api",
        "aws devops",
        "excel",
        "virtual assistant",
        "flutter",
        "fintech dashboard",
        "saas content",
        "unity game",
        "ghostwriting",
        "power bi",
        "salesforce",
        "ios swift",
        "legal contract",
        "",
    ]
    sorts = ["relevance", "relevance", "relevance", "rate_asc", "rate_desc", "rating"]
    out = []
    for i in range(count):
        kind = i % 6
        q = TalentQuery(q=rng.choice(words), sort=rng.choice(sorts), offset=rng.choice([0, 0, 0, 20, 40]))
        if kind == 1:
            q = TalentQuery(q=q.q, skills=(rng.choice(popular),), sort=q.sort)
        elif kind == 2:
            low = rng.randint(10, 60)
            q = TalentQuery(
                q=q.q,
                min_rate_cents=low * 100,
                max_rate_cents=(low + 40) * 100,
                countries=(rng.choice(COUNTRIES),),
                sort=q.sort,
            )
        elif kind == 3:
            q = TalentQuery(q=q.q, category=rng.choice(categories), languages=("en",), availability="now")
        elif kind == 4:
            q = TalentQuery(
                q=q.q,
                min_jss=90,
                badges=(rng.choice(BADGES),) if rng.random() < 0.5 else (),
                min_earnings_cents=rng.choice([None, 100_000]),
                sort="rating",
            )
        elif kind == 5:
            q = TalentQuery(skills=(rng.choice(slugs), rng.choice(popular)), sort=q.sort)
        out.append(q)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument(
        "--rebuild", action="store_true", help="drop the benchmark database and generate again"
    )
    args = parser.parse_args()

    name = open_bench_database("hirehall_bench", rebuild=args.rebuild)
    from hirehall.profiles.models import FreelancerProfile
    from hirehall.profiles.selectors import talent_search

    rng = random.Random(2026)
    existing = FreelancerProfile.objects.filter(user__email__endswith="@bench.test").count()
    if existing < args.profiles:
        generate(args.profiles - existing, rng)
    print(f"database {name}: {FreelancerProfile.objects.count()} profiles")

    plan = queries(random.Random(7), args.queries)
    for q in plan[:10]:  # warm the caches and the connection
        talent_search(None, q)
    timings, totals = [], []
    for q in plan:
        started = time.perf_counter()
        page = talent_search(None, q)
        timings.append((time.perf_counter() - started) * 1000)
        totals.append(page.total)

    print(f"{len(timings)} queries (words, filters, sorts, facets, page of profiles)")
    print(f"matches per query: median {statistics.median(totals):.0f}, max {max(totals)}")
    print(percentiles(timings))
    slowest = sorted(zip(timings, plan, strict=True), key=lambda t: t[0])[-3:]
    for ms, q in slowest:
        print(f"  slow: {ms:.1f} ms  q={q.q!r} skills={q.skills} category={q.category!r} sort={q.sort}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "jobs":
        # `benchmarks/search.py jobs [--jobs N] [--queries N] [--rebuild]`: job search over 100,000 jobs.
        import runpy

        sys.argv = [str(ROOT / "benchmarks" / "jobs_search.py"), *sys.argv[2:]]
        runpy.run_path(sys.argv[0], run_name="__main__")
    else:
        main()
