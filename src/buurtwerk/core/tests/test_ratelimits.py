"""Rate limits: the budget parser, the view decorator, public pages and the API."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.core.ratelimits import parse_rate, rate_limit


@pytest.fixture
def limits_on(settings):
    settings.BUURTWERK_RATE_LIMITS_ENABLED = True
    cache.clear()
    yield settings
    cache.clear()


@given(
    count=st.integers(min_value=0, max_value=10**6),
    multiple=st.integers(min_value=1, max_value=1000),
    unit=st.sampled_from("smhd"),
)
def test_a_budget_reads_as_count_per_period(count: int, multiple: int, unit: str) -> None:
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
    assert parse_rate(f"{count}/{multiple}{unit}") == (count, multiple * seconds)
    assert parse_rate(f"{count}/{unit}") == (count, seconds)


@given(st.text(max_size=20))
def test_a_malformed_budget_is_refused_never_misread(text: str) -> None:
    try:
        count, period = parse_rate(text)
    except ValueError:
        return
    assert count >= 0 and period > 0


def test_unknown_bucket_fails_when_the_view_is_decorated() -> None:
    with pytest.raises(KeyError):
        rate_limit("no-such-bucket")


def test_decorated_view_answers_429_once_the_budget_is_spent(limits_on) -> None:
    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "search": "2/m"}

    @rate_limit("search")
    def search(request):
        return HttpResponse("ok")

    factory = RequestFactory()

    def ask(address: str):
        request = factory.get("/sociale-kaart/", REMOTE_ADDR=address)
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
        return search(request)

    assert [ask("10.0.0.1").status_code for _ in range(3)] == [200, 200, 429]
    assert ask("10.0.0.2").status_code == 200


def test_limits_can_count_only_some_methods(limits_on) -> None:
    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "login": "1/m"}

    @rate_limit("login", methods=("POST",))
    def login(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    from django.contrib.auth.models import AnonymousUser

    requests = [factory.get("/"), factory.get("/"), factory.post("/"), factory.post("/")]
    for request in requests:
        request.user = AnonymousUser()
    assert [login(request).status_code for request in requests] == [200, 200, 200, 429]


@pytest.mark.django_db
def test_public_pages_are_limited_per_address(client, limits_on) -> None:
    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "public": "3/m"}
    statuses = [client.get("/gezond/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_logged_in_users_do_not_spend_the_public_budget(client, limits_on, personas) -> None:
    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "public": "1/m"}
    client.force_login(personas.fatima)
    assert [client.get("/").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.django_db
def test_api_is_throttled_per_user(limits_on, personas) -> None:
    from rest_framework.test import APIClient

    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "api": "2/m"}
    api = APIClient()
    api.force_authenticate(personas.fatima)
    statuses = [api.get("/api/v1/residents").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    other = APIClient()
    other.force_authenticate(personas.sanne)
    assert other.get("/api/v1/residents").status_code == 200
