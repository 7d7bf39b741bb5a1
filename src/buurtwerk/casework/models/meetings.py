"""Team meetings, their agenda, decisions and follow-up actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Team

from .cases import Case
from .signals import Signal


class Meeting(models.Model):
    """The weekly meeting of a wijkteam or an area team."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("datum en tijd"))
    previous = models.ForeignKey(
        "self",
        verbose_name=_("vorig overleg"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    since = models.DateTimeField(_("nieuw en gewijzigd sinds"))
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorzitter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("aanwezig"), related_name="+", blank=True
    )
    closed_at = models.DateTimeField(_("notulen vastgesteld op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("teamoverleg")
        verbose_name_plural = _("teamoverleggen")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.team} {self.starts_at:%d-%m-%Y}"


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        SIGNAL = "signal", _("Signaal")
        CASE = "case", _("Casus")
        OVERDUE = "overdue", _("Actie over datum")
        OTHER = "other", _("Overig")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    follow_up = models.ForeignKey(
        "FollowUp", null=True, blank=True, on_delete=models.CASCADE, related_name="agenda_items"
    )
    title = models.CharField(_("onderwerp"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("overleg"), on_delete=models.CASCADE, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("besluit"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class FollowUp(models.Model):
    """A follow-up action with a due date ("go and have coffee with him").

    It belongs to a team and to at most one signal or case; a decision in a team meeting can
    create it.
    """

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    description = models.CharField(_("wat moet er gebeuren"), max_length=300)
    due_on = models.DateField(_("uiterlijk op"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    done_at = models.DateTimeField(_("gedaan op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["done_at", "due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signal__isnull=True) | Q(case__isnull=True),
                name="follow_up_for_signal_or_case",
            )
        ]

    def __str__(self) -> str:
        return self.description
