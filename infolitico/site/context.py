"""Template context every page of the site shares."""

from django.conf import settings

from infolitico.newsroom.models import Section


def newsroom(request):
    """The site's name, language and sections, for the masthead, navigation and <head>."""
    name = settings.NEWSROOM.site_name
    return {
        "site_name": name,
        "language": settings.NEWSROOM.language,
        "site_description": f"{name} — an automated newsroom that credits people with the "
                            "concrete things they were reported to do.",
        "sections": Section.objects.all(),
    }
