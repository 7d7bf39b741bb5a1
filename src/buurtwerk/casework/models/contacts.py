"""The contact log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Organisation, Resident

from .cases import Case


class Contact(models.Model):
    """One contact in a buurtwerker's contact log."""

    class Kind(models.TextChoices):
        COFFEE_VISIT = "coffee_visit", _("Op de koffie")
        WALK_IN = "walk_in", _("Gesprek bij de inloop")
        PHONE = "phone", _("Telefoon")
        INTRODUCTION = "introduction", _("Kennismaking of voorstellen")
        GROUP_ACTIVITY = "group_activity", _("Groepsactiviteit")

    class Purpose(models.TextChoices):
        CASEWORK = "casework", _("Individuele ondersteuning")
        COMMUNITY = "community", _("Samenlevingsopbouw")

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    happened_on = models.DateField(_("datum"), db_index=True)
    kind = models.CharField(_("soort contact"), max_length=20, choices=Kind.choices)
    purpose = models.CharField(_("waarvoor"), max_length=20, choices=Purpose.choices)
    duration_minutes = models.PositiveIntegerField(
        _("duur in minuten"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    residents = models.ManyToManyField(
        Resident, verbose_name=_("met bewoners"), related_name="contacts", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("met partners"), related_name="+", blank=True
    )
    note = models.TextField(_("korte notitie"), blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("bij casus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacten")
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_on:%d-%m-%Y}"
