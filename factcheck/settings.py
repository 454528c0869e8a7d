"""Settings for factcheck, read from the environment only (see README, "Configuration").

With no variables set this is a development setup: DEBUG on, SQLite and the embedded Redis under
var/. Production sets DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from factcheck.env import env_bool, env_int, env_list, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FACTCHECK_VAR_DIR", BASE_DIR / "var")).resolve()

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = secret_key(DEBUG, VAR_DIR)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    # Failed sign-ins counted per account and per address, with lockout (README, "Sign-in").
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "simple_history",
    "annotate",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "annotate.middleware.ContentSecurityPolicyMiddleware",
    "annotate.middleware.CurrentTeamMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

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
                "annotate.context_processors.desk",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "factcheck.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # A file, not :memory:, so that a real Celery worker started by the tests sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # SQLite as a sound embedded default for many writers (web threads, workers):
    # - WAL: readers never block the writer, nor the writer its readers;
    # - IMMEDIATE: every transaction takes the write lock at BEGIN, waiting for it under the busy
    #   timeout; a DEFERRED one that reads and then writes cannot wait (SQLite answers "database
    #   is locked" at once, since waiting could deadlock), which is what users saw as a 500;
    # - a busy timeout long enough to queue behind an import's write batch.
    SQLITE_BUSY_TIMEOUT = env_int("SQLITE_BUSY_TIMEOUT", 20)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": SQLITE_BUSY_TIMEOUT,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000};",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis and Celery ---------------------------------------------------------------------------
REDIS_SOCKET = VAR_DIR / "redis.sock"
REDIS_URL = os.environ.get("REDIS_URL", "").strip() or f"redis+socket://{REDIS_SOCKET}"
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True  # progress and results live on the Job row, not in Redis
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TIME_LIMIT", 360)
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker waits for Redis however long it is away (Celery's default gives up after 100 tries,
# about 47 minutes, and the worker exits). A task running when the connection drops finishes;
# its message comes back from Redis and the re-delivery finds the job finished.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# A web request enqueueing while Redis is down gives up within about a second, not twenty.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.3,
    "interval_max": 0.5,
}
# A Redis that hangs (not down) must not hang a web request that enqueues, nor a worker.
CELERY_BROKER_TRANSPORT_OPTIONS.update(
    socket_connect_timeout=5, socket_timeout=10, socket_keepalive=True, health_check_interval=30
)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Queues: imports and exports apart, so that a long import never keeps an export waiting;
# "maintenance" carries the periodic job sweep. Routing is by task name (services enqueue by
# name). A worker started without -Q consumes all three; production runs one worker per queue
# (README, "Production").
CELERY_TASK_QUEUES = {
    name: {"exchange": name, "routing_key": name} for name in ("imports", "exports", "maintenance")
}
CELERY_TASK_DEFAULT_QUEUE = "maintenance"
CELERY_TASK_ROUTES = {
    "annotate.run_import": {"queue": "imports"},
    "annotate.run_export": {"queue": "exports"},
    "annotate.sweep_jobs": {"queue": "maintenance"},
    "annotate.email_notifications": {"queue": "maintenance"},
    "annotate.email_digests": {"queue": "maintenance"},
    "annotate.purge_trash": {"queue": "maintenance"},
}
# The sweep (annotate.tasks.maintenance): jobs whose worker died or whose message was lost are
# queued again or failed. `make run` runs the scheduler inside its exports worker (-B).
JOB_SWEEP_SECONDS = env_int("JOB_SWEEP_SECONDS", 60)
# A job is judged lost only once it has been queued or running this long without a trace in
# Redis or on a worker; a queued job lost for JOB_QUEUED_GIVE_UP_SECONDS is failed, not retried.
JOB_SWEEP_GRACE_SECONDS = env_int("JOB_SWEEP_GRACE_SECONDS", 30)
JOB_QUEUED_GIVE_UP_SECONDS = env_int("JOB_QUEUED_GIVE_UP_SECONDS", 3600)
# The most imports (and, apart, exports) one person may have queued or running at once.
MAX_JOBS_PER_USER = env_int("MAX_JOBS_PER_USER", 30)
CELERY_BEAT_SCHEDULE = {
    "sweep-jobs": {
        "task": "annotate.sweep_jobs",
        "schedule": JOB_SWEEP_SECONDS,
        "options": {"expires": JOB_SWEEP_SECONDS},  # a sweep that waited a round is dropped
    },
    # Claims deleted more than 30 days ago leave their document's Trash for good.
    "purge-trash": {
        "task": "annotate.purge_trash",
        "schedule": env_int("TRASH_PURGE_SECONDS", 3600),
        "options": {"expires": 3600},
    },
}
# Notification emails (annotate.services.notifications): the daily digest at DIGEST_HOUR (UTC).
CELERY_BEAT_SCHEDULE["email-digests"] = {
    "task": "annotate.email_digests",
    "schedule": crontab(hour=env_int("DIGEST_HOUR", 7), minute=0),
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

if os.environ.get("REDIS_URL", "").strip():
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Email (notifications) ----------------------------------------------------------------------
# The console backend prints emails in development; set EMAIL_HOST (and friends) for SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck <factcheck@localhost>")

# --- Auth ---------------------------------------------------------------------------------------
# Argon2id first (factcheck/hashers.py: a login's CPU cost); older PBKDF2 hashes still verify.
PASSWORD_HASHERS = [
    "factcheck.hashers.NewsroomArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Strong hashing (Django's PBKDF2) in production. Development (`make run`) and the tests use a
# fast hasher, so a login takes milliseconds instead of 1.3-1.8 s; the strong hashers stay listed
# so existing hashes still verify. FAST_PASSWORD_HASHER=true is refused with DEBUG off.
FAST_PASSWORD_HASHER = env_bool("FAST_PASSWORD_HASHER", default=DEBUG)
if FAST_PASSWORD_HASHER and not DEBUG:
    raise ImproperlyConfigured("FAST_PASSWORD_HASHER is for development only; unset it.")
if FAST_PASSWORD_HASHER:
    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ]

# Sign-in throttling (django-axes): LOGIN_FAILURE_LIMIT failures for one account, or from one
# address, lock sign-in for LOGIN_COOLOFF_MINUTES; an admin unlocks at once (README, "Sign-in").
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "annotate.views.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "annotate.signin.client_ip"
# Behind N reverse proxies that each append to X-Forwarded-For, the client is the Nth from the
# right; 0 (the default) trusts only the connection's address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "annotate:start"  # checkers land on My work, others on the documents
LOGOUT_REDIRECT_URL = "login"

# --- I18n, static, media ------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"  # never served directly: downloads go through team-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Uploads ------------------------------------------------------------------------------------
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 20)
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# Files bigger than this go to a temporary file, never wholly into memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Import from a URL fetches only public addresses (annotate.ingest.fetch); these hosts skip that
# check (comma-separated, e.g. "127.0.0.1" for tests serving pages on loopback). Empty in use.
IMPORT_URL_ALLOW_HOSTS = env_list("IMPORT_URL_ALLOW_HOSTS", [])

# --- The app ------------------------------------------------------------------------------------
FACTCHECK_PUBLIC_BASE_URL = os.environ.get(
    "FACTCHECK_PUBLIC_BASE_URL", "http://127.0.0.1:8000"
).rstrip("/")

# --- REST framework -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # `Authorization: Token <key>`, keys stored hashed (annotate/api/authentication.py).
        "annotate.api.authentication.HashedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "annotate.api.exceptions.handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "60/min"),
        "user": os.environ.get("THROTTLE_USER", "2000/min"),
    },
}
# API_TOKEN_FAILURE_LIMIT wrong or expired token keys from one address within the window: 429.
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 20)
API_TOKEN_FAILURE_WINDOW = env_int("API_TOKEN_FAILURE_WINDOW", 900)  # seconds
# The API schema and docs pages need a login (a session or a token) unless this is true.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", default=False)
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Import articles, mark claims, review fact-checks and export them.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "annotate.models.claim.ClaimStatus",
        "JobStatusEnum": "annotate.models.job.JobStatus",
    },
}

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; kept default
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # It logs every page it cannot extract; the import job reports that to the user already.
        "trafilatura": {"level": "CRITICAL"},
        "htmldate": {"level": "CRITICAL"},
    },
}
