"""Fictional but believable Dutch residents, generated deterministically from a seed.

Used by the demo neighbourhood and by `buurtwerk seed` for scale tests. Everything is invented;
street names are typical of a polder town, coordinates lie around Emmeloord.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

FIRST_NAMES = [
    "Jan", "Henk", "Gerrit", "Kees", "Piet", "Klaas", "Willem", "Dirk", "Bert", "Sjoerd",
    "Mohamed", "Ahmed", "Yusuf", "Mehmet", "Daan", "Sem", "Lucas", "Thijs", "Bram", "Ruben",
    "Anna", "Maria", "Johanna", "Grietje", "Truus", "Ria", "Annie", "Wilma", "Joke", "Ineke",
    "Fatima", "Aisha", "Zeynep", "Samira", "Emma", "Sophie", "Julia", "Lotte", "Sanne", "Fenna",
    "Ewa", "Tomasz", "Agnieszka", "Olena", "Dmytro", "Priya", "Ravi", "Lina", "Tesfay", "Amira",
]  # fmt: skip
LAST_NAMES = [
    "de Vries", "Jansen", "de Boer", "Visser", "Bakker", "Smit", "Meijer", "Mulder", "de Jong",
    "Bos", "Vos", "Dijkstra", "Hoekstra", "Postma", "Kuipers", "van Dijk", "Brouwer", "Hendriks",
    "Yilmaz", "El Amrani", "Kaya", "Bouzid", "Nowak", "Kowalski", "Shevchenko", "Haile",
    "Sikkema", "Veenstra", "van der Meer", "Wiersma", "Boersma", "Zijlstra", "Kramer", "Prins",
]  # fmt: skip
STREETS = [
    "Espelerlaan", "Hertenlaan", "Reeënlaan", "Kievitstraat", "Scholeksterstraat", "Tureluurstraat",
    "Grutto", "Wulp", "Plevier", "Kemphaan", "Zwanebloem", "Kalmoes", "Lisdodde", "Rietgors",
]  # fmt: skip
LANGUAGE_MIX = [
    (["nl"], 70), (["nl", "en"], 10), (["nl", "tr"], 5), (["nl", "ar"], 5), (["pl", "nl"], 4),
    (["uk", "en"], 3), (["ti"], 1), (["ar"], 2),
]  # fmt: skip
NOTES = [
    "Woont sinds kort alleen. Vindt het fijn als er iemand langskomt.",
    "Gaat elke week naar de koffieochtend in het buurthuis.",
    "Heeft last van de knie; boodschappen doen gaat moeilijk.",
    "Wil graag iets doen voor de buurt. Was vroeger hovenier.",
    "Mantelzorger voor haar moeder.",
    "Weinig contact met familie. Hond is zijn grote steun.",
    "",
    "",
    "",
]


@dataclass(frozen=True)
class GeneratedResident:
    name: str
    street: str
    house_number: str
    postcode: str
    lat: float
    lon: float
    birth_year: int
    languages: list[str]
    phone: str
    notes: str
    seeks_participation: bool
    has_certificate: bool
    consent: bool


def _weighted_languages(rng: random.Random) -> list[str]:
    options, weights = zip(*LANGUAGE_MIX, strict=True)
    return list(rng.choices(options, weights=weights)[0])


def generate_residents(
    rng: random.Random,
    count: int,
    *,
    centre: tuple[float, float] = (52.7115, 5.7520),
    spread_km: float = 0.6,
    postcode_prefix: int = 8302,
) -> Iterator[GeneratedResident]:
    """Yield `count` residents scattered around `centre` (within about `spread_km`)."""
    degrees_lat = spread_km / 111.0
    degrees_lon = spread_km / 67.5  # at 52.7 degrees north a degree of longitude is ~67.5 km
    for index in range(count):
        street_index = rng.randrange(len(STREETS))
        birth_year = rng.choices(
            [rng.randint(1930, 1955), rng.randint(1956, 1985), rng.randint(1986, 2007)],
            weights=[35, 40, 25],
        )[0]
        letters = "ABCDEFGHJKLMNPRTVWXZ"
        postcode = (
            f"{postcode_prefix + street_index % 7} "
            f"{letters[street_index % len(letters)]}{letters[(index // 40) % len(letters)]}"
        )
        yield GeneratedResident(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            street=STREETS[street_index],
            house_number=str(rng.randint(1, 180)),
            postcode=postcode,
            lat=round(centre[0] + rng.uniform(-degrees_lat, degrees_lat), 6),
            lon=round(centre[1] + rng.uniform(-degrees_lon, degrees_lon), 6),
            birth_year=birth_year,
            languages=_weighted_languages(rng),
            phone=f"06-{rng.randint(10000000, 99999999)}",
            notes=rng.choice(NOTES),
            seeks_participation=rng.random() < 0.15,
            has_certificate=rng.random() < 0.25,
            consent=rng.random() < 0.8,
        )
