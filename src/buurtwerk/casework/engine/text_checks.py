"""Spotting personal data in free text that must not carry it (the public intake)."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+\.[a-zA-Z]{2,}")
# Dutch phone numbers: 06-12345678, 0612345678, +31 6 1234 5678, 020 123 4567, 0031...
PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\d[\s-]?){9}(?!\d)")
# A Dutch citizen service number (BSN) is nine digits in a row.
NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def is_valid_bsn(digits: str) -> bool:
    """The eleven test on a nine-digit number, as used for the BSN."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))
    return total % 11 == 0 and digits != "000000000"


def personal_data_kinds(text: str) -> list[str]:
    """Which kinds of personal data the text seems to contain: "email", "phone", "bsn"."""
    kinds = []
    if EMAIL.search(text):
        kinds.append("email")
    if PHONE.search(text):
        kinds.append("phone")
    if any(is_valid_bsn(match.group()) for match in NINE_DIGITS.finditer(text)):
        kinds.append("bsn")
    return kinds
