from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.core.text import SEARCH_MAX_LENGTH, clean_search_text


@given(st.text())
def test_search_text_is_always_short_printable_and_trimmed(value: str) -> None:
    cleaned = clean_search_text(value)
    assert len(cleaned) <= SEARCH_MAX_LENGTH
    assert "\x00" not in cleaned and "\n" not in cleaned
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned


@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=50))
def test_plain_words_pass_unchanged(word: str) -> None:
    assert clean_search_text(f"  {word} ") == word


def test_anything_but_text_becomes_empty() -> None:
    assert clean_search_text(None) == "" and clean_search_text(["jan"]) == ""
