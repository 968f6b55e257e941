"""The JSON API root: /api/v1. Each app contributes one router."""

from __future__ import annotations

from hirehall.accounts.api import router as accounts_router
from hirehall.accounts.auth import SessionUserAuth, TokenAuth
from hirehall.connects.api import router as connects_router
from hirehall.contracts.api import router as contracts_router
from hirehall.core.api import HirehallAPI, install_problem_handlers
from hirehall.core.api_parser import StrictParser
from hirehall.jobs.api import router as jobs_router
from hirehall.messaging.api import router as messaging_router
from hirehall.moderation.api import router as moderation_router
from hirehall.notifications.api import router as notifications_router
from hirehall.payments.api import router as payments_router
from hirehall.privacy.api import router as privacy_router
from hirehall.profiles.api import router as profiles_router
from hirehall.proposals.api import router as proposals_router
from hirehall.reputation.api import router as reputation_router
from hirehall.webhooks.api import router as webhooks_router

api = HirehallAPI(
    title="Hirehall API",
    version="1",
    description=(
        "Hirehall's JSON API. Authenticate with the browser session or "
        "`Authorization: Bearer <personal access token>`. Errors are RFC 9457 problem+json with a "
        "stable `code`. Money is a decimal string with two places plus `currency`. POSTs that create "
        "or move money accept an `Idempotency-Key` header."
    ),
    auth=[TokenAuth(), SessionUserAuth()],
    urls_namespace="api",
    parser=StrictParser(),
)
install_problem_handlers(api)
api.add_router("", accounts_router)
api.add_router("", notifications_router)
api.add_router("", payments_router)
api.add_router("", profiles_router)
api.add_router("", jobs_router)
api.add_router("", connects_router)
api.add_router("", proposals_router)
api.add_router("", contracts_router)
api.add_router("", messaging_router)
api.add_router("", reputation_router)
api.add_router("", moderation_router)
api.add_router("", webhooks_router)
api.add_router("", privacy_router)
