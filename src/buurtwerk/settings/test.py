"""Test settings: fast hashing, in-memory caches, no DEBUG so tests see production behaviour.

Two-factor login and rate limits are off here so tests can use force_login and repeat requests;
the security tests switch them on with the `settings` fixture.
"""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES
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
# Each test run checks the audit log against its own checkpoint, never one in var/.
BUURTWERK_AUDIT_CHECKPOINT = str(Path(tempfile.mkdtemp(prefix="buurtwerk-test-")) / "audit.json")
# Between transactional tests Django empties every table with TRUNCATE, which the audit tables
# refuse on PostgreSQL except on the restore switch: the test connections have it on.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {})["options"] = "-c buurtwerk.audit_restore=on"
BUURTWERK_GEOCODER_URL = ""
