"""Two-factor helpers for tests: a confirmed authenticator app and the code it shows."""

from __future__ import annotations

import time
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtwerk.accounts.twofactor import code_for_key


def confirmed_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test-app", confirmed=True)


def current_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The device's code now; `steps_ahead` gives a later one (a code is accepted only once)."""
    return code_for_key(device.bin_key, at=time.time() + 30 * steps_ahead)


def enable_security(settings: Any) -> None:
    """Switch on what the test settings switch off: two-factor login and rate limits."""
    settings.BUURTWERK_REQUIRE_2FA = True
    settings.BUURTWERK_RATE_LIMITS_ENABLED = True
