from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, AuditVerb.LOGIN, purpose=Purpose.LOGIN)


@receiver(user_login_failed)
def audit_failed_login(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    # The attempted username is kept out of the log: it may be a typo of someone's name.
    record(None, AuditVerb.LOGIN_FAILED, purpose=Purpose.LOGIN_FAILED)
