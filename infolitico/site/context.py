"""Template context every page of the site shares."""

from infolitico.newsroom.models import Section
from infolitico.site.pages import chrome


def newsroom(request):
    """The site's name, language and sections, for the masthead, navigation and <head>."""
    return chrome(Section.objects.all())
