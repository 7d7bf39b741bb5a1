from buurtwerk.core.permissions import Action, Policy, Role, register

from .models import AuditEntry

register(Policy(AuditEntry, {Action.VIEW: frozenset({Role.ADMIN})}))
