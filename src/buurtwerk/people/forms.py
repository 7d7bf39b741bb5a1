from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.locking import VersionedForm

from .models import ProcessingBasis, Relation, Resident
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
            "name", "phone", "email", "street", "house_number", "postcode", "city",
            "neighbourhood", "birth_year", "languages", "lat", "lon", "notes",
            "certificate_of_conduct_on", "seeks_participation",
        ]  # fmt: skip
        widgets = {
            "certificate_of_conduct_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
        }

    def __init__(self, *args: Any, neighbourhoods: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if neighbourhoods is not None:
            self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = _("Vul de naam van de bewoner in.")
        self.fields["neighbourhood"].error_messages["required"] = _("Kies de buurt.")

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        return normalise_postcode(value) if value else ""


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

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_resident"].queryset = residents  # type: ignore[attr-defined]
        self.fields["other_resident"].required = False


class EraseResidentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("De bewoner heeft gevraagd om wissen, en dit is de juiste bewoner"),
        error_messages={"required": _("Vink aan dat u dit heeft gecontroleerd.")},
    )
