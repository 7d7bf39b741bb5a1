"""Rate limits: the budget parser, the view decorator, public pages and the API."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.core.ratelimits import client_ip, parse_rate, rate_limit


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


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),
        (0, "", "10.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "1.2.3.4, 198.51.100.7, 192.0.2.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_the_configured_proxies(
    settings, proxies, forwarded, expected
) -> None:
    settings.BUURTWERK_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@given(st.lists(st.text(max_size=20), max_size=5), st.integers(min_value=0, max_value=4))
def test_whatever_a_client_puts_left_of_the_proxies_entries_is_never_used(
    spoofed: list[str], proxies: int
) -> None:
    written_by_proxies = [f"192.0.2.{n}" for n in range(1, proxies + 1)]
    header = ", ".join([*spoofed, *written_by_proxies])
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
    from django.test import override_settings

    with override_settings(BUURTWERK_TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == (written_by_proxies[0] if proxies else "10.0.0.1")


@pytest.mark.django_db
def test_made_up_forwarded_addresses_do_not_buy_more_public_requests(client, limits_on) -> None:
    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "public": "3/m"}
    statuses = [
        client.get("/gezond/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(10)
    ]
    assert statuses.count(200) == 3


@pytest.mark.django_db
def test_a_made_up_authorization_header_still_spends_the_public_budget(client, limits_on) -> None:
    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "public": "3/m"}
    for header in ("Token not-a-real-token", "Basic Zm9vOmJhcg==", "Bearer x"):
        cache.clear()
        statuses = [client.get("/gezond/", HTTP_AUTHORIZATION=header).status_code for _ in range(5)]
        assert statuses.count(429) == 2, header


@pytest.mark.django_db
def test_a_valid_api_token_is_left_to_the_api_throttle(client, limits_on, personas) -> None:
    from rest_framework.authtoken.models import Token

    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "public": "1/m"}
    token = Token.objects.create(user=personas.henk)
    statuses = [
        client.get("/api/v1/residents", HTTP_AUTHORIZATION=f"Token {token.key}").status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 200]


@pytest.mark.django_db
def test_the_cache_holds_no_address_in_clear(client, limits_on, personas) -> None:
    from rest_framework.test import APIClient

    limits_on.BUURTWERK_RATE_LIMITS = {**limits_on.BUURTWERK_RATE_LIMITS, "open311": "3/h"}
    client.get("/gezond/", REMOTE_ADDR="198.51.100.23")
    APIClient().get("/api/v1/open311/services", REMOTE_ADDR="198.51.100.23")
    stored = repr(dict(cache._cache))  # type: ignore[attr-defined]
    assert "ratelimit:" in stored
    assert "198.51.100.23" not in stored and "throttle_" not in stored
