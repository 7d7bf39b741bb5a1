"""The load benchmark's web server (bench/bench_load.py): production behaviour over plain HTTP.

Everything of production except what needs TLS (HTTPS redirect, secure-only cookies), since the
benchmark talks to 127.0.0.1 without a proxy in front. Never use it for a real deployment.
"""

from .base import *  # noqa: F403
from .base import VAR_DIR

SECRET_KEY = "bench-only-not-secret-buurtwerk"  # noqa: S105 - local benchmark server only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STATIC_ROOT = VAR_DIR / "bench" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Rate limits count per client, and the benchmark is one client asking as twenty users at
# once: it would measure the limiter, not the pages. The security tests cover the limits.
BUURTWERK_RATE_LIMITS_ENABLED = False
