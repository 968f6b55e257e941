"""Proposals API: apply, review (Best Match), invitations, offers (the interview thread is messaging's).

Thin: parse → authorise through a selector → one service → render through hirehall.proposals.schemas.
One module per resource; each path lives in one module (a path split across routers would answer 405
for the methods of the second).
"""

from __future__ import annotations

from ninja import Router

from hirehall.proposals.api import applying, invitations, offers

router = Router(tags=["proposals"])
router.add_router("", applying.router)
router.add_router("", invitations.router)
router.add_router("", offers.router)

__all__ = ["router"]
