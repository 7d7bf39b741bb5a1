"""Neighbourhood signals, their categories, routing rules and status history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Neighbourhood, Resident, Team

from ..engine import status_flow


class Route(models.TextChoices):
    CARE = "care", _("Achter de voordeur (zorg en welzijn)")
    LIVEABILITY = "liveability", _("Voor de voordeur (leefbaarheid)")


ROUTE_TEAM_KIND: dict[str, str] = {
    Route.CARE: Team.Kind.WIJKTEAM,
    Route.LIVEABILITY: Team.Kind.AREA_TEAM,
}
TEAM_KIND_ROUTE: dict[str, str] = {kind: route for route, kind in ROUTE_TEAM_KIND.items()}


class SignalCategory(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    description = models.CharField(_("uitleg"), max_length=300, blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("soort signaal")
        verbose_name_plural = _("soorten signalen")
        ordering = ["route", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_care(self) -> bool:
        return self.route == Route.CARE


class RoutingRule(models.Model):
    """Sends signals of a category and/or neighbourhood to a team; lowest priority first."""

    priority = models.PositiveIntegerField(
        _("volgorde"), default=100, help_text=_("Lagere getallen gaan voor.")
    )
    category = models.ForeignKey(
        SignalCategory,
        verbose_name=_("soort signaal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rules",
        help_text=_("Leeg: elke soort."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leeg: elke buurt."),
    )
    team = models.ForeignKey(
        Team, verbose_name=_("naar team"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("routeringsregel")
        verbose_name_plural = _("routeringsregels")
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        category = self.category.name if self.category else _("elke soort")
        place = self.neighbourhood.name if self.neighbourhood else _("elke buurt")
        return f"{self.priority}: {category}, {place} → {self.team}"


class Signal(models.Model):
    class Source(models.TextChoices):
        WALK_IN = "walk_in", _("Inloop")
        RESIDENT = "resident", _("Van een bewoner")
        PARTNER = "partner", _("Van een partner")
        OWN_OBSERVATION = "own_observation", _("Zelf gezien")
        PUBLIC = "public", _("Online melding")

    class Status(models.TextChoices):
        NEW = status_flow.NEW, _("Nieuw")
        TRIAGED = status_flow.TRIAGED, _("Bekeken")
        IN_PROGRESS = status_flow.IN_PROGRESS, _("In behandeling")
        WAITING = status_flow.WAITING, _("Wacht op iets")
        CLOSED = status_flow.CLOSED, _("Afgesloten")

    description = models.TextField(_("wat is er opgevallen"))
    category = models.ForeignKey(
        SignalCategory, verbose_name=_("soort"), on_delete=models.PROTECT, related_name="signals"
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    neighbourhood = models.ForeignKey(
        Neighbourhood, verbose_name=_("buurt"), on_delete=models.PROTECT, related_name="signals"
    )
    address = models.CharField(_("adres of plek"), max_length=200, blank=True)
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
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("over bewoner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    source = models.CharField(_("bron"), max_length=20, choices=Source.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_signals",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="signals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgepakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_signals",
    )
    notes = models.TextField(_("notities van het team"), blank=True)
    about_person = models.BooleanField(
        _("over een persoon"),
        default=False,
        help_text=_("Vertrouwelijk: alleen het team en de melder zien het signaal."),
    )
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True, db_index=True)
    version = models.PositiveIntegerField(default=1)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=True) | Q(about_person=True),
                name="signal_with_resident_is_about_a_person",
            )
        ]

    def __str__(self) -> str:
        return f"{_('Signaal')} {self.pk}: {self.category}"

    @property
    def is_confidential(self) -> bool:
        return self.about_person or self.route == Route.CARE

    @property
    def is_picked_up(self) -> bool:
        return self.status in status_flow.PICKED_UP

    @property
    def summary(self) -> str:
        first_line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first_line[:80]


class SignalTransition(models.Model):
    """The full history of a signal's status, one row per change (never edited)."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signaal"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(
        _("van"), max_length=20, choices=Signal.Status.choices, blank=True
    )
    to_status = models.CharField(_("naar"), max_length=20, choices=Signal.Status.choices)
    at = models.DateTimeField(_("op"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"
