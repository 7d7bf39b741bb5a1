"""Volunteers and their shifts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Resident

from .activities import ActivityRole, Occurrence
from .initiatives import Initiative


class Volunteer(models.Model):
    """A resident who helps at the centre: skills, when they can, which roles they take."""

    resident = models.OneToOneField(
        Resident,
        verbose_name=_("bewoner"),
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatieven"), related_name="volunteers", blank=True
    )
    skills = models.JSONField(_("vaardigheden"), default=list, blank=True)
    slots = models.JSONField(_("beschikbaar"), default=list, blank=True)
    roles = models.JSONField(_("rollen"), default=list, blank=True)
    active = models.BooleanField(_("actief"), default=True)
    joined_on = models.DateField(_("vrijwilliger sinds"), null=True, blank=True)

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["resident__name"]

    def __str__(self) -> str:
        return self.resident.name

    @property
    def has_certificate_of_conduct(self) -> bool:
        return self.resident.has_certificate_of_conduct


class Shift(models.Model):
    """A volunteer's turn in one role at one occurrence: the rota is the list of these."""

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("keer"), on_delete=models.CASCADE, related_name="shifts"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("vrijwilliger"), on_delete=models.CASCADE, related_name="shifts"
    )
    role = models.CharField(_("rol"), max_length=20, choices=ActivityRole.choices)
    reminded_at = models.DateTimeField(_("herinnering gestuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["occurrence__starts_at", "role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "volunteer"], name="one_shift_per_volunteer_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.occurrence}"
