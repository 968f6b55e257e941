"""Where a page's time goes: queries, mean milliseconds and cProfile's top functions, in-process.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hirehall_benchload_<hash> \\
        .venv/bin/python benchmarks/profile_pages.py [page ...] [--runs 30] [--top 25]

Point DATABASE_URL at the database benchmarks/load.py seeded. Settings are production's (DEBUG off,
cached template loader, `REDIS_URL`'s cache) so the numbers match what gunicorn serves; each page is
rendered through Django's test client as the same user the load test uses, after one warm-up request.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "profile-pages")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DB_CONN_MAX_AGE", "60")  # as the load test's server
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "load" / "static"))  # collected by load.py


def pages() -> dict[str, tuple[str, Any]]:  # (path, the User to sign in, or None)
    from hirehall.accounts.models import User
    from hirehall.contracts.models import Contract
    from hirehall.jobs.models import Job
    from hirehall.profiles.models import FreelancerProfile

    contract = Contract.objects.filter(client__email__startswith="load-client-").order_by("pk").first()
    freelancer = (
        User.objects.filter(email__startswith="talent", freelancer_contracts__isnull=False).first()
        if contract
        else User.objects.filter(email="freelancer@hirehall.test").first()
    )
    job = Job.objects.filter(status="open", visibility="public").order_by("pk").first()
    profile = FreelancerProfile.objects.order_by("pk").first()
    return {
        "landing": ("/", None),
        "job search": ("/jobs/?q=python", None),
        "job feed": ("/jobs/?feed=best", freelancer),
        "talent search": ("/talent/?q=python", None),
        "job page": (f"/jobs/{job.pk}/" if job else "/jobs/", None),
        "profile": (f"/freelancers/{profile.pk}/" if profile else "/talent/", None),
        "proposals list": ("/proposals/", freelancer),
        "contract page": (
            f"/contracts/{contract.pk}/" if contract else "/contracts/",
            contract and contract.client,
        ),
        "dashboard": ("/dashboard/", freelancer),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print each query")
    parser.add_argument("--top", type=int, default=0, help="print cProfile's N most expensive functions")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    table = pages()
    for name in args.pages or list(table):
        path, user = table[name]
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        queries: list[str] = []

        def record(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            client.get(path)
        started, cpu_started = time.perf_counter(), time.process_time()
        profiler = cProfile.Profile() if args.top else None
        if profiler:
            profiler.enable()
        for _ in range(args.runs):
            client.get(path)
        if profiler:
            profiler.disable()
        ms = (time.perf_counter() - started) * 1000 / args.runs
        cpu = (
            (time.process_time() - cpu_started) * 1000 / args.runs
        )  # this process only: steadier on a busy machine
        print(
            f"{name:<16} {path:<36} {len(queries):>3} queries {ms:>7.1f} ms wall {cpu:>6.1f} ms cpu"
            f" {len(response.content):>7} bytes"
        )
        if args.sql:
            for sql in queries:
                print(f"    {sql[:220]}")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
