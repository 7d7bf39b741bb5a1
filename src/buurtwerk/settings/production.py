"""Production: every secret comes from the environment; HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BUURTWERK_AUDIT_KEY, CONTENT_SECURITY_POLICY, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("Zet BUURTWERK_SECRET_KEY in de omgeving.")
# Without its own key the audit chain would hang on SECRET_KEY, which more people and places
# hold; at least 32 characters, so it cannot be guessed.
if len(BUURTWERK_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "Zet BUURTWERK_AUDIT_KEY in de omgeving (minstens 32 tekens), los van de database."
    )

SECURE_SSL_REDIRECT = os.environ.get("BUURTWERK_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes the browser refuse these cookies unless they are Secure, for the
# whole site and set by this host itself (not by a sibling subdomain).
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
