"""Demo data for the social map: a fictional map of Emmeloord, imported through the HSDS importer.

Every organisation, phone number and address below is invented for the demo. Ids start with
`nop-` so `remove()` takes away exactly what the demo made.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from buurtwerk.core.actions import SYSTEM
from buurtwerk.core.demo import DemoContext
from buurtwerk.people.demo import DEMO_USERS, NEIGHBOURHOODS

from .actions import do_escalate, do_import_hsds, do_record_referral, do_record_referral_outcome
from .hsds.reader import read_json_data
from .interchange import bump_revision
from .models import HSDS_MODELS, Escalation, Referral, Service, UnansweredSearch

PREFIX = "nop-"

ORGANIZATIONS = {
    "welzijn": ("Welzijn Noordoostpolder (demo)", "Buurtwerk, ouderenwerk en vrijwilligerswerk."),
    "gemeente": ("Gemeente Noordoostpolder (demo)", "Loket voor inkomen, zorg en wonen."),
    "doenteam": ("Doen!-team Emmeloord (demo)", "Het sociaal wijkteam voor alle inwoners."),
    "humanitas": ("Thuisadministratie Polder (demo)", "Vrijwilligers helpen met papieren."),
    "voedselbank": ("Voedselbank Emmeloord (demo)", "Voedselpakketten voor wie het krap heeft."),
    "bibliotheek": ("Bibliotheek Emmeloord (demo)", "Taal, digitale vaardigheden en ontmoeting."),
    "mantelzorg": ("Steunpunt Mantelzorg NOP (demo)", "Advies en respijt voor mantelzorgers."),
}

LOCATIONS = {
    "espel": ("Buurthuis De Espel", "Espelerlaan 40", "8302 AB"),
    "gemeentehuis": ("Gemeentehuis", "Harm Smeengekade 1", "8302 GA"),
    "bibliotheek": ("Bibliotheek Emmeloord", "Het Voorhuys 2", "8302 BR"),
    "kampen": ("Wijkcentrum Zuiderkwartier", "Kampwal 12", "8303 KL"),
}

THEMES = {
    "geld": "Geld en schulden",
    "wonen": "Wonen en huishouden",
    "zorg": "Zorg en ondersteuning thuis",
    "ontmoeten": "Ontmoeten en meedoen",
    "taal": "Taal en digitale vaardigheden",
    "mantelzorg": "Mantelzorg",
    "voedsel": "Voedsel en eerste levensbehoeften",
}

# key, name, organisation, theme, location, phone, days, opens, closes, description, how to apply
SERVICES: list[tuple[str, ...]] = [
    (
        "schuldhulp",
        "Schuldhulpverlening",
        "gemeente",
        "geld",
        "gemeentehuis",
        "0527 633 100",
        "MO,WE",
        "09:00",
        "12:00",
        "Hulp bij problematische schulden, betalingsachterstanden en aanmaningen. Een "
        "schuldhulpverlener zet alle schulden op een rij en zoekt met u naar een oplossing, zoals "
        "een betalingsregeling of een schuldregeling.",
        "Bel het Klant Contact Centrum of meld u aan via het Doen!-team. Neem uw post mee.",
    ),
    (
        "thuisadministratie",
        "Hulp bij de thuisadministratie",
        "humanitas",
        "geld",
        "espel",
        "0527 612 200",
        "TU",
        "10:00",
        "12:00",
        "Een getrainde vrijwilliger komt bij u thuis en helpt met ordenen van post, rekeningen en "
        "formulieren. Samen maakt u overzicht in uw geldzaken.",
        "Bel of mail; binnen twee weken komt een vrijwilliger bij u langs.",
    ),
    (
        "toeslagen",
        "Spreekuur toeslagen en formulieren",
        "welzijn",
        "geld",
        "bibliotheek",
        "0527 612 300",
        "TH",
        "13:30",
        "15:30",
        "Hulp bij het aanvragen van huurtoeslag, zorgtoeslag, kwijtschelding van "
        "gemeentebelastingen en het invullen van formulieren van de overheid.",
        "Loop binnen zonder afspraak. Neem uw DigiD en de brief mee.",
    ),
    (
        "voedselbank",
        "Voedselpakket",
        "voedselbank",
        "voedsel",
        "kampen",
        "0527 620 400",
        "FR",
        "14:00",
        "16:00",
        "Wekelijks een voedselpakket voor huishoudens die tijdelijk onder de bijstandsnorm leven.",
        "Aanmelden via een hulpverlener van het Doen!-team of schuldhulpverlening.",
    ),
    (
        "wmo",
        "Wmo-loket: hulp in huis en hulpmiddelen",
        "gemeente",
        "zorg",
        "gemeentehuis",
        "0527 633 200",
        "MO,TU,WE,TH,FR",
        "08:30",
        "17:00",
        "Ondersteuning als zelfstandig thuis wonen lastig wordt: huishoudelijke hulp, een "
        "rolstoel of scootmobiel, woningaanpassing zoals een traplift.",
        "Bel het Wmo-loket. Een consulent maakt een afspraak voor een keukentafelgesprek.",
    ),
    (
        "doenteam",
        "Doen!-team: inloop voor alle vragen",
        "doenteam",
        "zorg",
        "espel",
        "0527 640 000",
        "MO,TH",
        "09:00",
        "11:00",
        "Het sociaal wijkteam helpt bij vragen over geld, wonen, zorg, opvoeden en meedoen. "
        "Een generalist kijkt met u naar de hele situatie.",
        "Loop binnen tijdens de inloop of bel voor een afspraak thuis.",
    ),
    (
        "koffieochtend",
        "Koffieochtend in De Espel",
        "welzijn",
        "ontmoeten",
        "espel",
        "0527 612 000",
        "WE",
        "10:00",
        "12:00",
        "Elke week koffie en een praatje met buurtgenoten. Vrijwilligers denken mee met vragen.",
        "Gewoon binnenlopen. Gratis.",
    ),
    (
        "maatje",
        "Maatjesproject tegen eenzaamheid",
        "welzijn",
        "ontmoeten",
        "espel",
        "0527 612 010",
        "",
        "",
        "",
        "Een vrijwillige maatje komt regelmatig op bezoek voor een wandeling, een spelletje of "
        "een gesprek. Voor wie weinig mensen om zich heen heeft.",
        "Bel de coördinator; die komt eerst kennismaken.",
    ),
    (
        "taalcafe",
        "Taalcafé",
        "bibliotheek",
        "taal",
        "bibliotheek",
        "0527 618 500",
        "TU",
        "19:00",
        "20:30",
        "Oefen Nederlands spreken in een kleine groep met een vrijwilliger als gespreksleider.",
        "Kom langs, aanmelden is niet nodig.",
    ),
    (
        "digitaal",
        "Digitaal Spreekuur",
        "bibliotheek",
        "taal",
        "bibliotheek",
        "0527 618 510",
        "MO",
        "14:00",
        "16:00",
        "Hulp met de computer, smartphone, DigiD, internetbankieren en websites van de overheid.",
        "Maak een afspraak bij de balie of bel de bibliotheek.",
    ),
    (
        "mantelzorg",
        "Mantelzorgondersteuning",
        "mantelzorg",
        "mantelzorg",
        "espel",
        "0527 630 600",
        "TH",
        "13:00",
        "16:00",
        "Advies, lotgenotencontact en respijtzorg voor wie zorgt voor een zieke partner, ouder of "
        "kind. Ook de mantelzorgwaardering wordt hier aangevraagd.",
        "Bel of mail het steunpunt; een consulent belt u terug.",
    ),
    (
        "klussendienst",
        "Vrijwillige klussendienst",
        "welzijn",
        "wonen",
        "kampen",
        "0527 612 020",
        "",
        "",
        "",
        "Vrijwilligers doen kleine klussen voor ouderen en mensen met een beperking: een lamp "
        "ophangen, een kraan vervangen, de tuin bijhouden.",
        "Bel de klussendienst. U betaalt alleen de materialen.",
    ),
]


def _phone(key: str, number: str) -> dict[str, Any]:
    return {"id": f"{PREFIX}tel-{key}", "number": number, "type": "voice"}


def demo_services() -> list[dict[str, Any]]:
    """The demo map in HSDS 3.0 shape."""
    services = []
    for (key, name, org, theme, place, number, days, opens, closes, description,
         application) in SERVICES:  # fmt: skip
        org_name, org_description = ORGANIZATIONS[org]
        location_name, street, postcode = LOCATIONS[place]
        schedule = (
            [
                {
                    "id": f"{PREFIX}sch-{key}",
                    "freq": "WEEKLY",
                    "byday": days,
                    "opens_at": opens,
                    "closes_at": closes,
                }
            ]  # fmt: skip
            if days
            else []
        )
        services.append(
            {
                "id": f"{PREFIX}{key}",
                "name": name,
                "description": description,
                "status": "active",
                "application_process": application,
                "fees_description": "Gratis.",
                "organization": {
                    "id": f"{PREFIX}org-{org}",
                    "name": org_name,
                    "description": org_description,
                },
                "phones": [_phone(key, number)],
                "schedules": schedule,
                "service_at_locations": [
                    {
                        "id": f"{PREFIX}sal-{key}",
                        "location": {
                            "id": f"{PREFIX}loc-{place}",
                            "location_type": "physical",
                            "name": location_name,
                            "addresses": [
                                {
                                    "id": f"{PREFIX}adr-{place}",
                                    "address_1": street,
                                    "city": "Emmeloord",
                                    "state_province": "Flevoland",
                                    "postal_code": postcode,
                                    "country": "NL",
                                    "address_type": "physical",
                                }
                            ],
                        },
                    }
                ],
                "attributes": [
                    {
                        "id": f"{PREFIX}att-{key}",
                        "link_type": "thema",
                        "link_entity": "service",
                        "taxonomy_term_id": f"{PREFIX}thema-{theme}",
                        "taxonomy_term": {
                            "id": f"{PREFIX}thema-{theme}",
                            "code": theme,
                            "name": THEMES[theme],
                            "description": THEMES[theme],
                            "language": "nl",
                        },
                    }
                ],
            }
        )
    return services


DEMO_REFERRALS = [
    ("annie", "post stapelt zich op en ik snap de brieven niet", "thuisadministratie"),
    ("henk", "hij zit veel alleen sinds zijn vrouw is overleden", "maatje"),
    ("annie", "zij wil beter Nederlands leren praten", "taalcafe"),
    ("henk", "het lukt niet meer om de trap op te komen", "wmo"),
    ("annie", "er ligt een stapel aanmaningen", "schuldhulp"),
]  # fmt: skip


def populate(context: DemoContext) -> None:
    """Import the demo map, and let the demo volunteers refer and ask a little."""
    do_import_hsds(read_json_data(demo_services()), SYSTEM)
    users = context.objects.get("users", {})
    neighbourhoods = context.objects.get("neighbourhoods", {})
    if not users:
        return
    services = {s.pk: s for s in Service.objects.filter(pk__startswith=PREFIX)}
    neighbourhood = neighbourhoods.get("espelerhof")
    referrals = []
    for username, question, key in DEMO_REFERRALS:
        referral = do_record_referral(
            question, services[f"{PREFIX}{key}"], users[username], neighbourhood=neighbourhood
        )
        if context.rng.random() < 0.6:
            outcome = context.rng.choice([Referral.Outcome.HELPED, Referral.Outcome.NOT_HELPED])
            do_record_referral_outcome(referral, outcome, users[username])
        referrals.append(referral)
    do_escalate("een bewoner zoekt iemand die wekelijks met zijn hond kan wandelen", users["annie"])
    context.objects["socialmap_services"] = services
    context.objects["referrals"] = referrals


def remove() -> None:
    """Remove the demo map and what the demo users asked and referred."""
    demo_usernames = [user[0] for user in DEMO_USERS]
    Referral.objects.filter(
        Q(service__id__startswith=PREFIX) | Q(referred_by__username__in=demo_usernames)
    ).delete()
    Escalation.objects.filter(asked_by__username__in=demo_usernames).delete()
    UnansweredSearch.objects.filter(
        neighbourhood__code__in=[neighbourhood[0] for neighbourhood in NEIGHBOURHOODS]
    ).delete()
    for model in HSDS_MODELS.values():
        model._default_manager.filter(pk__startswith=PREFIX).delete()
    bump_revision()
