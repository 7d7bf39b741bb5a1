"""Untrusted input: zip bombs, deep JSON, NaN, NUL characters, unsafe links, formulas."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.core.text import spreadsheet_safe
from buurtwerk.core.untrusted import (
    MAX_JSON_DEPTH,
    UnsafeInput,
    check_zip,
    is_safe_link,
    parse_json,
    read_zip_member,
)


def zip_bomb(unpacked_mb: int = 20) -> bytes:
    """A small zip with one CSV that unpacks about a thousand times larger."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("residents.csv", b"ref,name\n" + b"0" * (unpacked_mb * 2**20))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = zip_bomb()
    assert len(bomb) < 100_000
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive, pytest.raises(UnsafeInput, match="zip-bom"):
        check_zip(archive)


def test_an_ordinary_zip_is_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", "ref,name\nr1,Jan\n")
    with zipfile.ZipFile(buffer) as archive:
        check_zip(archive)
        assert read_zip_member(archive, archive.infolist()[0]) == b"ref,name\nr1,Jan\n"


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text().filter(lambda text: "\x00" not in text),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text().filter(lambda k: "\x00" not in k), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_ordinary_json_reads_as_the_standard_parser_reads_it(value) -> None:
    text = json.dumps(value)
    assert parse_json(text) == json.loads(text)


@given(st.integers(min_value=MAX_JSON_DEPTH + 1, max_value=200_000), st.sampled_from("[{"))
def test_deep_nesting_is_refused_never_a_recursion_error(depth: int, opener: str) -> None:
    opening, closing = ("[", "]") if opener == "[" else ('{"a":', "}")
    text = opening * depth + ("" if opener == "[" else "1") + closing * depth
    with pytest.raises(UnsafeInput, match="te diep genest"):
        parse_json(text)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    with pytest.raises(UnsafeInput, match="geen getal"):
        parse_json(f'{{"lat": {constant}, "lon": 5.1}}')


@given(st.text(), st.text())
def test_a_nul_character_anywhere_is_refused(before: str, after: str) -> None:
    for document in ({"name": before + "\x00" + after}, [{before + "\x00": 1}]):
        with pytest.raises(UnsafeInput, match="NUL"):
            parse_json(json.dumps(document))


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.nl/hulp", True),
        ("http://example.nl", True),
        ("mailto:info@example.nl", True),
        ("tel:+31201234567", True),
        ("www.example.nl", True),
        ("javascript:alert(1)", False),
        ("  JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
    ],
)
def test_only_links_that_navigate_are_safe(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


@pytest.mark.parametrize(
    "formula",
    [
        '=HYPERLINK("http://x","klik")',
        " =1+1",
        "\n=1+1",
        "\t=1+1",
        "\r=1+1",
        '＝HYPERLINK("http://x")',
        "﹦1+1",
        "\u00a0=1+1",
        "\u200b=1+1",
        "@SUM(A1)",
        "＠SUM(A1)",
        '+HYPERLINK("http://x")',
        "-1+cmd|' /C calc'!A0",
        "＋1+cmd|' /C calc'!A0",
    ],
)
def test_anything_a_spreadsheet_runs_as_a_formula_is_neutralised(formula: str) -> None:
    assert spreadsheet_safe(formula) == "'" + formula


@pytest.mark.parametrize(
    "text", ["-5", "+31 20 123 4567", "Buurthuis = fijn", "", "a@b.nl", "-1TU", "1MO,-1FR"]
)
def test_plain_text_and_numbers_stay_as_they_are(text: str) -> None:
    assert spreadsheet_safe(text) == text


@given(
    st.text(alphabet=" \t\n\r\u00a0\u3000\u200b", max_size=3),
    st.sampled_from(["=", "＝", "﹦", "@", "＠"]),
    st.text(),
)
def test_a_formula_sign_behind_invisible_characters_is_neutralised(
    invisible: str, sign: str, rest: str
) -> None:
    assert str(spreadsheet_safe(invisible + sign + rest)).startswith("'")
