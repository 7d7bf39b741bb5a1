"""From postcode and house number to street, place and coordinates.

The Dutch government's PDOK Locatieserver answers this for free. It is asked only when
`BUURTWERK_GEOCODER_URL` is set (off means no network at all); when it is off, unreachable or
finds nothing, a resident is placed in the middle of their neighbourhood, and the form says so.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Avg

from .models import Neighbourhood, Resident

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3
POINT = re.compile(r"POINT\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)")


@dataclass(frozen=True)
class Address:
    street: str
    house_number: str
    postcode: str
    city: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}".strip()


def parse_locatieserver(payload: Any) -> Address | None:
    """The first address in a Locatieserver answer ({"response": {"docs": [...]}}), if any."""
    try:
        doc = payload["response"]["docs"][0]
        point = POINT.fullmatch(doc["centroide_ll"].strip())
        if point is None:
            return None
        return Address(
            street=str(doc.get("straatnaam", "")),
            house_number=f"{doc.get('huisnummer', '')}{doc.get('huisletter', '')}"
            + (f"-{doc['huisnummertoevoeging']}" if doc.get("huisnummertoevoeging") else ""),
            postcode=re.sub(r"^(\d{4})\s*([A-Z]{2})$", r"\1 \2", str(doc.get("postcode", ""))),
            city=str(doc.get("woonplaatsnaam", "")),
            lon=float(point[1]),
            lat=float(point[2]),
        )
    except (KeyError, IndexError, TypeError, AttributeError, ValueError):
        return None


def geocode(postcode: str, house_number: str) -> Address | None:
    """Look the address up, or None: geocoder off, unreachable, slow, or no such address."""
    base = getattr(settings, "BUURTWERK_GEOCODER_URL", "")
    if not base or not postcode or not house_number:
        return None
    query = urllib.parse.urlencode(
        {"q": f"{postcode.replace(' ', '').upper()} {house_number}", "fq": "type:adres", "rows": 1}
    )
    try:
        with urllib.request.urlopen(f"{base}?{query}", timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 - the URL is a setting
            payload = json.loads(answer.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        logger.warning("geocoder unreachable: %s", type(error).__name__)
        return None
    return parse_locatieserver(payload)


def neighbourhood_centre(neighbourhood: Neighbourhood) -> tuple[float, float] | None:
    """The middle of the residents already placed in the neighbourhood, if any are."""
    centre = Resident.objects.filter(
        neighbourhood=neighbourhood, lat__isnull=False, lon__isnull=False
    ).aggregate(lat=Avg("lat"), lon=Avg("lon"))
    if centre["lat"] is None or centre["lon"] is None:
        return None
    return round(centre["lat"], 5), round(centre["lon"], 5)
