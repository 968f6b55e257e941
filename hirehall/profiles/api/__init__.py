"""Profiles API: skills taxonomy, freelancer profiles, portfolio, client pages, favourites, guidance.

Thin: parse → authorise through a selector → one service → render through hirehall.profiles.schemas.
One module per resource; each path lives in one module (a path split across routers would answer 405
for the methods of the second).
"""

from __future__ import annotations

from ninja import Router

from hirehall.profiles.api import clients, favourites, freelancers, me, portfolio, taxonomy

router = Router(tags=["profiles"])
router.add_router("", taxonomy.router)
router.add_router("", freelancers.router)
router.add_router("", me.router)
router.add_router("", portfolio.router)
router.add_router("", clients.router)
router.add_router("", favourites.router)

__all__ = ["router"]
