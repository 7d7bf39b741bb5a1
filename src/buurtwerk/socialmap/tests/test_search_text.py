import pytest

from buurtwerk.socialmap.engine.text import (
    CompoundSplitter,
    TypoCorrector,
    common_dutch_words,
    dutch_word_counts,
    edit_distance,
    is_known_word,
    is_stopword,
    normalize,
    stem,
    tokenize,
)


def test_normalize_folds_accents_and_expands_elisions():
    assert normalize("Mn coördinator & z'n café") == "mijn coordinator & zijn cafe"


def test_tokenize_drops_genitive_s_and_single_letters():
    assert tokenize("'s Nachts wakker, s ochtends moe") == ["nachts", "wakker", "ochtends", "moe"]


def test_tokenize_folds_apostrophe_plural():
    assert tokenize("Duizenden euro's") == ["duizenden", "euro"]


def test_plural_and_singular_share_a_stem():
    assert stem("schulden") == stem("schuld")
    assert stem("rekeningen") == stem("rekening")
    assert stem("kinderen") == stem("kind")


def test_irregular_verb_forms_share_a_stem_through_the_lemma():
    assert stem("sliep") == stem("slapen")


def test_elderly_and_parents_keep_different_stems():
    assert stem("ouderen") != stem("ouders")


def test_compound_is_split_into_known_words():
    splitter = CompoundSplitter(["tuin", "onderhoud", "schuld", "hulp", "verlening"])
    assert splitter.split("tuinonderhoud") == ("tuin", "onderhoud")
    assert splitter.split("schuldhulpverlening") == ("schuld", "hulp", "verlening")


def test_compound_split_handles_linking_s_and_en():
    splitter = CompoundSplitter(["gezin", "team", "boek", "kast"])
    assert splitter.split("gezinsteam") == ("gezin", "team")
    assert splitter.split("boekenkast") == ("boek", "kast")


def test_unknown_or_short_words_are_not_split():
    splitter = CompoundSplitter(["tuin", "huis"])
    assert splitter.split("tuinhek") == ()
    assert splitter.split("zonnebloem") == ()


def _dutch_splitter() -> CompoundSplitter:
    return CompoundSplitter(common_dutch_words(), frequencies=dutch_word_counts())


def test_compounds_on_no_map_are_split_against_the_dutch_word_list():
    splitter = _dutch_splitter()
    assert splitter.split("casinosites") == ("casino", "sites")
    assert splitter.split("schuldhulp") == ("schuld", "hulp")


def test_the_most_common_parts_win_and_common_words_stay_whole():
    splitter = _dutch_splitter()
    assert splitter.split("gemeentehuis") == ("gemeente", "huis")
    assert splitter.split("verslaving") == ()
    assert splitter.split("ziekenhuis") == ()


def test_a_typo_is_no_compound_of_rare_words():
    assert _dutch_splitter().split("deurwarder") == ()


def test_real_dutch_words_are_known_and_typos_are_not():
    assert is_known_word("gedeald")
    assert is_known_word("platzak")
    assert not is_known_word("deurwarder")


def test_edit_distance_counts_a_swap_once():
    assert edit_distance("formulier", "formluier") == 1
    assert edit_distance("huur", "huur") == 0
    assert edit_distance("abc", "xyzxyz", limit=2) == 3


def test_typo_within_one_edit_is_corrected_for_medium_words():
    corrector = TypoCorrector({"formulier": 5, "formule": 1})
    assert corrector.correct("formlier") == "formulier"


def test_long_words_allow_two_edits():
    corrector = TypoCorrector({"zorgverzekering": 3})
    assert corrector.correct("zorgverzkring") == "zorgverzekering"


def test_short_words_are_never_corrected():
    corrector = TypoCorrector({"huur": 3})
    assert corrector.correct("hure") is None


def test_correction_prefers_the_most_frequent_candidate():
    corrector = TypoCorrector({"schulden": 10, "schulder": 1})
    assert corrector.correct("schuldem") == "schulden"


@pytest.mark.parametrize("word", ["per", "bijna", "zegt", "maken", "denk", "probeer", "ken"])
def test_function_words_and_light_verbs_are_no_search_terms(word):
    assert is_stopword(word)


@pytest.mark.parametrize("word", ["alleen", "niemand", "schulden", "gebruiken"])
def test_words_that_carry_a_situation_are_search_terms(word):
    assert not is_stopword(word)


def test_able_adjectives_keep_their_own_stem():
    assert stem("openbare") == stem("openbaar") != stem("open")
    assert stem("bereikbaar") != stem("bereiken")
    assert stem("leefbaarheid") == stem("leefbaar")
