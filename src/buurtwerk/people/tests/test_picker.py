"""The resident picker: search as you type within the user's scope, and forms that accept
only residents from that scope."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from buurtwerk.casework.forms import ContactForm, SignalForm
from buurtwerk.core.testing import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    Personas,
    ResidentFactory,
    all_form_classes,
)
from buurtwerk.people.models import Relation, Resident
from buurtwerk.people.pickers import ResidentChoiceField, ResidentMultipleChoiceField
from buurtwerk.people.queries import residents_visible_to

pytestmark = pytest.mark.django_db

PICKER = reverse("people:resident_picker")


@pytest.fixture
def two_rias(personas: Personas) -> tuple[Resident, Resident, Resident]:
    """Two Ria Bakkers in Noorderhof and a third in another municipality."""
    here = ResidentFactory(
        name="Ria Bakker", neighbourhood=personas.north, street="Dorpsstraat",
        house_number="3", postcode="8301 AB", birth_year=1948,
    )  # fmt: skip
    also_here = ResidentFactory(
        name="Ria Bakker", neighbourhood=personas.north, street="Kerkweg",
        house_number="10", postcode="8302 CD", birth_year=1981,
    )  # fmt: skip
    elsewhere = MunicipalityFactory(name="Anderstad")
    other = NeighbourhoodFactory(
        district=DistrictFactory(municipality=elsewhere), code="anderbuurt", name="Anderbuurt"
    )
    far = ResidentFactory(name="Ria Bakker", neighbourhood=other, postcode="8301 AB")
    return here, also_here, far


def _search(client, text: str, field: str = "resident") -> str:
    data = {"veld": field, "lijst": "id_resident_opties", f"{field}__zoek": text}
    response = client.post(PICKER, data)
    assert response.status_code == 200
    return response.content.decode()


def _option_ids(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'data-value="(\d+)"', html)}


def test_the_search_tells_two_residents_with_one_name_apart(client, personas, two_rias) -> None:
    here, also_here, far = two_rias
    client.force_login(personas.fatima)
    html = _search(client, "ria bakker")
    assert _option_ids(html) == {here.pk, also_here.pk}
    assert "Dorpsstraat 3, 8301 AB · geboren in 1948" in html
    assert "Kerkweg 10, 8302 CD · geboren in 1981" in html
    assert 'role="option"' in html and f'id="id_resident_opties-{here.pk}"' in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [("bakker 1948", "here"), ("8301ab", "here"), ("8302 cd", "also"), ("kerkweg", "also")],
)
def test_the_search_reads_birth_year_postcode_and_street(
    client, personas, two_rias, text: str, expected: str
) -> None:
    here, also_here, _ = two_rias
    client.force_login(personas.fatima)
    assert _option_ids(_search(client, text)) == {(here if expected == "here" else also_here).pk}


def test_the_search_never_returns_a_resident_of_another_municipality(
    client, personas, two_rias
) -> None:
    _, _, far = two_rias
    client.force_login(personas.fatima)
    for text in ("ria", "8301 AB", "Anderbuurt", str(far.pk)):
        assert far.pk not in _option_ids(_search(client, text))


def test_a_volunteer_finds_only_the_residents_they_were_introduced_to(
    client, personas, two_rias
) -> None:
    client.force_login(personas.henk)
    assert _option_ids(_search(client, "ria")) == set()
    assert _option_ids(_search(client, "jan")) == {personas.jan.pk}


def test_the_search_is_posted_and_needs_a_login(client, personas) -> None:
    assert client.post(PICKER, {"veld": "resident", "resident__zoek": "jan"}).status_code == 302
    client.force_login(personas.fatima)
    assert client.get(PICKER, {"veld": "resident", "resident__zoek": "jan"}).status_code == 405
    assert _option_ids(_search(client, "j")) == set(), "one letter is too little to search"


def test_an_area_partner_may_not_search_residents(client, personas) -> None:
    client.force_login(personas.bakker)
    response = client.post(PICKER, {"veld": "resident", "resident__zoek": "jan"})
    assert response.status_code == 403


def test_every_resident_field_in_every_form_is_the_picker() -> None:
    plain = []
    checked = 0
    for form in all_form_classes():
        for name, field in form.base_fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is Resident:
                checked += 1
                if not isinstance(field, ResidentChoiceField | ResidentMultipleChoiceField):
                    plain.append(f"{form.__module__}.{form.__name__}.{name}")
    assert plain == []
    assert checked >= 7, "signal, contact, case, participant, ride/volunteer, relation, referral"


def test_the_contact_form_lists_no_resident_it_was_not_given(personas, two_rias) -> None:
    here, _, _ = two_rias
    residents = residents_visible_to(personas.fatima)
    form = ContactForm(
        residents=residents, organisations=Relation.objects.none(), cases=Relation.objects.none()
    )
    html = str(form["residents"])
    assert "Ria Bakker" not in html and "Jan Smit" not in html
    assert 'role="combobox"' in html and 'aria-controls="id_residents_opties"' in html
    bound = ContactForm(
        {"residents": [here.pk]},
        residents=residents,
        organisations=Relation.objects.none(),
        cases=Relation.objects.none(),
    )
    html = str(bound["residents"])
    assert html.count("Ria Bakker") == 1 and 'type="checkbox"' in html and "checked" in html


def test_forms_accept_only_residents_within_the_users_scope(personas, two_rias) -> None:
    here, _, far = two_rias
    residents = residents_visible_to(personas.fatima)
    contact = ContactForm(
        {"residents": [here.pk, far.pk]},
        residents=residents,
        organisations=Relation.objects.none(),
        cases=Relation.objects.none(),
    )
    contact.is_valid()
    assert contact.errors["residents"] == ["Deze bewoner kunt u hier niet kiezen. Zoek opnieuw."]
    signal = SignalForm(
        {"resident": far.pk},
        categories=Relation.objects.none(),
        neighbourhoods=Relation.objects.none(),
        residents=residents,
    )
    signal.is_valid()
    assert "resident" in signal.errors
    assert "Ria Bakker" not in str(signal["resident"])


def test_without_javascript_the_search_button_shows_the_residents_found_and_saves_nothing(
    client, personas, two_rias
) -> None:
    here, also_here, far = two_rias
    client.force_login(personas.fatima)
    url = reverse("people:relation_add", args=[personas.marie.pk])
    form = {"kind": Relation.Kind.NEIGHBOUR, "closeness": 2}
    response = client.post(
        url, {**form, "other_resident__zoek": "ria bakker", "other_resident__zoekknop": "1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies hieronder de juiste bewoner en sla dan op." in page
    assert f'value="{here.pk}"' in page and f'value="{also_here.pk}"' in page
    assert f'value="{far.pk}"' not in page
    assert not Relation.objects.filter(resident=personas.marie).exists()
    response = client.post(url, {**form, "other_resident": here.pk})
    assert response.status_code == 302
    assert Relation.objects.get(resident=personas.marie).other_resident == here
