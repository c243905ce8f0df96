"""Settings of the central server, all overridable from the environment.

Environment variables:

- ``DJANGO_DEBUG`` ("1"/"0", default "1" in development, set "0" in production)
- ``DJANGO_SECRET_KEY`` (required when DEBUG is off)
- ``DJANGO_ALLOWED_HOSTS`` (comma separated, default "localhost,127.0.0.1" in DEBUG)
- ``DJANGO_CSRF_TRUSTED_ORIGINS`` (comma separated, e.g. "https://kiosk.example.org")
- ``DATABASE_URL`` (default: SQLite in ``$DQ_VAR_DIR/server.db``)
- ``DQ_VAR_DIR`` (default: ``var/`` in the repository)
- ``DJANGO_STATIC_ROOT`` (default ``$DQ_VAR_DIR/static``; run ``collectstatic`` into it)
- ``DQ_BEHIND_TLS_PROXY`` ("1": trust ``X-Forwarded-Proto``, secure cookies, HSTS)
- ``DQ_RETENTION_DAYS`` (default 30)
- ``DQ_PUBLIC_URL`` (the server's address as helpers' phones reach it, e.g.
  "https://kiosk.example.org": the base of their calendar addresses)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SERVER_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SERVER_DIR.parent
VAR_DIR = Path(os.environ.get("DQ_VAR_DIR", REPO_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

DEV_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", DEV_HOSTS if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "dqserver",
]

MIDDLEWARE = [
    "dqserver.middleware.ApiGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "dqserver.urls"
WSGI_APPLICATION = "dqserver.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'server.db'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in {"", ":memory:"}:
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # IMMEDIATE: every transaction takes the write lock at BEGIN, so the capacity check and the
    # insert of a booking can never interleave with another writer. WAL lets readers go on.
    # Keep each thread's connection open between requests: opening a SQLite file and running
    # the PRAGMAs costs more than an idle poll itself.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))

# The token shown once after "Token erzeugen" must not sit in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Kiosk API limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DQ_API_MAX_BODY_BYTES = 256 * 1024
DQ_MAX_OPS_PER_BATCH = 100
DQ_RETENTION_DAYS = int(os.environ.get("DQ_RETENTION_DAYS", "30"))
DQ_PUBLIC_URL = os.environ.get("DQ_PUBLIC_URL", "").rstrip("/")
DQ_KIOSK_OFFLINE_AFTER_MINUTES = 15
DQ_SLOT_PLAN_HORIZON_DAYS = 42

if env_bool("DQ_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_SSL_REDIRECT = env_bool("DQ_SSL_REDIRECT", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DQ_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
