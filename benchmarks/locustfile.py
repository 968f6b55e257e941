"""The load scenario of benchmarks/load.py (run it through that script: it seeds, starts gunicorn and
writes the fixture this file reads from $LOAD_FIXTURE).

Visitor, Freelancer and Client are the mixed scenario; PageUser hammers the one page named by
$LOAD_PAGE (the isolated per-page mode). Every request carries a page `name` so the statistics are
per page, not per URL. Signed-in users carry a session made by the script; POSTs carry a CSRF
cookie and the matching X-CSRFToken header (Django accepts any well-formed token pair).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import string

from locust import FastHttpUser, constant, task

FIXTURE = json.loads(open(os.environ["LOAD_FIXTURE"]).read())  # noqa: SIM115
CSRF = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
FREELANCERS = list(FIXTURE["freelancers"])
CLIENTS = list(FIXTURE["clients"])
PAIRS = list(FIXTURE["pairs"])
random.shuffle(FREELANCERS)
random.shuffle(CLIENTS)


def headers(session: str | None) -> dict[str, str]:
    cookie = f"csrftoken={CSRF}" + (f"; sessionid={session}" if session else "")
    return {"Cookie": cookie, "X-CSRFToken": CSRF, "Referer": "http://127.0.0.1/"}


def job_id() -> int:
    return random.choice(FIXTURE["jobs"])


def profile_id() -> int:
    return random.choice(FIXTURE["profiles"])


class Base(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def page(self, name: str, path: str, session: str | None = None) -> None:
        with self.client.get(path, name=name, headers=headers(session), catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    def post(self, name: str, path: str, data: dict[str, str], session: str) -> bool:
        with self.client.post(
            path, name=name, data=data, headers=headers(session), allow_redirects=False, catch_response=True
        ) as r:
            # A done action redirects; a refused one re-renders the page (200) or redirects with a
            # message: the redirect target tells them apart only for apply, checked below.
            if r.status_code != 302:
                r.failure(f"{r.status_code}")
                return False
            return True


class Visitor(Base):
    weight = 5

    @task(3)
    def landing(self) -> None:
        self.page("landing", "/")

    @task(4)
    def job_search(self) -> None:
        self.page("job search", f"/jobs/?q={random.choice(FIXTURE['queries'])}")

    @task(3)
    def talent_search(self) -> None:
        self.page("talent search", f"/talent/?q={random.choice(FIXTURE['queries'])}")

    @task(4)
    def job_page(self) -> None:
        self.page("job page", f"/jobs/{job_id()}/")

    @task(3)
    def profile(self) -> None:
        self.page("profile", f"/freelancers/{profile_id()}/")


class Freelancer(Base):
    weight = 3

    def on_start(self) -> None:
        me = FREELANCERS.pop() if FREELANCERS else random.choice(FIXTURE["freelancers"])
        self.session = me["session"]
        self.applied = set(me["applied"])
        self.contracts = me["contracts"]

    @task(2)
    def dashboard(self) -> None:
        self.page("dashboard", "/dashboard/", self.session)

    @task(3)
    def feed(self) -> None:
        self.page("job feed", "/jobs/?feed=best", self.session)

    @task(2)
    def proposals(self) -> None:
        self.page("proposals list", "/proposals/", self.session)

    @task(1)
    def contract(self) -> None:
        if self.contracts:
            self.page("contract page", f"/contracts/{random.choice(self.contracts)}/", self.session)

    @task(1)
    def apply(self) -> None:
        job = job_id()
        if job in self.applied:
            return
        self.applied.add(job)
        self.page("apply form", f"/jobs/{job}/apply/", self.session)
        self.post(
            "apply (proposal POST)",
            f"/jobs/{job}/apply/",
            {
                "bid": "450.00",
                "duration": "1to3",
                "cover_letter": f"I read the brief of job {job}; I would start with a call "
                f"and ship in reviewed steps. Ref {random.randint(1, 10**9)}.",
                "milestones": "",
                "boost": "0",
            },
            self.session,
        )


class Client(Base):
    weight = 2

    def on_start(self) -> None:
        me = CLIENTS.pop() if CLIENTS else random.choice(FIXTURE["clients"])
        self.session = me["session"]
        self.jobs = me["jobs"]
        self.contracts = me["contracts"]
        self.pair = PAIRS.pop() if PAIRS else None

    @task(2)
    def dashboard(self) -> None:
        self.page("dashboard", "/dashboard/", self.session)

    @task(2)
    def review(self) -> None:
        if self.jobs:
            self.page("review proposals", f"/jobs/{random.choice(self.jobs)}/proposals/", self.session)

    @task(2)
    def contract(self) -> None:
        if self.contracts:
            self.page("contract page", f"/contracts/{random.choice(self.contracts)}/", self.session)

    @task(1)
    def pay(self) -> None:
        """Fund the next milestone, the freelancer submits it, the client approves it: money moves."""
        pair = self.pair
        if pair is None or not pair["milestones"]:
            return
        milestone, status = pair["milestones"].pop(0)
        base = f"/contracts/{pair['contract']}/do"
        if status == "pending" and not self.post(
            "pay: fund", f"{base}/fund/", {"milestone": str(milestone)}, pair["client"]
        ):
            return
        if not self.post(
            "pay: submit (freelancer)",
            f"{base}/submit/",
            {"milestone": str(milestone), "message": "Done, see the notes."},
            pair["freelancer"],
        ):
            return
        self.post("pay: approve", f"{base}/approve/", {"milestone": str(milestone)}, pair["client"])


PAGES = {
    "landing": ("/", None),
    "job search": (None, None),
    "job feed": ("/jobs/?feed=best", "freelancer"),
    "talent search": (None, None),
    "job page": (None, None),
    "profile": (None, None),
    "proposals list": ("/proposals/", "freelancer"),
    "contract page": (None, "client"),
    "dashboard": ("/dashboard/", "freelancer"),
}


class PageUser(Base):
    """One page only ($LOAD_PAGE), rotating over the fixture's ids and sessions."""

    def on_start(self) -> None:
        self.name = os.environ["LOAD_PAGE"]
        client = random.choice([c for c in FIXTURE["clients"] if c["contracts"]] or FIXTURE["clients"])
        freelancer = random.choice([f for f in FIXTURE["freelancers"] if f["contracts"]])
        self.sessions = {"client": client, "freelancer": freelancer}

    @task
    def hit(self) -> None:
        path, role = PAGES[self.name]
        session = self.sessions[role]["session"] if role else None
        if self.name == "job search":
            path = f"/jobs/?q={random.choice(FIXTURE['queries'])}"
        elif self.name == "talent search":
            path = f"/talent/?q={random.choice(FIXTURE['queries'])}"
        elif self.name == "job page":
            path = f"/jobs/{job_id()}/"
        elif self.name == "profile":
            path = f"/freelancers/{profile_id()}/"
        elif self.name == "contract page":
            path = f"/contracts/{random.choice(self.sessions['client']['contracts'])}/"
        self.page(self.name, str(path), session)
