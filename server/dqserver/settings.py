"""Settings of the central server, all overridable from the environment.

Environment variables:

- ``DJANGO_DEBUG`` ("1"/"0", default "1" in development, set "0" in production)
- ``DJANGO_SECRET_KEY`` (required when DEBUG is off)
- ``DJANGO_ALLOWED_HOSTS`` (comma separated, default "localhost,127.0.0.1" in DEBUG)
- ``DJANGO_CSRF_TRUSTED_ORIGINS`` (comma separated, e.g. "https://kiosk.example.org")
- ``DATABASE_URL`` (default: SQLite in ``$DQ_VAR_DIR/server.db``)
- ``DQ_VAR_DIR`` (default: ``var/`` in the repository)
- ``DJANGO_STATIC_ROOT`` (default ``$DQ_VAR_DIR/static``; run ``collectstatic`` into it)
- ``DQ_BEHIND_TLS_PROXY`` ("1": trust ``X-Forwarded-Proto`` and the proxy's last
  ``X-Forwarded-For`` entry, secure cookies, HSTS)
- ``DQ_SSL_REDIRECT`` ("1" with the proxy: Django too redirects what came in over http)
- ``DQ_RETENTION_DAYS`` (default 30)
- ``DQ_PUBLIC_URL`` (the server's address as helpers' phones reach it, e.g.
  "https://kiosk.example.org": the base of their calendar addresses)
- ``DQ_EMAIL_HOST``, ``DQ_EMAIL_PORT`` (587), ``DQ_EMAIL_USER``, ``DQ_EMAIL_PASSWORD``,
  ``DQ_EMAIL_USE_TLS`` ("1"), ``DQ_EMAIL_FROM``: the SMTP server for managers' invitations and
  password resets (``DQ_EMAIL_BACKEND`` to replace SMTP, e.g. the console while developing)
- ``DQ_STATS_MIN_KIOSK_DAYS`` (default 3: k, see docs/programme-numbers.md), ``DQ_REPORT_TO``
  (comma separated: who gets the monthly programme report)
"""

import os
from datetime import timedelta
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
    "dqserver.adminsite.DqAdminConfig",  # django.contrib.admin with the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "reversion",  # a topic's revisions with its steps: old values, restore (dqserver.content)
    "dqserver",  # the admin's login pages, the commands that span the apps, the old migrations
    "dqserver.content",  # pictures, topics, releases
    "dqserver.kiosks",  # quartiers, kiosks, the change counter
    "dqserver.bookings",  # helpers, slots, bookings, call-backs, walk-ins, the kiosks' ops
    "dqserver.people",  # managers made in one form, passwords set and reset by e-mail
    "dqserver.stats",  # programme numbers: kiosks' day counts, dashboard, programme report
    "dqserver.glossary",  # hard words explained ("Wörterbuch"), published in every release
    "dqserver.sheets",  # a topic's printable A4 sheet (PDF) for the senior to take home
]

MIDDLEWARE = [
    "dqserver.middleware.ApiGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dqserver.urls"
WSGI_APPLICATION = "dqserver.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Templates that replace Django's own (the admin's footer: dqserver/source.py); DIRS
        # come before every app's templates.
        "DIRS": [SERVER_DIR / "dqserver" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dqserver.source.source_link",
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

# The admin's login (docs/security.md). django-axes first: it refuses a locked account before
# the password is even checked. 5 wrong passwords or codes lock the account, and (guessing many
# accounts) the browser's address, for 15 minutes; failed attempts are forgotten after that.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "dqserver.twofactor.client_address"
AXES_LOCKOUT_CALLABLE = "dqserver.twofactor.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_VERBOSE = False  # its log lines name the account and the address: personal data
AXES_DISABLE_ACCESS_LOG = True  # no table of every login with address and browser
OTP_TOTP_ISSUER = "DigiQuartier"
# A session ends after 30 idle minutes (every request moves the end on), and with the browser.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# German for what Django's own German catalogs leave out (the admin's JavaScript reads only
# LOCALE_PATHS beside the admin's own catalog).
LOCALE_PATHS = [SERVER_DIR / "dqserver" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
# One cache for all gunicorn workers (files in the var folder): the throttling of wrong tokens
# and calendar addresses counts per server, not per worker (dqserver/throttle.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": str(VAR_DIR / "cache")}}

# The token shown once after "Token erzeugen" must not sit in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Kiosk API limits.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DQ_API_MAX_BODY_BYTES = 256 * 1024
DQ_MAX_OPS_PER_BATCH = 100
DQ_RETENTION_DAYS = int(os.environ.get("DQ_RETENTION_DAYS", "30"))
DQ_PUBLIC_URL = os.environ.get("DQ_PUBLIC_URL", "").rstrip("/")
# A public repository of exactly the code this server runs; without it the server offers its
# own source at /quelltext.tar.gz (AGPL-3.0 §13: dqserver/source.py).
DQ_SOURCE_URL = os.environ.get("DQ_SOURCE_URL", "")
DQ_KIOSK_OFFLINE_AFTER_MINUTES = 15
DQ_SLOT_PLAN_HORIZON_DAYS = 42
# Programme numbers (dqserver/stats, docs/programme-numbers.md): a failed search's words are
# shown once this many different kiosk-days asked them; the monthly report goes to these
# addresses (comma separated).
DQ_STATS_MIN_KIOSK_DAYS = int(os.environ.get("DQ_STATS_MIN_KIOSK_DAYS", "3"))
DQ_REPORT_TO = env_list("DQ_REPORT_TO", [])

# Mail (a new manager's invitation, "Passwort vergessen?"): SMTP from the environment in
# production; on the console while developing, unless DQ_EMAIL_BACKEND says otherwise (the
# browser tests write the mails to files in DQ_EMAIL_FILE_PATH).
EMAIL_BACKEND = os.environ.get("DQ_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("DQ_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("DQ_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DQ_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DQ_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DQ_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DQ_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DQ_EMAIL_FROM", "DigiQuartier <noreply@localhost>")

DQ_BEHIND_TLS_PROXY = env_bool("DQ_BEHIND_TLS_PROXY", False)
if DQ_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    # HSTS for the server's own name and the names below it; preloading is the domain owner's
    # decision for the whole domain, not this server's (security.W021 is silenced for it).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_SSL_REDIRECT = env_bool("DQ_SSL_REDIRECT", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DQ_LOG_LEVEL", "INFO")},
    # fontTools (fpdf2 embedding a font's subset in a report) tells each glyph at INFO
    "loggers": {"django.db.backends": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
