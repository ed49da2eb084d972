"""Django settings, read from the newsroom's `infolitico.toml` (see `infolitico.config`)."""

import os
from datetime import timedelta
from pathlib import Path

from infolitico import config as _config
from infolitico.secret_key import secret_key

NEWSROOM = _config.load()
PACKAGE_DIR = Path(__file__).resolve().parent

# INFOLITICO_SECRET_KEY, else the newsroom's own random key in a file beside infolitico.toml.
SECRET_KEY = secret_key(NEWSROOM.file)
DEBUG = os.environ.get("INFOLITICO_DEBUG") == "1"
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "infolitico.newsroom",
    "infolitico.site",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag from the body, and 304 for a matching If-None-Match or If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    "infolitico.site.headers.SiteHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

# Logins at /admin: repeated failures for one account from one address are locked out for a while
# (django-axes, recorded in the database, so every server process and machine shares the count).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto, requests count as HTTPS (and get HSTS).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

ROOT_URLCONF = "infolitico.urls"
WSGI_APPLICATION = "infolitico.wsgi.application"

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
                "infolitico.site.context.newsroom",
            ],
        },
    },
]

DATABASES = {"default": _config.django_database(NEWSROOM.database)}
POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if POSTGRES:
    # The job queue's schema is PostgreSQL's alone: a SQLite newsroom never sees it (and runs
    # its flow inline). Its app finds the tasks in infolitico/newsroom/tasks.py.
    INSTALLED_APPS.append("procrastinate.contrib.django")
    PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = NEWSROOM.language
TIME_ZONE = NEWSROOM.timezone
USE_I18N = False
USE_TZ = True  # stored in UTC, shown in the newsroom's timezone

STATIC_URL = "/static/"
# Served from the apps through the finders; there is no collectstatic folder to look in.
STATIC_ROOT = None
# Static files are served from the apps' folders, so a newsroom needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = NEWSROOM.images_output

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
