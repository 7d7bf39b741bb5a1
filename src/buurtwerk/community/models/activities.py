"""Activities, their occurrences and sign-ups."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Neighbourhood, Organisation, Resident

from ..wording import describe
from .initiatives import Initiative


class ActivityRole(models.TextChoices):
    HOST = "host", _("Gastvrouw of gastheer")
    LISTENING_EAR = "listening_ear", _("Luisterend oor")
    COOK = "cook", _("Kok")
    DRIVER = "driver", _("Chauffeur")


class Activity(models.Model):
    """A recurring activity; its dates follow from the RRULE and are planned as occurrences."""

    class Kind(models.TextChoices):
        COFFEE = "coffee", _("Koffieochtend")
        MEAL = "meal", _("Eetclub")
        WALK_IN = "walk_in", _("Inloopspreekuur")
        OTHER = "other", _("Anders")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("omschrijving"), blank=True)
    themes = models.JSONField(
        _("thema's"),
        default=list,
        blank=True,
        help_text=_("Waar de activiteit over gaat, in de categorieën van het koppelen."),
    )
    location_name = models.CharField(_("locatie"), max_length=150)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    lat = models.FloatField(
        _("breedtegraad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lon = models.FloatField(
        _("lengtegraad"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    starts_at = models.DateTimeField(_("eerste keer"))
    duration_minutes = models.PositiveIntegerField(
        _("duur in minuten"),
        default=120,
        validators=[MinValueValidator(15), MaxValueValidator(720)],
    )
    rrule = models.CharField(
        _("herhaling"),
        max_length=200,
        blank=True,
        help_text=_("RFC 5545, bijvoorbeeld FREQ=WEEKLY;INTERVAL=2;BYDAY=TU. Leeg: één keer."),
    )
    ends_on = models.DateField(_("laatste keer uiterlijk op"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("maximaal aantal deelnemers"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als er geen maximum is."),
    )
    roles_needed = models.JSONField(
        _("benodigde vrijwilligers"),
        default=dict,
        blank=True,
        help_text=_('Per rol het aantal vrijwilligers, bijvoorbeeld {"host": 2, "cook": 1}.'),
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners aanwezig"),
        related_name="community_activities",
        blank=True,
    )
    partners_note = models.CharField(
        _("wie er is"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: de wijkagent en de woonconsulent."),
    )
    is_public = models.BooleanField(_("op de buurtpagina"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def recurrence_text(self) -> str:
        return describe(self.rrule) if self.rrule else str(_("één keer"))

    @property
    def is_walk_in(self) -> bool:
        return self.kind == self.Kind.WALK_IN


class Occurrence(models.Model):
    """One date of an activity: sign-ups, attendance, the rota and rides hang off it."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.CASCADE, related_name="occurrences"
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    cancelled = models.BooleanField(_("gaat niet door"), default=False)
    walk_in_count = models.PositiveIntegerField(_("aantal bezoekers zonder aanmelding"), default=0)

    class Meta:
        verbose_name = _("keer")
        verbose_name_plural = _("keren")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "starts_at"], name="one_occurrence_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="occurrence_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.activity} {self.local_start:%d-%m-%Y %H:%M}"

    @property
    def local_start(self) -> datetime:
        from django.utils import timezone

        return timezone.localtime(self.starts_at)


class SignUp(models.Model):
    """A resident who comes to one occurrence, and whether they came."""

    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("Verwacht")
        ATTENDED = "attended", _("Was er")
        ABSENT = "absent", _("Was er niet")
        CANCELLED = "cancelled", _("Afgemeld")

    occurrence = models.ForeignKey(
        Occurrence, verbose_name=_("keer"), on_delete=models.CASCADE, related_name="signups"
    )
    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="signups"
    )
    attendance = models.CharField(
        _("aanwezigheid"),
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.EXPECTED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["occurrence__starts_at", "resident__name"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "resident"], name="one_signup_each")
        ]

    def __str__(self) -> str:
        return f"{self.resident} bij {self.occurrence}"
