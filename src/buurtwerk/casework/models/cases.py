"""Cases of the wijkteam: participants, goals and links to other records."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Resident, Team

from .signals import Signal


class Case(models.Model):
    """A wijkteam case around one resident or household."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACTIVE = "active", _("Loopt")
        ON_HOLD = "on_hold", _("Even stil")
        CLOSED = "closed", _("Afgesloten")

    class Confidentiality(models.TextChoices):
        TEAM = "team", _("Het hele team")
        PARTICIPANTS = "participants", _("Alleen betrokkenen")

    title = models.CharField(_("titel"), max_length=150)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    household = models.CharField(
        _("huishouden"),
        max_length=200,
        blank=True,
        help_text=_("Wie hoort er nog bij, bijvoorbeeld: met partner en twee kinderen."),
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("regisseur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_cases",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    confidentiality = models.CharField(
        _("wie mag meelezen"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.TEAM,
    )
    summary = models.TextField(_("situatie"), blank=True)
    next_discussion_on = models.DateField(_("bespreken in het overleg op"), null=True, blank=True)
    signals = models.ManyToManyField(
        Signal, verbose_name=_("signalen"), related_name="cases", blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CaseParticipant(models.Model):
    class Role(models.TextChoices):
        RESIDENT = "resident", _("Bewoner zelf")
        FAMILY = "family", _("Familie of naaste")
        COORDINATOR = "coordinator", _("Regisseur")
        BUURTWERKER = "buurtwerker", _("Buurtwerker")
        CARE = "care", _("Zorgverlener")
        VOLUNTEER = "volunteer", _("Vrijwilliger")
        OTHER = "other", _("Anders")

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_participations",
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("bewoner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="case_participations",
    )
    name = models.CharField(_("naam"), max_length=150, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("betrokkene")
        verbose_name_plural = _("betrokkenen")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.display_name}"

    @property
    def display_name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        if self.resident is not None:
            return self.resident.name
        return self.name


class CaseGoal(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="goals"
    )
    description = models.CharField(_("doel"), max_length=300)
    achieved_at = models.DateTimeField(_("bereikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class CaseLink(models.Model):
    """A link from a case to a record of another domain, such as a match.

    The extension point for the matching app: a case refers to a match (or any other record)
    by content type and id, so casework never imports another domain's models. Linking checks
    that the user may view the target through the central permission module.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("casus"), on_delete=models.CASCADE, related_name="links"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("omschrijving"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("koppeling aan casus")
        verbose_name_plural = _("koppelingen aan casussen")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "content_type", "object_id"], name="unique_case_link"
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.content_type.model} {self.object_id}"

    @property
    def url(self) -> str:
        """The linked record's own page, when it has one and still exists."""
        target = self.target
        get_url = getattr(target, "get_absolute_url", None)
        return get_url() if callable(get_url) else ""
