"""Objects the authorization matrix points at, built once per test world (cached in w.objects).

`owner` posts `client_job` (with proposal `p_in` from a third freelancer) and applies to
`theirs_job` (proposal `p_mine`), where that job's client made `offer_to_owner`.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hirehall.contracts.models import Contract
from hirehall.core.testing import make_user
from hirehall.core.tests.authz import World
from hirehall.jobs.models import JobAttachment
from hirehall.jobs.services import job_create, saved_search_create
from hirehall.jobs.testing import job_fields, open_job
from hirehall.proposals.services import OfferInput, invitation_send, offer_accept, offer_send
from hirehall.proposals.tests.helpers import apply

HOURLY = OfferInput(kind="hourly", title="Matrix work", hourly_rate_cents=40_00, weekly_limit_hours=10)


def get(w: World, name: str) -> Any:
    if not w.objects:
        _build(w)
    return w.objects[name]


def _build(w: World) -> None:
    o = w.objects
    third = make_user("matrix-third@example.com")
    freelancer = make_user("matrix-freelancer@example.com")
    o["freelancer"] = freelancer
    o["client_job"] = open_job(w.owner)
    o["draft_job"] = job_create(actor=w.owner, fields=job_fields(), publish=False)
    o["p_in"] = apply(freelancer, o["client_job"])
    o["theirs_job"] = open_job(third)
    o["public_job"] = open_job(third)
    o["p_mine"] = apply(w.owner, o["theirs_job"])
    o["p_offered"] = apply(w.owner, open_job(third))
    o["offer_to_owner"] = offer_send(actor=third, proposal=o["p_offered"], data=HOURLY)
    o["invitation"] = invitation_send(actor=third, job=open_job(third), freelancer=w.owner)
    path = default_storage.save("jobs/matrix.pdf", ContentFile(b"%PDF-1.4 matrix"))
    o["attachment"] = JobAttachment.objects.create(
        job=o["draft_job"], path=path, original_name="brief.pdf", content_type="application/pdf", size=15
    )
    o["saved"] = saved_search_create(actor=w.owner, name="matrix", params={"q": "python"})


def offer_by_owner(w: World) -> int:
    return offer_send(actor=w.owner, proposal=get(w, "p_in"), data=HOURLY).pk


def contract_of_owner(w: World) -> Contract:
    third_job = open_job(get(w, "theirs_job").client)
    proposal = apply(w.owner, third_job)
    offer = offer_send(actor=third_job.client, proposal=proposal, data=HOURLY)
    return offer_accept(actor=w.owner, offer=offer)


def pk(name: str):
    return lambda w: get(w, name).pk
