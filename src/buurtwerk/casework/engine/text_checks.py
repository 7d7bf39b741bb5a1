"""Spotting personal data in free text that must not carry it.

Text that area partners (police, housing corporation, municipality) may read — a liveability
signal that is not about a person, and everything the public intake receives — must not name
or identify anyone, nor say anything about someone's health. The checks err on the side of
asking the reporter to rephrase: a shop called after a person ("Albert Heijn") is refused too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[a-zA-Z]{2,}")
# Dutch phone numbers: 06-12345678, 0612345678, +31 6 1234 5678, 020 123 4567, 0031...
PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){9}(?!\d)")
# A Dutch citizen service number (BSN): nine digits, often written in groups (123.456.782).
NINE_DIGITS = re.compile(r"(?<![\d.])\d(?:[.\s-]?\d){8}(?![\d])")
# Someone named with a title or as a family: "meneer De Vries", "mw. Jansen", "familie Bakker".
TITLED_NAME = re.compile(
    r"\b(?i:meneer|mevrouw|mevr|mw|mr|dhr|de heer|familie|fam|buurman|buurvrouw|opa|oma)\.?"
    r"\s+(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op)\s+)*[A-Z][\w'-]+"
)
# A first and last name: two or more capitalised words, with Dutch particles in between.
CAPITALISED_WORD = r"[A-Z][a-zà-ÿ][\w'-]*"
FULL_NAME = re.compile(
    rf"\b{CAPITALISED_WORD}(?:\s+(?:(?:van|de|der|den|ter|ten|te|het|'t|in|op)\s+)*"
    rf"{CAPITALISED_WORD})+"
)
# Words that start a sentence with a capital without being a name.
SENTENCE_WORDS = frozenset(
    {
        "aan", "achter", "al", "bewoners", "bij", "boven", "buren", "daar", "dat", "de", "deze",
        "die", "dit", "een", "elke", "er", "gisteren", "graag", "help", "het", "hier", "hij",
        "iedere", "iemand", "ik", "in", "jongeren", "kinderen", "langs", "let", "mensen", "morgen",
        "na", "naast", "niemand", "nog", "om", "onder", "ook", "op", "overal", "rond", "sinds",
        "steeds", "tegenover", "tijdens", "tussen", "vanavond", "vandaag", "vannacht", "vanochtend",
        "voor", "we", "weer", "wij", "ze", "zij",
    }
)  # fmt: skip
# Health is a special category of personal data (AVG art. 9): never in text for partners.
HEALTH_WORDS = re.compile(
    r"\b(?:dement\w*|alzheimer\w*|parkinson\w*|depress\w*|psych\w*|schizofre\w*|autis\w*|adhd"
    r"|kanker|chemo\w*|diabet\w*|suikerziekte|hiv|aids|verslaafd\w*|verslaving\w*|alcoholist\w*"
    r"|drugsverslaafd\w*|su[iï]cid\w*|zelfmoord\w*|ziekenhuis\w*|ggz|beroerte|hartaanval"
    r"|gehandicapt\w*|zwanger\w*|rolstoel\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind, and the words that gave it away."""

    kind: str  # "email", "phone", "bsn", "name" or "health"
    text: str


def is_valid_bsn(digits: str) -> bool:
    """The eleven test on a nine-digit number, as used for the BSN."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))
    return total % 11 == 0 and digits != "000000000"


def _names(text: str, full_names: bool) -> list[str]:
    found = [match.group() for match in TITLED_NAME.finditer(text)]
    for match in FULL_NAME.finditer(text) if full_names else ():
        words = match.group().split()
        while words and words[0].lower() in SENTENCE_WORDS:
            words = words[1:]
        capitalised = [word for word in words if word[0].isupper()]
        if len(capitalised) >= 2:
            found.append(" ".join(words))
    return found


def personal_data_found(text: str, *, full_names: bool = True) -> list[Finding]:
    """Every piece of personal data the text seems to contain, in a fixed order of kinds.

    Without `full_names` only titled names count ("meneer Jansen"): for an address, where
    capitalised words are street names.
    """
    found = [Finding("email", match.group()) for match in EMAIL.finditer(text)]
    found += [Finding("phone", match.group()) for match in PHONE.finditer(text)]
    found += [
        Finding("bsn", match.group())
        for match in NINE_DIGITS.finditer(text)
        if is_valid_bsn(re.sub(r"\D", "", match.group()))
    ]
    found += [Finding("name", name) for name in _names(text, full_names)]
    found += [Finding("health", match.group()) for match in HEALTH_WORDS.finditer(text)]
    return found


def personal_data_kinds(text: str) -> list[str]:
    """Which kinds of personal data the text seems to contain, each once."""
    return list(dict.fromkeys(finding.kind for finding in personal_data_found(text)))
