"""Categories, availability slots and languages shared by the matching engine and the web app.

Everything here is plain data so that Django models and forms can reuse the same codes and
Dutch labels (``CATEGORY_CHOICES``, ``SLOT_CHOICES``) without the engine importing Django.
"""

from __future__ import annotations

from collections.abc import Iterable

CATEGORY_LABELS: dict[str, str] = {
    "garden": "tuin",
    "odd_jobs": "klussen",
    "transport": "vervoer",
    "company": "gezelschap/bezoek",
    "shopping": "boodschappen",
    "digital": "digitale hulp",
    "language": "taalmaatje",
    "paperwork": "administratie",
    "meals": "maaltijd/koken",
    "pets": "huisdieren",
    "walking": "wandelen/bewegen",
    "listening": "luisterend oor",
}

CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)

CATEGORY_CHOICES: list[tuple[str, str]] = list(CATEGORY_LABELS.items())

# The social categories are about spending time together, so a resident who offers a walk can
# just as well be the visitor or listening ear someone asked for. Practical help (a lift, a tax
# form, a broken tap) needs the specific skill, so those categories only match themselves.
SOCIAL_CATEGORIES: frozenset[str] = frozenset({"company", "walking", "listening"})

# Help in these categories normally happens inside the home of the person asking, often with
# access to money, documents, accounts or keys, and often for people who are vulnerable. A
# certificate of conduct (VOG) is therefore asked by default. Garden work, shopping brought to
# the door, transport, walks, language practice (usually in a library or community centre) and
# a listening ear (often by phone or outside) happen outside the home and do not need it by
# default; a buurtwerker can still require a VOG on any individual need.
HOME_CATEGORIES: frozenset[str] = frozenset(
    {"odd_jobs", "company", "digital", "paperwork", "meals", "pets"}
)

DAYS: dict[str, str] = {
    "mon": "maandag",
    "tue": "dinsdag",
    "wed": "woensdag",
    "thu": "donderdag",
    "fri": "vrijdag",
    "sat": "zaterdag",
    "sun": "zondag",
}

DAY_PARTS: dict[str, str] = {
    "morning": "ochtend",
    "afternoon": "middag",
    "evening": "avond",
}

SLOTS: tuple[str, ...] = tuple(f"{day}-{part}" for day in DAYS for part in DAY_PARTS)

SLOT_LABELS: dict[str, str] = {
    f"{day}-{part}": f"{day_label}{part_label}"
    for day, day_label in DAYS.items()
    for part, part_label in DAY_PARTS.items()
}

SLOT_CHOICES: list[tuple[str, str]] = list(SLOT_LABELS.items())

# Bit positions let the candidate generator test slot overlap for thousands of offers at once.
SLOT_BITS: dict[str, int] = {slot: 1 << position for position, slot in enumerate(SLOTS)}

DUTCH = "nl"

LANGUAGE_LABELS: dict[str, str] = {
    "nl": "Nederlands",
    "en": "Engels",
    "tr": "Turks",
    "ar": "Arabisch",
    "zgh": "Tamazight (Berbers)",
    "pl": "Pools",
    "pap": "Papiaments",
    "srn": "Sranantongo",
    "so": "Somalisch",
    "ti": "Tigrinya",
    "fa": "Perzisch",
    "prs": "Dari",
    "ku": "Koerdisch",
    "uk": "Oekraïens",
    "ru": "Russisch",
    "bg": "Bulgaars",
    "ro": "Roemeens",
    "de": "Duits",
    "fr": "Frans",
    "es": "Spaans",
    "pt": "Portugees",
    "it": "Italiaans",
    "zh": "Chinees",
    "hi": "Hindi",
    "ur": "Urdu",
    "fy": "Fries",
}


def category_label(category: str) -> str:
    """Return the Dutch label of a category code (raises ``KeyError`` for unknown codes)."""
    return CATEGORY_LABELS[category]


def compatible_categories(category: str) -> frozenset[str]:
    """Return the offer categories that can serve a need of ``category`` (itself included)."""
    if category in SOCIAL_CATEGORIES:
        return SOCIAL_CATEGORIES
    if category in CATEGORY_LABELS:
        return frozenset({category})
    return frozenset()


def categories_compatible(need_category: str, offer_category: str) -> bool:
    """Tell whether an offer in ``offer_category`` can serve a need in ``need_category``."""
    return offer_category in compatible_categories(need_category)


def requires_certificate_by_default(category: str) -> bool:
    """Tell whether a need in ``category`` asks for a certificate of conduct (VOG) by default."""
    return category in HOME_CATEGORIES


def slot_label(slot: str) -> str:
    """Return the Dutch label of a slot code, e.g. ``"tue-morning"`` -> ``"dinsdagochtend"``."""
    return SLOT_LABELS[slot]


def is_valid_slot(slot: object) -> bool:
    """Tell whether ``slot`` is one of the 21 known slot codes."""
    return isinstance(slot, str) and slot in SLOT_LABELS


def validate_slots(slots: Iterable[str]) -> frozenset[str]:
    """Return ``slots`` as a frozenset, raising ``ValueError`` with a Dutch message if invalid.

    A single string is refused with ``TypeError``: it would otherwise be read letter by letter.
    """
    if isinstance(slots, str):
        raise TypeError("Geef een lijst met tijdvakken, niet één tekst.")
    result = frozenset(slots)
    unknown = sorted(str(slot) for slot in result if not is_valid_slot(slot))
    if unknown:
        raise ValueError(f"Onbekend tijdvak: {', '.join(unknown)}.")
    return result


def slots_mask(slots: Iterable[str]) -> int:
    """Return the bit mask of a set of valid slot codes."""
    mask = 0
    for slot in slots:
        mask |= SLOT_BITS[slot]
    return mask


def sorted_slots(slots: Iterable[str]) -> list[str]:
    """Return slot codes in calendar order (Monday morning first)."""
    order = {slot: position for position, slot in enumerate(SLOTS)}
    return sorted(slots, key=order.__getitem__)


def language_label(code: str) -> str:
    """Return the Dutch name of a language code, or the code itself when it is not known."""
    return LANGUAGE_LABELS.get(code, code)


def dutch_join(items: Iterable[str]) -> str:
    """Join words the Dutch way: ``"a"``, ``"a en b"``, ``"a, b en c"``."""
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} en {words[-1]}"
