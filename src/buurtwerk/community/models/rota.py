"""Volunteers and their shifts."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.matching.engine.taxonomy import CATEGORY_LABELS, slot_label
from buurtwerk.people.models import Resident

from .activities import ActivityRole, Occurrence
from .initiatives import Initiative

CERTIFICATE_VALID_YEARS = 3
VOLUNTEER_STATUSES = [
    ("active", _("actief")),
    ("paused", _("met pauze")),
    ("ended", _("gestopt")),
]


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
    paused_until = models.DateField(_("met pauze tot en met"), null=True, blank=True)
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("vrijwilliger")
        verbose_name_plural = _("vrijwilligers")
        ordering = ["resident__name"]

    def __str__(self) -> str:
        return self.resident.name

    @property
    def has_certificate_of_conduct(self) -> bool:
        return self.resident.has_certificate_of_conduct

    @property
    def certificate_expires_on(self) -> date | None:
        """Centres ask for a new certificate of conduct after three years."""
        issued = self.resident.certificate_of_conduct_on
        if issued is None:
            return None
        try:
            return issued.replace(year=issued.year + CERTIFICATE_VALID_YEARS)
        except ValueError:  # 29 February
            return issued.replace(year=issued.year + CERTIFICATE_VALID_YEARS, day=28)

    @property
    def role_labels(self) -> list[str]:
        labels = dict(ActivityRole.choices)
        return [str(labels.get(role, role)) for role in self.roles]

    @property
    def skill_labels(self) -> list[str]:
        return [CATEGORY_LABELS.get(skill, skill) for skill in self.skills]

    @property
    def slot_labels(self) -> list[str]:
        return [slot_label(slot) for slot in self.slots]

    def paused_on(self, day: date) -> bool:
        return self.paused_until is not None and day <= self.paused_until

    @property
    def status(self) -> str:
        from django.utils import timezone

        if not self.active:
            return "ended"
        return "paused" if self.paused_on(timezone.localdate()) else "active"

    @property
    def status_label(self) -> str:
        return str(dict(VOLUNTEER_STATUSES)[self.status])


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


class RotaPattern(models.Model):
    """ "Henk is host every first Wednesday": shifts on the activity's matching dates follow."""

    class Repeat(models.TextChoices):
        EVERY = "every", _("Elke keer")
        FORTNIGHTLY = "fortnightly", _("Om de week")
        MONTHLY = "monthly", _("Eén keer per maand")

    activity = models.ForeignKey(
        "community.Activity",
        verbose_name=_("activiteit"),
        on_delete=models.CASCADE,
        related_name="rota_patterns",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("vrijwilliger"),
        on_delete=models.CASCADE,
        related_name="rota_patterns",
    )
    role = models.CharField(_("rol"), max_length=20, choices=ActivityRole.choices)
    repeat = models.CharField(_("hoe vaak"), max_length=20, choices=Repeat.choices)
    week_of_month = models.SmallIntegerField(_("week van de maand"), null=True, blank=True)
    starts_on = models.DateField(_("vanaf"))
    active = models.BooleanField(_("loopt"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vast rooster")
        verbose_name_plural = _("vaste roosters")
        ordering = ["activity", "role", "id"]

    def __str__(self) -> str:
        return f"{self.volunteer}: {self.get_role_display()} bij {self.activity}"

    @property
    def description(self) -> str:
        from django.utils.dates import WEEKDAYS

        from ..wording import MONTH_WEEKS

        if self.repeat == self.Repeat.MONTHLY:
            return str(_("elke %(nth)s %(day)s van de maand")) % {
                "nth": MONTH_WEEKS.get(self.week_of_month or 1, ""),
                "day": WEEKDAYS[self.starts_on_weekday],
            }
        return str(self.get_repeat_display()).lower()

    @property
    def starts_on_weekday(self) -> int:
        from django.utils import timezone

        return timezone.localtime(self.activity.starts_at).weekday()
