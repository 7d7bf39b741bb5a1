"""Two people edit the same record in two browsers: the second save is refused, nothing is lost."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from buurtwerk.casework.tests.factories import care_signal, case_for_jan
from buurtwerk.core.locking import STALE_MESSAGE
from buurtwerk.matching.tests.factories import NeedFactory, OfferFactory, helper_in
from buurtwerk.socialmap.models import Service
from buurtwerk.socialmap.tests.factories import load_testdorp

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class EditForm:
    """An edit form: the record, the page that shows the form, where it posts and what."""

    record: Callable[[Any], models.Model]
    page: Callable[[models.Model], str]
    post: Callable[[models.Model], str]
    data: Callable[[Any, models.Model, str], dict[str, Any]]
    field: str
    editors: tuple[str, str]


def _service(personas: Any) -> Service:
    load_testdorp()
    return Service.objects.get(pk="svc-schuld")


def _offer_data(personas: Any, offer: models.Model, text: str) -> dict[str, Any]:
    return {
        "category": "transport",
        "description": text,
        "availability": ["wed-morning"],
        "per_week": "1",
        "max_distance_km": "5",
        "status": "active",
    }


def _need_data(personas: Any, need: models.Model, text: str) -> dict[str, Any]:
    return {
        "category": "paperwork",
        "description": text,
        "availability": ["mon-morning"],
        "urgency": "2",
        "certificate": "",
        "status": "open",
    }


FORMS = {
    "resident": EditForm(
        record=lambda p: p.jan,
        page=lambda r: reverse("people:resident_edit", args=[r.pk]),
        post=lambda r: reverse("people:resident_edit", args=[r.pk]),
        data=lambda p, r, text: {
            "name": "Jan Smit",
            "neighbourhood": p.north.pk,
            "postcode": "8302 AB",
            "notes": text,
        },
        field="notes",
        editors=("fatima", "ingrid"),
    ),
    "case": EditForm(
        record=case_for_jan,
        page=lambda r: reverse("casework:case_detail", args=[r.pk]),
        post=lambda r: reverse("casework:case_update", args=[r.pk]),
        data=lambda p, r, text: {
            "status": "active",
            "confidentiality": "team",
            "summary": text,
            "coordinator": p.sanne.pk,
        },
        field="summary",
        editors=("sanne", "sanne"),
    ),
    "signal notes": EditForm(
        record=care_signal,
        page=lambda r: reverse("casework:signal_detail", args=[r.pk]),
        post=lambda r: reverse("casework:signal_notes", args=[r.pk]),
        data=lambda p, r, text: {"notes": text},
        field="notes",
        editors=("sanne", "sanne"),
    ),
    "offer": EditForm(
        record=lambda p: OfferFactory(resident=helper_in(p.north, name="Gerrit Hovenier")),
        page=lambda r: reverse("matching:offer_edit", args=[r.pk]),
        post=lambda r: reverse("matching:offer_edit", args=[r.pk]),
        data=_offer_data,
        field="description",
        editors=("fatima", "ingrid"),
    ),
    "need": EditForm(
        record=lambda p: NeedFactory(resident=p.jan),
        page=lambda r: reverse("matching:need_edit", args=[r.pk]),
        post=lambda r: reverse("matching:need_edit", args=[r.pk]),
        data=_need_data,
        field="description",
        editors=("fatima", "ingrid"),
    ),
    "service": EditForm(
        record=_service,
        page=lambda r: reverse("socialmap:service_edit", args=[r.pk]),
        post=lambda r: reverse("socialmap:service_edit", args=[r.pk]),
        data=lambda p, r, text: {
            "name": "Schuldhulpverlening",
            "organization": "org-welzijn",
            "status": "active",
            "description": text,
        },
        field="description",
        editors=("fatima", "ingrid"),
    ),
}


def _opened(client: Client, url: str) -> int:
    """The version the page's form carries in its hidden field."""
    html = client.get(url).content.decode()
    found = re.findall(r'<input type="hidden" name="version" value="(\d+)"', html)
    assert len(found) == 1, "the edit form must carry the version it shows"
    return int(found[0])


@pytest.mark.parametrize("kind", FORMS)
def test_the_second_of_two_editors_is_refused_and_the_first_change_stays(personas, kind) -> None:
    form = FORMS[kind]
    record = form.record(personas)
    first, second = Client(), Client()
    first.force_login(getattr(personas, form.editors[0]))
    second.force_login(getattr(personas, form.editors[1]))
    first_version = _opened(first, form.page(record))
    second_version = _opened(second, form.page(record))
    assert first_version == second_version == record.version  # type: ignore[attr-defined]

    saved = first.post(
        form.post(record),
        {**form.data(personas, record, "Eerste wijziging"), "version": first_version},
    )
    assert saved.status_code == 302, re.findall(
        r"class=\"error[^>]*>([^<]*)", saved.content.decode()
    )
    refused = second.post(
        form.post(record),
        {**form.data(personas, record, "Tweede wijziging"), "version": second_version},
    )

    assert refused.status_code in (200, 400)
    assert str(STALE_MESSAGE) in refused.content.decode()
    record.refresh_from_db()
    assert getattr(record, form.field) == "Eerste wijziging"
    assert record.version == first_version + 1  # type: ignore[attr-defined]
    assert _opened(second, form.page(record)) == first_version + 1
