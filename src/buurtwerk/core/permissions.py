"""The one place that decides who may do what, for views, API and CLI alike.

Access is decided twice: by role (may a teamleider change a resident at all?) and by record
(is this resident in one of the user's neighbourhoods?). Each domain app registers a `Policy` per
model in its own `permissions.py`; the functions below are the only way code asks the question.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .auditing import Why, record_denied

if TYPE_CHECKING:
    from buurtwerk.accounts.models import User


class Role(models.TextChoices):
    BUURTWERKER = "buurtwerker", _("Buurtwerker")
    TEAMLEIDER = "teamleider", _("Teamleider")
    WIJKTEAM = "wijkteam", _("Lid van het wijkteam")
    AREA_PARTNER = "area_partner", _("Gebiedspartner")
    VOLUNTEER = "volunteer", _("Vrijwilliger")
    ADMIN = "admin", _("Beheerder")


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    # Handing over everything about a person at once (AVG access request): a right of its own.
    EXPORT = "export"


ALL_ROLES = frozenset(Role)
PROFESSIONALS = frozenset({Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM})

Scope = Callable[["User", QuerySet[Any]], QuerySet[Any]]


def _unscoped(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


@dataclass(frozen=True)
class Policy:
    """Who may do what with one model.

    `roles` maps each action to the roles allowed to do it. `scope` narrows a queryset to the
    records a user may see (record-level access); it applies to every action on a record.
    `restricted_fields` names fields only some of the viewing roles may read (e.g. notes).
    """

    model: type[models.Model]
    roles: Mapping[Action, frozenset[Role]]
    scope: Scope = field(default=_unscoped)
    restricted_fields: Mapping[str, frozenset[Role]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_REGISTRY: dict[str, Policy] = {}


def register(policy: Policy) -> Policy:
    _REGISTRY[policy.label] = policy
    return policy


def registered_policies() -> Iterable[Policy]:
    return sorted(_REGISTRY.values(), key=lambda policy: policy.label)


def policy_for(target: type[models.Model] | models.Model) -> Policy:
    label = target._meta.label_lower
    try:
        return _REGISTRY[label]
    except KeyError:
        # An unregistered model is closed to everyone: forgetting a policy must not open data.
        raise PermissionDenied(f"No access policy registered for {label}") from None


def user_role(user: Any) -> Role | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Role(user.role) if user.role else None


def role_allows(user: Any, action: Action, model: type[models.Model]) -> bool:
    role = user_role(user)
    if role is None:
        return False
    try:
        policy = policy_for(model)
    except PermissionDenied:
        return False
    return role in policy.roles.get(action, frozenset())


def scope(user: Any, queryset: QuerySet[Any], action: Action = Action.VIEW) -> QuerySet[Any]:
    """The part of `queryset` the user may act on: empty when the role may not, else the scope."""
    if not role_allows(user, action, queryset.model):
        return queryset.none()
    return policy_for(queryset.model).scope(user, queryset)


def can(user: Any, action: Action, target: type[models.Model] | models.Model) -> bool:
    """May `user` do `action` on a model (class) or on one record (instance)?"""
    model = target if isinstance(target, type) else type(target)
    if not role_allows(user, action, model):
        return False
    if isinstance(target, type) or target.pk is None:
        return True
    return scope(user, model._default_manager.filter(pk=target.pk), action).exists()


def require(
    user: Any,
    action: Action,
    target: type[models.Model] | models.Model,
    *,
    purpose: Why | None = None,
) -> None:
    """Raise PermissionDenied (and write the attempt to the audit log) unless `can`."""
    if can(user, action, target):
        return
    record_denied(user, action, target, purpose=purpose)
    raise PermissionDenied(_("U heeft geen toegang tot deze gegevens."))


def may_read_field(user: Any, model: type[models.Model], field_name: str) -> bool:
    """Field-level access: a volunteer may see a resident's phone number but not the notes."""
    role = user_role(user)
    if role is None or not role_allows(user, Action.VIEW, model):
        return False
    allowed = policy_for(model).restricted_fields.get(field_name)
    return allowed is None or role in allowed
