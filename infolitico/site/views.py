"""The public pages: home, sections, topics, articles, search, the newsroom's own pages, images.

Each view fetches what its page shows and hands it to `pages`, the renderer the static export
uses too, so both answer the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404, redirect

from infolitico.newsroom.models import Article, Correction, Section, Topic
from infolitico.site import links, pages, seo
from infolitico.site import search as fulltext

PER_PAGE = 20
# Kept for callers of the old name: the outlets that carried an event.
outlets = pages.outlets


def published():
    """Published articles, newest first, with what their cards need."""
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("section", "topic", "image", "event")
        .order_by("-published_at", "-id")
    )


def _sections() -> list:
    return list(Section.objects.all())


def _html(text: str, status: int = 200) -> HttpResponse:
    return HttpResponse(text, status=status)


def newest(queryset, count: int) -> list:
    """The first `count` stories of a queryset, fetched whole."""
    return _fetch(queryset, list(queryset.values_list("pk", flat=True)[:count]))


def _fetch(queryset, ids: list) -> list:
    # Sorting every story's joined, full row to show twenty made long archives slow (90 ms a page
    # at 10,000 articles); the page's ids come from the article table alone, then only those rows.
    # Unordered: the ids give the order, and an ORDER BY would have the database walk the
    # "published, newest first" index over the whole table to find them (20 ms at 50,000).
    stories = {a.pk: a for a in queryset.filter(pk__in=ids).order_by()}
    return [stories[pk] for pk in ids if pk in stories]


def _page(queryset, base: str, number: int | None) -> pages.Page:
    total = queryset.count()
    if number is None:
        start, stop = 0, pages.front_size(total, PER_PAGE)
    elif 1 <= number <= pages.archive_pages(total, PER_PAGE):
        start, stop = pages.archive_slice(total, PER_PAGE, number)
    else:
        raise Http404("No such page")
    ids = list(queryset.values_list("pk", flat=True)[start:stop])
    return pages.page_of(base, total, PER_PAGE, number, _fetch(queryset, ids))


def _moved(queryset, base: str, number) -> HttpResponse:
    # Archive pages were numbered from the newest story, at page/N/ (and before that ?page=N):
    # such an address leads to where its stories are now.
    if isinstance(number, str):
        number = int(number) if number.isascii() and number.isdigit() else 1
    target = pages.old_page_address(base, queryset.count(), PER_PAGE, number)
    if target is None:
        raise Http404("No such page")
    return redirect(target, permanent=True)


def home(request, number=None):
    """The front page: the lead story, then the latest, then a block per section; archive pages."""
    if number is None and "page" in request.GET:
        return _moved(published(), links.named("home"), request.GET["page"])
    sections = _sections()
    page = _page(published(), links.named("home"), number)
    blocks = []
    if not page.archive:
        for section in sections:
            stories = newest(published().filter(section=section), 4)
            if stories:
                blocks.append((section, stories))
    return _html(pages.home(sections, page, blocks))


def home_moved(request, number):
    """An old archive address of the front page (page/N/, counted from the newest)."""
    return _moved(published(), links.named("home"), number)


def section(request, slug, number=None):
    """A section's stories, newest first."""
    return _archive(request, "section", get_object_or_404(Section, slug=slug), number)


def topic(request, slug, number=None):
    """One entity's stories, newest first."""
    return _archive(request, "topic", get_object_or_404(Topic, slug=slug), number)


def section_moved(request, slug, number):
    """An old archive address of a section."""
    owner = get_object_or_404(Section, slug=slug)
    return _moved(published().filter(section=owner), owner.get_absolute_url(), number)


def topic_moved(request, slug, number):
    """An old archive address of a topic."""
    owner = get_object_or_404(Topic, slug=slug)
    return _moved(published().filter(topic=owner), owner.get_absolute_url(), number)


def _archive(request, kind: str, owner, number):
    # A section and a topic page are the same page over a different filter.
    stories = published().filter(**{kind: owner})
    base = owner.get_absolute_url()
    if number is None and "page" in request.GET:
        return _moved(stories, base, request.GET["page"])
    return _html(pages.listing(_sections(), kind, owner, _page(stories, base, number)))


def gone(request):
    """The 410 page of a withdrawn article."""
    return HttpResponseGone(pages.gone(_sections()))


def related(story) -> list:
    """The stories of the same topic nearest in time to `story` (pages.related_window's rule)."""
    if not story.topic_id:
        return []
    mine = published().filter(topic_id=story.topic_id).exclude(pk=story.pk)
    later = Q(published_at__gt=story.published_at) | Q(published_at=story.published_at, pk__gt=story.pk)
    newer = list(mine.filter(later).order_by("published_at", "id")[:pages.RELATED])[::-1]
    older = list(mine.exclude(later)[:pages.RELATED])
    return pages.related_window([*newer, story, *older], len(newer))


def article(request, section, year, month, day, slug):
    """An article page, with the reference anatomy; a withdrawn article is gone (410)."""
    story = get_object_or_404(Article.objects.select_related("section", "topic", "image", "event"),
                              slug=slug)
    if story.status == Article.Status.WITHDRAWN:
        return gone(request)
    if story.status != Article.Status.PUBLISHED:
        raise Http404("No such article")
    canonical = story.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    sources = list(story.event.items.select_related("feed").order_by("published_at", "id"))
    return _html(pages.article(_sections(), story, related=related(story), sources=sources,
                               corrections=list(story.corrections.all())))


def search(request):
    """Full-text search over published articles, with the matches highlighted."""
    query = request.GET.get("q", "").strip()[:200]
    results = fulltext.search(query) if query else []
    return _html(pages.search(_sections(), query, results))


def about(request):
    """What Infolitico is."""
    return _html(pages.plain(_sections(), "site/about.html", "about"))


def how_it_works(request):
    """How the newsroom reads, writes, checks and publishes."""
    return _html(pages.plain(_sections(), "site/how_it_works.html", "how-it-works"))


def corrections_lists() -> dict:
    """What the corrections page lists: the latest corrected and withdrawn articles."""
    withdrawn = Article.objects.filter(status=Article.Status.WITHDRAWN).order_by("-updated_at")[:100]
    corrected = Correction.objects.filter(article__status=Article.Status.PUBLISHED) \
        .select_related("article", "article__section")[:100]
    return {"withdrawn": list(withdrawn), "corrected": list(corrected)}


def corrections(request):
    """The corrections policy and every withdrawn article."""
    return _html(pages.plain(_sections(), "site/corrections.html", "corrections", **corrections_lists()))


def robots(request):
    """robots.txt: everything public may be crawled; the desk and search results may not."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "",
             f"Sitemap: {seo.absolute(links.named('sitemap'))}",
             f"Sitemap: {seo.absolute(links.named('sitemap-news'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def media(request, path):
    """The newsroom's images (written while the server runs, so not a static-files job)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404("No such image")
    response = FileResponse(target.open("rb"))
    # An image's file name is derived from its event, so its bytes never change under a URL.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
