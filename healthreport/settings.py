"""Settings of 卫健工作报告系统, driven by the environment (see README.md for every variable)."""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", "False")
# Sessions, password resets and signed links rest on the key. Commands run on the development key
# when none is set; serving requests (healthreport/wsgi.py, asgi.py) refuses to start in production
# without a long one (`healthreport.lib.deploy.check_secret_key`).
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "") or DEV_SECRET_KEY
# The admin's address, e.g. "manage-7f3k/" to keep it off the well-known /admin/.
ADMIN_URL = os.getenv("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # django.contrib.admin, its site opened by role (三员分立) rather than by is_staff.
    "accounts.apps.AdminSiteConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "accounts",
    "audit",
    "imports",
    "units",
    "rectification",
    "indicators",
    "reports",
    "core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After a POST, a cookie keeps the person's reads on the primary for a few seconds.
    "healthreport.lib.replica.ReplicaPinMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail (audit/middleware.py): wraps everything below it, so that it sees each
    # request's writes, files and refusals (403 from any middleware, 429 lockouts, logouts).
    "audit.middleware.AuditMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the outcome of the authentication attempts above it.
    "axes.middleware.AxesMiddleware",
    # After authentication and messages: an idle session ends, then a password that must be
    # changed leads to the change form.
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "accounts.middleware.BusinessPagesMiddleware",
]

ROOT_URLCONF = "healthreport.urls"
WSGI_APPLICATION = "healthreport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "accounts.context_processors.session_idle",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite keeps 2 MB of pages by default: each pass of the year's figures over 100,000
    # problems then reads the table from the file again (benchmarks/report_bench.py).
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA cache_size=-65536"
# PostgreSQL's JIT compiles the province-wide sums (statistics, summary) for ~300 ms each time,
# more than it saves on queries that read indexes; the app's queries are short, so it is off.
# A random page costs about what a sequential one does on SSD or in memory, where a bureau's
# database lives; at the default (4.0, for spinning disks) the year's figures of a province
# read all five years' problems in parallel rather than the year's through its inspections'
# index, no faster today and slower with every year kept (benchmarks/province_bench.py).
_POSTGRES_OPTIONS = {"options": "-c jit=off -c random_page_cost=1.1"}
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {}).update(_POSTGRES_OPTIONS)
# A PostgreSQL streaming replica (docs/deploy.md): the list and statistics views read there
# (healthreport/lib/replica.py); writes, and reads of a person who just wrote, stay on the primary.
if os.getenv("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0")
    )
    if "postgresql" in DATABASES["replica"]["ENGINE"]:
        DATABASES["replica"].setdefault("OPTIONS", {}).update(_POSTGRES_OPTIONS)
REPLICA_READS = "replica" in DATABASES
# How long a person reads from the primary after a POST: longer than the replica's usual lag.
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", "5")
DATABASE_ROUTERS = ["healthreport.lib.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out people before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The administrators' admin-site permissions, from their role (accounts.policy).
    "accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # MLPS 2.0: 8 characters of at least 3 of upper, lower, digit, symbol. It also does
    # Django's MinimumLengthValidator's work, whose refusal Django 5.2 does not translate.
    {"NAME": "accounts.passwords.ComplexityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not one of the last 5 passwords.
    {"NAME": "accounts.passwords.HistoryValidator", "OPTIONS": {"count": 5}},
]
# Account security (accounts/passwords.py, sessions.py, idle.py); 0 turns a rule off.
# A password older than this must be changed before the system can be used again.
PASSWORD_MAX_AGE_DAYS = envint("PASSWORD_MAX_AGE_DAYS", "90")
# A session with no request for this long ends (the page warns 2 minutes before).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "30")
# An account nobody has logged in to for this long is disabled by `disable_idle_accounts`.
ACCOUNT_IDLE_DAYS = envint("ACCOUNT_IDLE_DAYS", "90")
# The client's address for the login record is REMOTE_ADDR, unless the reverse proxy in front
# sets a header naming it (e.g. X-Real-IP); never set this without such a proxy, as the client
# could then write the header itself.
CLIENT_IP_HEADER = os.getenv("CLIENT_IP_HEADER", "")
# 安全审计日志: `purge_audit` removes no record younger than this (网络安全法: at least 6 months).
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", "180")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after AXES_FAILURE_LIMIT failed attempts for one user name from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", "True")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# scripts/run serves with DEBUG off, so people see the project's own 404/403/500 pages, but without
# collectstatic: WhiteNoise then serves static/ as it is, re-read on every change.
STATIC_FROM_SOURCE = DEBUG or envbool("DJANGO_STATIC_FROM_SOURCE", "False")
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCE
WHITENOISE_AUTOREFRESH = STATIC_FROM_SOURCE
# Uploaded files go through Django's storage API only, so that several app servers can share
# them: STORAGE_BACKEND=filesystem keeps them under MEDIA_ROOT (one server, or a shared NFS
# mount), STORAGE_BACKEND=s3 in an S3-compatible bucket (MinIO, 阿里云 OSS, 华为云 OBS, 腾讯云
# COS) through django-storages, installed separately: pip install "django-storages[s3]".
STORAGE_BACKEND = os.getenv("STORAGE_BACKEND", "filesystem").lower()
if STORAGE_BACKEND == "s3":
    if importlib.util.find_spec("storages") is None or not os.getenv("S3_BUCKET"):
        raise ImproperlyConfigured(
            'STORAGE_BACKEND=s3 needs django-storages (pip install "django-storages[s3]") '
            "and S3_BUCKET (docs/deploy.md)."
        )
    MEDIA_STORAGE: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.getenv("S3_BUCKET", ""),
            "endpoint_url": os.getenv("S3_ENDPOINT_URL") or None,
            "region_name": os.getenv("S3_REGION") or None,
            "access_key": os.getenv("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.getenv("S3_SECRET_ACCESS_KEY") or None,
            "location": os.getenv("S3_PREFIX", ""),
            # Private objects: the views that check the scope stream them; a name is never
            # reused, so an upload can never replace another's file.
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif STORAGE_BACKEND == "filesystem":
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND is filesystem or s3, not {STORAGE_BACKEND!r}.")
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_SOURCE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files (evidence, templates) are private: they are served only by views that check
# the user's scope, never from a public media URL.
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))

# Upper bound for one uploaded Excel file.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", "5") * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
# The most data rows one import reads: a file declaring more is refused before it is parsed.
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "100000")

# Evidence files of rectification (photos, PDF, Word, Excel): upper bound for one file.
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_MB", "10") * 1024 * 1024

# Rectification reminders (manage.py send_reminders): optional group-robot webhooks.
# WeCom: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; DingTalk:
# https://oapi.dingtalk.com/robot/send?access_token=… (with DINGTALK_SECRET when the robot signs).
WECOM_WEBHOOK_URL = os.getenv("WECOM_WEBHOOK_URL", "")
DINGTALK_WEBHOOK_URL = os.getenv("DINGTALK_WEBHOOK_URL", "")
DINGTALK_SECRET = os.getenv("DINGTALK_SECRET", "")
# The address people open the system at, for links in reminder e-mails and messages.
SITE_URL = os.getenv("SITE_URL", "").rstrip("/")

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "False")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "healthreport@localhost")

SITE_NAME = "卫健工作报告系统"

# django-filter: what the empty choice of a filter means.
FILTERS_EMPTY_CHOICE_LABEL = "全部"

SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", "False" if DEBUG else "True")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", "False")
# Bureau systems live on intranet or government host names that are never submitted to the
# browsers' public HSTS preload list, so the preload warning says nothing useful here.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
# Sessions live in the database, which every app server shares; with REDIS_URL they are also
# cached there (cached_db: a lost Redis loses no session). Nothing else is kept per process.
REDIS_URL = os.getenv("REDIS_URL", "")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Each process's own memory. A province's figures are remembered per branch of the tree
    # (a hundred counties, per year and as-of day): Django's default of 300 entries would
    # evict them as fast as they are made.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
# How long the province-wide sums are kept in the cache (healthreport/lib/remembered.py). They
# are keyed by the version of their records, so this bounds memory, not staleness; 0 turns it off.
FIGURE_CACHE_SECONDS = envint("FIGURE_CACHE_SECONDS", "3600")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images come from our own
# static files only (htmx, Bootstrap and ECharts are vendored), so an injected <script> or
# on…= handler does not run; templates carry no inline script (tests/healthreport/test_csp.py).
# style-src-attr allows style attributes only: ECharts writes them on its SVG root and in its
# tooltips, and a style attribute cannot run script. <style> elements stay refused.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
