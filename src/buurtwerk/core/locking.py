"""Optimistic locking: an edit names the version it started from; a stale one changes nothing.

Every record people edit in a form or through the API carries a `version` number. The form
sends it back as a hidden field and the API client in `If-Match`; the action locks the row,
compares, and only then saves with the next version. Two people who opened the same version
cannot both save: the second is told to look at the new version instead of silently
overwriting the first.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Iemand anders heeft dit intussen gewijzigd. Bekijk de nieuwe versie en probeer het opnieuw."
)


class StaleRecordError(ValidationError):
    """Someone else saved the record since it was opened: saving now would lose their change."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


def lock_version[M: models.Model](record: M, expected_version: int | None) -> M:
    """The stored row of `record`, locked, with its next version set; refuses a stale edit.

    `expected_version` is the version the editor started from; None skips the comparison for
    callers that hold no earlier copy (the command line, imports). Call inside the action's
    transaction and save the returned record.
    """
    current = type(record)._default_manager.select_for_update().get(pk=record.pk)
    if expected_version is not None and current.version != expected_version:  # type: ignore[attr-defined]
        raise StaleRecordError()
    current.version += 1  # type: ignore[attr-defined]
    return current


class VersionedForm(forms.Form):
    """An edit form that sends back the version it was opened on, in a hidden field."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version
