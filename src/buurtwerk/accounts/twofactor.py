"""Two-factor login (TOTP) for every role that can see more than a volunteer.

Professionals, partners and administrators confirm a six-digit code from an authenticator app
after their password. Volunteers log in with a password only: they see just the residents
they were introduced to, without notes, and often have no work phone; the lockout and rate
limits still apply to them. See docs/security.md.
"""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtwerk.core.permissions import Role

# Published in the README for the demo accounts only: the demo's passwords are public too.
DEMO_TOTP_SECRET = "BUURTWERKDEMOBUURTWERKDEMO234567"  # noqa: S105
DEVICE_NAME = "authenticator-app"


def requires_two_factor(user: Any) -> bool:
    """Must this user confirm a code before using the application?"""
    if not getattr(settings, "BUURTWERK_REQUIRE_2FA", True):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.role != Role.VOLUNTEER)


def is_verified(user: Any) -> bool:
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def has_confirmed_device(user: Any) -> bool:
    return bool(user_has_device(user, confirmed=True))


def pending_device(user: Any) -> TOTPDevice:
    """The not yet confirmed device shown during enrolment (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(data: str) -> SafeString:
    """An inline SVG QR code: no image request, no external service, allowed by the CSP."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # Made by us from the device's own URL; nothing of the request is in it.
    return mark_safe(svg)  # noqa: S308


def demo_device(user: Any) -> TOTPDevice:
    """A confirmed device with the published demo secret, for the demo accounts only."""
    key = base64.b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)


def code_for_key(key: bytes, at: float | None = None) -> str:
    """The six-digit code an authenticator app shows for `key` now (or at time `at`)."""
    clock = TOTP(key)
    if at is not None:
        clock.time = at
    return f"{clock.token():06d}"


def current_demo_code() -> str:
    return code_for_key(base64.b32decode(DEMO_TOTP_SECRET))
