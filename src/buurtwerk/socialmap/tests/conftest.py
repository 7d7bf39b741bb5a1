"""Small invented social map shared by the search tests."""

import pytest

from buurtwerk.socialmap.engine import SearchIndex, ServiceDoc


def _services() -> list[ServiceDoc]:
    return [
        ServiceDoc(
            id="schuld",
            name="Schuldhulpverlening",
            description=(
                "Hulp bij problematische schulden: budgetbeheer, beschermingsbewind en een "
                "schuldregeling. Bij een dreigende afsluiting volgt een snelle aanpak."
            ),
            organization="Gemeente Zeedorp",
            eligibility="Inwoners met schulden.",
            taxonomy=("Geld en schulden",),
        ),
        ServiceDoc(
            id="tuin",
            name="Tuinonderhoud voor ouderen",
            description="Vrijwilligers snoeien de heg en maaien het gras bij ouderen thuis.",
            organization="Stichting Groen",
            taxonomy=("Wonen",),
        ),
        ServiceDoc(
            id="taal",
            name="Taalcafé",
            description="Anderstaligen oefenen samen het spreken van de Nederlandse taal.",
            organization="Bibliotheek Zeedorp",
            taxonomy=("Taal",),
        ),
        ServiceDoc(
            id="buren",
            name="Buurtbemiddeling",
            description="Getrainde bemiddelaars helpen buren bij een conflict over geluid.",
            organization="Welzijn Zeedorp",
            taxonomy=("Buren en leefomgeving",),
        ),
        ServiceDoc(
            id="koffie",
            name="Koffieochtend in het buurthuis",
            description=(
                "Elke week koffie en ontmoeting. Soms komt er iemand vertellen over "
                "schuldhulpverlening of de wijkagent."
            ),
            organization="Welzijn Zeedorp",
            taxonomy=("Ontmoeting en sociale contacten",),
        ),
        ServiceDoc(
            id="digi",
            name="Digitale hulp",
            description="Uitleg over DigiD, e-mail en apps op de computer of smartphone.",
            organization="Bibliotheek Zeedorp",
            taxonomy=("Digitale vaardigheden",),
        ),
    ]


@pytest.fixture(scope="session")
def services() -> list[ServiceDoc]:
    return _services()


@pytest.fixture(scope="session")
def index(services: list[ServiceDoc]) -> SearchIndex:
    return SearchIndex.build(services)
