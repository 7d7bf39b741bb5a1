"""Learning from referrals, the page that shows it and undoing it (through Django)."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from buurtwerk.audit.models import AuditEntry
from buurtwerk.core.testing import MunicipalityFactory
from buurtwerk.socialmap import queries
from buurtwerk.socialmap.actions import do_record_referral, do_record_referral_outcome
from buurtwerk.socialmap.models import LearnedTerm, Referral, Service

from .factories import load_testdorp

pytestmark = pytest.mark.django_db

REFERRED = "Mevrouw Pietersen zoekt wekelijks gezelschap, ze is erg eenzaam"
LATER = "mijn buurman voelt zich eenzaam en wil gezelschap"


@pytest.fixture
def testdorp(personas):
    load_testdorp()
    return personas


def _refer(personas, outcome: str) -> Referral:
    referral = do_record_referral(
        REFERRED, Service.objects.get(pk="svc-taal"), personas.fatima, neighbourhood=personas.north
    )
    return do_record_referral_outcome(referral, outcome, personas.fatima)


def _rank(question: str, service_id: str, municipality=None) -> int | None:
    ids = [a.service_id for a in queries.answer(question, k=10, municipality=municipality)]
    return ids.index(service_id) + 1 if service_id in ids else None


def test_a_referral_that_helped_is_kept_as_terms_without_the_sentence_or_the_name(testdorp):
    _refer(testdorp, Referral.Outcome.HELPED)
    terms = set(LearnedTerm.objects.values_list("term", flat=True))
    assert "#eenzaamheid" in terms
    assert not any("pietersen" in t or " " in t for t in terms)
    learned = LearnedTerm.objects.get(term="#eenzaamheid")
    assert learned.service_id == "svc-taal" and learned.helped == 1
    assert learned.municipality == testdorp.north.district.municipality


def test_what_helped_raises_the_service_for_similar_questions_in_the_municipality(testdorp):
    municipality = testdorp.north.district.municipality
    before = _rank(LATER, "svc-taal", municipality)
    for _ in range(2):
        _refer(testdorp, Referral.Outcome.HELPED)
    assert _rank(LATER, "svc-taal", municipality) == 1
    assert before is None or before > 1
    top = queries.answer(LATER, municipality=municipality)[0]
    assert "hielp eerder bij" in top.why


def test_changing_the_outcome_takes_back_what_was_learned(testdorp):
    referral = _refer(testdorp, Referral.Outcome.HELPED)
    do_record_referral_outcome(referral, Referral.Outcome.NOT_HELPED, testdorp.fatima)
    learned = LearnedTerm.objects.get(term="#eenzaamheid")
    assert (learned.helped, learned.not_helped) == (0, 1)
    assert all("hielp eerder" not in a.why for a in queries.answer(LATER))


def test_buurtwerker_sees_what_was_learned_and_undoes_it_in_the_audit_log(client, testdorp):
    _refer(testdorp, Referral.Outcome.HELPED)
    learned = LearnedTerm.objects.get(term="#eenzaamheid")
    client.force_login(testdorp.fatima)
    page = client.get(reverse("socialmap:learned_list")).content.decode()
    assert "begrip: eenzaamheid" in page and "Taalcafé" in page
    client.post(reverse("socialmap:learned_forget", args=[learned.pk]))
    assert not LearnedTerm.objects.filter(pk=learned.pk).exists()
    entry = AuditEntry.objects.filter(object_id=str(learned.pk), verb="delete").get()
    assert entry.actor == testdorp.fatima


def test_volunteers_cannot_see_or_undo_what_was_learned(client, testdorp):
    _refer(testdorp, Referral.Outcome.HELPED)
    learned = LearnedTerm.objects.first()
    client.force_login(testdorp.henk)
    assert client.get(reverse("socialmap:learned_list")).status_code == 403
    response = client.post(reverse("socialmap:learned_forget", args=[learned.pk]))
    assert response.status_code in (403, 404)
    assert LearnedTerm.objects.filter(pk=learned.pk).exists()


def test_learning_in_one_municipality_is_not_shown_or_used_in_another(testdorp):
    _refer(testdorp, Referral.Outcome.HELPED)
    own = queries.learned_terms_visible_to(testdorp.fatima).count()
    assert own > 0
    # Zuiderhof lies in the same municipality as Noorderhof: its buurtwerker sees it too.
    assert queries.learned_terms_visible_to(testdorp.karin).count() == own
    assert queries.learned_terms_visible_to(testdorp.beheer).count() == own
    elsewhere = MunicipalityFactory(name="Andergem")
    assert all("hielp eerder" not in a.why for a in queries.answer(LATER, municipality=elsewhere))


def test_ask_gives_the_national_line_and_a_note_on_danger(testdorp, capsys):
    call_command("ask", "mijn vriendin wil niet meer leven", "--json")
    found = json.loads(capsys.readouterr().out)
    assert found["results"][0]["service"] == "landelijk-113"
    assert found["alerts"][0]["danger"] == "suicide"
    assert "113" in found["alerts"][0]["note"]


def test_the_vraagbaak_page_shows_the_danger_note_and_the_national_line(client, testdorp):
    client.force_login(testdorp.henk)
    response = client.get(reverse("socialmap:vraagbaak"), {"vraag": "mijn man slaat mij"})
    content = response.content.decode()
    assert 'role="alert"' in content and "0800-2000" in content
    assert "Veilig Thuis (landelijk)" in content
