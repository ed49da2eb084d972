"""Django settings, read from the newsroom's `infolitico.toml` (see `infolitico.config`)."""

import os
from pathlib import Path

from infolitico import config as _config

NEWSROOM = _config.load()
PACKAGE_DIR = Path(__file__).resolve().parent

SECRET_KEY = os.environ.get("INFOLITICO_SECRET_KEY") or NEWSROOM.extra.get(
    "secret_key", "infolitico-local-newsroom-not-secret"
)
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
