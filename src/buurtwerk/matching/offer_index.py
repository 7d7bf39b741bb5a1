"""One index of every active offer per process, shared by all suggestion requests.

Building the index for a city takes a fraction of a second; looking one need up in it takes
well under a millisecond. It only narrows the offers down to those of a compatible category
within reach: the suggestions then read those few offers fresh from the database and apply
every rule to them, so a stale index never suggests anyone it should not. The index is rebuilt
when an offer is added or saved, or a resident saved (`updated_at`); a change written with
`QuerySet.update()` that moves a helper closer is seen at the next such save.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from django.db import connection

from buurtwerk.people.models import Resident

from . import adapter
from .engine import OfferIndex
from .models import Offer


@dataclass
class _Shared:
    lock: threading.Lock = field(default_factory=threading.Lock)
    token: tuple | None = None
    index: OfferIndex | None = None


_SHARED = _Shared()


def _token() -> tuple:
    """What the index was built from, in one query over two indexed maxima and the newest id."""
    offers, residents = Offer._meta.db_table, Resident._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {offers}), (SELECT MAX(updated_at) FROM {offers}), "  # noqa: S608
            f"(SELECT MAX(updated_at) FROM {residents})"
        )
        return (connection.alias, *cursor.fetchone())


def shared_offer_index() -> OfferIndex:
    """The index of every active offer, rebuilt when offers or residents have changed."""
    token = _token()
    if _SHARED.index is not None and _SHARED.token == token:
        return _SHARED.index
    with _SHARED.lock:
        if _SHARED.index is None or _SHARED.token != token:
            offers = adapter.offers_to_engine(Offer.objects.filter(status=Offer.Status.ACTIVE))
            _SHARED.index = OfferIndex(offers, every_offer=True)
            _SHARED.token = token
        return _SHARED.index
