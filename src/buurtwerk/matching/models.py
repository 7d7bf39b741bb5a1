"""Offers (talents), needs and the matches between them, with the history of each match.

Categories and availability slots come from the engine's taxonomy, so the web app and the
algorithm always speak of the same codes.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Resident

from .engine import CATEGORY_CHOICES, SLOTS
from .engine.taxonomy import sorted_slots

# Further than this nobody walks or cycles to help a neighbour; it also bounds the area searched
# for suggestions.
MAX_DISTANCE_KM = 25.0
MAX_PER_WEEK = 7


def validate_availability(value: Any) -> None:
    """Availability is a list of known slot codes such as 'tue-morning'."""
    if not isinstance(value, list) or not all(isinstance(slot, str) for slot in value):
        raise ValidationError(
            _("Geef de beschikbaarheid als een lijst met dagdelen."), code="invalid_slots"
        )
    unknown = sorted({slot for slot in value if slot not in SLOTS})
    if unknown:
        raise ValidationError(
            _("Onbekend dagdeel: %(slots)s. Gebruik bijvoorbeeld mon-morning of sat-evening.")
            % {"slots": ", ".join(unknown)},
            code="invalid_slots",
        )
    if not value:
        raise ValidationError(_("Kies minstens één dagdeel."), code="no_slots")


def normalise_availability(value: Any) -> list[str]:
    """Slots without duplicates, in calendar order (assumes they are valid)."""
    return sorted_slots(set(value))


class OfferNeedBase(models.Model):
    ref = models.CharField(
        _("kenmerk"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Eigen kenmerk uit een import, om bij opnieuw importeren bij te werken."),
    )
    category = models.CharField(_("soort hulp"), max_length=20, choices=CATEGORY_CHOICES)
    description = models.TextField(_("omschrijving"), max_length=2000)
    availability = models.JSONField(_("wanneer"), default=list, validators=[validate_availability])
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        return str(self.get_category_display())  # type: ignore[attr-defined]


class Offer(OfferNeedBase):
    """What a resident can and wants to do for someone else."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Beschikbaar")
        PAUSED = "paused", _("Even niet")
        ENDED = "ended", _("Gestopt")

    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="offers"
    )
    per_week = models.PositiveSmallIntegerField(
        _("hoe vaak per week"),
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_PER_WEEK)],
        help_text=_("Voor hoeveel bewoners per week deze hulp er is."),
    )
    max_distance_km = models.FloatField(
        _("hoe ver (km)"),
        default=2.0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DISTANCE_KM)],
        help_text=_("Hoe ver de bewoner wil reizen of lopen om te helpen."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["-created_at", "-id"]
        # The shared suggestion index checks the newest change on every request.
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["updated_at"], name="offer_updated_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.resident}"


class Need(OfferNeedBase):
    """What a resident needs help with."""

    class Status(models.TextChoices):
        OPEN = "open", _("Zoekt hulp")
        MATCHED = "matched", _("Gekoppeld")
        CLOSED = "closed", _("Afgesloten")

    class Urgency(models.IntegerChoices):
        CAN_WAIT = 1, _("Kan wachten")
        SOON = 2, _("Liefst snel")
        URGENT = 3, _("Dringend")

    resident = models.ForeignKey(
        Resident, verbose_name=_("bewoner"), on_delete=models.CASCADE, related_name="needs"
    )
    urgency = models.PositiveSmallIntegerField(
        _("hoe dringend"), choices=Urgency.choices, default=Urgency.CAN_WAIT
    )
    recurring = models.BooleanField(
        _("steeds terugkerend"), default=False, help_text=_("Bijvoorbeeld elke week.")
    )
    requires_certificate = models.BooleanField(
        _("VOG nodig"),
        default=False,
        help_text=_("Een Verklaring Omtrent het Gedrag, meestal nodig voor hulp in huis."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")
        ordering = ["-urgency", "created_at", "id"]
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self) -> str:
        return f"{self.label}: {self.resident}"


class MatchQuerySet(models.QuerySet["Match"]):
    def live(self) -> MatchQuerySet:
        return self.exclude(state__in=Match.CLOSED_STATES)

    def using_capacity(self) -> MatchQuerySet:
        return self.filter(state__in=Match.CAPACITY_STATES)


class Match(models.Model):
    """A need and an offer brought together, from suggestion to the end of the contact."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Voorgesteld")
        CONTACTED = "contacted", _("Contact gelegd")
        INTRODUCED = "introduced", _("Kennisgemaakt")
        ACTIVE = "active", _("Loopt")
        ENDED = "ended", _("Beëindigd")
        DECLINED = "declined", _("Afgewezen")

    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("De hulp is klaar")
        NO_CLICK = "no_click", _("Het klikte niet")
        HELPER_STOPPED = "helper_stopped", _("De helper stopt")
        NEED_CHANGED = "need_changed", _("De vraag is veranderd")
        MOVED = "moved", _("Verhuisd, opgenomen of overleden")
        OTHER = "other", _("Anders")

    CLOSED_STATES = (State.ENDED, State.DECLINED)
    # A helper who has been asked, has met or is helping someone is busy for that need; counting
    # 'contacted' too keeps the same helper from being asked twice for the one spot they have.
    CAPACITY_STATES = (State.CONTACTED, State.INTRODUCED, State.ACTIVE)
    # States in which the two residents know of each other; the helper may see the match then.
    KNOWN_TO_HELPER_STATES = (State.INTRODUCED, State.ACTIVE, State.ENDED)

    need = models.ForeignKey(
        Need, verbose_name=_("hulpvraag"), on_delete=models.CASCADE, related_name="matches"
    )
    offer = models.ForeignKey(
        Offer, verbose_name=_("aanbod"), on_delete=models.CASCADE, related_name="matches"
    )
    state = models.CharField(
        _("stand"), max_length=12, choices=State.choices, default=State.SUGGESTED
    )
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("waarom deze koppeling"), default=list, blank=True)
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buurtwerker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_matches",
    )
    end_reason = models.CharField(
        _("reden van stoppen"), max_length=20, choices=EndReason.choices, blank=True
    )
    evaluation = models.TextField(_("evaluatie"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "offer"],
                condition=~Q(state__in=["ended", "declined"]),
                name="one_live_match_per_pair",
            )
        ]
        indexes = [models.Index(fields=["state", "follow_up_on"])]

    def __str__(self) -> str:
        return f"{self.need.resident} ↔ {self.offer.resident} ({self.get_state_display()})"

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES


class MatchEvent(models.Model):
    """One step in a match's history: who moved it from which state to which, and why."""

    match = models.ForeignKey(
        Match, verbose_name=_("koppeling"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("wanneer"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_state = models.CharField(_("van"), max_length=12, choices=Match.State.choices, blank=True)
    to_state = models.CharField(_("naar"), max_length=12, choices=Match.State.choices)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("stap in een koppeling")
        verbose_name_plural = _("stappen in koppelingen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state or '-'} -> {self.to_state}"
