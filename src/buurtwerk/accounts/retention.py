"""Retention of login traces: failed-login records and expired sessions."""

from __future__ import annotations

from datetime import datetime
from importlib import import_module

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session

LOGIN_ATTEMPTS_RULE = "accounts.login_attempts"
SESSIONS_RULE = "accounts.expired_sessions"


def remove_old_login_attempts(now: datetime, dry_run: bool) -> int:
    """Failed logins (username, IP address) are needed for the lockout, not for longer."""
    cutoff = now - settings.BUURTWERK_RETENTION[LOGIN_ATTEMPTS_RULE]
    old = AccessAttempt.objects.filter(attempt_time__lt=cutoff)
    return old.count() if dry_run else old.delete()[0]


def remove_expired_sessions(now: datetime, dry_run: bool) -> int:
    expired = Session.objects.filter(expire_date__lt=now)
    if dry_run:
        return expired.count()
    count = expired.count()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return count
