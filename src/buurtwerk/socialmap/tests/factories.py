"""A small invented social map (Testdorp) and helpers to load it through the importer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from buurtwerk.socialmap.actions import do_import_hsds
from buurtwerk.socialmap.hsds.reader import read_json_data

# A copy of the official HSDS examples (CC BY-SA 4.0), so the tests need nothing outside the
# repository.
HSDS_EXAMPLES = Path(__file__).resolve().parent / "data" / "hsds" / "examples"

ORGANIZATION = {
    "id": "org-welzijn",
    "name": "Welzijn Testdorp",
    "description": "Welzijnsorganisatie van Testdorp.",
    "phones": [{"id": "tel-org", "number": "0527 100 100", "type": "voice"}],
}


def _term(code: str, name: str) -> dict[str, Any]:
    return {"id": f"term-{code}", "code": code, "name": name, "description": name}


def service(
    service_id: str,
    name: str,
    description: str,
    *,
    theme: tuple[str, str] = ("algemeen", "Algemeen"),
    status: str = "active",
    phone: str = "0527 200 200",
    hours: str = "",
    apply: str = "Bel of loop binnen.",
) -> dict[str, Any]:
    """One HSDS service with phone, a weekly schedule, a location and a theme."""
    return {
        "id": service_id,
        "name": name,
        "description": description,
        "status": status,
        "application_process": apply,
        "organization": ORGANIZATION,
        "phones": [{"id": f"tel-{service_id}", "number": phone, "type": "voice"}],
        "schedules": [
            {
                "id": f"sch-{service_id}",
                "freq": "WEEKLY",
                "byday": "MO,TH",
                "opens_at": "09:00",
                "closes_at": "11:00",
                **({"description": hours} if hours else {}),
            }
        ],
        "service_at_locations": [
            {
                "id": f"sal-{service_id}",
                "location": {
                    "id": "loc-buurthuis",
                    "location_type": "physical",
                    "name": "Buurthuis De Spil",
                    "addresses": [
                        {
                            "id": "adr-buurthuis",
                            "address_1": "Dorpsstraat 1",
                            "city": "Testdorp",
                            "state_province": "Flevoland",
                            "postal_code": "8300 AA",
                            "country": "NL",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [
            {
                "id": f"att-{service_id}",
                "link_type": "thema",
                "link_entity": "service",
                "taxonomy_term_id": f"term-{theme[0]}",
                "taxonomy_term": _term(*theme),
            }
        ],
        "contacts": [{"id": f"con-{service_id}", "name": "Anna de Vries", "title": "Coördinator"}],
    }


def services_of_testdorp() -> list[dict[str, Any]]:
    return [
        service(
            "svc-schuld",
            "Schuldhulpverlening",
            "Hulp bij problematische schulden, betalingsachterstanden en aanmaningen. "
            "Samen maken we een plan en regelen we een schuldregeling.",
            theme=("geld", "Geld en schulden"),
            hours="Maandag en donderdag van 9.00 tot 11.00 uur inloop.",
            apply="Bel het centrale nummer; u krijgt binnen een week een gesprek.",
        ),
        service(
            "svc-tuin",
            "Tuinhulp voor ouderen",
            "Vrijwilligers helpen ouderen met tuinonderhoud: snoeien, maaien en onkruid wieden.",
            theme=("wonen", "Wonen"),
        ),
        service(
            "svc-taal",
            "Taalcafé",
            "Oefen samen Nederlands spreken met vrijwilligers, elke week in het buurthuis.",
            theme=("taal", "Taal"),
        ),
        service(
            "svc-oud",
            "Oude klussendienst",
            "Klussen in huis: lampen ophangen en kleine reparaties.",
            status="defunct",
        ),
    ]


def write_testdorp(folder: Path) -> Path:
    """The Testdorp map as an HSDS JSON file, for tests of the file-based commands."""
    path = folder / "testdorp.hsds.json"
    path.write_text(json.dumps(services_of_testdorp(), ensure_ascii=False), encoding="utf-8")
    return path


def load_testdorp(acting_user: Any = None) -> dict[str, int]:
    """Import the Testdorp map through the real importer."""
    return do_import_hsds(read_json_data(services_of_testdorp()), acting_user)
