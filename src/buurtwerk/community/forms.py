from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.forms import DateInput, DateTimeInput
from buurtwerk.matching.engine.taxonomy import CATEGORY_CHOICES, SLOT_CHOICES
from buurtwerk.people.pickers import ResidentChoiceField

from .actions import CONSENT_TEXT
from .models import (
    Activity,
    ActivityRole,
    DriverOffer,
    HandoverTask,
    Initiative,
    ReconnectOutcome,
    Registration,
    RotaPattern,
    SupportLog,
)
from .models.rota import VOLUNTEER_STATUSES
from .queries import VolunteerFilter

DAY_CHOICES = [
    (0, _("maandag")), (1, _("dinsdag")), (2, _("woensdag")), (3, _("donderdag")),
    (4, _("vrijdag")), (5, _("zaterdag")), (6, _("zondag")),
]  # fmt: skip


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "name", "neighbourhood", "goal", "contact_name", "contact_phone", "contact_email",
            "support_description", "step_back_on",
        ]  # fmt: skip
        widgets = {
            "step_back_on": DateInput(),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "support_description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = _("Vul de naam van het initiatief in.")


class SupportLogForm(forms.ModelForm):
    class Meta:
        model = SupportLog
        fields = ["given_on", "hours", "note"]
        widgets = {"given_on": DateInput()}


WEEK_OF_MONTH_CHOICES = [
    (1, _("eerste")), (2, _("tweede")), (3, _("derde")), (4, _("vierde")), (-1, _("laatste")),
]  # fmt: skip

ROLE_FIELDS = {
    "hosts": ActivityRole.HOST,
    "listening_ears": ActivityRole.LISTENING_EAR,
    "cooks": ActivityRole.COOK,
    "drivers": ActivityRole.DRIVER,
}


class ActivityForm(forms.ModelForm):
    """An activity with its recurrence chosen in words; the RRULE is built from the choice."""

    REPEAT_CHOICES = [
        ("once", _("Eén keer")),
        ("weekly", _("Elke week")),
        ("fortnightly", _("Om de week")),
        ("monthly", _("Eén keer per maand (bijvoorbeeld de eerste woensdag)")),
    ]
    repeat = forms.ChoiceField(label=_("Hoe vaak"), choices=REPEAT_CHOICES)
    week_of_month = forms.TypedChoiceField(
        label=_("Welke week van de maand"),
        choices=WEEK_OF_MONTH_CHOICES,
        coerce=int,
        required=False,
        help_text=_("Alleen nodig bij één keer per maand; de dag is die van de eerste keer."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Thema's"), choices=CATEGORY_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    hosts = forms.IntegerField(label=_("Aantal gastvrouwen/-heren"), min_value=0, max_value=50,
                               initial=1)  # fmt: skip
    listening_ears = forms.IntegerField(label=_("Aantal luisterende oren"), min_value=0,
                                        max_value=50, initial=0)  # fmt: skip
    cooks = forms.IntegerField(label=_("Aantal koks"), min_value=0, max_value=50, initial=0)
    drivers = forms.IntegerField(label=_("Aantal chauffeurs"), min_value=0, max_value=50,
                                 initial=0)  # fmt: skip
    starts_at = forms.DateTimeField(label=_("Eerste keer"), widget=DateTimeInput())

    class Meta:
        model = Activity
        fields = [
            "title", "kind", "description", "location_name", "address", "starts_at",
            "duration_minutes", "ends_on", "capacity", "partners", "partners_note", "is_public",
        ]  # fmt: skip
        widgets = {
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, partners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners  # type: ignore[attr-defined]
        self.fields["title"].error_messages["required"] = _("Vul de naam van de activiteit in.")

    @classmethod
    def initial_for(cls, activity: Activity) -> dict[str, Any]:
        """The form's values for an existing activity, its recurrence back in words."""
        from django.forms.models import model_to_dict
        from django.utils import timezone

        initial = model_to_dict(activity, fields=cls.Meta.fields)
        initial["starts_at"] = timezone.localtime(activity.starts_at).strftime("%Y-%m-%dT%H:%M")
        rule = activity.rrule
        week = re.search(r"BYDAY=(-?\d)", rule)
        if not rule:
            initial["repeat"] = "once"
        elif rule.startswith("FREQ=MONTHLY"):
            initial["repeat"] = "monthly"
            initial["week_of_month"] = int(week.group(1)) if week else 1
        else:
            initial["repeat"] = "fortnightly" if "INTERVAL=2" in rule else "weekly"
        initial["themes"] = activity.themes
        needed = activity.roles_needed or {}
        for field, role in ROLE_FIELDS.items():
            initial[field] = needed.get(role, 0)
        return initial

    def activity_data(self) -> dict[str, Any]:
        from .engine.recurrence import monthly_rule, weekly_rule

        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "partners"}
        start = data["starts_at"]
        repeat = self.cleaned_data["repeat"]
        weekday = start.weekday()
        data["rrule"] = {
            "once": "",
            "weekly": weekly_rule(weekday),
            "fortnightly": weekly_rule(weekday, 2),
            "monthly": monthly_rule(weekday, self.cleaned_data.get("week_of_month") or 1),
        }[repeat]
        data["themes"] = self.cleaned_data["themes"]
        data["roles_needed"] = {
            role: self.cleaned_data[field] for field, role in ROLE_FIELDS.items()
        }
        return data


class PlanForm(forms.Form):
    weeks = forms.IntegerField(label=_("Weken vooruit"), min_value=1, max_value=26, initial=5)


class ShiftForm(forms.Form):
    volunteer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Vrijwilliger"), queryset=None
    )
    role = forms.ChoiceField(label=_("Rol"), choices=ActivityRole.choices)

    def __init__(self, *args: Any, volunteers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


class RotaPatternForm(forms.Form):
    """ "Henk is host every first Wednesday": filled once, the planned dates follow."""

    activity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Activiteit"), queryset=None
    )
    volunteer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Vrijwilliger"), queryset=None
    )
    role = forms.ChoiceField(label=_("Rol"), choices=ActivityRole.choices)
    repeat = forms.ChoiceField(label=_("Hoe vaak"), choices=RotaPattern.Repeat.choices)
    week_of_month = forms.TypedChoiceField(
        label=_("Welke week van de maand"),
        choices=WEEK_OF_MONTH_CHOICES,
        coerce=int,
        required=False,
        help_text=_("Alleen nodig bij één keer per maand."),
    )
    starts_on = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())

    def __init__(self, *args: Any, activities: Any, volunteers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


class SwapForm(forms.Form):
    volunteer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Ruilen met"), queryset=None
    )

    def __init__(self, *args: Any, volunteers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = volunteers  # type: ignore[attr-defined]


class ResidentChoiceForm(forms.Form):
    resident = ResidentChoiceField(label=_("Bewoner"))

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]


class RideRequestForm(ResidentChoiceForm):
    requires_certificate = forms.BooleanField(label=_("Chauffeur met VOG nodig"), required=False)
    wants_repeat = forms.BooleanField(label=_("Ook de volgende keren ophalen"), required=False)


class RideConfirmForm(forms.Form):
    driver: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Chauffeur"), queryset=None
    )
    repeat = forms.BooleanField(label=_("Vaste rit: ook de volgende keren"), required=False)

    def __init__(self, *args: Any, drivers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = drivers  # type: ignore[attr-defined]


class PublicRegistrationForm(forms.Form):
    """The short public form. `website` is a honeypot: hidden from people, filled by bots."""

    kind = forms.ChoiceField(
        label=_("Wat wilt u?"), choices=Registration.Kind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("Waarmee?"), choices=CATEGORY_CHOICES)
    message = forms.CharField(
        label=_("Vertel er iets meer over (mag ook leeg)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    name = forms.CharField(label=_("Uw naam"), max_length=150)
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    consent = forms.BooleanField(label=CONSENT_TEXT)
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Vul uw naam in.")
        self.fields["consent"].error_messages["required"] = _(
            "Zonder uw toestemming kunnen we geen contact met u opnemen."
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Vul een telefoonnummer of e-mailadres in."))
        return cleaned


class PublicSignUpForm(forms.Form):
    """Signing up for one date on the public page. `website` is a honeypot for bots."""

    name = forms.CharField(label=_("Uw naam"), max_length=150)
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        help_text=_("Dan krijgt u een bevestiging met een link om u af te melden."),
    )
    waiting_list = forms.BooleanField(
        label=_("Is het vol? Zet mij dan op de wachtlijst"), required=False
    )
    website = forms.CharField(label=_("Laat dit veld leeg"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Vul uw naam in.")
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", _("Vul een telefoonnummer of e-mailadres in."))
        return cleaned


class ConfirmRegistrationForm(forms.Form):
    coffee_visit = forms.BooleanField(
        label=_("Ik heb kennisgemaakt met deze bewoner en de toestemming besproken")
    )
    name = forms.CharField(label=_("Naam"), max_length=150)
    street = forms.CharField(label=_("Straat"), max_length=150, required=False)
    house_number = forms.CharField(label=_("Huisnummer"), max_length=20, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    birth_year = forms.IntegerField(label=_("Geboortejaar"), min_value=1900, max_value=2100,
                                    required=False)  # fmt: skip


class ReconnectProfileForm(forms.Form):
    interests = forms.MultipleChoiceField(
        label=_("Wat vindt de bewoner leuk?"), choices=CATEGORY_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    slots = forms.MultipleChoiceField(
        label=_("Wanneer kan de bewoner?"), choices=SLOT_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    walking_km = forms.FloatField(
        label=_("Hoe ver komt de bewoner zelf (km)"), min_value=0, max_value=10, initial=0.5
    )
    travels_alone = forms.BooleanField(label=_("Kan zelf reizen"), required=False, initial=True)


class ReconnectOutcomeForm(forms.Form):
    activity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Activiteit"), queryset=None
    )
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=ReconnectOutcome.Outcome.choices)
    ride_arranged = forms.BooleanField(label=_("Rit geregeld"), required=False)
    note = forms.CharField(label=_("Notitie"), max_length=500, required=False)

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]


def _choices(label: Any, choices: Any, **kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs
    )


class VolunteerProfileForm(forms.Form):
    """What a volunteer is good at, wants to do and when they can: for adding and editing."""

    skills = _choices(_("Waar is deze vrijwilliger goed in?"), CATEGORY_CHOICES, required=False)
    roles = _choices(
        _("Wat wil deze vrijwilliger doen?"),
        ActivityRole.choices,
        error_messages={"required": _("Kies minstens één rol.")},
    )
    slots = _choices(
        _("Wanneer kan deze vrijwilliger?"),
        SLOT_CHOICES,
        error_messages={"required": _("Kies minstens één moment.")},
    )

    def profile_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in ("skills", "slots", "roles")}


class VolunteerForm(VolunteerProfileForm):
    """A resident becomes a volunteer of an initiative, and may also drive residents."""

    resident = ResidentChoiceField(label=_("Bewoner"))
    drives = forms.BooleanField(label=_("Rijdt ook bewoners naar activiteiten"), required=False)
    goes_anyway = forms.BooleanField(
        label=_("Gaat zelf toch al naar de activiteit"), required=False
    )
    seats = forms.IntegerField(label=_("Plaatsen in de auto"), min_value=1, max_value=8, initial=1)
    max_pickup_km = forms.FloatField(
        label=_("Haalt op tot hoeveel kilometer"), min_value=0.1, max_value=30, initial=3.0
    )

    field_order = ["resident"]

    def __init__(self, *args: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]


class VolunteerFilterForm(forms.Form):
    zoek = forms.CharField(label=_("Naam"), max_length=100, required=False)
    rol = forms.ChoiceField(
        label=_("Rol"), choices=[("", _("alle rollen")), *ActivityRole.choices], required=False
    )
    vaardigheid = forms.ChoiceField(
        label=_("Vaardigheid"), choices=[("", _("alle")), *CATEGORY_CHOICES], required=False
    )
    moment = forms.ChoiceField(
        label=_("Moment"), choices=[("", _("alle momenten")), *SLOT_CHOICES], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("iedereen")), *VOLUNTEER_STATUSES], required=False
    )
    vog = forms.ChoiceField(
        label=_("VOG"),
        choices=[
            ("", _("maakt niet uit")),
            ("present", _("heeft VOG")),
            ("missing", _("geen VOG")),
        ],  # fmt: skip
        required=False,
    )

    def wanted(self) -> VolunteerFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return VolunteerFilter(
            text=data.get("zoek", ""),
            role=data.get("rol", ""),
            skill=data.get("vaardigheid", ""),
            slot=data.get("moment", ""),
            status=data.get("status", ""),
            certificate=data.get("vog", ""),
        )


class PauseForm(forms.Form):
    paused_until = forms.DateField(label=_("Pauze tot en met"), widget=DateInput())


class DriverOfferForm(forms.ModelForm):
    """When and how far a volunteer drives. Pickup starts at the volunteer's own address, so
    there is no place to type here: a change of address is made on the resident.
    """

    slots = _choices(
        _("Wanneer kan de chauffeur?"),
        SLOT_CHOICES,
        error_messages={"required": _("Kies minstens één moment waarop de chauffeur kan.")},
    )

    class Meta:
        model = DriverOffer
        fields = ["slots", "seats", "per_week", "max_pickup_km", "goes_anyway", "activities"]
        widgets = {"activities": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activities"].queryset = activities  # type: ignore[attr-defined]

    def offer_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "activities"}


class PassOnSignalForm(forms.Form):
    """What the listening ear heard at the walk-in, passed on as a signal."""

    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Waar gaat het over?"), queryset=None
    )
    description = forms.CharField(
        label=_("Wat hoorde u?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort op wat u hoorde.")},
    )
    about_person = forms.BooleanField(label=_("Het gaat over een bewoner"), required=False)

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["category"].error_messages["required"] = _("Kies waar het over gaat.")


class HandoverTaskForm(forms.Form):
    kind = forms.ChoiceField(label=_("Taak"), choices=HandoverTask.Kind.choices)
    description = forms.CharField(
        label=_("Omschrijving (mag leeg)"), max_length=200, required=False
    )


class HandOverForm(forms.Form):
    handed_to = forms.CharField(label=_("Wie neemt het over?"), max_length=150)
    handed_over_on = forms.DateField(label=_("Op"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handed_to"].error_messages["required"] = _("Vul in wie de taak overneemt.")
