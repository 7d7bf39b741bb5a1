from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Gebruikersnaam"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Probeer het opnieuw."
        ),
        "inactive": _("Dit account is uitgeschakeld."),
    }


def normalise_code(value: str) -> str:
    """A code as typed ('123 456', ' 123456 ') to six digits; anything else is refused."""
    code = "".join((value or "").split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise forms.ValidationError(_("Vul de zes cijfers uit uw app in."), code="invalid_code")
    return code


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw app"),
        max_length=20,
        help_text=_("Zes cijfers uit uw authenticator-app, bijvoorbeeld 123456."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])
