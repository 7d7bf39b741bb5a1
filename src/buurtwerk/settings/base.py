"""Settings shared by every environment. Environment files only override what differs."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .services import cache_settings, database_settings, replica_databases, task_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = Path(os.environ.get("BUURTWERK_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("BUURTWERK_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = os.environ.get("BUURTWERK_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("BUURTWERK_ALLOWED_HOSTS", "").split(",") if h]

LOCAL_APPS = [
    "buurtwerk.core",
    "buurtwerk.accounts",
    "buurtwerk.audit",
    "buurtwerk.people",
    "buurtwerk.matching",
    "buurtwerk.socialmap",
    "buurtwerk.casework",
    "buurtwerk.community",
    "buurtwerk.insight",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    *LOCAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "buurtwerk.core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "buurtwerk.core.logs.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "buurtwerk.accounts.middleware.IdleSessionTimeoutMiddleware",
    "buurtwerk.accounts.middleware.TwoFactorMiddleware",
    "buurtwerk.core.ratelimits.PublicRateLimitMiddleware",
    "buurtwerk.core.middleware.PrivateResponseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "buurtwerk.urls"
WSGI_APPLICATION = "buurtwerk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "buurtwerk.core.context_processors.navigation",
            ],
        },
    },
]

CONN_MAX_AGE = int(os.environ.get("BUURTWERK_CONN_MAX_AGE", "60"))
DATABASES = {
    "default": database_settings(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'buurtwerk.sqlite3'}"),
        CONN_MAX_AGE,
    )
}
DATABASES.update(replica_databases(os.environ, DATABASES["default"], CONN_MAX_AGE))
if "replica" in DATABASES:
    # Reads go to the replica, writes and everything after a write to the primary.
    DATABASE_ROUTERS = ["buurtwerk.core.dbrouting.ReplicaRouter"]
    MIDDLEWARE.insert(0, "buurtwerk.core.dbrouting.ReplicaPinningMiddleware")
REPLICA_PIN_SECONDS = int(os.environ.get("BUURTWERK_REPLICA_PIN_SECONDS", "5"))

# Background tasks (django.tasks): database queue by default, Redis/RQ when configured.
_TASK_SETTINGS = task_settings(os.environ)
TASKS = _TASK_SETTINGS["TASKS"]
RQ_QUEUES = _TASK_SETTINGS["RQ_QUEUES"]
INSTALLED_APPS += _TASK_SETTINGS["APPS"]
CACHES = cache_settings(os.environ)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "buurtwerk.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
FORMAT_MODULE_PATH = ["buurtwerk.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "buurtwerk.accounts.authentication.TwoFactorTokenAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["buurtwerk.core.ratelimits.ApiRateThrottle"],
    "DEFAULT_PARSER_CLASSES": [
        "buurtwerk.core.rest.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["buurtwerk.core.rest.RolePermission"],
    "DEFAULT_SCHEMA_CLASS": "buurtwerk.core.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "buurtwerk.core.rest.LimitOffsetPagination",
    "DEFAULT_FILTER_BACKENDS": ["buurtwerk.core.rest.FilterBackend"],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "buurtwerk.core.rest.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Buurtwerk API: buurtwerk en sociale wijkteams / neighbourhood work",
    "DESCRIPTION": (
        "**Nederlands.** De API van Buurtwerk: bewoners en hun netwerk, hulpvragen en aanbod, "
        "koppelingen, signalen en casussen, buurtactiviteiten en de sociale kaart (HSDS 3.0). "
        "U ziet alleen wat uw rol en uw teams mogen zien.\n\n"
        "**English.** The Buurtwerk API: residents and their network, needs and offers, matches, "
        "signals and cases, community activities and the social map (HSDS 3.0). Every answer is "
        "scoped to your role and teams. Lists are paged with `limit` and `offset`; each list "
        "names its filters, and an unknown query parameter answers 400."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "buurtwerk.core.openapi.without_storage_bounds",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SignalStatusEnum": "buurtwerk.casework.models.Signal.Status",
        "CaseStatusEnum": "buurtwerk.casework.models.Case.Status",
    },
}

# Closed signals about persons are anonymised this many days after closing.
BUURTWERK_SIGNAL_RETENTION_DAYS = int(os.environ.get("BUURTWERK_SIGNAL_RETENTION_DAYS", "730"))
# Address lookup (PDOK Locatieserver: https://api.pdok.nl/bzk/locatieserver/search/v3_1/free).
# Empty: no network; residents are placed in the middle of their neighbourhood.
BUURTWERK_GEOCODER_URL = os.environ.get("BUURTWERK_GEOCODER_URL", "")

# One JSON object per line (request id, user id, no personal data) for log collectors; "plain"
# for people reading a terminal.
BUURTWERK_LOG_FORMAT = os.environ.get("BUURTWERK_LOG_FORMAT", "json")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "buurtwerk.core.logs.JsonFormatter"},
    },
    "filters": {
        "redact_paths": {"()": "buurtwerk.core.logs.RedactRequestPaths"},
        "request_context": {"()": "buurtwerk.core.logs.RequestContextFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": BUURTWERK_LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "buurtwerk": {"level": "INFO"},
        # One line per request; raise to WARNING to keep only problems.
        "buurtwerk.request": {"level": os.environ.get("BUURTWERK_REQUEST_LOG_LEVEL", "INFO")},
        # Paths can carry what someone typed (a name); see buurtwerk.core.logs.
        "django.request": {"filters": ["redact_paths"]},
        "django.server": {"filters": ["redact_paths"]},
    },
}

# Error reporting to Sentry or GlitchTip, only when a DSN is set; personal data is scrubbed
# (buurtwerk.core.errorreporting).
BUURTWERK_SENTRY_DSN = os.environ.get("BUURTWERK_SENTRY_DSN", "")
if BUURTWERK_SENTRY_DSN:
    from buurtwerk.core.errorreporting import init_error_reporting

    init_error_reporting(
        BUURTWERK_SENTRY_DSN,
        environment=os.environ.get("BUURTWERK_SENTRY_ENVIRONMENT", "production"),
    )

# --- Security (docs/security.md): two-factor login, lockout, idle timeout, CSP, rate limits ---
# Every role except volunteer must confirm a TOTP code after the password. Off only in the
# test settings, so tests that use force_login need no device.
BUURTWERK_REQUIRE_2FA = True
OTP_TOTP_ISSUER = "Buurtwerk"
BUURTWERK_SESSION_IDLE_SECONDS = 30 * 60
BUURTWERK_API_TOKEN_MAX_AGE_DAYS = 90

AUTHENTICATION_BACKENDS = [
    "buurtwerk.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "buurtwerk.core.ratelimits.client_ip"
# Successful logins are in the audit log already; axes' own log and messages would repeat
# usernames in another place and in the application log.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Scripts and styles only from our own static files: no inline code, no third parties.
CONTENT_SECURITY_POLICY: dict[str, dict[str, list[str] | bool]] = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# "N/period" per client; see buurtwerk.core.ratelimits. The cache must be shared between
# worker processes in production (set CACHES), else each process counts on its own.
BUURTWERK_RATE_LIMITS_ENABLED = True
BUURTWERK_RATE_LIMITS = {
    "login": "10/5m",
    "two_factor": "10/5m",
    "search": "60/m",
    "registration": "5/h",
    "public": "120/m",
    "api": "600/m",
    # Per address, for the anonymous Open311 intake.
    "open311": os.environ.get("BUURTWERK_OPEN311_RATE", "20/h"),
}
# How many proxies of our own pass requests on (each appends to X-Forwarded-For); 0 means
# none, and then the header is ignored: the client address is REMOTE_ADDR.
BUURTWERK_TRUSTED_PROXY_COUNT = int(os.environ.get("BUURTWERK_TRUSTED_PROXY_COUNT", "0"))

# The audit chain's key lives outside the database (docs/security.md). Unset outside production,
# it is derived from SECRET_KEY. The signed head of the chain is kept in the checkpoint file.
BUURTWERK_AUDIT_KEY = os.environ.get("BUURTWERK_AUDIT_KEY", "")
BUURTWERK_AUDIT_CHECKPOINT = os.environ.get(
    "BUURTWERK_AUDIT_CHECKPOINT", str(VAR_DIR / "audit-checkpoint.json")
)

# How long each kind of data is kept; applied daily by `buurtwerk retention` (docs/privacy.md).
BUURTWERK_RETENTION = {
    # Welfare work without contact for two years: the resident is erased (anonymised).
    "people.inactive_residents": timedelta(days=2 * 365),
    # Proof of who saw which record; NEN 7513 asks at least five years for care data.
    "audit.entries": timedelta(days=5 * 365 + 2),
    "accounts.login_attempts": timedelta(days=30),
}
