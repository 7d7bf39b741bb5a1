from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.forms import DateInput, DateTimeInput
from buurtwerk.core.locking import VersionedForm
from buurtwerk.people.models import Organisation
from buurtwerk.people.pickers import ResidentChoiceField, ResidentMultipleChoiceField
from buurtwerk.people.queries import neighbourhoods_visible_to

from . import queries
from .models import TEAM_KIND_ROUTE, Case, CaseParticipant, Contact, RoutingRule, Signal


def person_label(user: Any) -> str:
    return user.get_full_name() or user.username


def agenda_item_label(item: Any) -> str:
    """Number and kind only: the choice list must not show a confidential case's title."""
    label = f"{item.position}. {item.get_kind_display()}"
    if item.signal_id:
        label += f": {item.signal.category.name}"
    elif item.title:
        label += f": {item.title}"
    return label


def _label_people(form: forms.BaseForm, *field_names: str) -> None:
    """Show people by their name in choice lists, not by their username."""
    for name in field_names:
        form.fields[name].label_from_instance = person_label  # type: ignore[attr-defined]


class SignalForm(forms.ModelForm):
    """Few fields, big targets: a volunteer at the walk-in fills this in on a phone."""

    class Meta:
        model = Signal
        fields = ["category", "description", "neighbourhood", "address", "resident", "source"]
        labels = {
            "category": _("Waar gaat het over?"),
            "description": _("Wat is er opgevallen?"),
            "neighbourhood": _("In welke buurt?"),
            "address": _("Adres of plek (mag leeg)"),
            "resident": _("Over welke bewoner? (mag leeg)"),
            "source": _("Hoe weet u het?"),
        }
        field_classes = {"resident": ResidentChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "source": forms.RadioSelect,
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(
        self, *args: Any, categories: Any, neighbourhoods: Any, residents: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["neighbourhood"].queryset = neighbourhoods  # type: ignore[attr-defined]
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]
        self.fields["resident"].required = False
        self.fields["source"].choices = [  # type: ignore[attr-defined]
            choice for choice in Signal.Source.choices if choice[0] != Signal.Source.PUBLIC
        ]
        self.fields["source"].initial = Signal.Source.OWN_OBSERVATION
        self.fields["category"].error_messages["required"] = _("Kies waar het over gaat.")
        self.fields["description"].error_messages["required"] = _(
            "Schrijf kort op wat er is opgevallen."
        )
        self.fields["neighbourhood"].error_messages["required"] = _("Kies de buurt.")
        self.fields["category"].help_text = _(
            "Zorgen over iemand gaan naar het wijkteam; iets op straat gaat naar het gebiedsteam."
        )


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *Signal.Status.choices]
    )


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=())
    reason = forms.CharField(label=_("Toelichting (mag leeg)"), required=False, max_length=300)

    def __init__(self, *args: Any, allowed: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = allowed  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Wie pakt het op?"), queryset=None, required=False, empty_label=_("Niemand")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members  # type: ignore[attr-defined]
        _label_people(self, "assignee")


class NotesForm(VersionedForm):
    notes = forms.CharField(
        label=_("Notities van het team"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class FollowUpForm(forms.Form):
    description = forms.CharField(
        label=_("Wat moet er gebeuren?"),
        max_length=300,
        error_messages={"required": _("Schrijf op wat er moet gebeuren.")},
    )
    due_on = forms.DateField(
        label=_("Uiterlijk op"),
        widget=DateInput(),
        error_messages={"required": _("Kies een datum."), "invalid": _("Dit is geen datum.")},
    )
    assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Wie?"), queryset=None, required=False, empty_label=_("Nog niemand")
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members  # type: ignore[attr-defined]
        _label_people(self, "assignee")


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ["priority", "category", "neighbourhood", "team", "active"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = queries.teams_for_rules(user)
        routes = [TEAM_KIND_ROUTE[kind] for kind in teams.values_list("kind", flat=True)]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["category"].queryset = queries.categories_for_reporting().filter(  # type: ignore[attr-defined]
            route__in=routes
        )
        self.fields["neighbourhood"].queryset = neighbourhoods_visible_to(user)  # type: ignore[attr-defined]
        self.fields["category"].empty_label = _("Elke soort")  # type: ignore[attr-defined]
        self.fields["neighbourhood"].empty_label = _("Elke buurt")  # type: ignore[attr-defined]


class ContactForm(forms.ModelForm):
    residents = ResidentMultipleChoiceField(label=_("Met welke bewoners?"), required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Met welke partners?"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contact
        fields = ["happened_on", "kind", "purpose", "duration_minutes", "note", "case"]
        widgets = {
            "happened_on": DateInput(),
            "purpose": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 1440, "step": 5}),
        }
        help_texts = {
            "purpose": _(
                "Individuele ondersteuning: helpen bij iemands eigen vraag. Samenlevingsopbouw: "
                "mensen met elkaar verbinden en de buurt sterker maken."
            ),
        }

    def __init__(
        self, *args: Any, residents: Any, organisations: Any, cases: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["residents"].queryset = residents  # type: ignore[attr-defined]
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["case"].required = False
        self.fields["duration_minutes"].error_messages.update(
            {
                "required": _("Vul in hoeveel minuten het contact duurde."),
                "min_value": _("Een contact duurt minstens 1 minuut."),
                "max_value": _("Een contact duurt hoogstens een dag (1440 minuten)."),
                "invalid": _("Vul een heel aantal minuten in."),
            }
        )


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Per"),
        choices=[("week", _("week")), ("month", _("maand"))],
        required=False,
        initial="week",
    )
    start = forms.DateField(label=_("Van"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return cleaned


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "title", "resident", "household", "team", "coordinator", "confidentiality",
            "summary", "next_discussion_on",
        ]  # fmt: skip
        field_classes = {"resident": ResidentChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "next_discussion_on": DateInput(),
            "confidentiality": forms.RadioSelect,
        }

    def __init__(self, *args: Any, residents: Any, teams: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]
        self.fields["resident"].required = True
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["coordinator"].queryset = members  # type: ignore[attr-defined]
        _label_people(self, "coordinator")
        self.fields["title"].error_messages["required"] = _("Geef de casus een korte titel.")
        self.fields["resident"].error_messages["required"] = _("Kies de bewoner om wie het gaat.")


class CaseUpdateForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Case
        fields = ["status", "confidentiality", "summary", "next_discussion_on", "coordinator"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "next_discussion_on": DateInput(),
        }

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = members  # type: ignore[attr-defined]
        _label_people(self, "coordinator")


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = CaseParticipant
        fields = ["role", "user", "resident", "name", "note"]
        field_classes = {"resident": ResidentChoiceField}

    def __init__(self, *args: Any, members: Any, residents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members  # type: ignore[attr-defined]
        _label_people(self, "user")
        self.fields["resident"].queryset = residents  # type: ignore[attr-defined]


class GoalForm(forms.Form):
    description = forms.CharField(
        label=_("Nieuw doel"),
        max_length=300,
        error_messages={"required": _("Schrijf het doel op.")},
    )


class MeetingForm(forms.Form):
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Team"), queryset=None)
    starts_at = forms.DateTimeField(
        label=_("Datum en tijd"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        error_messages={"required": _("Kies datum en tijd."), "invalid": _("Dit is geen datum.")},
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    item: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Bij agendapunt"), queryset=None, required=False, empty_label=_("Algemeen")
    )
    text = forms.CharField(
        label=_("Besluit"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schrijf het besluit op.")},
    )
    action_description = forms.CharField(
        label=_("Actie die eruit volgt (mag leeg)"), required=False, max_length=300
    )
    action_due_on = forms.DateField(
        label=_("Actie uiterlijk op"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Dit is geen datum.")},
    )
    action_assignee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Wie doet de actie?"), queryset=None, required=False, empty_label=_("Nog niemand")
    )

    def __init__(self, *args: Any, items: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items  # type: ignore[attr-defined]
        self.fields["item"].label_from_instance = agenda_item_label  # type: ignore[attr-defined]
        self.fields["action_assignee"].queryset = members  # type: ignore[attr-defined]
        _label_people(self, "action_assignee")


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("Extra agendapunt"),
        max_length=200,
        error_messages={"required": _("Schrijf het onderwerp op.")},
    )


class CloseMeetingForm(forms.Form):
    attendees: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Wie waren er?"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = members  # type: ignore[attr-defined]
        _label_people(self, "attendees")
        self.fields["attendees"].error_messages["required"] = _("Kies wie er aanwezig waren.")
