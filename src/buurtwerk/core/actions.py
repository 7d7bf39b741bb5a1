"""The skeleton every change follows: require permission, check reach, save atomically, audit.

An action is a `do_*` function that takes the acting user last, as `acting_user`. Decorated
with `@action(...)`, it first checks that the actor may do this at all (`require`, which logs a
refusal), then that every record it was handed lies within what the actor may see (the reach
checks, each through the owning app's scoped query; the system skips both), and runs its
body in one transaction. Inside the body `audit(...)` writes the log entry with the action's
purpose.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .auditing import AuditVerb, Purpose, audit_trail, holding_denials
from .permissions import Action, require

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from buurtwerk.accounts.models import User


class SystemActor:
    """The platform itself, acting from the command line or a background task.

    Whoever runs a command already holds the server, so actions skip the permission check for
    the system; it holds no role, so `can` and scoped queries still give it nothing. The audit
    log stores it as an entry without a user.
    """

    is_authenticated: Final = False
    is_anonymous: Final = False
    pk: Final = None
    role: Final = ""

    def __str__(self) -> str:
        return "systeem"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()

# Who performs an action: a signed-in user, a visitor of a public page, or the platform itself.
type Actor = User | AnonymousUser | SystemActor


def is_system(actor: Actor | None) -> bool:
    """True for the command line and background tasks (older callers pass None for these)."""
    return actor is None or isinstance(actor, SystemActor)


def signed_in(actor: Actor | None) -> User:
    """The user behind an action that only signed-in users may take."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log eerst in."))
    return cast("User", actor)


def user_of(actor: Actor | None) -> User | None:
    """The user to store as author of a record: none for the system or a visitor."""
    return cast("User", actor) if getattr(actor, "is_authenticated", False) else None


# One answer for "does not exist" and "not yours": ids of other teams and municipalities must
# not be told apart from ids that were never used.
NOT_FOUND = _("Niet gevonden. Kies iets uit uw eigen werkgebied.")


@dataclass(frozen=True)
class Reach:
    """One record an action receives that must lie within what the actor may see.

    `argument` names the parameter, or a key of a mapping parameter as `data.resident`;
    `visible_to` is the owning app's scoped query (`residents_visible_to`). `field` and
    `message` say which form field the refusal belongs to and what the user reads.
    """

    argument: str
    visible_to: Callable[[Any], QuerySet[Any]]
    field: str = ""
    message: str | Promise = NOT_FOUND

    def check(self, actor: Any, arguments: Mapping[str, Any]) -> None:
        target = _argument(arguments, self.argument)
        if target is None:
            return
        if not self.visible_to(actor).filter(pk=target.pk).exists():
            field = self.field or self.argument.rpartition(".")[2]
            raise ValidationError({field: self.message})


def _argument(arguments: Mapping[str, Any], path: str) -> Any:
    name, _dot, key = path.partition(".")
    value = arguments.get(name)
    if key and value is not None:
        value = value.get(key) if isinstance(value, Mapping) else getattr(value, key, None)
    return value


@dataclass(frozen=True)
class Declared:
    """What an `@action` declared: the permission target and the reach rules."""

    permission: Action | None
    target: type[models.Model] | str | None
    reach: tuple[Reach, ...]


_purpose: ContextVar[Purpose | None] = ContextVar("action_purpose", default=None)


@contextmanager
def _running(purpose: Purpose) -> Iterator[None]:
    token = _purpose.set(purpose)
    try:
        yield
    finally:
        _purpose.reset(token)


def action(
    purpose: Purpose,
    permission: Action | None = None,
    target: type[models.Model] | str | None = None,
    *,
    reach: Iterable[Reach] = (),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a `do_*` function in the action skeleton.

    `permission` on `target` (a model class, or the name of a parameter holding the record,
    dotted for an attribute: `participant.case`) is required first; omit both when the body
    checks permission itself (team membership, an owner's own record). Each `reach` rule is
    then checked, and the body runs in one transaction with `purpose` as the audit purpose.
    """
    rules = tuple(reach)

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            actor = arguments["acting_user"]
            if permission is not None and target is not None and not is_system(actor):
                record = _argument(arguments, target) if isinstance(target, str) else target
                require(actor, permission, record, purpose=purpose)
            if not is_system(actor):
                for rule in rules:
                    rule.check(actor, arguments)
            with holding_denials(), _running(purpose), transaction.atomic():
                return function(*args, **kwargs)

        # Read by the test that walks every action and checks each record it receives.
        run.declared = Declared(permission, target, rules)  # type: ignore[attr-defined]
        return run

    return decorate


def audit(
    actor: Any,
    verb: AuditVerb,
    target: Any = None,
    *,
    fields: Iterable[str] = (),
    purpose: Purpose | None = None,
    object_id: str | int | None = None,
) -> Any:
    """Write the audit entry of the running action (its purpose unless another is given)."""
    why = purpose or _purpose.get()
    if why is None:
        raise RuntimeError("audit() outside an action needs an explicit purpose")
    return audit_trail().record(
        actor, verb, target, purpose=why, fields=fields, object_id=object_id
    )


def apply_changes(record: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set `values` on `record`; the names of the fields whose value really changed."""
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name, value in values.items():
        setattr(record, name, value)
    return changed
