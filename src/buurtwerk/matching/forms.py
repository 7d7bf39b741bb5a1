from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.forms import DateInput
from buurtwerk.core.locking import VersionedForm

from .engine import CATEGORY_CHOICES, SLOT_CHOICES
from .engine.taxonomy import DAYS
from .models import Match, Need, Offer

CERTIFICATE_DEFAULT = ""
CERTIFICATE_CHOICES = [
    (CERTIFICATE_DEFAULT, _("Zoals gebruikelijk: alleen bij hulp in huis")),
    ("yes", _("Ja, een VOG is nodig")),
    ("no", _("Nee, geen VOG nodig")),
]


class AvailabilityField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Wanneer kan het?"))
        kwargs.setdefault("help_text", _("Kies alle dagdelen die passen."))
        super().__init__(choices=SLOT_CHOICES, **kwargs)
        self.error_messages["required"] = _("Kies minstens één dagdeel.")


class AvailabilityMixin:
    """Groups the 21 availability checkboxes per day, for a compact grid on a phone."""

    def availability_rows(self) -> list[tuple[str, list[Any]]]:
        boxes = list(self["availability"])  # type: ignore[index]
        parts = len(boxes) // len(DAYS)
        return [
            (str(day_label).capitalize(), boxes[index * parts : (index + 1) * parts])
            for index, day_label in enumerate(DAYS.values())
        ]


class OfferForm(AvailabilityMixin, VersionedForm, forms.ModelForm):
    availability = AvailabilityField()

    class Meta:
        model = Offer
        fields = ["category", "description", "availability", "per_week", "max_distance_km"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"category": _("Waarmee wil de bewoner helpen?")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Kies een soort hulp")), *CATEGORY_CHOICES]  # type: ignore[attr-defined]
        self.fields["category"].error_messages["required"] = _("Kies een soort hulp.")
        self.fields["description"].error_messages["required"] = _(
            "Beschrijf in een paar woorden wat de bewoner wil doen."
        )
        if self.instance.pk:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=Offer.Status.choices, initial=self.instance.status
            )


class NeedForm(AvailabilityMixin, VersionedForm, forms.ModelForm):
    availability = AvailabilityField()
    certificate = forms.ChoiceField(
        label=_("Moet de helper een VOG hebben?"),
        choices=CERTIFICATE_CHOICES,
        required=False,
        help_text=_("VOG: Verklaring Omtrent het Gedrag."),
    )

    class Meta:
        model = Need
        fields = ["category", "description", "availability", "urgency", "recurring"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"category": _("Waarbij zoekt de bewoner hulp?")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Kies een soort hulp")), *CATEGORY_CHOICES]  # type: ignore[attr-defined]
        self.fields["category"].error_messages["required"] = _("Kies een soort hulp.")
        self.fields["description"].error_messages["required"] = _(
            "Beschrijf in een paar woorden waarbij de bewoner hulp zoekt."
        )
        if self.instance.pk:
            self.fields["certificate"].initial = (
                "yes" if self.instance.requires_certificate else "no"
            )
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=Need.Status.choices, initial=self.instance.status
            )

    def action_data(self) -> dict[str, Any]:
        """The cleaned data as the actions take it: the VOG choice as True, False or None."""
        data = dict(self.cleaned_data)
        choice = data.pop("certificate", CERTIFICATE_DEFAULT)
        data["requires_certificate"] = {"yes": True, "no": False}.get(choice)
        return data


class NeedFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Alle")), *Need.Status.choices],
        required=False,
        initial=Need.Status.OPEN,
    )
    soort = forms.ChoiceField(
        label=_("Soort hulp"), choices=[("", _("Alle soorten")), *CATEGORY_CHOICES], required=False
    )


class TransitionForm(forms.Form):
    """One step of the workflow; rendered once per possible step, prefixed with that step."""

    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wat is er afgesproken of gebeurd? Wordt bewaard in de geschiedenis."),
    )
    follow_up_on = forms.DateField(
        label=_("Opvolgen op"),
        required=False,
        widget=DateInput(),
        help_text=_("Leeg laten voor de gebruikelijke termijn."),
    )


class EndForm(TransitionForm):
    end_reason = forms.ChoiceField(
        label=_("Waarom stopt de koppeling?"),
        choices=[("", _("Kies een reden")), *Match.EndReason.choices],
    )
    evaluation = forms.CharField(
        label=_("Hoe ging het?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat ging goed, wat kan beter? Vraag het beide bewoners."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["follow_up_on"]
        self.fields["end_reason"].error_messages["required"] = _("Kies waarom de koppeling stopt.")


class FollowUpForm(forms.Form):
    follow_up_on = forms.DateField(label=_("Nieuwe datum om op te volgen"), widget=DateInput())
    note = forms.CharField(label=_("Toelichting"), required=False)


class ImportForm(forms.Form):
    MAX_BYTES = 20 * 1024 * 1024

    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een .json-bestand, een .xlsx-bestand met een werkblad per tabel, een .zip met "
            "CSV-bestanden of één CSV-bestand (bijvoorbeeld offers.csv)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,.zip,.csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is te groot (hoogstens 20 MB)."))
        return upload
