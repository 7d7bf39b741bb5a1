from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.permissions import Role


class User(AbstractUser):
    """A person who logs in: a professional, a partner or a volunteer, always with one role."""

    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    job_title = models.CharField(
        _("functie"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld wijkverpleegkundige, wijkagent of klantmanager."),
    )
    teams = models.ManyToManyField(
        "people.Team", verbose_name=_("teams"), related_name="members", blank=True
    )
    resident = models.OneToOneField(
        "people.Resident",
        verbose_name=_("bewoner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user_account",
        help_text=_("Een vrijwilliger die zelf ook bewoner is."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label) if self.role else ""

    def neighbourhood_ids(self) -> set[int]:
        """The neighbourhoods of the user's teams: the area whose residents they may work with.

        Only neighbourhoods in the team's own municipality count: one installation serves
        several municipalities, and a team wrongly linked to another municipality's
        neighbourhood must not open that municipality's residents.
        """
        if not hasattr(self, "_neighbourhood_ids"):
            self._neighbourhood_ids = set(
                self.teams.filter(
                    neighbourhoods__district__municipality_id=F("municipality_id")
                ).values_list("neighbourhoods__id", flat=True)
            )
        return self._neighbourhood_ids
