"""Settings for the Plan 808 portal, read from the environment.

One module for every deployment: unset variables give the embedded default (SQLite file, Celery
tasks run in-process, email to the console). Secrets may be given as ``NAME_FILE`` (a path), as
container secrets are.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """The variable ``name``, or the content of the file named by ``name_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# The embedded default (no DATABASE_URL: an SQLite file in the project) is a developer's machine, so
# DEBUG defaults to on there; any deployment names its database and gets DEBUG off unless it asks.
DEBUG = envbool("DEBUG", "False" if env("DATABASE_URL") else "True")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# The codes of the agencies that monitor the plan (Cục Phòng, chống tệ nạn xã hội): reviewers work
# there and nowhere else (accounts/rules.py).
MONITORING_AGENCIES = envlist("MONITORING_AGENCIES", "cuc-pctnxh")

# Demo accounts (README) exist only where this is on; production leaves it off.
DEMO_MODE = envbool("DEMO_MODE", "False")

INSTALLED_APPS = [
    "django.contrib.admin",
    # Before django.contrib.auth, so that its ``changepassword`` (which also ends the API token) is the one run.
    "accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "health_check",
    "agencies",
    "tasks",
    "indicators",
    "reporting",
    "dashboards",
    "notifications",
    "exports",
    "api",
]

MIDDLEWARE = [
    # First, so every log line of a request, and the request line itself, carry the request's id.
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plan808.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "plan808.middleware.NormalizeInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plan808.logs.RequestUserMiddleware",
    # Every page needs a signed-in user; public views say so with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AbsoluteSessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "plan808.urls"

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
                "django.template.context_processors.i18n",
                "notifications.context_processors.unread_notifications",
            ],
            "libraries": {"numbers": "plan808.templatetags.numbers"},
        },
    },
]

WSGI_APPLICATION = "plan808.wsgi.application"

# Database: DATABASE_URL (postgres://user@host:5432/name), else an SQLite file in the project.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
# Argon2id at OWASP's cost first (accounts/hashers.py); a PBKDF2 hash made before is still accepted
# and re-encoded with Argon2id at that user's next login.
PASSWORD_HASHERS = [
    "accounts.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after SESSION_IDLE_MINUTES of inactivity: the session and its cookie are renewed by a
# request that comes SESSION_RENEW_SECONDS or more after the last renewal (accounts/middleware.py),
# not on every request, which would write the session row on every page.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 60) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
# However active, a session ends SESSION_MAX_HOURS after sign-in (ASVS 7.3.2). Twelve hours is the
# re-authentication bound of NIST SP 800-63B at AAL2 and covers a long working day in one sign-in.
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Repeated failed logins (django-axes): lock a username+IP pair after AXES_FAILURE_LIMIT failures.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures count against the account the login resolves to, so case, spaces or the email address
# in place of the username do not each get their own tries.
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The portal registers axes' records itself, read-only (accounts/admin.py).
AXES_ENABLE_ADMIN = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # years print as 2025; numbers go through plan808/numbers.py (plan808/formats/vi)
FORMAT_MODULE_PATH = ["plan808.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "plan808.storage.ManifestGzipStaticFilesStorage"
        )
    },
}

# Email: EMAIL_HOST set sends by SMTP; unset prints to the console.
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cổng theo dõi Kế hoạch 808 <no-reply@localhost>")
PORTAL_BASE_URL = env("PORTAL_BASE_URL", "http://127.0.0.1:8000")

# Celery: REDIS_URL set uses Redis as broker and result store; unset runs tasks eagerly in-process.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# With no worker (eager Celery) an export renders in a background thread of the web process, never in
# the request: the job page shows queued → running → done on every setup (exports/README.md).
EXPORT_RENDER_THREAD = envbool("EXPORT_RENDER_THREAD", "True")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# The worker and beat log through LOGGING below (JSON lines in production), like the web processes.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE: dict = {
    # 08:00 in Hà Nội (CELERY_TIMEZONE): reminders and overdue notices of the day, once each.
    "notifications-daily-reminders": {
        "task": "notifications.send_daily_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # 08:00 in Hà Nội as well: one email per person who chose the daily digest of a report's steps.
    "notifications-daily-notice-digest": {
        "task": "notifications.send_notice_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    # 03:15 in Hà Nội, when nobody works: expired sessions out of the session table.
    "accounts-clear-expired-sessions": {
        "task": "accounts.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
}
# Days before the due day (0 = the due day itself) and after it on which an agency that has not
# submitted is reminded; REMINDER_DAYS_BEFORE / REMINDER_DAYS_AFTER override them ("14,7,3,1,0").
REMINDER_OFFSETS = {
    "before": [int(d) for d in envlist("REMINDER_DAYS_BEFORE", "14,7,3,1,0")],
    "after": [int(d) for d in envlist("REMINDER_DAYS_AFTER", "1,7")],
}

# The consolidated PDF report (exports app). Left empty, the header follows the agency data on the
# period's due date: the body monitoring the plan (MONITORING_AGENCIES and its successors) under its
# ministry, its symbol, its head's title and the "Nơi nhận" list. See exports/README.md.
REPORT_ISSUER_SUPERIOR = env("REPORT_ISSUER_SUPERIOR")
REPORT_ISSUER = env("REPORT_ISSUER")
REPORT_SYMBOL = env("REPORT_SYMBOL")  # "BC-BTXH"; empty follows the issuer
REPORT_PLACE = env("REPORT_PLACE", "Hà Nội")
REPORT_SIGNING_AUTHORITY = env("REPORT_SIGNING_AUTHORITY")  # "KT. CỤC TRƯỞNG", with REPORT_SIGNER_TITLE
REPORT_SIGNER_TITLE = env("REPORT_SIGNER_TITLE")  # empty: the issuing body's head ("CỤC TRƯỞNG")
REPORT_SIGNER_NAME = env("REPORT_SIGNER_NAME")
# "Nơi nhận", separated by ";" (the names hold commas); empty: the list for the issuing body's day.
# The filing line "Lưu: VT, ..." comes last.
REPORT_RECIPIENTS = [r.strip() for r in env("REPORT_RECIPIENTS", "").split(";") if r.strip()]
REPORT_FILED_AT = env("REPORT_FILED_AT")  # empty: "VT, " and the issuing body's short name
# A national figure is judged (đạt, chưa đạt…) only when it covers this share of the expected reporters
# (indicators/README.md, "Status"); below it the status is "chưa đủ số liệu".
INDICATOR_MIN_COVERAGE_PERCENT = envint("INDICATOR_MIN_COVERAGE_PERCENT", 80)
# CA certificates (PEM or DER files) a signed copy of an issued report must chain to; empty: the
# signature is verified but its chain is not judged, and the page says so (exports/README.md).
SIGNATURE_TRUST_ROOTS = envlist("SIGNATURE_TRUST_ROOTS")
REPORT_FONT_DIRS = envlist(
    "REPORT_FONT_DIRS", "/usr/share/fonts/truetype/liberation2,/usr/share/fonts/truetype/liberation"
)

# The cache may live in its own Redis database (CACHE_URL), so clearing it never touches the broker.
CACHE_URL = env("CACHE_URL") or REDIS_URL
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# A form's fields, files apart. Above Django's 2.5 MB so that an officer who pastes a 10 MB narrative
# gets the field's own "at most 20.000 characters" beside it, with the rest of the form saved, rather
# than a bare 400 for the whole page; the API's JSON bodies share the limit (api/parsers.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.NormalizingJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.StrictFilterBackend",
        "api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PortalPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    # Per user (browser and scripts together), per token, and tighter budgets for writes and exports.
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_RATE_USER", "3000/hour"),
        "token": env("API_RATE_TOKEN", "2000/hour"),
        "report_write": env("API_RATE_REPORT_WRITE", "600/hour"),
        "export": env("API_RATE_EXPORT", "60/hour"),
    },
}
# API tokens (django-rest-knox): the database keeps a SHA-512 digest, never the key; one token per
# user (api.services), no expiry of its own (a system's token lives until revoked, re-issued, its
# user's password changes or the user is deactivated); sent as "Authorization: Token <key>".
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plan 808 portal API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "DESCRIPTION": (
        "API của Cổng theo dõi Kế hoạch 808 cho hệ thống của các tỉnh, bộ, ngành. Xác thực bằng khóa API "
        "(tiêu đề `Authorization: Token <khóa>`, do quản trị cấp tại /api/tokens/) hoặc phiên đăng nhập; "
        "quyền như trên cổng. Lỗi dữ liệu: 400 với thông báo theo từng trường; sửa báo cáo phải gửi phiên "
        "bản đã đọc (`version` hoặc If-Match), lưu chồng bị từ chối (409/412)."
    ),
    # One name per choice set, so generated clients get AgencyKindEnum rather than Kind6e5Enum.
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "agencies.models.Agency.Kind",
        "PeriodKindEnum": "reporting.models.ReportingPeriod.Kind",
        "AttachmentKindEnum": "reporting.models.Attachment.Kind",
        "ExportKindEnum": "exports.models.ExportJob.Kind",
        "ReportStatusEnum": "reporting.models.Report.Status",
        "TaskStatusEnum": "reporting.models.TaskStatus",
        "ExportStatusEnum": "exports.models.ExportJob.Status",
        "FigureAnswerEnum": "reporting.models.IndicatorFigure.Answer",
    },
}

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY") else None
# HTTPS, where the portal is served over it (deploy/env.example turns these on): redirect plain HTTP,
# and tell browsers to use only HTTPS for SECURE_HSTS_SECONDS. Off by default so that a portal on
# http://127.0.0.1 (make run, CI's production tests) still answers.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "False")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
# The health endpoint answers the load balancer over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]

# Logs: one line per record on stdout; JSON (LOG_FORMAT=json, the default with DEBUG off) for a log
# collector, plain text for a developer. Every line of a request carries its request_id (also sent
# back as the X-Request-ID header, for a user to quote) and its user's username (plan808/logs.py).
LOG_REQUESTS = True
LOG_USER_ATTRIBUTE = "username"
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "log_request_id.filters.RequestIDFilter"},
        "user": {"()": "plan808.logs.RequestUserFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(user)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "user"],
            "formatter": env("LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}
