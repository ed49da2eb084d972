"""Template tags of the Django templates left to the site: sitemaps' dates and the 404 page."""

from django import template

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


@register.simple_tag
def not_found_page():
    """The site's 404 page, as the public templates render it (Django's handler asks for 404.html)."""
    from django.utils.safestring import mark_safe

    from infolitico.newsroom.models import Section
    from infolitico.site import pages

    return mark_safe(pages.not_found(list(Section.objects.all())))
