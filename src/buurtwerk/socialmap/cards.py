"""What a volunteer needs to see of a service: phone, opening hours, where, how to apply.

Built from the HSDS service dict (as the API serves it), so the vraagbaak, the service page
and the public page show the same facts in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from buurtwerk.core.untrusted import is_safe_link

DAY_NAMES = {
    "MO": "maandag", "TU": "dinsdag", "WE": "woensdag", "TH": "donderdag", "FR": "vrijdag",
    "SA": "zaterdag", "SU": "zondag",
}  # fmt: skip


@dataclass(frozen=True)
class PhoneLine:
    number: str
    description: str

    @property
    def dial(self) -> str:
        """The number for a tel: link: digits and a leading plus only."""
        return "".join(c for c in self.number if c.isdigit() or c == "+")


@dataclass(frozen=True)
class Place:
    name: str
    address: str


@dataclass(frozen=True)
class ServiceCard:
    id: str
    name: str
    organization: str
    description: str
    status: str
    application_process: str
    eligibility: str
    fees: str
    url: str
    email: str
    phones: list[PhoneLine] = field(default_factory=list)
    hours: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


def _time(value: Any) -> str:
    text = str(value or "")
    return text[:5] if len(text) >= 5 else text


def schedule_text(schedule: dict[str, Any]) -> str:
    """Opening hours in words: the provider's own description, else built from the rule."""
    if schedule.get("description"):
        return str(schedule["description"])
    days = [
        DAY_NAMES.get(code.strip(), code.strip())
        for code in str(schedule.get("byday") or "").split(",")
        if code.strip()
    ]
    opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
    when = f"{opens} tot {closes} uur" if opens and closes else ""
    return " ".join(part for part in (", ".join(days), when) if part)


def _address(location: dict[str, Any]) -> str:
    for address in location.get("addresses", []):
        if address.get("address_type") != "postal":
            parts = [
                address.get("address_1"),
                f"{address.get('postal_code', '')} {address.get('city', '')}".strip(),
            ]
            return ", ".join(str(part) for part in parts if part)
    return ""


def card(service: dict[str, Any]) -> ServiceCard:
    """The volunteer's view of one HSDS service."""
    organization = service.get("organization") or {}
    phones = [PhoneLine(p["number"], p.get("description", "")) for p in service.get("phones", [])]
    if not phones:
        phones = [
            PhoneLine(p["number"], p.get("description", "")) for p in organization.get("phones", [])
        ]
    hours = [text for s in service.get("schedules", []) if (text := schedule_text(s))]
    places = []
    for at_location in service.get("service_at_locations", []):
        location = at_location.get("location") or {}
        if location:
            places.append(Place(str(location.get("name") or ""), _address(location)))
    themes = [
        str(a["taxonomy_term"]["name"])
        for a in service.get("attributes", [])
        if (a.get("taxonomy_term") or {}).get("name")
    ]
    return ServiceCard(
        id=str(service["id"]),
        name=str(service.get("name", "")),
        organization=str(organization.get("name", "")),
        description=str(service.get("description") or ""),
        status=str(service.get("status", "")),
        application_process=str(service.get("application_process") or ""),
        eligibility=str(service.get("eligibility_description") or ""),
        fees=str(service.get("fees_description") or service.get("fees") or ""),
        # Checked at import too; a link that could run code is never shown as one.
        url=url if is_safe_link(url := str(service.get("url") or "")) else "",
        email=str(service.get("email") or ""),
        phones=phones,
        hours=list(dict.fromkeys(hours)),
        places=places,
        themes=list(dict.fromkeys(themes)),
        languages=[
            str(lang.get("name") or lang.get("code")) for lang in service.get("languages", [])
        ],
    )
