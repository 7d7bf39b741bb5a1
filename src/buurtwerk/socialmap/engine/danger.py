"""Signals of danger in a question, and the national lines that answer them on any map.

When a question reveals a concept marked with a danger in the concept scheme, the vraagbaak
puts the national line first (unless the loaded map holds that line itself), then the map's
services for that concept, and gives the volunteer a note on what to do now.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import normalize


@dataclass(frozen=True)
class NationalLine:
    """A national helpline that is there whatever map is loaded."""

    id: str
    name: str
    phones: tuple[str, ...]
    description: str
    url: str
    dangers: frozenset[str]
    # Words in a service's name that show the map holds this line itself.
    aliases: tuple[str, ...]

    def hsds(self) -> dict[str, object]:
        """The line in the shape of an HSDS service, so cards and the API show it like any."""
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "url": self.url,
            "status": "active",
            "fees_description": "Gratis.",
            "phones": [
                {"id": f"{self.id}-tel-{n}", "number": number, "type": "voice"}
                for n, number in enumerate(self.phones, start=1)
            ],
            "organization": {"id": self.id, "name": self.name},
        }

    def is_on_map(self, service_name: str) -> bool:
        name = normalize(service_name)
        return any(alias in name for alias in self.aliases)


NATIONAL_LINES: tuple[NationalLine, ...] = (
    NationalLine(
        id="landelijk-veilig-thuis",
        name="Veilig Thuis (landelijk)",
        phones=("0800-2000",),
        description=(
            "Advies- en meldpunt huiselijk geweld en kindermishandeling. Voor slachtoffers, "
            "omstanders en vrijwilligers die zich zorgen maken. Gratis, dag en nacht, ook anoniem."
        ),
        url="https://veiligthuis.nl",
        dangers=frozenset({"violence", "child-abuse"}),
        aliases=("veilig thuis",),
    ),
    NationalLine(
        id="landelijk-113",
        name="113 Zelfmoordpreventie",
        phones=("113", "0800-0113"),
        description=(
            "Voor wie aan zelfdoding denkt, en voor wie zich zorgen maakt om een ander. "
            "Bel 113 of gratis 0800-0113, of chat via 113.nl. Dag en nacht, anoniem."
        ),
        url="https://www.113.nl",
        dangers=frozenset({"suicide"}),
        aliases=("113", "zelfmoordpreventie"),
    ),
)

LINES_BY_ID = {line.id: line for line in NATIONAL_LINES}

NOTES: dict[str, str] = {
    "violence": (
        "Let op: mogelijk huiselijk geweld. Is er nu gevaar? Bel 112. Voor advies, ook anoniem: "
        "Veilig Thuis, 0800-2000 (gratis, dag en nacht). Bespreek het met uw buurtwerker."
    ),
    "child-abuse": (
        "Let op: mogelijk kindermishandeling. Is er nu gevaar? Bel 112. Bel voor advies Veilig "
        "Thuis, 0800-2000 (gratis, dag en nacht, ook anoniem), en volg de meldcode van uw "
        "organisatie: bespreek het met uw buurtwerker."
    ),
    "suicide": (
        "Let op: iemand denkt misschien aan zelfdoding. Neem het serieus en vraag er gewoon naar. "
        "Is er nu gevaar? Bel 112. 113 Zelfmoordpreventie: bel 113 of 0800-0113 (gratis), of "
        "chat via 113.nl."
    ),
    "acute-debt": (
        "Let op: acute geldnood (deurwaarder, beslag, afsluiting of ontruiming). Bel vandaag nog "
        "de schuldhulp van de gemeente: bij dreigende afsluiting of ontruiming moet die snel "
        "helpen. Laat de bewoner brieven van de deurwaarder meenemen."
    ),
}
# The order in which dangers are named when a question shows more than one.
DANGER_ORDER = ("suicide", "child-abuse", "violence", "acute-debt")


def lines_for(dangers: set[str]) -> list[NationalLine]:
    """National lines for these dangers, in the order of the dangers."""
    found: list[NationalLine] = []
    for danger in DANGER_ORDER:
        if danger in dangers:
            found += [
                line for line in NATIONAL_LINES if danger in line.dangers and line not in found
            ]
    return found
