from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.locking import VersionedForm
from buurtwerk.people.pickers import ResidentChoiceField

from .models import Referral, Service


class QuestionForm(forms.Form):
    vraag = forms.CharField(
        label=_("Wat is de vraag van de bewoner?"),
        max_length=1000,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("In gewone woorden, zonder namen of adressen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Live results while typing; "zoek" (sent by pressing search) is left out so a
        # half-typed question is never counted as a gap in the map.
        self.fields["vraag"].widget.attrs |= {
            "hx-get": reverse("socialmap:vraagbaak"),
            "hx-trigger": "input changed delay:400ms",
            "hx-include": "closest form",
            "hx-params": "not zoek",
        }


class ServiceForm(VersionedForm, forms.ModelForm):
    phone_number = forms.CharField(label=_("Telefoonnummer"), max_length=40, required=False)
    hours_description = forms.CharField(
        label=_("Openingstijden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld: maandag en donderdag van 9.00 tot 11.00 uur."),
    )

    class Meta:
        model = Service
        fields = [
            "name", "alternate_name", "organization", "status", "description",
            "application_process", "eligibility_description", "fees_description", "url",
            "email", "minimum_age", "maximum_age",
        ]  # fmt: skip
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "description", "application_process", "eligibility_description",
                "fees_description",
            )
        } | {
            "name": forms.TextInput(),
            "alternate_name": forms.TextInput(),
            "url": forms.URLInput(),
            "email": forms.EmailInput(),
        }  # fmt: skip

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = _("Vul de naam van de dienst in.")
        service = self.instance
        if service.pk:
            phone = service.phones.order_by("id").first()
            schedule = service.schedules.order_by("id").first()
            self.fields["phone_number"].initial = phone.number if phone else ""
            self.fields["hours_description"].initial = schedule.description if schedule else ""


class ReferralForm(forms.Form):
    resident = ResidentChoiceField(
        label=_("Voor welke bewoner?"),
        required=False,
        help_text=_("Niet verplicht. Alleen bewoners met wie u werkt."),
    )

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Heeft de dienst geholpen?"),
        choices=[c for c in Referral.Outcome.choices if c[0] != Referral.Outcome.UNKNOWN],
        widget=forms.RadioSelect,
    )
