"""Residents sign up themselves for a date with places: confirmation, cancel link, waiting
list, the coordinator's list, the rate limit, and nothing personal for other visitors."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError

from buurtwerk.community import actions
from buurtwerk.community.models import Activity, PublicSignUp
from buurtwerk.community.tests.factories import make_community, next_weekday_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _eetcafe(community, capacity=24):
    activity = actions.do_create_activity(
        community.centre,
        {
            "title": "Eetcafé",
            "kind": Activity.Kind.MEAL,
            "location_name": "Buurthuis Noorderhof",
            "starts_at": next_weekday_at(3, 18),
            "rrule": "FREQ=WEEKLY;BYDAY=TH",
            "capacity": capacity,
        },
        community.personas.fatima,
    )
    return activity, activity.occurrences.order_by("starts_at").first()


def _sign_up(client, occurrence, name, **extra):
    return client.post(
        f"/buurt/noorderhof/aanmelden/{occurrence.pk}/",
        {"name": name, "phone": "06-12345678", **extra},
    )


def test_a_resident_signs_up_gets_a_confirmation_and_cancels_with_the_link(
    client, personas
) -> None:
    community = make_community(personas)
    _, dinner = _eetcafe(community)
    page = client.get("/buurt/noorderhof/").content.decode()
    assert "Aanmelden voor Eetcafé" in page
    response = _sign_up(client, dinner, "Gerda de Vries", email="gerda@example.org")
    assert response.status_code == 302
    done = client.get(response["Location"]).content.decode()
    assert "U bent aangemeld" in done
    signup = PublicSignUp.objects.get()
    assert signup.status == PublicSignUp.Status.CONFIRMED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == actions.SIGNUP_SUBJECT and "Gerda" not in message.subject
    cancel = f"/buurt/noorderhof/afmelden/{actions.signup_token(signup)}/"
    assert cancel in message.body and cancel in done
    assert client.post(cancel).status_code == 200
    signup.refresh_from_db()
    assert signup.status == PublicSignUp.Status.CANCELLED and signup.name == ""
    assert client.get("/buurt/noorderhof/afmelden/vals-token/").status_code == 404


def test_a_full_date_offers_the_waiting_list_and_a_cancellation_moves_it_up(
    client, personas
) -> None:
    community = make_community(personas)
    _, dinner = _eetcafe(community, capacity=2)
    for name in ("Eerste", "Tweede"):
        assert _sign_up(client, dinner, name).status_code == 302
    page = client.get(f"/buurt/noorderhof/aanmelden/{dinner.pk}/").content.decode()
    assert "Deze keer is vol" in page and "Op de wachtlijst" in page
    refused = _sign_up(client, dinner, "Derde")
    assert refused.status_code == 400 and "Kies de wachtlijst" in refused.content.decode()
    assert PublicSignUp.objects.count() == 2
    waiting = _sign_up(client, dinner, "Derde", waiting_list="on", email="derde@example.org")
    assert "U staat op de wachtlijst" in client.get(waiting["Location"]).content.decode()
    first = PublicSignUp.objects.get(name="Eerste")
    mail.outbox.clear()
    actions.do_cancel_public_sign_up(first, cancel_url=lambda signup: "https://x/afmelden/")
    third = PublicSignUp.objects.get(name="Derde")
    assert third.status == PublicSignUp.Status.CONFIRMED
    assert [m.subject for m in mail.outbox] == [actions.PLACE_FREE_SUBJECT]


def test_the_eetcafe_fills_up_to_24_and_other_visitors_see_no_names(client, personas) -> None:
    community = make_community(personas)
    _, dinner = _eetcafe(community)
    for i in range(24):
        actions.do_public_sign_up(dinner, {"name": f"Gast Nummer{i}", "phone": "06"})
    with pytest.raises(ValidationError, match="vol"):
        actions.do_public_sign_up(dinner, {"name": "Te Laat", "phone": "06"})
    page = client.get("/buurt/noorderhof/").content.decode()
    assert "wachtlijst voor Eetcafé" in page and "Nummer" not in page
    signup_page = client.get(f"/buurt/noorderhof/aanmelden/{dinner.pk}/").content.decode()
    assert "Nummer" not in signup_page
    client.force_login(personas.fatima)
    coordinator = client.get(f"/buurt/keren/{dinner.pk}/").content.decode()
    assert "Aangemeld via de buurtpagina" in coordinator and "Gast Nummer23" in coordinator
    client.force_login(personas.henk)
    assert "Gast Nummer" not in client.get(f"/buurt/keren/{dinner.pk}/").content.decode()


def test_an_activity_without_places_or_in_another_neighbourhood_has_no_sign_up(
    client, personas
) -> None:
    community = make_community(personas)
    _, dinner = _eetcafe(community)
    community.coffee.capacity = None
    community.coffee.save()
    coffee = community.coffee.occurrences.first()
    assert client.get(f"/buurt/noorderhof/aanmelden/{coffee.pk}/").status_code == 404
    assert client.get(f"/buurt/zuiderhof/aanmelden/{dinner.pk}/").status_code == 404


def test_the_rate_limit_stops_a_flood_of_sign_ups(client, personas, settings) -> None:
    community = make_community(personas)
    _, dinner = _eetcafe(community)
    settings.BUURTWERK_RATE_LIMITS_ENABLED = True
    statuses = [_sign_up(client, dinner, f"Bot {i}").status_code for i in range(7)]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert PublicSignUp.objects.count() == 5


def test_staff_sign_ups_and_public_ones_share_the_places(personas) -> None:
    from buurtwerk.community.tests.factories import make_resident

    community = make_community(personas)
    _, dinner = _eetcafe(community, capacity=1)
    actions.do_public_sign_up(dinner, {"name": "Publiek", "email": "p@example.org"})
    with pytest.raises(ValidationError, match="vol"):
        actions.do_sign_up(dinner, make_resident(personas, "Via Staf"), personas.fatima)
    with pytest.raises(ValidationError, match="minstens 1"):
        actions.do_update_activity(dinner.activity, {"capacity": 0}, personas.fatima)
