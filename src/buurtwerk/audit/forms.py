from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.forms import DateInput

from .models import AuditVerb


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("Gebruiker"), required=False)
    verb = forms.ChoiceField(
        label=_("Handeling"), required=False, choices=[("", _("Alle"))] + AuditVerb.choices
    )
    object_type = forms.CharField(label=_("Soort gegevens"), required=False)
    object_id = forms.CharField(label=_("Nummer"), required=False)
    since = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())
