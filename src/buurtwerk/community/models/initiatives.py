"""Initiatives of residents and the support given to them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Neighbourhood, Resident, Team


class Initiative(models.Model):
    """Something residents run themselves, such as a community centre or a dinner club."""

    name = models.CharField(_("naam"), max_length=150)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name=_("buurt"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team van het buurthuis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    goal = models.TextField(_("doel"), blank=True)
    organisers = models.ManyToManyField(
        Resident, verbose_name=_("organisatoren"), related_name="organised_initiatives", blank=True
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    supported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("buurtwerker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supported_initiatives",
    )
    support_description = models.TextField(_("wat de buurtwerker doet"), blank=True)
    step_back_on = models.DateField(
        _("buurtwerker stapt terug op"),
        null=True,
        blank=True,
        help_text=_("Wanneer het initiatief het naar verwachting zelf kan."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SupportLog(models.Model):
    """Time the buurtwerker spent supporting an initiative: it should shrink over time."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiatief"), on_delete=models.CASCADE, related_name="support"
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    given_on = models.DateField(_("datum"))
    hours = models.DecimalField(
        _("uren"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    note = models.CharField(_("wat er is gedaan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ondersteuning")
        verbose_name_plural = _("ondersteuning")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.initiative}: {self.hours} uur op {date_format(self.given_on)}"


class HandoverTask(models.Model):
    """One task of the step-back plan: still with the buurtwerker, or taken over by the
    initiative's own people (who runs the rota, the money, the key)."""

    class Kind(models.TextChoices):
        ROTA = "rota", _("Het rooster maken")
        MONEY = "money", _("Het geld en de kas")
        KEY = "key", _("De sleutel en het gebouw")
        CONTACTS = "contacts", _("Contact met partners en gemeente")
        PROMOTION = "promotion", _("Bekendmaken in de buurt")
        OTHER = "other", _("Iets anders")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiatief"),
        on_delete=models.CASCADE,
        related_name="handover_tasks",
    )
    kind = models.CharField(_("taak"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    handed_to = models.CharField(_("overgenomen door"), max_length=150, blank=True)
    handed_over_on = models.DateField(_("overgedragen op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("taak van het terugstapplan")
        verbose_name_plural = _("taken van het terugstapplan")
        ordering = ["handed_over_on", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.description or str(self.get_kind_display())

    @property
    def handed_over(self) -> bool:
        return self.handed_over_on is not None
