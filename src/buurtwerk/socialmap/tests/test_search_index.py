import math

from hypothesis import given, settings
from hypothesis import strategies as st

from buurtwerk.socialmap.engine import (
    SearchIndex,
    ServiceDoc,
    docs_from_hsds,
    plain_bm25_baseline,
)
from buurtwerk.socialmap.engine.thesaurus import parse_thesaurus


def _ids(results):
    return [r.service_id for r in results]


def test_docs_are_built_from_nested_hsds_services():
    service = {
        "id": "svc-1",
        "name": "Schuldhulp",
        "description": "Hulp bij schulden.",
        "eligibility_description": "Iedereen",
        "application_process": "Bellen",
        "fees_description": "Gratis",
        "organization": {"name": "Gemeente", "alternate_name": "Team Geld"},
        "attributes": [{"taxonomy_term": {"name": "Geld en schulden"}}],
    }
    (doc,) = docs_from_hsds([service, {"name": "zonder id"}])
    assert doc.id == "svc-1"
    assert doc.taxonomy == ("Geld en schulden",)
    assert "Team Geld" in doc.organization
    assert doc.fees == "Gratis"


def test_everyday_money_question_finds_debt_help(index):
    results = index.search("ik kan de huur niet meer betalen en er liggen overal rekeningen")
    assert results[0].service_id == "schuld"


def test_why_names_the_concept_and_the_question_words(index):
    top = index.search("overal aanmaningen en de deurwaarder staat voor de deur")[0]
    assert top.service_id == "schuld"
    assert "past bij: schulden" in top.why
    assert "'aanmaningen'" in top.why


def test_compound_in_the_question_matches_its_parts(index):
    assert index.search("wie doet het tuinwerk")[0].service_id == "tuin"


def test_compound_in_the_service_matches_a_part(index):
    assert index.search("onderhoud")[0].service_id == "tuin"


def test_typo_in_the_question_is_tolerated(index):
    results = index.search("buurtbemidelling")
    assert results[0].service_id == "buren"
    assert "buurtbemidelling" in results[0].why


def test_inflected_question_words_match_through_stems(index):
    assert index.search("schuld")[0].service_id == "schuld"


def test_name_hit_outranks_description_hit():
    docs = [
        ServiceDoc(id="desc", name="Inloop", description="Ook hulp bij de kledingbank."),
        ServiceDoc(id="name", name="Kledingbank", description="Ook hulp bij de inloop."),
    ]
    index = SearchIndex.build(docs, concepts={})
    assert _ids(index.search("kledingbank")) == ["name", "desc"]


def test_bm25_prefers_rare_terms_and_saturates_repetition():
    docs = [
        ServiceDoc(id="a", name="x", description="taal taal taal taal taal taal"),
        ServiceDoc(id="b", name="y", description="taal"),
        ServiceDoc(id="c", name="z", description="fiets"),
    ]
    index = SearchIndex.build(docs, concepts={})
    scores = {r.service_id: r.score for r in index.search("taal fiets")}
    assert scores["c"] > scores["a"] > scores["b"]
    assert scores["a"] < 3 * scores["b"]


def test_no_results_for_words_that_occur_nowhere(index):
    assert index.search("xylofoonquiz") == []


def test_expansion_weighs_less_than_the_literal_word():
    concepts = parse_thesaurus(["geld: poen => schuldhulp"])
    docs = [
        ServiceDoc(id="literal", name="Inloop", description="Poen"),
        ServiceDoc(id="expanded", name="Spreekuur", description="Schuldhulp"),
    ]
    index = SearchIndex.build(docs, concepts=concepts)
    results = index.search("poen")
    assert _ids(results) == ["literal", "expanded"]


def test_k_limits_the_number_of_results(index):
    assert len(index.search("hulp", k=2)) == 2
    assert index.search("hulp", k=0) == []


def test_plain_baseline_uses_exact_lowercase_words_only(services):
    baseline = plain_bm25_baseline(services)
    assert baseline.search("budgetbeheer")[0].service_id == "schuld"
    assert baseline.search("schuld") == []
    assert baseline.search("aanmaning") == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_query_returns_finite_scores(index, query):
    results = index.search(query)
    assert len(results) <= 10
    assert all(math.isfinite(r.score) for r in results)


def test_empty_emoji_and_very_long_queries_do_not_crash(index):
    assert index.search("") == []
    assert index.search("   \n\t ") == []
    assert isinstance(index.search("😀🙈 💸💸 ‼️"), list)
    long_query = "schulden en rekeningen " * 5000
    assert index.search(long_query)[0].service_id == "schuld"


def test_empty_index_returns_nothing():
    assert SearchIndex.build([]).search("schulden") == []


def test_a_concept_named_by_several_question_words_outweighs_a_stray_one():
    concepts = parse_thesaurus(
        ["schulden: aanmaning, deurwaarder => schuldhulp", "werk: werkt => re-integratie"]
    )
    docs = [
        ServiceDoc(id="schuld", name="Schuldhulp"),
        ServiceDoc(id="werk", name="Re-integratie"),
    ]
    index = SearchIndex.build(docs, concepts=concepts)
    weights = {
        t: q.weight
        for t, q in index.analyse("hij werkt, maar aanmaning en deurwaarder").terms.items()
    }
    assert weights["#schulden"] > weights["#werk"]
    assert _ids(index.search("hij werkt, maar aanmaning en deurwaarder"))[0] == "schuld"


def test_a_service_centred_on_a_need_is_not_capped_like_a_repeated_word():
    concepts = parse_thesaurus(["schulden: aanmaning => schuldhulp, budgetbeheer, bewind*"])
    docs = [
        ServiceDoc(
            id="central",
            name="Schuldhulp",
            description="Budgetbeheer en beschermingsbewind.",
            taxonomy=("Schuldhulp",),
        ),
        ServiceDoc(id="passing", name="Buurthuis", description="Soms is er schuldhulp."),
        ServiceDoc(id="other", name="Taalcafe", description="Samen praten."),
    ]
    index = SearchIndex.build(docs, concepts=concepts)
    scores = {r.service_id: r.score for r in index.search("een aanmaning")}
    # A single word's BM25 weight never exceeds k1 + 1 = 2.2 times its weight at one mention.
    assert scores["central"] > 2.2 * scores["passing"]


def _general_access_index():
    concepts = parse_thesaurus(
        [
            "wijkteam: wijkteam => wijkteam, eerste aanspreekpunt",
            "schulden: aanmaning => schuldhulp",
            "eenzaamheid: eenzaam => eenzaam*",
        ]
    )
    docs = [
        ServiceDoc(id="team", name="Sociaal wijkteam", description="Eerste aanspreekpunt."),
        ServiceDoc(id="schuld", name="Schuldhulp", description="Hulp bij schulden."),
        ServiceDoc(id="taal", name="Taalcafe", description="Samen Nederlands praten."),
    ]
    return SearchIndex.build(docs, concepts=concepts)


def test_the_general_access_point_follows_the_service_for_the_need():
    results = _general_access_index().search("weer een aanmaning")
    assert _ids(results) == ["schuld", "team"]
    assert results[1].why == "algemeen aanspreekpunt"


def test_the_general_access_point_answers_a_need_without_its_own_service():
    assert _ids(_general_access_index().search("ik ben zo eenzaam")) == ["team"]


def test_the_general_access_point_needs_a_recognised_situation():
    assert _ids(_general_access_index().search("samen praten")) == ["taal"]


def test_a_compound_counts_once_where_the_service_uses_the_whole_word():
    docs = [
        ServiceDoc(id="whole", name="Spreekuur", description="Hulp bij huurtoeslag."),
        ServiceDoc(id="both", name="Loket", description="Huurtoeslag, huur en toeslag."),
        ServiceDoc(id="parts", name="Balie", description="Vragen over huur of een toeslag."),
        ServiceDoc(id="other", name="Taalcafe", description="Samen praten."),
    ]
    index = SearchIndex.build(docs, concepts={})
    scores = {r.service_id: r.score for r in index.search("huurtoeslag")}
    # "both" also has the parts but a longer text, so it must not rank above "whole".
    assert scores["both"] <= scores["whole"]
    assert scores["parts"] > 0


def test_the_packaged_thesaurus_knows_common_desks_of_other_municipalities():
    docs = [
        ServiceDoc(
            id="discriminatie", name="Antidiscriminatievoorziening", taxonomy=("Veiligheid",)
        ),
        ServiceDoc(id="sociaal team", name="Sociaal Loket", description="Voor alle hulpvragen."),
        ServiceDoc(id="opvang", name="Gastouderbureau", description="Gastouders in de wijk."),
        ServiceDoc(id="zwanger", name="Fiom", description="Keuzehulpgesprek."),
    ]
    index = SearchIndex.build(docs)
    assert _ids(index.search("ze behandelen me anders vanwege mijn afkomst"))[0] == "discriminatie"
    assert _ids(index.search("wie past op mijn kind als ik werk, een oppas"))[0] == "opvang"
    assert _ids(index.search("ik ben onbedoeld zwanger"))[0] == "zwanger"
    assert _ids(index.search("ik ben zo eenzaam")) == ["sociaal team"]


def test_function_words_inside_thesaurus_phrases_do_not_split_compounds():
    index = SearchIndex.build([ServiceDoc(id="a", name="Gesprekken en stukken")])
    assert index._splitter is not None
    assert index._splitter.split("gesprekken") == ()
    assert index._splitter.split("stukken") == ()


def test_a_concept_named_in_several_ways_counts_more_than_once_in_a_text():
    concepts = parse_thesaurus(["schulden: aanmaning => schuldhulp, budgetbeheer, bewind*"])
    docs = [
        ServiceDoc(
            id="repeated",
            name="Spreekuur",
            description="Schuldhulp voor iedereen: budgetbeheer of bewindvoering.",
        ),
        ServiceDoc(
            id="mentioned",
            name="Spreekuur",
            description="Schuldhulp voor iedereen: koffie of thee.",
        ),
        ServiceDoc(id="other", name="Taalcafe", description="Samen praten."),
    ]
    index = SearchIndex.build(docs, concepts=concepts)
    assert _ids(index.search("een aanmaning")) == ["repeated", "mentioned"]


def test_a_central_access_point_never_outranks_a_passing_match_for_the_need():
    concepts = parse_thesaurus(
        ["wijkteam: wijkteam => vraagwijzer, alle vragen", "baby: prikje => consultatiebureau"]
    )
    docs = [
        ServiceDoc(
            id="wijzer",
            name="Vraagwijzer",
            description="De vraagwijzer helpt bij alle vragen.",
            taxonomy=("Vraagwijzer",),
        ),
        ServiceDoc(
            id="jeugd",
            name="Centrum voor Jeugd en Gezin",
            description="Opvoedadvies, cursussen voor ouders, en ook het consultatiebureau.",
        ),
        ServiceDoc(id="taal", name="Taalcafe", description="Samen praten."),
    ]
    results = SearchIndex.build(docs, concepts=concepts).search("de baby moet een prikje")
    assert _ids(results) == ["jeugd", "wijzer"]


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_service_keys = st.sampled_from(
    ["id", "name", "description", "organization", "attributes", "keywords", "alternate_name"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(_service_keys, _json, max_size=7), max_size=5))
def test_any_shape_of_hsds_services_builds_a_searchable_index(services):
    index = SearchIndex.build(docs_from_hsds(services))
    assert isinstance(index.search("hulp bij schulden"), list)


def test_odd_hsds_values_are_skipped_not_fatal():
    (doc,) = docs_from_hsds(
        [
            {
                "id": "a",
                "name": None,
                "organization": "Gemeente",
                "attributes": ["x", {"taxonomy_term": "y"}, {"taxonomy_term": {"name": "Geld"}}],
                "keywords": "schuld",
            }
        ]
    )
    assert doc.taxonomy == ("Geld",)
    assert doc.name == "" and doc.organization == "" and doc.keywords == ()
