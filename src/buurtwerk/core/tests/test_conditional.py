"""API updates name the version they change in If-Match: without it 428, stale 412."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import models
from rest_framework.test import APIClient

from buurtwerk.matching.tests.factories import NeedFactory, OfferFactory, helper_in

pytestmark = pytest.mark.django_db

# The updatable resources: how to make one, its path, and a field to change.
RESOURCES: dict[str, tuple[Callable[[Any], models.Model], str, str]] = {
    "residents": (lambda p: p.jan, "/api/v1/residents/{pk}", "notes"),
    "offers": (
        lambda p: OfferFactory(resident=helper_in(p.north, name="Gerrit Hovenier")),
        "/api/v1/offers/{pk}",
        "description",
    ),
    "needs": (lambda p: NeedFactory(resident=p.jan), "/api/v1/needs/{pk}", "description"),
}


def _client(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("method", ["patch", "put"])
def test_an_update_without_if_match_is_refused_and_changes_nothing(
    personas, resource, method
) -> None:
    make, path, field = RESOURCES[resource]
    record = make(personas)
    api = _client(personas.fatima)
    body = api.get(path.format(pk=record.pk)).json()
    body[field] = "Zonder versie"
    response = getattr(api, method)(path.format(pk=record.pk), body, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    record.refresh_from_db()
    assert getattr(record, field) != "Zonder versie" and record.version == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("resource", RESOURCES)
def test_two_clients_with_the_same_etag_cannot_both_save(personas, resource) -> None:
    make, path, field = RESOURCES[resource]
    record = make(personas)
    url = path.format(pk=record.pk)
    first, second = _client(personas.fatima), _client(personas.ingrid)
    etag = first.get(url)["ETag"]
    assert etag == second.get(url)["ETag"] == '"1"'

    saved = first.patch(url, {field: "Eerste wijziging"}, format="json", HTTP_IF_MATCH=etag)
    refused = second.patch(url, {field: "Tweede wijziging"}, format="json", HTTP_IF_MATCH=etag)

    assert saved.status_code == 200 and saved["ETag"] == '"2"'
    assert refused.status_code == 412
    assert "Iemand anders heeft dit intussen gewijzigd" in refused.json()["detail"][0]
    record.refresh_from_db()
    assert getattr(record, field) == "Eerste wijziging" and record.version == 2  # type: ignore[attr-defined]
    retried = second.patch(
        url, {field: "Tweede wijziging"}, format="json", HTTP_IF_MATCH=second.get(url)["ETag"]
    )
    assert retried.status_code == 200 and retried.json()["version"] == 3


def test_an_if_match_that_is_no_version_is_a_clear_error(personas) -> None:
    url = f"/api/v1/residents/{personas.jan.pk}"
    response = _client(personas.fatima).patch(url, {"notes": "x"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 400 and "versienummer" in response.json()["version"][0]


def test_the_schema_requires_if_match_on_every_update(personas) -> None:
    api = _client(personas.fatima)
    paths = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()[
        "paths"
    ]
    for resource in RESOURCES:
        for method in ("put", "patch"):
            parameters = paths[f"/api/v1/{resource}/{{id}}"][method]["parameters"]
            [if_match] = [p for p in parameters if p["name"] == "If-Match"]
            assert if_match["in"] == "header" and if_match["required"] is True, resource
