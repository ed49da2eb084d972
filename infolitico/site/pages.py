"""The public pages, rendered from objects already loaded: the one renderer the views and the export share.

A view fetches what a page shows and calls one of these; the export calls the same ones with
what it loaded for the whole site at once. So a served page and its exported file are the same
bytes by construction, and no function here touches the database.

Archive pages are numbered from the oldest story, so they do not move: with N stories and P a
page, archive page k (`/archive/k/`) holds the k-th P stories from the oldest, and the front
page holds the rest, the newest P to 2P-1. A new story changes the front page only, until the
front holds 2P stories: then its oldest P become the next archive page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings

from infolitico.pipeline.headline import split_publisher
from infolitico.site import feeds, links, seo
from infolitico.site.jinja import render

# Related stories: the topic's stories nearest in time, up to two newer, the rest older.
RELATED, RELATED_NEWER = 4, 2


@dataclass(frozen=True)
class Page:
    """One page of an archive: the front page (`archive` false) or archive page `number`."""

    archive: bool
    number: int
    object_list: list = field(default_factory=list)
    newer: str = ""
    older: str = ""


def archive_pages(total: int, per: int) -> int:
    """How many archive pages a list of `total` stories has besides its front page."""
    return max(0, total // per - 1)


def front_size(total: int, per: int) -> int:
    """How many of the newest stories the front page of a list shows."""
    return total - archive_pages(total, per) * per


def archive_slice(total: int, per: int, number: int) -> tuple[int, int]:
    """The stories of archive page `number`, as a [start, stop) of the list newest first."""
    return total - number * per, total - (number - 1) * per


def page_of(base: str, total: int, per: int, number: int | None, stories: list) -> Page:
    """The front page (number None) or an archive page of the list at `base`, holding `stories`."""
    count = archive_pages(total, per)
    if number is None:
        return Page(False, 0, stories, older=links.archive(base, count) if count else "")
    newer = links.archive(base, number + 1) if number < count else base
    older = links.archive(base, number - 1) if number > 1 else ""
    return Page(True, number, stories, newer=newer, older=older)


def old_page_address(base: str, total: int, per: int, number: int) -> str | None:
    """Where the stories of an old page number (counted from the newest) are now; None if none."""
    first = (number - 1) * per  # its first story, counted from the newest
    if number < 1 or (first >= total and number != 1):
        return None
    from_oldest = total - 1 - first
    count = archive_pages(total, per)
    if from_oldest < 0 or from_oldest >= count * per:
        return base
    return links.archive(base, from_oldest // per + 1)


def related_window(stories: list, index: int) -> list:
    """The related stories of `stories[index]` in its topic's list (newest first), newest first."""
    newer = stories[max(0, index - RELATED):index][::-1]  # nearest first
    older = stories[index + 1:index + 1 + RELATED]
    take_newer = min(RELATED_NEWER, len(newer))
    take_older = min(RELATED - take_newer, len(older))
    take_newer = min(RELATED - take_older, len(newer))
    return newer[:take_newer][::-1] + older[:take_older]


def chrome(sections: list) -> dict:
    """The site's name, language and sections, for the masthead, navigation and <head>."""
    name = settings.NEWSROOM.site_name
    return {
        "site_name": name,
        "language": settings.NEWSROOM.language,
        "site_description": f"{name} — an automated newsroom that credits people with the "
                            "concrete things they were reported to do.",
        "sections": sections,
    }


def _canonical(base: str, page: Page) -> str:
    return seo.absolute(links.archive(base, page.number) if page.archive else base)


def home(sections: list, page: Page, blocks: list) -> str:
    """The front page or an archive page of the whole site; `blocks` are (section, stories)."""
    return render("site/home.html", {
        **chrome(sections), "page": page, "blocks": blocks if not page.archive else [],
        "canonical": _canonical(links.named("home"), page), "feeds": feeds.alternates(),
        "json_ld": seo.site_json_ld() if not page.archive else "",
    })


def listing(sections: list, kind: str, owner, page: Page) -> str:
    """A section's or a topic's front page or archive page."""
    base = owner.get_absolute_url()
    name = settings.NEWSROOM.site_name
    description = (f"The latest {owner.name} stories from {name}." if kind == "section"
                   else f"Stories about {owner.name} from {name}.")
    return render("site/list.html", {
        **chrome(sections), "title": owner.name, "page": page, kind: owner,
        "canonical": _canonical(base, page), "feeds": feeds.alternates(owner),
        "description": description,
    })


def _host(link: str) -> str:
    # A feed's link is kept as sent, and a malformed one ("http://[oops") must not break a page.
    try:
        return urlsplit(link).hostname or ""
    except ValueError:
        return ""


def outlets(items) -> list[tuple[str, str]]:
    """(name, link) of every outlet that carried an event, once each, in the order they ran it."""
    seen: dict[str, str] = {}
    for item in items:
        name = (split_publisher(item.title, item.publisher or None)[1] or item.feed.name
                or _host(item.link))
        if name and name not in seen:
            seen[name] = item.link
    return list(seen.items())


def article(sections: list, story, *, related: list, sources: list, corrections: list) -> str:
    """An article page: the reference anatomy, its sources, corrections and related stories."""
    image = getattr(story, "image", None)
    return render("site/article.html", {
        **chrome(sections), "article": story, "related": related, "sources": sources,
        "image": image, "corrections": corrections,
        "source_link": next((s.link for s in sources if s.link), ""), "outlets": outlets(sources),
        "canonical": seo.absolute(story.get_absolute_url()), "feeds": feeds.alternates(story.topic),
        "json_ld": seo.article_json_ld(story, image),
        "og_image": seo.media_absolute(image.path) if image and image.path else "",
    })


def plain(sections: list, template: str, name: str, **context) -> str:
    """One of the newsroom's own pages (About, How it works, Corrections)."""
    return render(template, {**chrome(sections), "canonical": seo.absolute(links.named(name)),
                             "feeds": feeds.alternates(), **context})


def search(sections: list, query: str, results: list) -> str:
    """The search page, with its results."""
    return render("site/search.html", {
        **chrome(sections), "query": query, "results": results,
        "canonical": seo.absolute(links.named("search")), "feeds": feeds.alternates(),
    })


def gone(sections: list) -> str:
    """The page of a withdrawn article."""
    return render("site/410.html", chrome(sections))


def not_found(sections: list) -> str:
    """The site's 404 page."""
    return render("404.html", chrome(sections))
