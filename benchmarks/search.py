"""Search latency on PostgreSQL full text and on tantivy, in one run, at up to a million rows.

    export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/search.py talent --profiles 1000000
    .venv/bin/python benchmarks/search.py jobs --jobs 1000000

DATABASE_URL names the server; the data goes into its own database (`hirehall_bench_<hash of this
checkout>` for profiles, `hirehall_benchjobs_<hash>` for jobs), created and migrated on first run
and reused afterwards (`--rebuild` starts over). Rows are bulk-loaded with COPY in chunks (secondary
indexes and constraints dropped during the load and rebuilt once): users, profiles or jobs, their
skills, and the search index (documents, facet tags, the weighted tsvector PostgreSQL computes from
the same normalised text the engine writes). The tantivy index (var/bench-search/<database>/) is built
from the same documents. Each query runs through the selector behind the web page and the API
(`talent_search` / `job_search`): words, filters, sort, facet counts, the page's rows; the same plan
runs on both backends and the script prints p50/p95/p99 per backend. Without a subcommand: talent.
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


def generate(n: int, rng: random.Random, sink=None, *, analyze: bool = True) -> None:
    """`sink(Document)` receives each indexed profile's search document too (the tantivy builder)."""
    from django.db import connection, transaction

    from hirehall.profiles.models import Skill
    from hirehall.search import text
    from hirehall.search.engine import Document

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
            if sink is not None:
                sink(
                    Document(
                        kind="freelancer",
                        object_id=pid,
                        title=title,
                        keywords=keywords,
                        body=overview,
                        extra=f"{name} {portfolio}",
                        tags=frozenset(doc_tags),
                        public=visibility == "public",
                        price=rate,
                        score=jss,
                        rating=rating,
                        volume=earnings,
                    )
                )
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
    if not analyze:
        return
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


CHUNK = 50_000  # rows generated and COPYed per transaction (bounded memory at a million rows)
BULK_TABLES = [
    "accounts_user",
    "profiles_freelancerprofile",
    "profiles_profileskill",
    "profiles_clientprofile",
    "jobs_job",
    "jobs_job_skills",
    "search_searchdocument",
    "search_searchtag",
]


def load(generate_fn, existing: int, target: int) -> None:
    """Generate the missing rows in chunks; feed the tantivy index from the same documents."""
    from _tantivy import IndexBuilder, index_exists, rebuild_from_database

    if existing < target:
        from _pg import BulkLoad
        from django.db import connection

        started = time.perf_counter()
        builder = IndexBuilder() if existing == 0 else None
        rng = random.Random(2026)
        remaining = target - existing
        with connection.cursor() as cursor, BulkLoad(cursor.cursor, BULK_TABLES):
            while remaining:
                n = min(CHUNK, remaining)
                remaining -= n
                generate_fn(n, rng, builder.add if builder else None, analyze=False)
                print(
                    f"  generated {target - existing - remaining} rows, {time.perf_counter() - started:.0f}s"
                )
            print(f"  rebuilding indexes and constraints, {time.perf_counter() - started:.0f}s")
        with connection.cursor() as cursor:
            for table in BULK_TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
        print(f"  database loaded, {time.perf_counter() - started:.0f}s")
        if builder is not None:
            builder.finish()
        else:
            rebuild_from_database()
    elif not index_exists():
        rebuild_from_database()


def measure(plan, call, *, label: str) -> None:
    """Run the same plan through the engine on both backends; print server-side percentiles."""
    from django.conf import settings

    from hirehall.search import engine

    engine_ms: list[float] = []
    engine_cpu_ms: list[float] = []
    real_query = engine.query

    def timed_query(q):  # the engine alone, inside the selector's call
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return real_query(q)
        finally:
            engine_ms.append((time.perf_counter() - started) * 1000)
            # CPU time of this thread (tantivy searches in the calling thread): the work itself,
            # without the waits for a core that a shared, overloaded machine adds to wall time.
            engine_cpu_ms.append((time.thread_time() - cpu) * 1000)

    engine.query = timed_query
    pages: dict[str, list] = {}
    try:
        for backend in ("database", "tantivy"):
            settings.HIREHALL_SEARCH_BACKEND = backend
            for item in plan[:10]:  # warm caches, the connection and the index reader
                call(item)
            engine_ms.clear()
            engine_cpu_ms.clear()
            timings, totals, ids = [], [], []
            for item in plan:
                started = time.perf_counter()
                total, page_ids = call(item)
                timings.append((time.perf_counter() - started) * 1000)
                totals.append(total)
                ids.append(page_ids)
            pages[backend] = ids
            print(f"{backend:>8}: {len(timings)} queries, {label}")
            print(f"          matches per query: median {statistics.median(totals):.0f}, max {max(totals)}")
            print(f"          engine only (wall):  {percentiles(engine_ms)}")
            print(f"          engine only (CPU):   {percentiles(engine_cpu_ms)}")
            print(f"          engine + page rows:  {percentiles(timings)}")
            for ms, item in sorted(zip(timings, plan, strict=True), key=lambda t: t[0])[-3:]:
                print(f"          slow: {ms:.1f} ms  {describe(item)}")
    finally:
        engine.query = real_query
    same = sum(1 for a, b in zip(pages["database"], pages["tantivy"], strict=True) if a == b)
    print(f"  same page of ids on both backends: {same}/{len(plan)} (relevance differs by design: ts_rank)")


def describe(item) -> str:
    q = item[0] if isinstance(item, tuple) else item
    return (
        str(q.as_params())
        if hasattr(q, "as_params")
        else (f"q={q.q!r} skills={q.skills} category={q.category!r} sort={q.sort} offset={q.offset}")
    )


def talent(args: argparse.Namespace) -> None:
    name = open_bench_database("hirehall_bench", rebuild=args.rebuild)
    from _tantivy import use_bench_index

    from hirehall.profiles.models import FreelancerProfile
    from hirehall.profiles.selectors import talent_search

    use_bench_index(name, rebuild=args.rebuild)
    existing = FreelancerProfile.objects.filter(user__email__endswith="@bench.test").count()
    load(generate, existing, args.profiles)
    print(f"database {name}: {FreelancerProfile.objects.count()} profiles")

    def call(q):
        page = talent_search(None, q)
        return page.total, [p.pk for p in page.profiles]

    measure(
        queries(random.Random(7), args.queries),
        call,
        label="talent search (words, filters, sorts, facets, pages)",
    )


def jobs(args: argparse.Namespace) -> None:
    import jobs_search

    name = open_bench_database("hirehall_benchjobs", rebuild=args.rebuild)
    from _tantivy import use_bench_index

    from hirehall.jobs.models import Job
    from hirehall.jobs.selectors import job_search

    use_bench_index(name, rebuild=args.rebuild)
    existing = Job.objects.filter(client__email__endswith="@bench.test").count()
    load(jobs_search.generate, existing, args.jobs)
    print(f"database {name}: {Job.objects.filter(status='open').count()} open jobs")
    plan = jobs_search.queries(random.Random(7), args.queries)

    def call(item):
        search, offset = item
        page = job_search(search, offset=offset, facets=True)
        return page.total, [j.pk for j in page.jobs]

    measure(plan, call, label="job search with facet counts (words, filters, sorts, pages)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command")
    for command, size, default in (("talent", "--profiles", 100_000), ("jobs", "--jobs", 100_000)):
        sub = commands.add_parser(command)
        sub.add_argument(size, type=int, default=default)
        sub.add_argument("--queries", type=int, default=150)
        sub.add_argument("--rebuild", action="store_true", help="drop the benchmark database and index first")
    argv = sys.argv[1:]
    if not argv or argv[0] not in ("talent", "jobs", "-h", "--help"):
        argv = ["talent", *argv]  # the historical form: `search.py [--profiles N]`
    args = parser.parse_args(argv)
    (talent if args.command == "talent" else jobs)(args)


if __name__ == "__main__":
    main()
