import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.people.validators import normalise_postcode


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("8302ab", "8302 AB"),
        (" 8302 AB ", "8302 AB"),
        ("1011Ab", "1011 AB"),
        ("9999 zz", "9999 ZZ"),
    ],
)
def test_postcode_is_stored_the_postnl_way(typed: str, stored: str) -> None:
    assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(
    "typed", ["0123 AB", "830 AB", "8302 A", "8302 SS", "8302 SA", "8302 SD", "ABCD 12", ""]
)
def test_invalid_postcode_is_refused_in_dutch(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        normalise_postcode(typed)
    assert "geen geldige postcode" in error.value.messages[0]


@given(st.text(max_size=20))
def test_any_text_is_either_a_clean_postcode_or_refused(text: str) -> None:
    try:
        result = normalise_postcode(text)
    except ValidationError:
        return
    digits, letters = result.split(" ")
    assert len(digits) == 4 and digits[0] != "0" and digits.isdigit()
    assert len(letters) == 2 and letters.isupper() and letters not in {"SA", "SD", "SS"}
