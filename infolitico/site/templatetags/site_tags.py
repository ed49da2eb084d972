"""Template filters for the house's way of showing dates and images."""

from django import template
from django.urls import reverse

from infolitico.pipeline import dates

register = template.Library()


@register.filter
def dateline(value):
    """'July 2, 2026 at 8:06 AM ET'."""
    return dates.dateline(value) if value else ""


@register.filter
def iso_eastern(value):
    """'2026-07-02T08:06:00-04:00', for <time datetime>."""
    return dates.iso_eastern(value) if value else ""


@register.filter
def media_url(path):
    """The URL of a file under the newsroom's image folder."""
    return reverse("site:media", args=[path]) if path else ""


@register.filter
def srcset(image):
    """A srcset of the image's WebP renditions, smallest first."""
    entries = []
    for name, path in (image.files or {}).items():
        stem = name.split(".")[0]
        if name.endswith(".webp") and stem.rstrip("w").isdigit():
            entries.append((int(stem.rstrip("w")), path))
    return ", ".join(f"{reverse('site:media', args=[p])} {w}w" for w, p in sorted(entries))


@register.filter
def safe_url(url):
    """The URL if it is http(s), else nothing: a feed's link must not become javascript: or data:."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


@register.filter
def modified(article):
    """When an article last changed, never before it was published."""
    if article.published_at and article.updated_at:
        return max(article.published_at, article.updated_at)
    return article.updated_at or article.published_at


@register.simple_tag
def not_found_page():
    """The site's 404 page, as the public templates render it (Django's handler asks for 404.html)."""
    from django.utils.safestring import mark_safe

    from infolitico.newsroom.models import Section
    from infolitico.site import pages

    return mark_safe(pages.not_found(list(Section.objects.all())))
