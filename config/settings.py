"""Hirehall settings, read from the environment (see docs/deploy.md for every variable)."""

from __future__ import annotations

import hashlib
import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    development_secret_key,
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    media_storage,
    proxy_ssl_header,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HIREHALL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a random key made on first run and kept in var/ (sessions survive restarts;
    # nobody can derive it from the install path).
    SECRET_KEY = development_secret_key(VAR_DIR / "development_secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_cotton",
    "heroicons",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "hirehall.core",
    "hirehall.accounts",
    "hirehall.notifications",
    "hirehall.ledger",
    "hirehall.payments",
    "hirehall.profiles",
    "hirehall.search",
    "hirehall.connects",
    "hirehall.jobs",
    "hirehall.proposals",
    "hirehall.contracts",
    "hirehall.messaging",
    "hirehall.reputation",
    "hirehall.moderation",
    "hirehall.web",
    "hirehall.webhooks",
    "hirehall.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session middleware: saving the session on the way out is not the request's write.
    "hirehall.core.db_router.ReplicaPinMiddleware",
    # After sessions (the chosen language may live there), before CommonMiddleware (Django's rule).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's saved language and timezone win over the browser's Accept-Language.
    "hirehall.accounts.middleware.UserLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the body: NUL bytes, oversized and malformed bodies become clean 4xx.
    "hirehall.core.request_guard.RequestGuardMiddleware",
    "hirehall.core.idempotency.IdempotencyMiddleware",
    "hirehall.core.middleware.DomainErrorMiddleware",
]
# Idempotency-Key records are per user; core's middleware asks accounts who the caller is.
IDEMPOTENCY_USER_FROM_REQUEST = "hirehall.accounts.tokens.user_from_request"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hirehall" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hirehall.core.context_processors.site",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hirehall.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE transactions: the web threads and the sweep thread write without
    # "database is locked" surprises; writers queue on the busy timeout instead.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# A read replica (streaming replication of the primary): public search reads may go there
# (hirehall/core/db_router.py says exactly which, and the lag rules). Without it, everything reads
# the primary.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
HIREHALL_READ_REPLICA = "replica" if DATABASE_REPLICA_URL else ""
# After a request that wrote, that browser reads the primary for this long (covers replication lag).
HIREHALL_REPLICA_STICKY_SECONDS = env_int("HIREHALL_REPLICA_STICKY_SECONDS", 5)
DATABASE_ROUTERS = ["hirehall.core.db_router.ReplicaRouter"]
# Each checkout gets its own test database name so parallel checkouts never collide.
DATABASES["default"]["TEST"] = {
    "NAME": env_str(
        "TEST_DATABASE_NAME", "test_hirehall_" + hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]
    )
    if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"
    else None,
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, Celery ----------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis down = cache misses, never a 500 (hirehall/core/cache.py, docs/reliability.md); short
    # timeouts so a Redis that does not answer costs a request at most half a second.
    CACHES = {
        "default": {
            "BACKEND": "hirehall.core.cache.DegradingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions read from the cache (written through to the database): one query less on every signed-in
# page; a cache miss or a Redis outage falls back to the database (docs/performance.md).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Cached figures and page parts with version keys (hirehall/core/fragments.py, ADR 0019).
HIREHALL_FRAGMENT_CACHE = env_bool("HIREHALL_FRAGMENT_CACHE", default=True)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker the embedded default runs tasks inline; sweeps run in `manage.py serve`'s thread.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULE = {
    "run-sweeps-every-minute": {"task": "hirehall.core.tasks.run_sweeps", "schedule": 60.0},
}

# --- auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "hirehall.accounts.forms.SignupRolesForm"
# Sends allauth's mails through the notifications email path (HTML + text, the site name, after commit).
ACCOUNT_ADAPTER = "hirehall.notifications.account_adapter.NotificationsAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{env_str('HIREHALL_SITE_NAME', 'Hirehall')}] "
# allauth's defaults already throttle sign-in; written out so operators see and tune them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Hirehall's own rate limits (hirehall/core/ratelimit.py): {scope: (attempts, window seconds)} per user.
HIREHALL_RATE_LIMITS = {
    "proposals": (env_int("RATE_LIMIT_PROPOSALS_PER_HOUR", 30), 3600),
    "job_posts": (env_int("RATE_LIMIT_JOB_POSTS_PER_HOUR", 10), 3600),
    "messages": (env_int("RATE_LIMIT_MESSAGES_PER_10_MINUTES", 60), 600),
    "reports": (env_int("RATE_LIMIT_REPORTS_PER_HOUR", 10), 3600),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hirehall"
# One 30-second step of drift either way (RFC 6238 §6): phones and servers are never in perfect sync.
MFA_TOTP_TOLERANCE = 1

# --- i18n, static, media ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Stored and computed in UTC; each page shows times in the signed-in user's timezone (accounts).
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("en", "English"), ("es", "Español")]
# Translations live per app (hirehall/<app>/locale/); this one holds hirehall/templates' strings.
LOCALE_PATHS = [BASE_DIR / "hirehall" / "locale"]
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "hirehall" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Local files in MEDIA_ROOT, or an S3-compatible bucket (AWS_STORAGE_BUCKET_NAME, docs/deploy.md).
    "default": media_storage(dict(os.environ)),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- email ------------------------------------------------------------------------------------
globals().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hirehall <no-reply@hirehall.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- security (production values; DEBUG relaxes the ones that need HTTPS) ----------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Trust a proxy's "this came over HTTPS" header only when the operator says a proxy sets it
# (otherwise any client could claim HTTPS): SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto".
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(env_str("SECURE_PROXY_SSL_HEADER"))
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Content-Security-Policy on every response: scripts and styles only from our own static files
# (htmx is served locally), no inline script or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the TOTP QR code and Swagger UI's icons
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Hirehall ---------------------------------------------------------------------------------
# The operator's name for the site and where it is served: emails use both (links need an absolute URL).
HIREHALL_SITE_NAME = env_str("HIREHALL_SITE_NAME", "Hirehall")
HIREHALL_BASE_URL = env_str("HIREHALL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Who issues receipts and invoices (printed on every receipt and its PDF; docs/money.md).
HIREHALL_OPERATOR_NAME = env_str("HIREHALL_OPERATOR_NAME", "Hirehall Marketplace Ltd.")
HIREHALL_OPERATOR_ADDRESS = env_str("HIREHALL_OPERATOR_ADDRESS", "1 Market Street, Springfield, USA")
HIREHALL_SWEEP_INTERVAL_SECONDS = env_int("HIREHALL_SWEEP_INTERVAL_SECONDS", 60)
HIREHALL_IDEMPOTENCY_TTL_HOURS = 24
# The largest amount of money any input or service accepts (docs/money.md). HIREHALL_MAX_AMOUNT is in
# dollars ("1000000.00"); the default $1,000,000.00 keeps every sum far inside 64-bit cent columns.
try:
    HIREHALL_MAX_AMOUNT_CENTS = int(Decimal(env_str("HIREHALL_MAX_AMOUNT", "1000000.00")) * 100)
except (ArithmeticError, ValueError):  # decimal.InvalidOperation is an ArithmeticError
    raise ImproperlyConfigured("HIREHALL_MAX_AMOUNT must be an amount in dollars, e.g. 1000000.00.") from None
if not 0 < HIREHALL_MAX_AMOUNT_CENTS <= 10**15:
    raise ImproperlyConfigured("HIREHALL_MAX_AMOUNT must be more than 0 and at most 10,000,000,000,000.")

# Staff ledger adjustments (docs/moderation.md): at or below this many cents one staff member's request
# applies it; above, a second, different staff member must approve it (four eyes). Default $100.00.
HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS = env_int("HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS", 100_00)
if HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS < 0:
    raise ImproperlyConfigured("HIREHALL_ADJUSTMENT_FOUR_EYES_CENTS must be 0 or more cents.")

# Outgoing webhooks (docs/webhooks.md): private/loopback receivers are refused unless allowed here.
HIREHALL_WEBHOOKS_ALLOW_PRIVATE = env_bool("HIREHALL_WEBHOOKS_ALLOW_PRIVATE", default=False)
HIREHALL_WEBHOOK_MAX_ATTEMPTS = env_int("HIREHALL_WEBHOOK_MAX_ATTEMPTS", 6)
HIREHALL_WEBHOOK_DISABLE_AFTER = env_int("HIREHALL_WEBHOOK_DISABLE_AFTER", 15)
HIREHALL_WEBHOOK_TIMEOUT_SECONDS = env_int("HIREHALL_WEBHOOK_TIMEOUT_SECONDS", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- search backend (ADR 0004, 0022) ----------------------------------------------------------
# "database": PostgreSQL FTS / SQLite FTS5, updated in the writing transaction (zero setup).
# "tantivy": an embedded index on each node's disk, fed from the transactional outbox by
# `manage.py search_worker` (or the `serve` thread) within a second; `search_reindex` rebuilds it.
HIREHALL_SEARCH_BACKEND = env_str("HIREHALL_SEARCH_BACKEND", "database")
HIREHALL_SEARCH_INDEX_DIR = Path(env_str("HIREHALL_SEARCH_INDEX_DIR", str(VAR_DIR / "search-index")))
HIREHALL_SEARCH_OUTBOX_POLL_SECONDS = float(env_str("HIREHALL_SEARCH_OUTBOX_POLL_SECONDS", "0.5"))
# Outbox rows older than this are pruned; a node further behind rebuilds from the database.
HIREHALL_SEARCH_OUTBOX_RETENTION_DAYS = env_int("HIREHALL_SEARCH_OUTBOX_RETENTION_DAYS", 7)
# An id missing from the outbox for this long belonged to a rolled-back transaction, not a slow one.
HIREHALL_SEARCH_OUTBOX_GAP_SECONDS = env_int("HIREHALL_SEARCH_OUTBOX_GAP_SECONDS", 300)
