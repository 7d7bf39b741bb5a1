"""Property-based attack on the API: schemathesis sends generated requests to every operation
of the OpenAPI schema, as a buurtwerker with an API token, and checks that the server never
fails (5xx) and that every documented answer matches the schema.

The budget is small so `make test` stays fast; raise BUURTWERK_SCHEMATHESIS_EXAMPLES for a
deeper run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from buurtwerk.accounts.tests.factories import confirmed_device
from buurtwerk.core.testing import Personas

EXAMPLES = int(os.environ.get("BUURTWERK_SCHEMATHESIS_EXAMPLES", "12"))
# Read by tests/api/conftest.py for the figures at the end of the run.
REQUESTS_SENT: dict[str, int] = {}

# Status codes for refusals (400, 403, 404, 409) are not listed per operation in the schema;
# everything else about the answers is checked. The token is supplied by the test rather than
# generated, which schemathesis' ignored-auth check cannot tell apart; unauthenticated access
# to every operation is tested below instead. Pagination parameters are read leniently (a bad
# offset means the first page) and generated "valid" data still names neighbourhoods outside
# the user's reach, so the accept/reject-by-schema checks do not apply either.
EXCLUDED_CHECKS = [
    checks.status_code_conformance,
    checks.ignored_auth,
    checks.negative_data_rejection,
    checks.positive_data_acceptance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """Requests go through the real WSGI handler, which closes database connections after
    each request; the test's transaction must survive them (Django's test client does the
    same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def professional_token(personas: Personas) -> str:
    """Fatima, buurtwerker with a confirmed authenticator app: residents in her team's area."""
    confirmed_device(personas.fatima)
    return Token.objects.create(user=personas.fatima).key


# The schema is generated in-process (no database needed); requests go through the WSGI app
# into the test's database transaction.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_answers_as_documented(case, professional_token: str) -> None:
    operation = case.operation.label
    REQUESTS_SENT[operation] = REQUESTS_SENT.get(operation, 0) + 1
    case.call_and_validate(
        headers={"Authorization": f"Token {professional_token}"},
        excluded_checks=EXCLUDED_CHECKS,
    )


# Public by design: the social map is public information, and the Open311 intake takes
# liveability reports without personal data from anyone.
PUBLIC_OPERATIONS = {
    ("GET", "/api/v1/services"),
    ("GET", "/api/v1/services/{id}"),
    ("GET", "/api/v1/open311/services"),
    ("POST", "/api/v1/open311/requests"),
    ("GET", "/api/v1/open311/requests/{request_id}"),
}


@pytest.mark.django_db
def test_every_operation_refuses_a_caller_without_credentials(client) -> None:
    operations = {
        (result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()
    }
    assert len(operations) >= 10
    assert operations >= PUBLIC_OPERATIONS
    for method, path in sorted(operations - PUBLIC_OPERATIONS):
        response = client.generic(method, path.replace("{id}", "1"))
        assert response.status_code in {401, 403}, (method, path)
