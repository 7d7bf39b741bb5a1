"""Local development and the demo: `make run`."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret-buurtwerk"  # noqa: S105 - never used outside a local machine
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
