"""Test settings: production settings with fast hashing, plain HTTP and throw-away files."""

import os
import tempfile

# The suite runs the production settings (DEBUG off), which refuse to start without a long key.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-" + "0123456789" * 5)

from healthreport.settings import *  # noqa: E402, F403
from healthreport.settings import DATABASES, STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The live server of the browser tests speaks plain HTTP on localhost.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="healthreport-test-media-")
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A second alias for the read-replica router's tests (tests/healthreport/test_replica.py): the
# same test database through another connection. Its reads stay off (REPLICA_READS) unless a
# test turns them on and names both databases, so the suite runs as without a replica.
DATABASES = {
    **DATABASES,
    "replica": {**DATABASES["default"], "TEST": {"MIRROR": "default"}},
}
REPLICA_READS = False
