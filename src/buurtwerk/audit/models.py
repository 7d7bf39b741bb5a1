"""The audit log: append-only, and each entry seals the one before it (a keyed hash chain).

Entries hold who, when, what (object type and id, names of changed fields) and why (purpose),
never the personal data itself, so erasing a resident never requires touching the log.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwerk.core.auditing import AuditVerb

from .chain import KEYED, seal, sealed

__all__ = ["AuditEntry", "AuditPrune", "AuditVerb", "AppendOnlyError"]


class AppendOnlyError(Exception):
    pass


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("tijdstip"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        # The log is never rewritten, also not when an account is deleted: the entry keeps
        # the username and role it was written with.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    actor_role = models.CharField(_("rol"), max_length=30, blank=True)
    verb = models.CharField(_("handeling"), max_length=20, choices=AuditVerb.choices)
    object_type = models.CharField(_("soort gegevens"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("nummer"), max_length=64, blank=True, db_index=True)
    purpose = models.CharField(_("doel"), max_length=200, blank=True)
    fields = models.JSONField(_("velden"), default=list, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True)
    chain_version = models.PositiveSmallIntegerField(default=KEYED)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditregels")
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.verb} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Het auditlog kan niet worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Het auditlog kan niet worden verwijderd.")

    def canonical_content(self) -> str:
        return json.dumps(
            {
                "at": self.at.isoformat(),
                "actor": self.actor_id,
                "actor_username": self.actor_username,
                "actor_role": self.actor_role,
                "verb": self.verb,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "purpose": self.purpose,
                "fields": self.fields,
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    def compute_hash(self) -> str:
        return seal(self.previous_hash + self.canonical_content(), self.chain_version)


class AuditPrune(models.Model):
    """Where the retention job cut off the oldest part of the log.

    The first entry after `through_id` must carry `boundary_hash` as its previous hash: the
    chain stays verifiable after old entries are removed, and a silent deletion still shows.
    The row is signed with the audit key, so a cut cannot be made up in the database.
    """

    at = models.DateTimeField(_("tijdstip"))
    through_id = models.BigIntegerField(_("verwijderd tot en met regel"))
    boundary_hash = models.CharField(max_length=64)
    removed = models.PositiveIntegerField(_("aantal verwijderd"))
    signature = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-through_id"]
        verbose_name = _("opschoning auditlog")
        verbose_name_plural = _("opschoningen auditlog")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} t/m {self.through_id}"

    def signed_text(self) -> str:
        return f"audit-prune:{self.through_id}:{self.boundary_hash}:{self.removed}"

    def sign(self) -> None:
        self.signature = seal(self.signed_text())

    def is_genuine(self) -> bool:
        return sealed(self.signed_text(), self.signature)
