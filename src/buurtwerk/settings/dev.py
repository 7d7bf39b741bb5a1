"""Local development and the demo: `make run`."""

import os

from .base import *  # noqa: F403
from .base import LOGGING, VAR_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret-buurtwerk"  # noqa: S105 - never used outside a local machine
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
# People read the development server's log in a terminal.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("BUURTWERK_LOG_FORMAT", "plain")
