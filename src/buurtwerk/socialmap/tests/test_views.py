import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from buurtwerk.core.dashboard import panels_for
from buurtwerk.socialmap.models import Escalation, Referral, Service, UnansweredSearch

from .factories import load_testdorp

pytestmark = pytest.mark.django_db

DEBT_QUESTION = "ik heb schulden en krijg steeds aanmaningen"


@pytest.fixture
def testdorp(personas):
    load_testdorp()
    return personas


def test_volunteer_sees_phone_hours_and_how_to_apply_for_a_question(client, testdorp) -> None:
    client.force_login(testdorp.henk)
    response = client.get(reverse("socialmap:vraagbaak"), {"vraag": DEBT_QUESTION})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Schuldhulpverlening" in content
    assert 'href="tel:0527200200"' in content
    assert "Maandag en donderdag van 9.00 tot 11.00 uur inloop." in content
    assert "u krijgt binnen een week een gesprek" in content
    assert "Vraag de buurtwerker" in content


def test_live_search_answers_with_only_the_results(client, testdorp) -> None:
    client.force_login(testdorp.henk)
    response = client.get(
        reverse("socialmap:vraagbaak"), {"vraag": DEBT_QUESTION}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content and "Schuldhulpverlening" in content


def test_a_question_without_a_good_answer_is_kept_as_a_gap(client, testdorp) -> None:
    client.force_login(testdorp.henk)
    live = client.get(
        reverse("socialmap:vraagbaak"), {"vraag": "vliegtuig ko"}, HTTP_HX_REQUEST="true"
    )
    assert "geen goed antwoord" in live.content.decode()
    assert not UnansweredSearch.objects.exists()
    response = client.get(reverse("socialmap:vraagbaak"), {"vraag": "vliegtuig kopen", "zoek": "1"})
    assert "geen goed antwoord" in response.content.decode()
    gap = UnansweredSearch.objects.get()
    assert gap.question == "vliegtuig kopen" and gap.neighbourhood == testdorp.north


def test_escalation_notifies_the_buurtwerker_of_the_volunteers_team(
    client, testdorp, settings, django_capture_on_commit_callbacks
) -> None:
    testdorp.fatima.email = "fatima@example.org"
    testdorp.fatima.save()
    testdorp.karin.email = "karin@example.org"
    testdorp.karin.save()
    client.force_login(testdorp.henk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("socialmap:escalate"),
            {"vraag": "waar kan een mantelzorger met een hond terecht"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200 and "Verstuurd" in response.content.decode()
    escalation = Escalation.objects.get()
    assert list(escalation.recipients.all()) == [testdorp.fatima]
    assert escalation.team == testdorp.team_north and escalation.neighbourhood == testdorp.north
    assert [message.to for message in mail.outbox] == [["fatima@example.org"]]
    assert "hond" not in mail.outbox[0].subject and "hond" in mail.outbox[0].body
    fatima_panels = [p.title for p in panels_for(testdorp.fatima)]
    assert "Vragen van vrijwilligers" in fatima_panels
    karin_panel = next(
        p for p in panels_for(testdorp.karin) if p.template.endswith("escalations.html")
    )
    assert karin_panel.context["count"] == 0


def test_buurtwerker_sees_the_escalation_on_her_dashboard_and_picks_it_up(client, testdorp) -> None:
    from buurtwerk.socialmap.actions import do_escalate

    escalation = do_escalate("vraag over een rolstoel lenen", testdorp.henk)
    client.force_login(testdorp.fatima)
    assert "vraag over een rolstoel lenen" in client.get(reverse("core:dashboard")).content.decode()
    client.post(reverse("socialmap:escalation_handled", args=[escalation.pk]))
    escalation.refresh_from_db()
    assert escalation.handled_by == testdorp.fatima
    client.force_login(testdorp.karin)
    response = client.post(reverse("socialmap:escalation_handled", args=[escalation.pk]))
    assert response.status_code == 404


def test_only_volunteers_escalate(client, testdorp) -> None:
    client.force_login(testdorp.fatima)
    response = client.post(reverse("socialmap:escalate"), {"vraag": "iets"})
    assert response.status_code == 403
    assert not Escalation.objects.exists()


def test_public_service_page_needs_no_login_and_shows_no_contact_person(client, testdorp) -> None:
    response = client.get(reverse("socialmap:public_service", args=["svc-schuld"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Schuldhulpverlening" in content and "0527 200 200" in content
    assert "Anna de Vries" not in content
    assert (
        client.get(reverse("socialmap:public_service", args=["svc-bestaat-niet"])).status_code
        == 404
    )


def test_signed_in_service_page_shows_the_contact_person(client, testdorp) -> None:
    client.force_login(testdorp.henk)
    response = client.get(reverse("socialmap:service_detail", args=["svc-schuld"]))
    assert "Anna de Vries" in response.content.decode()
    assert "Wijzigen" not in response.content.decode()


def test_buurtwerker_adds_and_changes_a_service_and_the_vraagbaak_finds_it(
    client, testdorp
) -> None:
    client.force_login(testdorp.fatima)
    response = client.post(
        reverse("socialmap:service_create"),
        {
            "name": "Repair Café",
            "organization": "org-welzijn",
            "status": "active",
            "description": "Samen kapotte spullen repareren: fietsen, kleding en apparaten.",
            "application_process": "Kom langs met het kapotte apparaat.",
            "phone_number": "0527 300 300",
            "hours_description": "Elke eerste zaterdag van de maand, 10.00 tot 13.00 uur.",
        },
    )
    service = Service.objects.get(name="Repair Café")
    assert response.status_code == 302
    assert service.phones.get().number == "0527 300 300"
    client.post(
        reverse("socialmap:service_edit", args=[service.pk]),
        {
            "name": "Repair Café",
            "organization": "org-welzijn",
            "status": "active",
            "description": "Samen kapotte spullen repareren, ook stofzuigers en broodroosters.",
            "phone_number": "0527 300 301",
        },
    )
    assert service.phones.get().number == "0527 300 301"
    answer = client.get(reverse("socialmap:vraagbaak"), {"vraag": "mijn stofzuiger is kapot"})
    assert "Repair Café" in answer.content.decode()


def test_volunteer_may_not_change_a_service(client, testdorp) -> None:
    client.force_login(testdorp.henk)
    assert client.get(reverse("socialmap:service_edit", args=["svc-schuld"])).status_code == 404
    assert client.get(reverse("socialmap:service_create")).status_code == 403


def test_referral_is_logged_for_a_resident_in_reach_only(client, testdorp) -> None:
    client.force_login(testdorp.henk)
    url = reverse("socialmap:referral_create", args=["svc-schuld"])
    client.post(url, {"vraag": DEBT_QUESTION, "resident": testdorp.jan.pk})
    referral = Referral.objects.get()
    assert referral.resident == testdorp.jan and referral.topic == "Geld en schulden"
    assert referral.neighbourhood == testdorp.north
    response = client.post(url, {"vraag": DEBT_QUESTION, "resident": testdorp.piet.pk})
    assert response.status_code == 200 and Referral.objects.count() == 1


def test_follow_up_records_whether_the_referral_helped(client, testdorp) -> None:
    from buurtwerk.socialmap.actions import do_record_referral

    referral = do_record_referral(
        DEBT_QUESTION, Service.objects.get(pk="svc-schuld"), testdorp.henk
    )
    client.force_login(testdorp.henk)
    client.post(reverse("socialmap:referral_outcome", args=[referral.pk]), {"outcome": "helped"})
    referral.refresh_from_db()
    assert referral.outcome == Referral.Outcome.HELPED and referral.followed_up_at is not None
    client.force_login(testdorp.karin)
    response = client.post(
        reverse("socialmap:referral_outcome", args=[referral.pk]), {"outcome": "not_helped"}
    )
    assert response.status_code == 404


def test_report_shows_topics_per_neighbourhood_and_gaps(client, testdorp) -> None:
    from buurtwerk.socialmap.actions import do_escalate, do_record_referral

    debt = Service.objects.get(pk="svc-schuld")
    for _ in range(2):
        do_record_referral(DEBT_QUESTION, debt, testdorp.henk)
    do_record_referral("tuin", Service.objects.get(pk="svc-tuin"), testdorp.fatima)
    do_record_referral("schulden", debt, testdorp.karin)
    do_escalate("waar kan ik terecht met vragen over een testament", testdorp.henk)
    client.force_login(testdorp.fatima)
    response = client.get(reverse("socialmap:report"))
    topics = response.context["topics"]
    assert [(t.neighbourhood, t.topic, t.referrals) for t in topics] == [
        ("Noorderhof", "Geld en schulden", 2),
        ("Noorderhof", "Wonen", 1),
    ]
    assert [gap.question for gap in response.context["gaps"]] == [
        "waar kan ik terecht met vragen over een testament"
    ]
    client.force_login(testdorp.henk)
    assert client.get(reverse("socialmap:report")).status_code == 403


def test_search_is_rate_limited(client, testdorp, settings) -> None:
    cache.clear()
    settings.BUURTWERK_RATE_LIMITS_ENABLED = True
    settings.BUURTWERK_RATE_LIMITS = {**settings.BUURTWERK_RATE_LIMITS, "search": "2/m"}
    client.force_login(testdorp.henk)
    statuses = [
        client.get(reverse("socialmap:vraagbaak"), {"vraag": f"schulden {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_a_team_without_buurtwerker_sends_the_question_to_the_teamleider(testdorp) -> None:
    from buurtwerk.core.testing import TeamFactory
    from buurtwerk.socialmap.actions import do_escalate

    team = TeamFactory(name="Buurthuis zonder buurtwerker")
    testdorp.henk.teams.set([team])
    testdorp.ingrid.teams.add(team)
    escalation = do_escalate("vraag over vervoer naar het ziekenhuis", testdorp.henk)
    assert list(escalation.recipients.all()) == [testdorp.ingrid]
