"""Signals of danger and what referrals taught, in the pure engine (no database)."""

import pytest

from buurtwerk.socialmap.engine import NATIONAL_LINES, SearchIndex, ServiceDoc

SHELTER = ServiceDoc(
    id="opvang",
    name="Nachtopvang",
    description="Een bed voor de nacht voor wie dakloos is; ook na geweld kunt u hier slapen.",
)
VEILIG_THUIS = ServiceDoc(
    id="vt",
    name="Veilig Thuis Zeeland",
    description="Advies- en meldpunt huiselijk geweld en kindermishandeling, dag en nacht.",
)
PARENTING = ServiceDoc(
    id="opvoed",
    name="Opvoedspreekuur",
    description="Vragen over opvoeden en opgroeien van kinderen, driftbuien en slapen.",
)
LISTENING = ServiceDoc(
    id="praat",
    name="Praatlijn",
    description="Anoniem uw verhaal kwijt bij een vrijwilliger, ook bij somberheid.",
)


@pytest.fixture(scope="module")
def index(services):
    return SearchIndex.build([*services, SHELTER, PARENTING, LISTENING])


def _ids(results):
    return [r.service_id for r in results]


def test_suicidal_thoughts_put_113_first_with_a_note_for_the_volunteer(index):
    question = "mijn broer zegt dat hij niet meer wil leven"
    assert _ids(index.search(question))[0] == "landelijk-113"
    (alert,) = index.alerts(question)
    assert alert.danger == "suicide"
    assert "113" in alert.note and "112" in alert.note


def test_a_danger_in_a_compound_is_seen(index):
    assert index.dangers("hij heeft zelfmoordgedachten") == {"suicide"}


def test_violence_puts_veilig_thuis_first_when_the_map_lacks_it(index):
    results = index.search("mijn man slaat me als hij gedronken heeft")
    assert results[0].service_id == "landelijk-veilig-thuis"
    assert "0800-2000" in index.alerts("mijn man slaat me")[0].note


def test_the_maps_own_veilig_thuis_replaces_the_national_entry(services):
    index = SearchIndex.build([*services, SHELTER, VEILIG_THUIS])
    ids = _ids(index.search("mijn man slaat me als hij gedronken heeft"))
    assert ids[0] == "vt"
    assert "landelijk-veilig-thuis" not in ids


def test_acute_debt_puts_debt_help_first_without_a_national_line(index):
    question = "de deurwaarder komt morgen beslag leggen"
    results = index.search(question)
    assert results[0].service_id == "schuld"
    assert not any(r.service_id.startswith("landelijk-") for r in results)
    assert [a.danger for a in index.alerts(question)] == ["acute-debt"]


def test_a_misspelt_bailiff_is_still_acute_debt(index):
    assert index.dangers("de deurwarder stond voor de deur") == {"acute-debt"}


def test_closing_an_insurance_is_no_danger(index):
    assert index.dangers("ik wil een verzekering afsluiten") == set()
    assert index.alerts("waar kan ik koffie drinken") == []


def test_every_national_line_has_a_free_number_and_a_danger():
    for line in NATIONAL_LINES:
        assert line.phones and line.dangers
        assert line.hsds()["id"] == line.id


def test_learned_terms_raise_the_service_that_helped(index):
    question = "wie helpt met mijn papierwinkel"
    before = _ids(index.search(question))
    learned = {term: {"digi": 3.0} for term in index.learnable_terms(question)}
    after = index.search(question, learned=learned)
    assert after[0].service_id == "digi"
    assert before[0] != "digi"
    assert "hielp eerder bij" in after[0].why


def test_learning_keeps_no_names_numbers_or_unknown_words(index):
    terms = index.learnable_terms("Mevrouw Jansen van nummer 12 heeft schulden bij Zorgvliet")
    assert all("jansen" not in t and "zorgvliet" not in t and not t.isdigit() for t in terms)
    assert "#schulden" in terms


def test_learned_terms_for_services_not_on_the_map_are_ignored(index):
    results = index.search("schulden", learned={"#schulden": {"weg": 5.0}})
    assert "weg" not in _ids(results)
