"""Reconnect profiles and outcomes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Resident

from .activities import Activity


class ReconnectProfile(models.Model):
    """What a resident with a small network likes and when they can: input for suggestions."""

    resident = models.OneToOneField(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="reconnect_profile",
    )
    interests = models.JSONField(_("vindt leuk"), default=list, blank=True)
    slots = models.JSONField(_("kan op"), default=list, blank=True)
    walking_km = models.FloatField(
        _("loopt of fietst zelf tot (km)"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    travels_alone = models.BooleanField(_("kan zelf reizen"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meedoen-wensen")
        verbose_name_plural = _("meedoen-wensen")

    def __str__(self) -> str:
        return f"Wensen van bewoner {self.resident_id}"


class ReconnectOutcome(models.Model):
    """What came of suggesting an activity to a resident with a small network."""

    class Outcome(models.TextChoices):
        INTERESTED = "interested", _("Wil het proberen")
        ATTENDED = "attended", _("Is geweest")
        DECLINED = "declined", _("Wil niet")
        NO_CONTACT = "no_contact", _("Geen contact gekregen")

    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="reconnect_outcomes",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices)
    ride_arranged = models.BooleanField(_("rit geregeld"), default=False)
    note = models.CharField(_("notitie"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("uitkomst meedoen")
        verbose_name_plural = _("uitkomsten meedoen")
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.activity}"
