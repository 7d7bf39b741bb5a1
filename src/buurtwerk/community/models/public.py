"""Registrations from the public neighbourhood page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.matching.engine.taxonomy import CATEGORY_CHOICES
from buurtwerk.people.models import Neighbourhood, Resident


class Registration(models.Model):
    """A resident's own sign-up from the public page, waiting for a buurtwerker's coffee visit.

    Nothing here enters matching until a buurtwerker confirms it and a Resident is made with
    the consent given. Contact details are cleared once they are stored on the resident.
    """

    class Kind(models.TextChoices):
        OFFER = "offer", _("Ik wil wel helpen met ...")
        NEED = "need", _("Ik zoek hulp bij ...")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op kennismaking")
        CONFIRMED = "confirmed", _("Bevestigd")
        REJECTED = "rejected", _("Niet doorgegaan")

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("waarmee"), max_length=20, choices=CATEGORY_CHOICES)
    message = models.CharField(_("toelichting"), max_length=500, blank=True)
    name = models.CharField(_("naam"), max_length=150, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    consent_text = models.TextField(_("toestemmingstekst zoals getoond"))
    consent_given_at = models.DateTimeField(_("toestemming gegeven op"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanmelding via de buurtpagina")
        verbose_name_plural = _("aanmeldingen via de buurtpagina")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Aanmelding {self.pk} ({self.get_kind_display()})"


class PublicSignUp(models.Model):
    """A resident who signed up for one date on the public page, without an account.

    Only the coordinator sees the name; other visitors see how many places are left. The
    resident cancels with the signed link they got; the data goes some weeks after the date.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Aangemeld")
        WAITING = "waiting", _("Op de wachtlijst")
        CANCELLED = "cancelled", _("Afgemeld")

    occurrence = models.ForeignKey(
        "community.Occurrence",
        verbose_name=_("keer"),
        on_delete=models.CASCADE,
        related_name="public_signups",
    )
    name = models.CharField(_("naam"), max_length=150)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding voor een activiteit via de buurtpagina")
        verbose_name_plural = _("aanmeldingen voor activiteiten via de buurtpagina")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self) -> str:
        return f"Aanmelding {self.pk} ({self.get_status_display()})"
