"""Contracts API: contracts, milestones, the Work Diary (the desktop tracker's API), invoices, disputes.

Thin: parse → authorise through a selector (another user's contract is a 404) → one service → render
through the output shapes of hirehall.contracts.schemas. Money is a decimal string with two places
plus `currency`; ids are strings; lists use cursors. POSTs that move money honour `Idempotency-Key`
(the middleware replays the stored answer; bonuses also pass it to the ledger so a retried payment is
one payment).

One module per resource; each path lives in one module (a path split across routers would answer 405
for the methods of the second).
"""

from __future__ import annotations

from ninja import Router

from hirehall.contracts.api import contracts, diary, disputes, milestones

router = Router(tags=["contracts"])
router.add_router("", contracts.router)
router.add_router("", milestones.router)
router.add_router("", diary.router)
router.add_router("", disputes.router)

__all__ = ["router"]
