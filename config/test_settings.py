"""Settings for the test suite: the real settings with fast, local, deterministic services."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnop")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault(
    "HIREHALL_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test")
)
os.environ.pop("REDIS_URL", None)

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only: tests
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CELERY_TASK_ALWAYS_EAGER = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
# Rate limits off in tests (counters live in a process-wide cache); tests of the limits set their own.
HIREHALL_RATE_LIMITS = {}
# Cached figures off: tests rebuild rows under the same ids and travel in time, which a process-wide
# cache would not see; hirehall/core/tests/test_fragments.py turns it on to test the caching itself.
HIREHALL_FRAGMENT_CACHE = False
# A second alias, a test MIRROR of the primary, so the read-replica router can be tested with two
# databases (hirehall/core/tests/test_db_router.py). The router stays off unless a test names it in
# HIREHALL_READ_REPLICA, so no other test ever queries it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
HIREHALL_READ_REPLICA = ""
