"""Test settings: fast hashing, in-memory caches, no DEBUG so tests see production behaviour.

Two-factor login and rate limits are off here so tests can use force_login and repeat requests;
the security tests switch them on with the `settings` fixture.
"""

from .base import *  # noqa: F403
from .services import TASK_QUEUES

SECRET_KEY = "test-only-not-secret-buurtwerk"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BUURTWERK_REQUIRE_2FA = False
BUURTWERK_RATE_LIMITS_ENABLED = False
# Tasks run at once, inside the test, so a test sees their effect without a worker.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    }
}
BUURTWERK_GEOCODER_URL = ""
