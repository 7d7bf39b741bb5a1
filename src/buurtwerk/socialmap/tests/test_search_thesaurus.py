import pytest

from buurtwerk.socialmap.engine.text import stem, tokenize
from buurtwerk.socialmap.engine.thesaurus import (
    ConceptMatcher,
    ThesaurusError,
    load_concepts,
    parse_concepts,
    parse_line,
    parse_thesaurus,
)


def _match(matcher: ConceptMatcher, text: str) -> set[str]:
    words = tokenize(text)
    return {hit.concept for hit in matcher.match(words, [stem(w) for w in words])}


def test_packaged_thesaurus_parses_into_many_concepts():
    concepts = load_concepts()
    assert len(concepts) >= 40
    for expected in ("schulden", "eenzaamheid", "dementie", "digitaal", "mantelzorg"):
        assert expected in concepts


LIFE_DOMAINS = {
    "financien",
    "dagbesteding",
    "huisvesting",
    "huiselijke-relaties",
    "geestelijke-gezondheid",
    "lichamelijke-gezondheid",
    "verslaving",
    "adl",
    "sociaal-netwerk",
    "maatschappelijke-participatie",
    "justitie",
    "toegang",
}


def test_every_concept_belongs_to_a_life_domain_and_every_domain_has_concepts():
    concepts = load_concepts()
    assert {c.domain for c in concepts.values()} == LIFE_DOMAINS


def test_each_danger_has_a_concept_in_the_scheme():
    dangers = {c.danger for c in load_concepts().values() if c.danger}
    assert dangers == {"violence", "child-abuse", "suicide", "acute-debt"}


def test_resident_words_of_all_kinds_reveal_a_concept_and_provider_words_mark_services():
    concepts = parse_concepts(
        {
            "concept": {
                "schulden": {
                    "domain": "financien",
                    "everyday": ["aanmaning"],
                    "informal": ["blut"],
                    "regional": ["gin geld"],
                    "misspellings": ["deurwarder"],
                    "provider": ["schuldhulp*"],
                }
            }
        }
    )
    query = ConceptMatcher(concepts, side="query")
    document = ConceptMatcher(concepts, side="document")
    for text in ("een aanmaning", "ik ben blut", "gin geld", "de deurwarder", "schuldhulp"):
        assert _match(query, text) == {"schulden"}, text
    assert _match(document, "ik ben blut") == set()
    assert _match(document, "schuldhulpverlening") == {"schulden"}


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"concept": {"x": {"everyday": "geen lijst"}}},
        {"concept": {"x": {"domain": "financien"}}},
        {"concept": {"x": {"everyday": ["geld"], "danger": "brand"}}},
        {"concept": {"x": {"everyday": ["a*"]}}},
    ],
)
def test_malformed_concept_tables_are_rejected(data):
    with pytest.raises(ThesaurusError):
        parse_concepts(data)


def test_a_file_that_is_no_toml_gives_a_clear_error(tmp_path):
    path = tmp_path / "begrippen.toml"
    path.write_text("[concept.x\neveryday = [", encoding="utf-8")
    with pytest.raises(ThesaurusError, match="geen geldige TOML"):
        load_concepts(path)


def test_every_thesaurus_entry_is_well_formed():
    for name, concept in load_concepts().items():
        assert name == name.strip() and name
        assert concept.markers, f"{name} heeft geen vaktermen"
        for term in concept.triggers + concept.markers:
            assert term.prefix or term.stems, f"{name}: leeg woord {term.text!r}"
            assert all(term.stems), f"{name}: lege stam in {term.text!r}"


def test_line_without_arrow_is_a_synonym_group():
    concept = parse_line("huisarts: dokter, huisarts")
    assert concept is not None
    assert [t.text for t in concept.markers] == ["dokter", "huisarts"]


def test_comments_and_blank_lines_are_ignored():
    assert parse_line("   # alleen commentaar") is None
    assert parse_line("") is None


@pytest.mark.parametrize(
    "line",
    ["geen dubbele punt", "a, b: x", "leeg:", "x: a => b => c", "x: ab*"],
)
def test_malformed_lines_are_rejected(line):
    with pytest.raises(ThesaurusError):
        parse_line(line)


def test_lines_with_the_same_concept_are_merged():
    concepts = parse_thesaurus(["geld: rekening => schuld", "geld: deurwaarder"])
    assert len(concepts["geld"].triggers) == 2


def test_everyday_words_reveal_the_concept_in_a_question():
    matcher = ConceptMatcher(load_concepts(), side="query")
    assert "schulden" in _match(matcher, "er liggen overal aanmaningen van de deurwaarder")


def test_phrases_may_have_small_gaps():
    concepts = parse_thesaurus(["huurachterstand: achter huur => huurachterstand"])
    matcher = ConceptMatcher(concepts, side="query")
    assert _match(matcher, "we lopen achter met de huur") == {"huurachterstand"}
    assert _match(matcher, "achter het huis is de huur laag") == set()


def test_prefix_terms_match_compounds():
    concepts = parse_thesaurus(["schulden: x => schuld*"])
    matcher = ConceptMatcher(concepts, side="document")
    assert _match(matcher, "Schuldhulpverlening en budgetbeheer") == {"schulden"}


def test_everyday_triggers_are_not_used_on_service_texts():
    concepts = parse_thesaurus(["schulden: rekening => schuldhulp"])
    matcher = ConceptMatcher(concepts, side="document")
    assert _match(matcher, "onderdelen worden in rekening gebracht") == set()


def _evidence(matcher: ConceptMatcher, text: str, parts=()) -> dict[str, float]:
    words = tokenize(text)
    return {
        hit.concept: hit.evidence for hit in matcher.match(words, [stem(w) for w in words], parts)
    }


def test_a_concept_revealed_by_more_words_has_more_evidence():
    concepts = parse_thesaurus(["geld: rekening, deurwaarder => schuldhulp"])
    matcher = ConceptMatcher(concepts, side="query")
    assert _evidence(matcher, "een rekening")["geld"] == 1.0
    assert _evidence(matcher, "een rekening en de deurwaarder")["geld"] == 2.0


def test_a_word_that_reveals_two_concepts_shares_its_evidence():
    concepts = parse_thesaurus(["buren: muziek, buurman => x", "hobby: muziek => y"])
    matcher = ConceptMatcher(concepts, side="query")
    evidence = _evidence(matcher, "de buurman en zijn muziek")
    assert evidence == {"buren": 1.5, "hobby": 0.5}


def test_a_phrase_counts_every_word_it_spans():
    concepts = parse_thesaurus(["huur: achter huur => huurachterstand"])
    matcher = ConceptMatcher(concepts, side="query")
    assert _evidence(matcher, "we lopen achter met de huur")["huur"] == 2.0


def test_a_compound_part_is_weaker_evidence_than_a_whole_word():
    concepts = parse_thesaurus(["school: school => leerplicht"])
    matcher = ConceptMatcher(concepts, side="query")
    whole = _evidence(matcher, "school")["school"]
    part = _evidence(matcher, "sportschool", [("sport", "school")])["school"]
    assert part < whole


def test_a_tax_return_is_no_police_report():
    matcher = ConceptMatcher(load_concepts(), side="document")
    concepts = _match(matcher, "Vrijwilligers helpen bij de aangifte inkomstenbelasting.")
    assert "slachtoffer" not in concepts
    assert "slachtoffer" in _match(matcher, "Wij helpen bij het aangifte doen van een inbraak.")


@pytest.mark.parametrize(
    "text",
    [
        "Kinderen die onder de leerplicht vallen.",
        "Na een eerste gesprek volgt een huisbezoek.",
        "Tijdelijk gesloten wegens verbouwing.",
        "Meld u aan via het meldpunt.",
    ],
)
def test_everyday_words_of_any_service_text_reveal_no_care_need(text):
    matcher = ConceptMatcher(load_concepts(), side="document")
    found = _match(matcher, text)
    for concept in ("vallen en alarm", "luisterend oor", "eenzaamheid", "herstel"):
        assert concept not in found
    assert "huiselijk geweld" not in found


def test_two_content_words_match_in_either_order_but_function_words_keep_it():
    concepts = parse_thesaurus(["schulden: stapel rekeningen, geen geld => schuldhulp"])
    matcher = ConceptMatcher(concepts, side="query")
    assert _match(matcher, "de rekeningen stapelen zich op") == {"schulden"}
    assert _match(matcher, "ik heb geld maar geen tijd") == set()
