from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.forms import DateInput
from buurtwerk.core.locking import VersionedForm

from .geocoding import geocode, neighbourhood_centre
from .models import ProcessingBasis, Relation, Resident
from .pickers import ResidentChoiceField
from .validators import normalise_postcode


class LanguagesField(forms.CharField):
    """Language codes typed as 'nl, tr' and kept as a list."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


class ResidentForm(VersionedForm, forms.ModelForm):
    languages = LanguagesField(
        label=_("Talen"), required=False, help_text=_("Taalcodes met komma's, bijvoorbeeld: nl, tr")
    )

    class Meta:
        model = Resident
        fields = [
            "name", "phone", "email", "postcode", "house_number", "street", "city",
            "neighbourhood", "birth_year", "languages", "notes",
            "certificate_of_conduct_on", "seeks_participation",
        ]  # fmt: skip
        widgets = {
            "certificate_of_conduct_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }

    def __init__(self, *args: Any, neighbourhoods: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if neighbourhoods is not None:
            self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = _("Vul de naam van de bewoner in.")
        self.fields["neighbourhood"].error_messages["required"] = _("Kies de buurt.")
        self.location_note: str = ""
        lookup = {
            "hx-post": reverse("people:address_lookup"),
            "hx-trigger": "change",
            "hx-target": "#id_house_number_helptext",
            "hx-params": "csrfmiddlewaretoken,postcode,house_number",
        }
        self.fields["postcode"].widget.attrs.update(lookup, autocomplete="postal-code")
        self.fields["house_number"].widget.attrs.update(lookup)
        self.fields["house_number"].help_text = _(
            "Vul postcode en huisnummer in. Straat en plaats zoeken we dan voor u op."
        )

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        return normalise_postcode(value) if value else ""

    def clean(self) -> dict[str, Any]:
        """Place the resident on the map from their address; nobody types coordinates."""
        cleaned = super().clean() or {}
        moved = {"postcode", "house_number", "neighbourhood"} & set(self.changed_data)
        if self.instance.pk and not moved and self.instance.lat is not None:
            return cleaned
        found = geocode(cleaned.get("postcode", ""), cleaned.get("house_number", ""))
        if found is not None:
            cleaned.update(street=found.street, city=found.city, lat=found.lat, lon=found.lon)
            self.location_note = _("Adres gevonden: %(address)s.") % {"address": found.label}
            return cleaned
        neighbourhood = cleaned.get("neighbourhood")
        centre = neighbourhood_centre(neighbourhood) if neighbourhood else None
        cleaned["lat"], cleaned["lon"] = centre or (None, None)
        if centre:
            self.location_note = _(
                "We konden het adres niet opzoeken. Op de kaart staat de bewoner daarom in het "
                "midden van %(neighbourhood)s."
            ) % {"neighbourhood": neighbourhood}
        else:
            self.location_note = str(
                _("We konden het adres niet opzoeken. De bewoner staat nog niet op de kaart.")
            )
        return cleaned


class NewResidentForm(ResidentForm):
    lawful_basis = forms.ChoiceField(
        label=_("Grondslag voor het vastleggen"),
        choices=ProcessingBasis.LawfulBasis.choices,
        initial=ProcessingBasis.LawfulBasis.PUBLIC_TASK,
        help_text=_("Voor welzijnswerk van de gemeente is dit meestal de publieke taak."),
    )
    special_category_exception = forms.ChoiceField(
        label=_("Gezondheid of zorg"),
        choices=ProcessingBasis.SpecialCategoryException.choices,
        initial=ProcessingBasis.SpecialCategoryException.SOCIAL_CARE,
        required=False,
    )
    matching_consent = forms.BooleanField(
        label=_("De bewoner wil gekoppeld worden aan andere bewoners"),
        required=False,
        help_text=_("Alleen aanvinken als u dit met de bewoner heeft besproken."),
    )


class ResidentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoeken op naam, straat of postcode"), required=False, max_length=100
    )
    buurt: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Buurt"), queryset=None, required=False, empty_label=_("Alle buurten")
    )

    def __init__(self, *args: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = neighbourhoods  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    statement = forms.CharField(
        label=_("Wat heeft de bewoner afgesproken?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Leeg laten voor de standaardtekst."),
    )


class RelationForm(forms.ModelForm):
    class Meta:
        model = Relation
        fields = ["kind", "closeness", "other_resident", "contact_name", "contact_role"]
        field_classes = {"other_resident": ResidentChoiceField}

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_resident"].queryset = residents  # type: ignore[attr-defined]
        self.fields["other_resident"].required = False


class EraseResidentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("De bewoner heeft gevraagd om wissen, en dit is de juiste bewoner"),
        error_messages={"required": _("Vink aan dat u dit heeft gecontroleerd.")},
    )
