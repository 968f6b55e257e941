"""Job search latency on PostgreSQL with 100,000 generated open jobs (DESIGN §11).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/jobs_search.py

DATABASE_URL names the server; the data goes into its own database (`hirehall_benchjobs_<hash of
this checkout>`), created and migrated on first run and reused afterwards (`--rebuild` starts over).
Rows are bulk-loaded with COPY: clients, jobs with their skills, and the search index (documents,
facet tags, and the weighted tsvector PostgreSQL computes from the same normalised text the engine
writes). Each query runs through `jobs.selectors.job_search`, the code behind /jobs/ and
GET /api/v1/jobs: words, filters, sort, facet counts, the page's jobs and their clients' stats.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _pg import copy_rows, open_bench_database, percentiles  # noqa: E402

NOUNS = [
    "dashboard",
    "api",
    "website",
    "app",
    "logo",
    "blog",
    "pipeline",
    "store",
    "report",
    "landing-page",
    "chatbot",
    "newsletter",
    "video",
    "podcast",
    "migration",
    "integration",
    "audit",
    "plugin",
    "theme",
    "crm",
    "erp",
    "spreadsheet",
    "database",
    "backend",
    "frontend",
    "prototype",
    "wireframe",
    "brochure",
    "catalogue",
    "manual",
    "course",
    "presentation",
    "pitch-deck",
    "whitepaper",
    "ebook",
    "script",
    "campaign",
    "funnel",
    "survey",
    "model",
    "forecast",
    "invoice-system",
    "booking-system",
    "marketplace",
    "portal",
    "extension",
    "game",
    "animation",
]
ADJECTIVES = [
    "fast",
    "simple",
    "modern",
    "secure",
    "scalable",
    "small",
    "urgent",
    "long-term",
    "b2b",
    "saas",
    "friendly",
    "bilingual",
]
VERBS = ["Build", "Design", "Write", "Fix", "Migrate", "Improve", "Automate", "Translate", "Edit", "Set up"]
# Topic words a client writes about their business: a wide vocabulary, as in real postings.
TOPICS = [
    "bakery",
    "clinic",
    "dental",
    "law-firm",
    "real-estate",
    "fitness",
    "yoga",
    "restaurant",
    "hotel",
    "travel",
    "logistics",
    "shipping",
    "warehouse",
    "robotics",
    "drones",
    "solar",
    "energy",
    "fintech",
    "payments",
    "lending",
    "insurance",
    "crypto",
    "nft",
    "education",
    "tutoring",
    "kids",
    "toys",
    "fashion",
    "jewelry",
    "cosmetics",
    "skincare",
    "pets",
    "veterinary",
    "farming",
    "agriculture",
    "wine",
    "coffee",
    "brewery",
    "music",
    "concerts",
    "film",
    "photography",
    "wedding",
    "events",
    "nonprofit",
    "charity",
    "church",
    "politics",
    "elections",
    "news",
    "media",
    "gaming",
    "esports",
    "sports",
    "football",
    "cycling",
    "running",
    "outdoor",
    "camping",
    "automotive",
    "cars",
    "motorcycles",
    "aviation",
    "marine",
    "construction",
    "architecture",
    "interior",
    "furniture",
    "gardening",
    "plumbing",
    "hvac",
    "cleaning",
    "security",
    "cybersecurity",
    "healthcare",
    "pharmacy",
    "biotech",
    "research",
    "university",
    "library",
    "museum",
    "art",
    "gallery",
    "crafts",
    "printing",
    "packaging",
    "manufacturing",
    "textiles",
    "chemicals",
    "mining",
    "oil",
    "recruiting",
    "hr",
    "payroll",
    "accounting",
    "tax",
    "legal",
    "compliance",
    "gdpr",
    "hipaa",
    "marketing",
    "advertising",
    "influencer",
    "podcasting",
    "streaming",
    "telecom",
    "iot",
    "smart-home",
    "wearables",
    "ai",
    "machine-learning",
    "analytics",
    "bigdata",
    "cloud",
    "devops",
    "kubernetes",
]
EXPERIENCE = ["entry", "intermediate", "expert"]
LENGTH = ["lt1", "1to3", "3to6", "gt6"]
WORKLOAD = ["lt30", "gt30", "as_needed"]
HOURS = {"as_needed": 10, "lt30": 20, "gt30": 40}
WEEKS = {"lt1": 4, "1to3": 13, "3to6": 26, "gt6": 39}


def generate(n: int, rng: random.Random, sink=None, *, analyze: bool = True) -> None:
    """`sink(Document)` receives each job's search document too (the tantivy index builder)."""
    from django.db import connection, transaction

    from hirehall.jobs.pricing import connects_for_value
    from hirehall.jobs.search_index import hires_bucket, proposals_bucket, spend_buckets
    from hirehall.profiles.models import Skill
    from hirehall.search import text
    from hirehall.search.engine import Document

    skills = list(
        Skill.objects.values_list("id", "slug", "name", "category_id", "category__slug", "category__name")
    )
    weights = [1.0 / (i + 1) ** 0.6 for i in range(len(skills))]
    rng.shuffle(skills)
    started = time.perf_counter()
    now = datetime.now(UTC)
    clients_n = max(n // 20, 1)
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM accounts_user")
        base_user = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM jobs_job")
        base_job = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM search_searchdocument")
        base_doc = cursor.fetchone()[0] + 1
        users, clients = [], []
        for c in range(clients_n):
            uid = base_user + c
            users.append(
                (
                    uid,
                    f"benchclient{uid}@bench.test",
                    f"Bench Client {c}",
                    "!",
                    True,
                    False,
                    False,
                    True,
                    False,
                    now,
                )
            )
            verified = rng.random() < 0.6
            hires = int(rng.paretovariate(1.5)) - 1 if rng.random() < 0.7 else 0
            spent = hires * rng.randint(200, 5000) * 100
            clients.append((uid, verified, hires, spent))
        jobs: list[tuple] = []
        job_skills: list[tuple[int, int]] = []
        docs: list[tuple] = []
        tags: list[tuple[int, str, str]] = []
        texts: list[tuple] = []
        for i in range(n):
            jid, did = base_job + i, base_doc + i
            client = clients[rng.randrange(clients_n)]
            chosen = []
            for s in rng.choices(skills, weights=weights, k=rng.randint(1, 5)):
                if s not in chosen:
                    chosen.append(s)
            main = chosen[0]
            topic = rng.choice(TOPICS)
            noun = rng.choice(NOUNS).replace("-", " ")
            title = f"{rng.choice(VERBS)} a {rng.choice(ADJECTIVES)} {main[2]} {noun} for a {topic} company"
            description = " ".join(
                [f"We are a {topic} business and need a {noun}."]
                + [f"Experience with {s[2]} is a must." for s in chosen]
                + [t.replace("-", " ") for t in rng.sample(TOPICS, 2)]
            )
            experience, length, workload = rng.choice(EXPERIENCE), rng.choice(LENGTH), rng.choice(WORKLOAD)
            hourly = rng.random() < 0.45
            low: int | None
            high: int | None
            fixed: int | None
            if hourly:
                low = rng.randint(3, 80) * 100
                high = low + rng.randint(0, 60) * 100
                fixed = None
                value = (low + high) * HOURS[workload] * WEEKS[length] // 2
                price = high
            else:
                low = high = None
                value = price = rng.choice([5, 50, 150, 300, 500, 800, 1500, 3000, 6000, 12000]) * 100
                fixed = value
            connects = connects_for_value(value)
            proposals = int(rng.paretovariate(1.1)) - 1
            opened = now - timedelta(minutes=rng.randint(0, 30 * 24 * 60))
            jobs.append(
                (
                    jid,
                    client[0],
                    title,
                    description,
                    main[3],
                    experience,
                    length,
                    workload,
                    "hourly" if hourly else "fixed",
                    low,
                    high,
                    fixed,
                    "public",
                    1,
                    False,
                    "open",
                    "",
                    "",
                    connects,
                    opened,
                    opened,
                    opened + timedelta(days=30),
                    opened + timedelta(days=7),
                    min(proposals, 2_000_000),
                    0,
                    0,
                    0,
                    opened,
                    opened,
                    "",
                )
            )
            job_skills.extend((jid, s[0]) for s in chosen)
            doc_row = [did, "job", jid, True, price, None, None, int(opened.timestamp()), now]
            doc_tags = {("skill", s[1]) for s in chosen} | {("category", main[4])}
            doc_tags |= {
                ("experience", experience),
                ("budget_type", "hourly" if hourly else "fixed"),
                ("length", length),
                ("workload", workload),
                ("connects", str(connects)),
                ("proposals", proposals_bucket(proposals)),
                ("client_hires", hires_bucket(client[2])),
            }
            doc_tags |= {("client_spend", b) for b in spend_buckets(client[3])}
            if client[1]:
                doc_tags.add(("client_verified", "yes"))
            tags.extend((did, f, v) for f, v in doc_tags)
            if sink is not None:
                sink(
                    Document(
                        kind="job",
                        object_id=jid,
                        title=title,
                        keywords=" ".join(s[2] for s in chosen),
                        body=description,
                        extra=main[5],
                        tags=frozenset(doc_tags),
                        public=True,
                        price=price,
                        volume=int(opened.timestamp()),
                    )
                )
            # The engine's per-document copy of its tags (what its tag filters and facets read).
            docs.append((*doc_row, "\n".join(f"{f}\t{v}" for f, v in sorted(doc_tags))))
            texts.append(
                (
                    did,
                    text.normalize(title),
                    text.normalize(" ".join(s[2] for s in chosen)),
                    text.normalize(description),
                    text.normalize(main[5]),
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
            "profiles_clientprofile",
            [
                "user_id",
                "company_name",
                "description",
                "size",
                "industry",
                "country",
                "website",
                "payment_verified",
                "created_at",
                "updated_at",
            ],
            ((c[0], "", "", "", "", "US", "", c[1], now, now) for c in clients),
        )
        copy_rows(
            cursor,
            "jobs_job",
            [
                "id",
                "client_id",
                "title",
                "description",
                "category_id",
                "experience",
                "length",
                "workload",
                "budget_type",
                "hourly_min_cents",
                "hourly_max_cents",
                "fixed_cents",
                "visibility",
                "hires_wanted",
                "contract_to_hire",
                "status",
                "close_reason",
                "close_note",
                "connects_required",
                "opened_at",
                "last_activity_at",
                "expires_at",
                "boost_ends_at",
                "proposal_count",
                "interviewing_count",
                "invites_sent",
                "hires_count",
                "created_at",
                "updated_at",
                "reading_check",
            ],
            jobs,
        )
        copy_rows(cursor, "jobs_job_skills", ["job_id", "skill_id"], job_skills)
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
                "updated_at",
                "facet_values",
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
        for table in ("accounts_user", "jobs_job", "search_searchdocument"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608 - constant table names
            )
    if not analyze:
        return
    with connection.cursor() as cursor:
        for table in (
            "search_searchdocument",
            "search_searchtag",
            "jobs_job",
            "jobs_job_skills",
            "profiles_clientprofile",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(
        f"generated {n} jobs from {clients_n} clients, {len(tags)} tags "
        f"in {time.perf_counter() - started:.1f}s"
    )


def queries(rng: random.Random, count: int):
    from hirehall.jobs.selectors import JobSearch
    from hirehall.profiles.models import Category, Skill

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
        "bakery logo",
        "fintech dashboard",
        "shipping api",
        "yoga website",
        "python",
        "react dashboard",
        "logo",
        "seo blog",
        "wordpress",
        "data entry",
        "js",
        "api",
        "migration",
        "mobile app",
        "shopify store",
        "copywriting",
        "video",
        "excel report",
        "figma",
        "scalable saas",
        "urgent fix",
        "django api",
        "translation",
        "chatbot",
        "newsletter",
        "audit",
        "",
    ]
    sorts = ["relevance", "relevance", "relevance", "budget_desc", "budget_asc"]
    out = []
    for i in range(count):
        kind = i % 6
        q, sort = rng.choice(words), rng.choice(sorts)
        if kind == 0:
            s = JobSearch(q=q, sort=sort)
        elif kind == 1:
            s = JobSearch(q=q, skills=(rng.choice(popular),), experience=(rng.choice(EXPERIENCE),), sort=sort)
        elif kind == 2:
            low = rng.choice([100, 500, 1000, 5000])
            s = JobSearch(q=q, budget_type="fixed", budget_min_cents=low * 100, budget_max_cents=low * 400)
        elif kind == 3:
            s = JobSearch(
                q=q,
                category=rng.choice(categories),
                client_verified=True,
                client_hires=("1to9", "10plus"),
                posted_within=rng.choice(["24h", "3d", "7d"]),
            )
        elif kind == 4:
            s = JobSearch(
                q=q,
                proposals=("lt5", "5to10"),
                connects=(rng.choice(["4", "6", "8"]),),
                client_spend=rng.choice(["", "1k", "10k"]),
                sort=sort,
            )
        else:
            s = JobSearch(any_skills=(*rng.sample(slugs, 3), rng.choice(popular)))  # best matches
        out.append((s, rng.choice([0, 0, 0, 20, 40])))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument(
        "--rebuild", action="store_true", help="drop the benchmark database and generate again"
    )
    args = parser.parse_args()

    name = open_bench_database("hirehall_benchjobs", rebuild=args.rebuild)
    from hirehall.jobs.models import Job
    from hirehall.jobs.selectors import job_search

    existing = Job.objects.filter(client__email__endswith="@bench.test").count()
    if existing < args.jobs:
        generate(args.jobs - existing, random.Random(2026))
    print(f"database {name}: {Job.objects.filter(status='open').count()} open jobs")

    plan = queries(random.Random(7), args.queries)
    for search, offset in plan[:10]:  # warm caches and the connection
        job_search(search, offset=offset)
    # GET /api/v1/jobs as sent by default, then the same queries asking for facet counts too.
    for label, with_facets in (("default (no facet counts)", False), ("with facet counts", True)):
        timings, totals = [], []
        for search, offset in plan:
            started = time.perf_counter()
            page = job_search(search, offset=offset, facets=with_facets)
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(page.total)
        print(f"{len(timings)} queries, {label}: words, filters, sorts, a page of jobs with client stats")
        print(f"  matches per query: median {statistics.median(totals):.0f}, max {max(totals)}")
        print(f"  {percentiles(timings)}")
        for ms, (s, _) in sorted(zip(timings, plan, strict=True), key=lambda t: t[0])[-3:]:
            print(f"  slow: {ms:.1f} ms  {s.as_params()}")


if __name__ == "__main__":
    main()
