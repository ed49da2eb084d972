"""Response headers for every public page: a strict Content-Security-Policy, CDN caching, validators."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, parse_http_date_safe

from infolitico.newsroom.models import Article

# The public site loads nothing from elsewhere and runs no script at all: JSON-LD is a data
# block, which browsers never execute, so it needs no script-src.
PUBLIC_CSP = "; ".join([
    "default-src 'none'", "script-src 'none'", "style-src 'self'", "img-src 'self'",
    "font-src 'self'", "connect-src 'none'", "form-action 'self'", "base-uri 'none'",
    "frame-ancestors 'none'",
])
# Django's admin needs its own scripts and inline styles; still nothing from another origin.
ADMIN_CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:", "form-action 'self'", "base-uri 'none'", "frame-ancestors 'self'",
])
# A CDN may keep a page five minutes and serve it stale briefly while it asks again; a browser
# asks again after a minute (and mostly gets a 304).
PAGE_CACHE = "public, max-age=60, s-maxage=300, stale-while-revalidate=60, stale-if-error=86400"
MISSING_CACHE = "public, max-age=60, s-maxage=300"


def last_change():
    """When anything a page or feed shows last changed: a publication, an edit or a withdrawal."""
    # One read, each maximum taken from its own index (a single SELECT of both maxima makes
    # SQLite scan every article: 10 ms a request at 10,000 articles).
    table = connection.ops.quote_name(Article._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT MAX(updated_at) FROM {table}), "
                       f"(SELECT MAX(published_at) FROM {table})")
        known = [_aware(t) for t in cursor.fetchone() if t]
    return max(known) if known else None


def _aware(value) -> datetime:
    # SQLite hands back the stored text; PostgreSQL a datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SiteHeadersMiddleware:
    """Adds the CSP, and on public GETs a CDN-friendly Cache-Control and a Last-Modified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith("/admin/")
        response.setdefault("Content-Security-Policy", ADMIN_CSP if admin else PUBLIC_CSP)
        if admin or request.method not in ("GET", "HEAD") or response.streaming:
            return response
        if response.status_code == 200:
            response.setdefault("Cache-Control", PAGE_CACHE)
            # A feed's or sitemap's own Last-Modified is its newest item; withdrawing that item
            # would move it backwards and earn stale copies a 304, so a later change wins.
            changed = last_change()
            own = parse_http_date_safe(response.get("Last-Modified", ""))
            if changed and (own is None or changed.timestamp() > own):
                response["Last-Modified"] = http_date(changed.timestamp())
        elif response.status_code in (301, 404, 410):
            response.setdefault("Cache-Control", MISSING_CACHE)
        return response
