"""Every role x model x action, checked against the tables each app keeps in tests/role_matrix.py.

A model with a policy but no expected row fails the suite: access rules are never left untested.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

import pytest
from django.apps import apps
from django.conf import settings

from buurtwerk.core.permissions import Action, Role, registered_policies, role_allows
from buurtwerk.core.testing import UserFactory


def _expected_tables() -> dict[str, dict[str, set[Role]]]:
    expected: dict[str, dict[str, set[Role]]] = {}
    for app in settings.LOCAL_APPS:
        if find_spec(f"{app}.tests") and find_spec(f"{app}.tests.role_matrix"):
            expected.update(import_module(f"{app}.tests.role_matrix").EXPECTED)
    return expected


EXPECTED = _expected_tables()
CASES = [(label, action, role) for label in sorted(EXPECTED) for action in Action for role in Role]


def test_every_registered_policy_has_an_expected_row() -> None:
    registered = {policy.label for policy in registered_policies()}
    assert registered == set(EXPECTED)


@pytest.mark.parametrize(("label", "action", "role"), CASES)
def test_role_may_do_exactly_what_the_matrix_says(label: str, action: Action, role: Role) -> None:
    user = UserFactory.build(role=role)
    model = apps.get_model(label)
    allowed = role in EXPECTED[label].get(action.value, set())
    assert role_allows(user, action, model) is allowed


def test_anonymous_visitor_may_do_nothing() -> None:
    from django.contrib.auth.models import AnonymousUser

    for policy in registered_policies():
        for action in Action:
            assert not role_allows(AnonymousUser(), action, policy.model)
