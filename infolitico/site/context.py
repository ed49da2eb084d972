"""Template context every page of the site shares."""

from django.conf import settings

from infolitico.newsroom.models import Section


def newsroom(request):
    """The site's name and its sections, for the masthead and navigation."""
    return {
        "site_name": settings.NEWSROOM.site_name,
        "sections": Section.objects.all(),
    }
