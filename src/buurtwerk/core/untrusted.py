"""Reading what others send: uploads, import files, API bodies. Pure Python, no Django.

One place for the limits every reader applies, so the web upload, both importers and the API
refuse the same things with the same Dutch message:

- zip archives (also .xlsx, which is a zip) that unpack to more than `MAX_UNPACKED_BYTES` or
  unpack far more than real files do (`MAX_RATIO`): a zip bomb;
- JSON nested deeper than `MAX_JSON_DEPTH` (Python's parser and everything after it recurse,
  so deep nesting ends in RecursionError), and NaN or Infinity, which are no JSON numbers;
- text with a NUL character, which PostgreSQL cannot store;
- links with a scheme other than http(s), mailto or tel (javascript: runs code when clicked).
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# Text and spreadsheets compress ten to twenty times; a zip bomb a thousand times.
MAX_RATIO = 100
# Below this many bytes unpacked, no ratio can hurt.
RATIO_FREE_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 64
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


class UnsafeInput(ValueError):
    """Input refused before it reaches anything else; the message is Dutch."""


def check_zip(archive: zipfile.ZipFile, members: Iterable[zipfile.ZipInfo] | None = None) -> None:
    """Refuse an archive whose members (all, or `members`) would unpack too large."""
    infos = list(archive.infolist() if members is None else members)
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnsafeInput(
            f"Het zip-bestand is uitgepakt te groot (meer dan {MAX_UNPACKED_BYTES // 2**20} MB)."
        )
    if unpacked > RATIO_FREE_BYTES and unpacked > MAX_RATIO * max(packed, 1):
        raise UnsafeInput(
            "Het zip-bestand pakt veel groter uit dan een gewoon bestand (een 'zip-bom'); "
            "het wordt niet ingelezen."
        )


def read_zip_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One member's bytes, never more than the size its header declared (checked by check_zip)."""
    with archive.open(info) as member:
        data = member.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise UnsafeInput("Het zip-bestand is beschadigd: een bestand is groter dan opgegeven.")
    return data


def _refuse_constant(name: str) -> Any:
    raise UnsafeInput(
        f"De JSON bevat {name}; dat is geen getal. Vul een gewoon getal in of laat het veld weg."
    )


def check_text(value: str) -> str:
    if "\x00" in value:
        raise UnsafeInput("De tekst bevat een NUL-teken (\\u0000); dat kan niet worden opgeslagen.")
    return value


def check_tree(data: Any, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Refuse parsed data nested deeper than `max_depth`, with a NUL character in any string,
    or with a float that is not finite. Walks without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            check_text(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                _refuse_constant("NaN of Infinity")
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise UnsafeInput(
                    f"De JSON is te diep genest (meer dan {max_depth} niveaus); zo diep gaat "
                    "geen Buurtwerk-gegeven."
                )
            if isinstance(value, dict):
                for key, item in value.items():
                    check_text(str(key))
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)
    return data


def parse_json(text: str | bytes, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """JSON as every reader of untrusted input parses it; UnsafeInput or JSONDecodeError.

    Python's parser itself recurses, so very deep input ends there as RecursionError; input
    that it does parse is checked by `check_tree` before anything else recurses over it.
    """
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise UnsafeInput(
            f"De JSON is te diep genest (meer dan {max_depth} niveaus); zo diep gaat geen "
            "Buurtwerk-gegeven."
        ) from None
    return check_tree(data, max_depth)


def is_safe_link(url: str) -> bool:
    """True for a link that only navigates: http(s), mailto, tel, or no scheme at all."""
    if any(ord(char) < 32 for char in url):
        return False
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme == "" or scheme in LINK_SCHEMES
