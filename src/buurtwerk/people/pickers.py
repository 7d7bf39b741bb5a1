"""The one way to choose residents in a form: search as you type, never a list of everyone.

`ResidentChoiceField` (one resident) and `ResidentMultipleChoiceField` (several) take the
queryset the user may choose from (from `residents_visible_to`) and validate ids only within it.
Their widget renders the residents already chosen and a search box (an ARIA combobox) that asks
`people:resident_picker` for suggestions. Without JavaScript the search box has a button that
posts the form; the form then answers with the residents found, to tick, and saves nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Resident
from .queries import search_residents

SUGGESTIONS = 10
SEARCH_SUFFIX = "__zoek"
BUTTON_SUFFIX = "__zoekknop"


def resident_label(resident: Resident) -> str:
    """Enough to tell two residents with the same name apart: address and birth year."""
    address = " ".join(part for part in (resident.street, resident.house_number) if part)
    place = ", ".join(part for part in (address, resident.postcode) if part)
    parts = [resident.name, place]
    if resident.birth_year:
        parts.append(str(_("geboren in %(year)s") % {"year": resident.birth_year}))
    return " · ".join(part for part in parts if part)


class ResidentPicker(forms.Widget):
    template_name = "people/picker/widget.html"
    multiple = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_text = ""
        self.searched = False

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.search_text = str(data.get(name + SEARCH_SUFFIX, ""))
        # Enter in another field presses this button too; only a typed search is a search.
        self.searched = name + BUTTON_SUFFIX in data and bool(self.search_text.strip())
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and name + SEARCH_SUFFIX not in data

    def id_for_label(self, id_: str) -> str:
        return f"{id_}{SEARCH_SUFFIX}" if id_ else id_

    def _chosen_ids(self, value: Any) -> list[str]:
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v) for v in values if str(v or "").isdigit()]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # Only the residents chosen and, after a search without JavaScript, those found: the
        # field's queryset is the user's scope, so an id outside it never shows a name.
        residents: QuerySet[Resident] = self.choices.queryset  # type: ignore[attr-defined]
        chosen_ids = self._chosen_ids(value)
        chosen = list(residents.filter(pk__in=chosen_ids)) if chosen_ids else []
        found: list[Resident] = []
        if self.searched:
            found = [
                resident
                for resident in search_residents(residents, self.search_text)[:SUGGESTIONS]
                if resident not in chosen
            ]
        widget = context["widget"]
        widget.update(
            {
                "input_type": "checkbox" if self.multiple else "radio",
                "chosen": [(r.pk, resident_label(r)) for r in chosen],
                "found": [(r.pk, resident_label(r)) for r in found],
                "searched": self.searched,
                "search_name": name + SEARCH_SUFFIX,
                "search_text": self.search_text,
                "button_name": name + BUTTON_SUFFIX,
                "search_url": reverse("people:resident_picker"),
                # The form may make the field optional after building it: trust the attribute.
                "optional": not context["widget"]["attrs"].get("required"),
            }
        )
        return context


class ResidentsPicker(ResidentPicker):
    multiple = True
    allow_multiple_selected = True


class _PickerMixin:
    """A search posted without JavaScript is not a submit: the form shows what it found."""

    widget: Any

    def clean(self, value: Any) -> Any:
        if self.widget.searched:
            raise ValidationError(
                _("Kies hieronder de juiste bewoner en sla dan op."), code="searched"
            )
        return super().clean(value)  # type: ignore[misc]


class ResidentChoiceField(_PickerMixin, forms.ModelChoiceField):  # type: ignore[type-arg]
    widget = ResidentPicker
    default_error_messages = {
        "invalid_choice": _("Deze bewoner kunt u hier niet kiezen. Zoek opnieuw."),
    }

    def __init__(self, queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(queryset if queryset is not None else Resident.objects.none(), **kwargs)


class ResidentMultipleChoiceField(_PickerMixin, forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    widget = ResidentsPicker
    default_error_messages = {
        "invalid_choice": _("Deze bewoner kunt u hier niet kiezen. Zoek opnieuw."),
        "invalid_pk_value": _("Deze bewoner kunt u hier niet kiezen. Zoek opnieuw."),
    }

    def __init__(self, queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(queryset if queryset is not None else Resident.objects.none(), **kwargs)
