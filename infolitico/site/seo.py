"""What machines read about a page: absolute URLs, schema.org JSON-LD, social cards."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from infolitico.pipeline import dates

AUTHOR = "Infolitico Newsroom"
# The ratios Google asks for in NewsArticle.image, each a rendition the illustrator writes.
SCHEMA_RENDITIONS = ("16x9.jpg", "4x3.jpg", "1x1.jpg")

# json.dumps leaves <, > and & alone; inside <script> a "</script>" or "<!--" from a feed title
# would end or confuse the element, so they travel as JSON escapes instead.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def absolute(path: str) -> str:
    """The canonical absolute URL of a site path, from NEWSROOM.base_url."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.NEWSROOM.base_url.rstrip("/") + path


def media_absolute(relative: str) -> str:
    """The absolute URL of a file under the newsroom's image folder."""
    from infolitico.site import links

    return absolute(links.media(relative))


def script_json(data) -> SafeString:
    """JSON that is safe inside a <script> element, whatever its strings hold."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))


def publisher() -> dict:
    """The newsroom as schema.org's NewsMediaOrganization."""
    return {"@type": "NewsMediaOrganization", "name": settings.NEWSROOM.site_name,
            "url": absolute("/")}


def article_data(article, image=None) -> dict:
    """schema.org NewsArticle for an article page."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "url": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "description": article.dek,
        "datePublished": dates.iso_eastern(article.published_at),
        "dateModified": dates.iso_eastern(max(article.updated_at, article.published_at)),
        "inLanguage": settings.NEWSROOM.language,
        "isAccessibleForFree": True,
        "author": {"@type": "Organization", "name": AUTHOR, "url": absolute("/how-it-works/")},
        "publisher": publisher(),
        "wordCount": article.words,
    }
    if article.section:
        data["articleSection"] = article.section.name
    if article.topic:
        data["about"] = {"@type": "Thing", "name": article.topic.name}
    if image:
        files = image.files or {}
        data["image"] = [media_absolute(files[name]) for name in SCHEMA_RENDITIONS if name in files] \
            or [media_absolute(image.path)]
    return data


def article_json_ld(article, image=None) -> SafeString:
    """The NewsArticle data block, ready for <script type="application/ld+json">."""
    return script_json(article_data(article, image))


def site_json_ld() -> SafeString:
    """The front page's WebSite and publisher data block."""
    return script_json({"@context": "https://schema.org", "@type": "WebSite",
                        "name": settings.NEWSROOM.site_name, "url": absolute("/"),
                        "publisher": publisher()})
