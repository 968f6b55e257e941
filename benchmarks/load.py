"""Load test: gunicorn (several workers, DEBUG off, Redis cache) on PostgreSQL, driven by locust.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/load.py

DATABASE_URL names the server; the data goes into its own database (`hirehall_benchload_<hash of
this checkout>`), created, migrated and seeded on first run and reused afterwards (`--rebuild`
starts over). The seed is the demo marketplace (`seed_demo`) plus, through the same services the
product uses, `--clients` clients posting `--jobs` jobs, `--freelancers` freelancers with skills and
a photo, each applying to a few jobs, and `--pairs` fixed-price contracts of 20 milestones.

Then, against one gunicorn (`--workers`, DEBUG off, REDIS_URL cache, persistent connections):

1. **mixed**: `benchmarks/locustfile.py`'s scenario for `--time` at `--users` concurrent users:
   visitors (landing, job search, talent search, job pages, profiles), freelancers (job feed,
   dashboard, proposals list, contract page, applying = the form and the proposal POST) and clients
   (dashboard, reviewing a job's proposals, contract page, paying = fund a milestone, the freelancer
   submits it, the client approves it). Reports req/s, p95 and failures per page.
2. **isolated**: each main page alone for `--page-time` at `--page-users` concurrent users, no think
   time; req/s, p95 and req/s as a % of the landing page's in the same run (the issue's target:
   every main page >= 50%).

Sessions are made for the seeded users at start (Django's test client `force_login`), so no
password hashing sits in the measured loop. Locust's CSV output lands in `var/load/`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _pg import open_bench_database  # noqa: E402

OUT = ROOT / "var" / "load"
BIN = Path(sys.executable).parent
MAIN_PAGES = [
    "landing",
    "job search",
    "job feed",
    "talent search",
    "job page",
    "profile",
    "proposals list",
    "contract page",
    "dashboard",
]
VERBS = ["Build", "Design", "Write", "Fix", "Migrate", "Improve", "Automate", "Translate", "Set up", "Audit"]
THINGS = [
    "REST API",
    "landing page",
    "mobile app",
    "data pipeline",
    "Shopify store",
    "brand identity",
    "blog series",
    "sales dashboard",
    "chatbot",
    "onboarding emails",
    "product video",
    "pitch deck",
    "CRM integration",
    "booking system",
    "test suite",
    "Kubernetes cluster",
]
FOR = [
    "a bakery",
    "our clinic",
    "a fintech startup",
    "a robotics company",
    "a travel agency",
    "a law firm",
    "a nonprofit",
    "an online course",
    "a coffee roaster",
    "a logistics team",
    "a fitness studio",
    "a hotel group",
]
QUERIES = ["python", "django", "logo", "react", "seo", "data", "api", "design", "writer", "shopify", ""]
LETTER = (
    "Hello! I read your post about {title} carefully. I have shipped {n} similar projects, "
    "I would start with a short call to agree on scope, then deliver in small, reviewed steps."
)


# --- seeding ------------------------------------------------------------------------------------
def seed(*, jobs: int, freelancers: int, clients: int, pairs: int) -> None:
    from django.db import transaction

    from hirehall.accounts.models import User
    from hirehall.connects.services import connects_grant
    from hirehall.contracts.services import milestone_add
    from hirehall.core.demo_seed import seed_demo
    from hirehall.core.testing.users import make_user
    from hirehall.jobs.models import Job
    from hirehall.jobs.services import job_create
    from hirehall.jobs.testing import job_fields
    from hirehall.ledger.operations import deposit_record
    from hirehall.profiles import demo as profiles_demo
    from hirehall.profiles import search_index
    from hirehall.profiles.models import Category, FreelancerProfile, ProfileLanguage, ProfileSkill, Skill
    from hirehall.proposals.services import (
        OfferInput,
        ProposalInput,
        offer_accept,
        offer_send,
        proposal_submit,
    )

    started = time.monotonic()
    rng = random.Random(15)
    seed_demo()
    # More freelancers from the demo's generator (its first fifty exist already, with photos); these
    # get the same title, overview, rate, skills and languages, indexed, without a photo.
    profiles_demo.GENERATED = freelancers
    with transaction.atomic():
        for email, name, spec in profiles_demo._generated_specs()[50:]:
            user = profiles_demo._user(email, name)
            if FreelancerProfile.objects.filter(user=user).exists():
                continue
            profile = FreelancerProfile.objects.create(
                user=user,
                title=spec.title,
                overview=spec.overview,
                hourly_rate_cents=spec.rate,
                country=spec.country,
                timezone=spec.timezone,
                hours_per_week=spec.hours,
                available_now=spec.available_now,
            )
            skills = {s.slug: s for s in Skill.objects.filter(slug__in=spec.skills)}
            ProfileSkill.objects.bulk_create(
                [
                    ProfileSkill(profile=profile, skill=skills[s], position=i)
                    for i, s in enumerate(spec.skills)
                ]
            )
            ProfileLanguage.objects.bulk_create(
                [
                    ProfileLanguage(profile=profile, language=c, level=lv, position=i)
                    for i, (c, lv) in enumerate(spec.languages)
                ]
            )
            search_index.reindex_profile(profile.pk)
    talent = list(User.objects.filter(email__startswith="talent").order_by("pk"))
    for user in talent:
        connects_grant(user=user, amount=10_000, source="monthly", key=f"load-grant:{user.pk}")
    print(f"  {len(talent)} freelancers ({time.monotonic() - started:.0f} s)")

    client_users = []
    for n in range(clients):
        email = f"load-client-{n + 1:03d}@hirehall.test"
        user = User.objects.filter(email=email).first() or make_user(
            email=email, name=f"Load Client {n + 1}", is_client=True
        )
        deposit_record(actor=user, amount_cents=500_000_00, key=f"load-deposit:{user.pk}", provider_ref=email)
        client_users.append(user)
    categories = list(Category.objects.order_by("position", "pk"))
    skills_by_category = {c.pk: list(Skill.objects.filter(category=c).order_by("pk")) for c in categories}
    have = Job.objects.filter(client__in=client_users).count()
    for n in range(have, jobs):
        category = categories[n % len(categories)]
        pool = skills_by_category[category.pk] or skills_by_category[categories[0].pk]
        hourly = n % 3 == 0
        title = f"{rng.choice(VERBS)} a {rng.choice(THINGS)} for {rng.choice(FOR)}"
        fields = job_fields(
            title=title,
            description=f"{title}. " + " ".join(rng.sample(THINGS, 5)) + ". Clear brief, quick feedback.",
            category=category,
            skills=rng.sample(pool, min(len(pool), rng.randint(2, 5))),
            experience=rng.choice(["entry", "intermediate", "expert"]),
            budget_type="hourly" if hourly else "fixed",
            fixed_cents=None if hourly else rng.randint(2, 80) * 50_00,
            hourly_min_cents=rng.randint(15, 40) * 100 if hourly else None,
            hourly_max_cents=rng.randint(45, 120) * 100 if hourly else None,
        )
        job_create(actor=client_users[n % len(client_users)], fields=fields, publish=True)
        if (n + 1) % 500 == 0:
            print(f"  {n + 1} jobs ({time.monotonic() - started:.0f} s)")
    print(f"  {jobs} jobs ({time.monotonic() - started:.0f} s)")

    # Each freelancer applies to 5 of the first jobs: every client has proposals to review.
    open_jobs = list(
        Job.objects.filter(client__in=client_users, status="open").order_by("pk")[: max(50, jobs // 10)]
    )
    proposals = []
    for i, freelancer in enumerate(talent):
        for job in rng.sample(open_jobs, min(5, len(open_jobs))):
            bid = job.fixed_cents or job.hourly_max_cents or 50_00
            proposals.append(
                proposal_submit(
                    actor=freelancer,
                    job=job,
                    data=ProposalInput(
                        cover_letter=LETTER.format(title=job.title, n=i % 20 + 3),
                        bid_cents=bid,
                        duration="1to3",
                        answers={},
                        milestones=[],
                        boost=0,
                    ),
                )
            )
    print(f"  {len(proposals)} proposals ({time.monotonic() - started:.0f} s)")

    # Fixed-price contracts with 20 small milestones each: the clients' pay cycles during the run.
    fixed = [p for p in proposals if p.job.budget_type == "fixed"]
    used_jobs: set[int] = set()
    made = 0
    for proposal in fixed:
        if made >= pairs or proposal.job_id in used_jobs:
            continue
        used_jobs.add(proposal.job_id)
        offer = offer_send(
            actor=proposal.job.client,
            proposal=proposal,
            data=OfferInput(
                kind="fixed",
                title=proposal.job.title[:120],
                milestones=tuple((f"Step {k}", 10_00, None) for k in range(1, 21)),
            ),
        )
        contract = offer_accept(actor=proposal.freelancer, offer=offer)
        for k in range(21, 41):
            milestone_add(
                actor=contract.client, contract=contract, description=f"Step {k}", amount_cents=10_00
            )
        made += 1
    print(f"  {made} contracts; seeded in {time.monotonic() - started:.0f} s")


def fixture(path: Path) -> None:
    """Sessions and ids the locust users work with (made fresh on every run)."""
    from django.test import Client

    from hirehall.accounts.models import User
    from hirehall.contracts.models import Contract, ContractMilestone
    from hirehall.jobs.models import Job
    from hirehall.profiles.models import FreelancerProfile
    from hirehall.proposals.models import Proposal

    def session(user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    jobs = list(Job.objects.filter(status="open", visibility="public").values_list("pk", flat=True))
    profiles = list(FreelancerProfile.objects.values_list("pk", flat=True))
    freelancers = []
    for user in User.objects.filter(email__startswith="talent").order_by("pk"):
        applied = set(Proposal.objects.filter(freelancer=user).values_list("job_id", flat=True))
        contracts = list(Contract.objects.filter(freelancer=user).values_list("pk", flat=True))
        freelancers.append({"session": session(user), "applied": sorted(applied), "contracts": contracts})
    clients = []
    for user in User.objects.filter(email__startswith="load-client-").order_by("pk"):
        reviewed = list(
            Job.objects.filter(client=user, proposals__isnull=False).distinct().values_list("pk", flat=True)
        )
        contracts = list(Contract.objects.filter(client=user).values_list("pk", flat=True))
        clients.append({"session": session(user), "jobs": reviewed, "contracts": contracts})
    pairs = []
    for contract in Contract.objects.filter(client__email__startswith="load-client-").select_related(
        "client", "freelancer"
    ):
        pending = list(
            ContractMilestone.objects.filter(contract=contract, status__in=["pending", "funded"])
            .order_by("position", "pk")
            .values_list("pk", "status")
        )
        pairs.append(
            {
                "contract": contract.pk,
                "client": session(contract.client),
                "freelancer": session(contract.freelancer),
                "milestones": pending,
            }
        )
    path.write_text(
        json.dumps(
            {
                "jobs": jobs,
                "profiles": profiles,
                "queries": QUERIES,
                "freelancers": freelancers,
                "clients": clients,
                "pairs": pairs,
            }
        )
    )


# --- the server and locust ------------------------------------------------------------------------
def server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on loopback; the cookies are sent by hand
        SECURE_HSTS_SECONDS="0",
        REDIS_URL=os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/7"),
        DB_CONN_MAX_AGE="60",
        STATIC_ROOT=str(OUT / "static"),
        LOG_LEVEL="WARNING",
        HIREHALL_VAR_DIR=str(OUT / "var"),
    )
    return env


def start_server(env: dict[str, str], *, workers: int, port: int, root: Path) -> subprocess.Popen[bytes]:
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=root,
        env=env,
        check=True,
    )
    log = (OUT / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer on port {port}: see {OUT / 'gunicorn.log'}")


def run_locust(
    *, name: str, users: int, seconds: int, port: int, fixture_path: Path, page: str = ""
) -> list[dict[str, str]]:
    env = dict(os.environ, LOAD_FIXTURE=str(fixture_path), LOAD_PAGE=page)
    prefix = OUT / name
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "--skip-log-setup",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            *(["PageUser"] if page else ["Visitor", "Freelancer", "Client"]),
        ],
        cwd=ROOT,
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(OUT / f"{name}.log").open("wb"),
    )
    with open(f"{prefix}_stats.csv") as f:
        return list(csv.DictReader(f))


def row_of(rows: list[dict[str, str]], name: str) -> dict[str, str] | None:
    return next((r for r in rows if r["Name"] == name), None)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--freelancers", type=int, default=200)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database", help="use this already seeded database instead of seeding one")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--users", type=int, default=20, help="mixed scenario concurrency")
    parser.add_argument("--time", type=int, default=60, help="mixed scenario seconds")
    parser.add_argument("--page-users", type=int, default=8, help="isolated per-page concurrency")
    parser.add_argument("--page-time", type=int, default=15, help="isolated seconds per page")
    parser.add_argument(
        "--server-root",
        type=Path,
        default=ROOT,
        help="serve the code of another checkout (e.g. `git archive` of an older commit) on the same data",
    )
    parser.add_argument("--skip-mixed", action="store_true")
    parser.add_argument("--skip-pages", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("EMAIL_URL", "locmem://")  # the seed's and the run's emails go nowhere
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # The sessions made here must verify in the server: one key for both processes.
    os.environ["SECRET_KEY"] = "load-test-" + secrets.token_hex(16)
    # A simulated user writes faster than a person: the per-user write limits would refuse the run.
    os.environ.setdefault("RATE_LIMIT_PROPOSALS_PER_HOUR", "1000000")
    os.environ.setdefault("RATE_LIMIT_JOB_POSTS_PER_HOUR", "1000000")
    server_url = os.environ.get("DATABASE_URL", "")
    if args.database:  # an existing seeded database on the same server, used as it is
        os.environ["DATABASE_URL"] = server_url.rpartition("/")[0] + f"/{args.database}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        name = args.database
    else:
        name = open_bench_database("hirehall_benchload", rebuild=args.rebuild)
    database_url = os.environ["DATABASE_URL"]
    from django.db import connection

    from hirehall.contracts.models import Contract

    # The contracts are the seed's last step: without them an earlier seed stopped half-way.
    if not args.database and not Contract.objects.filter(client__email__startswith="load-client-").exists():
        connection.close()
        os.environ["DATABASE_URL"] = server_url
        name = open_bench_database("hirehall_benchload", rebuild=True)
        print(f"seeding {name} ...")
        seed(jobs=args.jobs, freelancers=args.freelancers, clients=args.clients, pairs=args.pairs)
    fixture_path = OUT / "fixture.json"
    fixture(fixture_path)
    connection.close()

    env = server_env(database_url)
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # a cold cache for the server we start
    server = start_server(env, workers=args.workers, port=args.port, root=args.server_root.resolve())
    try:
        print(
            f"database {name}; gunicorn --workers {args.workers} serving {args.server_root.resolve()},"
            f" DEBUG off, cache {env['REDIS_URL']}"
        )
        print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
        # Warm every page once (template loaders, connections, cold cache) before measuring.
        run_locust(name="warmup", users=4, seconds=8, port=args.port, fixture_path=fixture_path)
        if not args.skip_mixed:
            rows = run_locust(
                name="mixed", users=args.users, seconds=args.time, port=args.port, fixture_path=fixture_path
            )
            print(f"\nmixed scenario: {args.users} concurrent users, {args.time} s, no think time")
            print(f"{'page':<22}{'requests':>10}{'fails':>7}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}")
            for r in rows:
                print(
                    f"{r['Name']:<22}{r['Request Count']:>10}{r['Failure Count']:>7}"
                    f"{float(r['Requests/s']):>9.1f}{r['50%']:>8}{r['95%']:>8}"
                )
        if not args.skip_pages:
            results: dict[str, dict[str, str] | None] = {}
            for page in MAIN_PAGES:
                rows = run_locust(
                    name=f"page-{page.replace(' ', '-')}",
                    users=args.page_users,
                    seconds=args.page_time,
                    port=args.port,
                    fixture_path=fixture_path,
                    page=page,
                )
                results[page] = row_of(rows, page)
            landing = float(results["landing"]["Requests/s"]) if results["landing"] else 0.0
            print(
                f"\nisolated pages: {args.page_users} concurrent users per page, {args.page_time} s each,"
                " no think time"
            )
            print(f"{'page':<22}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'fails':>7}{'% landing':>11}")
            for page, found in results.items():
                if found is None:
                    print(f"{page:<22}  (no requests)")
                    continue
                rps = float(found["Requests/s"])
                share = 100 * rps / landing if landing else 0.0
                p50, p95, fails = found["50%"], found["95%"], found["Failure Count"]
                print(f"{page:<22}{rps:>9.1f}{p50:>8}{p95:>8}{fails:>7}{share:>10.0f}%")
        print(
            f"\nload after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (uptime's 1/5/15-minute averages)"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
