"""Every date in every form opens the browser's date picker with its value already in it."""

from __future__ import annotations

from datetime import date, datetime

from django import forms

from buurtwerk.core.forms import DateInput, DateTimeInput
from buurtwerk.core.testing import all_form_classes


def test_every_date_field_uses_the_iso_date_picker() -> None:
    wrong = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in all_form_classes()
        for name, field in form.base_fields.items()
        if (isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput))
        or (isinstance(field, forms.DateTimeField) and not isinstance(field.widget, DateTimeInput))
    ]
    assert wrong == []


def test_a_prefilled_date_is_written_as_the_browser_reads_it() -> None:
    assert DateInput().format_value(date(2026, 12, 3)) == "2026-12-03"
    assert 'type="date"' in DateInput().render("d", date(2026, 12, 3))
    assert 'value="2026-12-03"' in DateInput().render("d", date(2026, 12, 3))
    moment = datetime(2026, 12, 3, 17, 30)
    assert 'value="2026-12-03T17:30"' in DateTimeInput().render("t", moment)
