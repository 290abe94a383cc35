"""Dwarsverbinder settings.

Every setting that differs between a laptop and production is read from the environment
here, in one place, and documented where it is read (and in the README). Malformed values
stop start-up with one sentence; production refuses to start without its secrets.
"""

import ipaddress
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/dwarsverbinder
BASE_DIR = PACKAGE_DIR.parent.parent  # the repository root (or the install prefix)

env = environ.Env()


def _env(name, cast, default, minimum=None):
    """Read one variable; a malformed value stops start-up with one clear sentence."""
    try:
        value = cast(name, default=default)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"The environment variable {name} is malformed: {exc}") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"The environment variable {name} must be at least {minimum}.")
    return value


# DWV_ENV: "development" (default: the embedded demo set-up), "test" or "production".
DWV_ENV = _env("DWV_ENV", env.str, "development")
if DWV_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DWV_ENV must be development, test or production, not {DWV_ENV!r}.")
PRODUCTION = DWV_ENV == "production"

# DEBUG: only ever on in development; defaults to on there and off elsewhere.
DEBUG = _env("DEBUG", env.bool, DWV_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on when DWV_ENV is production.")

# DWV_DATA_DIR: where the embedded default keeps its SQLite database and task queue.
DATA_DIR = Path(_env("DWV_DATA_DIR", env.str, str(BASE_DIR / "var")))
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(f"DWV_DATA_DIR ({DATA_DIR}) cannot be created: {exc}") from exc


def _required_secret(name: str, dev_default: str) -> str:
    value = _env(name, env.str, "")
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production; it has no default there.")
    return dev_default


# SECRET_KEY: Django's signing key. Required in production (50+ random characters).
SECRET_KEY = _required_secret(
    "SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-0123456789abcdefghij"
)
# SECRET_KEY_FALLBACKS: comma-separated old keys, so a key can be rotated without logging
# everybody out at once.
SECRET_KEY_FALLBACKS = _env("SECRET_KEY_FALLBACKS", env.list, [])

# DWV_PSEUDONYM_KEY: the HMAC key that turns a BSN into its pseudonym. Required in
# production and never the same as SECRET_KEY; changing it breaks matching on BSN.
PSEUDONYM_KEY = _required_secret("DWV_PSEUDONYM_KEY", "dev-only-pseudonym-key")
if PRODUCTION and PSEUDONYM_KEY == SECRET_KEY:
    raise ImproperlyConfigured("DWV_PSEUDONYM_KEY must differ from SECRET_KEY.")

# ALLOWED_HOSTS: comma-separated host names the app answers to. Required in production.
ALLOWED_HOSTS = _env(
    "ALLOWED_HOSTS", env.list, [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
# DWV_SITE_URL: the public address of the app (https://dwarsverbinder.example.nl), used for
# links in e-mail. Default: the first ALLOWED_HOSTS entry over https in production, the
# development server elsewhere.
DWV_SITE_URL = _env("DWV_SITE_URL", env.str, "")
# CSRF_TRUSTED_ORIGINS: comma-separated origins (https://dwarsverbinder.example.nl) when the
# app runs behind a proxy on another origin.
CSRF_TRUSTED_ORIGINS = _env("CSRF_TRUSTED_ORIGINS", env.list, [])

# DWV_TRUSTED_PROXIES: comma-separated addresses of the reverse proxies in front of the app.
# Only when a request comes from one of them is the client address taken from
# X-Forwarded-For (for lock-out and the audit log); otherwise the header is ignored.
# Addresses or networks (10.0.0.0/24); spaces around commas are fine.
try:
    TRUSTED_PROXIES = tuple(
        ipaddress.ip_network(item.strip(), strict=False)
        for item in _env("DWV_TRUSTED_PROXIES", env.list, [])
        if item.strip()
    )
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DWV_TRUSTED_PROXIES holds something that is not an IP address: {exc}"
    ) from exc

INSTALLED_APPS = [
    "dwarsverbinder.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "huey.contrib.djhuey",
    "dwarsverbinder.utils",
    "dwarsverbinder.network",
    "dwarsverbinder.privacy",
    "dwarsverbinder.people",
    "dwarsverbinder.followup",
    "dwarsverbinder.chain",
    "dwarsverbinder.mypage",
    "dwarsverbinder.surveys",
    "dwarsverbinder.monitor",
    "dwarsverbinder.programmes",
    "dwarsverbinder.employers",
    "dwarsverbinder.api",
    "dwarsverbinder.demo",
]

MIDDLEWARE = [
    "dwarsverbinder.utils.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "dwarsverbinder.utils.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dwarsverbinder.utils.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "dwarsverbinder.accounts.middleware.ActiveMembershipMiddleware",
    "dwarsverbinder.accounts.middleware.RequireMFAMiddleware",
    # Axes last, as its documentation asks, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dwarsverbinder.conf.urls"
WSGI_APPLICATION = "dwarsverbinder.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dwarsverbinder.accounts.context_processors.navigation",
            ],
        },
    },
]

# DATABASE_URL: where the data lives. Default: an SQLite file in DWV_DATA_DIR.
# Production: postgres://user:password@host:5432/dwarsverbinder
_default_db = f"sqlite:///{DATA_DIR / 'dwarsverbinder.sqlite3'}"
try:
    DATABASES = {"default": env.db_url("DATABASE_URL", default=_default_db)}
except Exception as exc:  # django-environ raises several kinds for a bad URL
    raise ImproperlyConfigured(
        "DATABASE_URL is not a database URL Dwarsverbinder understands "
        "(use sqlite:///path or postgres://user:password@host:port/name)."
    ) from exc
_engine = DATABASES["default"]["ENGINE"]
if _engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperlyConfigured(
        "DATABASE_URL must point to SQLite or PostgreSQL; other databases are not supported."
    )
IS_POSTGRES = _engine == "django.db.backends.postgresql"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# DB_CONN_MAX_AGE: seconds a database connection is kept open between requests.
DATABASES["default"]["CONN_MAX_AGE"] = _env(
    "DB_CONN_MAX_AGE", env.int, 60 if PRODUCTION else 0, minimum=0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if not IS_POSTGRES:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first, so a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
if DWV_ENV == "test":
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# allauth: accounts are made by the administrator; people log in with username or e-mail.
ACCOUNT_ADAPTER = "dwarsverbinder.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Dwarsverbinder] "
# Failed logins are counted and locked out by django-axes (below), in the database, with a
# page that says when to try again; allauth's own cache-based counter would answer first.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Dwarsverbinder"
# DWV_REQUIRE_MFA: require TOTP two-factor authentication for every role that can see
# personal data. Always on in production; the local demo relaxes it by default and says
# so on its login page.
REQUIRE_MFA = True if PRODUCTION else _env("DWV_REQUIRE_MFA", env.bool, False)

# Lock-out after repeated failed logins (django-axes, kept in the database).
# DWV_LOGIN_FAILURE_LIMIT and DWV_LOCKOUT_MINUTES tune it.
AXES_FAILURE_LIMIT = _env("DWV_LOGIN_FAILURE_LIMIT", env.int, 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=_env("DWV_LOCKOUT_MINUTES", env.int, 15, minimum=1))
# Lock a name after repeated failures from anywhere, and an address after repeated failures
# for any names (password spraying).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "dwarsverbinder.accounts.lockout.username_from_request"
AXES_LOCKOUT_CALLABLE = "dwarsverbinder.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Successful logins are already in the audit log; axes need not keep a second record with
# addresses and browsers.
AXES_DISABLE_ACCESS_LOG = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# DWV_SESSION_IDLE_MINUTES: a session ends after this many minutes without a request.
SESSION_COOKIE_AGE = _env("DWV_SESSION_IDLE_MINUTES", env.int, 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "conf" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(_env("DWV_STATIC_ROOT", env.str, str(DATA_DIR / "static")))
# Front-end packages come from npm during set-up (package.json); nothing third-party is
# committed. NODE_MODULES_DIR tells where `npm ci` put them.
NODE_MODULES_DIR = Path(_env("DWV_NODE_MODULES", env.str, str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("vendor/utrecht", NODE_MODULES_DIR / "@utrecht" / "component-library-css" / "dist"),
    (
        "vendor/tokens",
        NODE_MODULES_DIR / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist",
    ),
]
STATICFILES_DIRS = [
    entry for entry in STATICFILES_DIRS if isinstance(entry, Path) or entry[1].exists()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(_env("DWV_MEDIA_ROOT", env.str, str(DATA_DIR / "media")))

# EMAIL_URL: how mail leaves. smtp+tls://user:password@host:587 (STARTTLS),
# smtp+ssl://user:password@host:465, or smtp://host:25; in development the default prints
# mail on the console.
# DEFAULT_FROM_EMAIL: the sender of every message.
_email_default = "smtp://localhost:25" if PRODUCTION else "consolemail://"
try:
    vars().update(env.email_url("EMAIL_URL", default=_email_default))
except Exception as exc:
    raise ImproperlyConfigured(
        "EMAIL_URL is not a mail URL (use smtp+tls://user:password@host:587 or smtp://host:25)."
    ) from exc
DEFAULT_FROM_EMAIL = _env("DEFAULT_FROM_EMAIL", env.str, "Dwarsverbinder <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# DWV_TASK_BROKER: where background and scheduled jobs queue. Empty (default): on the
# database alone (an SQLite queue file beside an SQLite database, or a table in the
# PostgreSQL database). redis://host:6379/0 at scale.
TASK_BROKER = _env("DWV_TASK_BROKER", env.str, "")
_huey_common = {
    "name": "dwarsverbinder",
    # Tests run tasks inline; everywhere else the consumer runs them, DEBUG or not.
    "immediate": DWV_ENV == "test",
    "utc": True,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}
if DWV_ENV == "test":
    # Tests run tasks inline in memory; the queue back-ends have tests of their own.
    HUEY = {**_huey_common, "huey_class": "huey.MemoryHuey"}
elif TASK_BROKER.startswith(("redis://", "rediss://")):
    HUEY = {**_huey_common, "huey_class": "huey.RedisHuey", "url": TASK_BROKER}
elif TASK_BROKER:
    raise ImproperlyConfigured(
        "DWV_TASK_BROKER must be empty (queue in the database) or a redis:// URL."
    )
elif IS_POSTGRES:
    from playhouse.postgres_ext import PostgresqlExtDatabase

    _db = DATABASES["default"]
    HUEY = {
        **_huey_common,
        "huey_class": "huey.contrib.sql_huey.SqlHuey",
        # The queue tables are made by `dwarsverbinder migrate` (utils/apps.py), not at import.
        "create_tables": False,
        # A database object rather than a URL, so passwords with any character work and
        # options such as sslmode carry over. peewee connects lazily, not here.
        "database": PostgresqlExtDatabase(
            _db["NAME"],
            user=_db.get("USER") or None,
            password=_db.get("PASSWORD") or None,
            host=_db.get("HOST") or None,
            port=_db.get("PORT") or None,
            register_hstore=False,
            **{k: v for k, v in (_db.get("OPTIONS") or {}).items() if isinstance(v, str | int)},
        ),
    }
else:
    HUEY = {
        **_huey_common,
        "huey_class": "huey.SqliteHuey",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
    }

# REDIS_CACHE_URL: optional shared cache (rate limits, sessions stay in the database).
_cache_url = _env("REDIS_CACHE_URL", env.str, "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dwarsverbinder API",
    "DESCRIPTION": "REST API of Dwarsverbinder. Every call is subject to the same access "
    "policy and audit as the web interface.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # One name per choice set, so that fields called "status" or "outcome" on different
    # resources do not collide in the schema.
    "ENUM_NAME_OVERRIDES": {
        "DataCategoryEnum": "dwarsverbinder.privacy.constants.DataCategory",
        "ConsentFormEnum": "dwarsverbinder.privacy.constants.ConsentForm",
        "ConsentPurposeEnum": "dwarsverbinder.privacy.constants.ConsentPurpose",
        "HandoverStatusEnum": "dwarsverbinder.chain.constants.HandoverStatus",
        "HandoverOutcomeEnum": "dwarsverbinder.chain.constants.HandoverOutcome",
        "HandoverReasonEnum": "dwarsverbinder.chain.constants.HandoverReason",
        "DeclineReasonEnum": "dwarsverbinder.chain.constants.DeclineReason",
        "UrgencyEnum": "dwarsverbinder.chain.constants.Urgency",
        "ShareBasisEnum": "dwarsverbinder.chain.constants.ShareBasis",
        "ContactOutcomeEnum": "dwarsverbinder.followup.constants.ContactOutcome",
        "TaskStatusEnum": "dwarsverbinder.followup.constants.TaskStatus",
        "ChannelEnum": "dwarsverbinder.followup.constants.ContactChannelUsed",
        "EmployerContactChannelEnum": "dwarsverbinder.employers.constants.ContactChannel",
        "EmployerContactPurposeEnum": "dwarsverbinder.employers.constants.ContactPurpose",
        "EmployerContactOutcomeEnum": "dwarsverbinder.employers.constants.ContactOutcome",
        "ProjectStatusEnum": "dwarsverbinder.programmes.constants.ProjectStatus",
        "MilestoneStatusEnum": "dwarsverbinder.programmes.constants.MilestoneStatus",
        "PartnerRoleEnum": "dwarsverbinder.programmes.constants.PartnerRole",
        "FundingSourceEnum": "dwarsverbinder.programmes.constants.FundingSource",
        "LinkKindEnum": "dwarsverbinder.programmes.constants.LinkKind",
        "ProgrammeTypeEnum": "dwarsverbinder.people.constants.ProgrammeType",
        "SourceEnum": "dwarsverbinder.people.constants.Source",
    },
}

# Content Security Policy: no inline scripts or styles, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    # DWV_BEHIND_PROXY: trust X-Forwarded-Proto from the reverse proxy (default on).
    if _env("DWV_BEHIND_PROXY", env.bool, True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = _env("DWV_HSTS_SECONDS", env.int, 31536000, minimum=1)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# DWV_SCHOOL_FOLLOW_UP_MONTHS: how long after a student leaves the school still sees them
# (the school's guidance during and after the programme). Default two years.
SCHOOL_FOLLOW_UP_MONTHS = _env("DWV_SCHOOL_FOLLOW_UP_MONTHS", env.int, 24, minimum=0)

# DWV_FOLLOW_UP_MONTHS: the contact moments after leaving school, in months.
try:
    FOLLOW_UP_MONTHS = sorted(
        {int(m) for m in _env("DWV_FOLLOW_UP_MONTHS", env.list, ["3", "6", "12", "18", "24"])}
    )
except ValueError as exc:
    raise ImproperlyConfigured("DWV_FOLLOW_UP_MONTHS must be whole months, e.g. 3,6,12.") from exc
if not FOLLOW_UP_MONTHS or FOLLOW_UP_MONTHS[0] < 1 or FOLLOW_UP_MONTHS[-1] > 120:
    raise ImproperlyConfigured("DWV_FOLLOW_UP_MONTHS must lie between 1 and 120 months.")
# DWV_OUT_OF_SIGHT_MONTHS: a signal when nothing about a young person's position has been
# confirmed for this long.
OUT_OF_SIGHT_MONTHS = _env("DWV_OUT_OF_SIGHT_MONTHS", env.int, 6, minimum=1)

# Handover deadlines in calendar days (docs/decisions.md). DWV_HANDOVER_ANSWER_DAYS: to
# accept or decline (normal and urgent); DWV_HANDOVER_CONTACT_DAYS: from acceptance to the
# first contact; DWV_HANDOVER_CLOSE_DAYS: from first contact to closing with an outcome.
HANDOVER_ANSWER_DAYS = {
    "normal": _env("DWV_HANDOVER_ANSWER_DAYS", env.int, 5, minimum=1),
    "urgent": _env("DWV_HANDOVER_ANSWER_DAYS_URGENT", env.int, 1, minimum=1),
}
HANDOVER_CONTACT_DAYS = {
    "normal": _env("DWV_HANDOVER_CONTACT_DAYS", env.int, 14, minimum=1),
    "urgent": _env("DWV_HANDOVER_CONTACT_DAYS_URGENT", env.int, 3, minimum=1),
}
HANDOVER_CLOSE_DAYS = _env("DWV_HANDOVER_CLOSE_DAYS", env.int, 90, minimum=1)
# DWV_WAITING_WINDOW_DAYS: the measured waiting time of a service on the sociale kaart is
# the median over handovers with a first contact in this many days.
WAITING_WINDOW_DAYS = _env("DWV_WAITING_WINDOW_DAYS", env.int, 180, minimum=7)
# DWV_CONSENT_MONTHS: how long a consent is valid unless the coach sets another end date.
CONSENT_MONTHS = _env("DWV_CONSENT_MONTHS", env.int, 12, minimum=1)

# My page (docs/my-page.md). DWV_MYPAGE_LINK_MINUTES: how long a one-time login link
# works; DWV_MYPAGE_SESSION_MINUTES: how long My page stays open after using it;
# DWV_MYPAGE_LINKS_PER_HOUR: links per contact detail per hour;
# DWV_MYPAGE_REQUESTS_PER_IP_HOUR: requests for a link per address per hour.
MYPAGE_LINK_MINUTES = _env("DWV_MYPAGE_LINK_MINUTES", env.int, 15, minimum=1)
MYPAGE_SESSION_MINUTES = _env("DWV_MYPAGE_SESSION_MINUTES", env.int, 30, minimum=5)
MYPAGE_LINKS_PER_HOUR = _env("DWV_MYPAGE_LINKS_PER_HOUR", env.int, 3, minimum=1)
MYPAGE_REQUESTS_PER_IP_HOUR = _env("DWV_MYPAGE_REQUESTS_PER_IP_HOUR", env.int, 10, minimum=1)
# Text messages with login links. DWV_SMS_BACKEND: dwarsverbinder.mypage.sms.WebhookBackend
# (POSTs {"to", "text"} as JSON to DWV_SMS_WEBHOOK_URL, with DWV_SMS_WEBHOOK_TOKEN as a
# bearer token) or dwarsverbinder.mypage.sms.FileBackend (writes each message as a file in
# DWV_SMS_FILE_DIR; development only: the files hold working links). Production needs the
# webhook.
SMS_WEBHOOK_URL = _env("DWV_SMS_WEBHOOK_URL", env.str, "")
SMS_WEBHOOK_TOKEN = _env("DWV_SMS_WEBHOOK_TOKEN", env.str, "")
SMS_BACKEND = _env(
    "DWV_SMS_BACKEND",
    env.str,
    "dwarsverbinder.mypage.sms.WebhookBackend"
    if PRODUCTION
    else "dwarsverbinder.mypage.sms.FileBackend",
)
if PRODUCTION and SMS_BACKEND.endswith("FileBackend"):
    raise ImproperlyConfigured(
        "DWV_SMS_BACKEND=FileBackend leaves working login links on disk; use the webhook."
    )
SMS_FILE_DIR = Path(_env("DWV_SMS_FILE_DIR", env.str, str(DATA_DIR / "sms")))

# DWV_MIN_CELL_SIZE: counts from 1 up to below this are suppressed in every aggregate.
MIN_CELL_SIZE = _env("DWV_MIN_CELL_SIZE", env.int, 10, minimum=1)

# Days before a funder's reporting date that the project's coordinators get a reminder.
REPORTING_REMINDER_DAYS = _env("DWV_REPORTING_REMINDER_DAYS", env.int, 14, minimum=1)

# The employer register: how many weeks back an employer page shows "approached recently"
# (and the coordinator's overview starts), and how many messages one client address may
# send through the public employer page per hour.
EMPLOYER_RECENT_WEEKS = _env("DWV_EMPLOYER_RECENT_WEEKS", env.int, 8, minimum=1)
EMPLOYER_REQUESTS_PER_IP_HOUR = _env("DWV_EMPLOYER_REQUESTS_PER_IP_HOUR", env.int, 5, minimum=1)
# Handled and not-real requests from the public employer page are deleted this many months
# after they came in (nightly, 03:45); new ones stay until someone handles them.
EMPLOYER_REQUEST_RETENTION_MONTHS = _env(
    "DWV_EMPLOYER_REQUEST_RETENTION_MONTHS", env.int, 12, minimum=1
)

LOG_LEVEL = _env("DWV_LOG_LEVEL", env.str, "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured("DWV_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL.")

# Structured logging to stdout. Log lines carry ids, never names, BSNs or contact details.
# DWV_LOG_LEVEL: INFO by default.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "dwarsverbinder.utils.logging.RequestContextFilter"},
        "strip_query": {"()": "dwarsverbinder.utils.logging.StripQueryStringFilter"},
    },
    "formatters": {"json": {"()": "dwarsverbinder.utils.logging.JSONFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's request logger prints the request line, which may hold search terms.
        "django.request": {"level": "ERROR"},
        "django.server": {
            "level": "WARNING" if DWV_ENV == "test" else "INFO",
            "filters": ["strip_query"],
        },
        # With a handler of its own configured here, run_huey adds no second one. Routine
        # task runs and the minute-by-minute scheduler stay quiet; start-up and errors show.
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "huey.consumer": {"level": "WARNING" if DWV_ENV == "test" else "INFO"},
        "huey.consumer.Scheduler": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

FORM_RENDERER = "dwarsverbinder.utils.forms.FormRenderer"
