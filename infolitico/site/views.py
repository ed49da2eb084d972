"""The public pages: home, sections, topics, articles, search, the newsroom's own pages, images."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseGone
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from infolitico.newsroom.models import Article, Correction, Section, Topic
from infolitico.pipeline.headline import split_publisher
from infolitico.site import feeds, seo
from infolitico.site import search as fulltext

PER_PAGE = 20


def published():
    """Published articles, newest first, with what their cards need."""
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("section", "topic", "image", "event")
        .order_by("-published_at", "-id")
    )


def page_path(path: str, number: int) -> str:
    """The address of page `number` of the archive at `path`: `path` itself, then `path`page/N/."""
    # In the path rather than ?page=N, so that a static export can hold every page as a file.
    return path if number <= 1 else f"{path}page/{number}/"


def _paged(queryset, number):
    try:
        page = Paginator(queryset.values_list("pk", flat=True), PER_PAGE).page(number)
    except InvalidPage:
        raise Http404("No such page") from None
    page.object_list = _fetch(queryset, list(page.object_list))
    return page


def newest(queryset, count: int) -> list:
    """The first `count` stories of a queryset, fetched whole."""
    return _fetch(queryset, list(queryset.values_list("pk", flat=True)[:count]))


def _fetch(queryset, ids: list) -> list:
    # Sorting every story's joined, full row to show twenty made long archives slow (90 ms a page
    # at 10,000 articles); the page's ids come from the article table alone, then only those rows.
    stories = {a.pk: a for a in queryset.filter(pk__in=ids)}
    return [stories[pk] for pk in ids if pk in stories]


def _old_page_link(request, path: str):
    # Archive pages used to be ?page=N; such links lead to the page's own address.
    if "page" not in request.GET:
        return None
    number = request.GET["page"]
    page = int(number) if number.isascii() and number.isdigit() else 1
    return redirect(page_path(path, page), permanent=True)


def _canonical(request, path: str, page=None) -> str:
    # Page 2 and on of an archive are pages of their own; page 1 is the bare address.
    return seo.absolute(page_path(path, page.number if page is not None else 1))


def home(request, number=1):
    """The front page: the lead story, then the latest, then a block per section; an archive after."""
    if old := _old_page_link(request, "/"):
        return old
    page = _paged(published(), number)
    blocks = []
    if page.number == 1:
        for section in Section.objects.all():
            stories = newest(published().filter(section=section), 4)
            if stories:
                blocks.append((section, stories))
    return render(request, "site/home.html", {
        "page": page, "page_base": "/", "blocks": blocks, "canonical": _canonical(request, "/", page),
        "feeds": feeds.alternates(), "json_ld": seo.site_json_ld() if page.number == 1 else "",
    })


def section(request, slug, number=1):
    """A section's stories, newest first."""
    section = get_object_or_404(Section, slug=slug)
    return _archive(request, "section", section, number,
                    f"The latest {section.name} stories from {settings.NEWSROOM.site_name}.")


def topic(request, slug, number=1):
    """One entity's stories, newest first."""
    topic = get_object_or_404(Topic, slug=slug)
    return _archive(request, "topic", topic, number,
                    f"Stories about {topic.name} from {settings.NEWSROOM.site_name}.")


def _archive(request, kind: str, owner, number: int, description: str):
    # A section and a topic page are the same page over a different filter.
    base = owner.get_absolute_url()
    if old := _old_page_link(request, base):
        return old
    page = _paged(published().filter(**{kind: owner}), number)
    return render(request, "site/list.html", {
        "title": owner.name, "page": page, kind: owner, "page_base": base,
        "canonical": _canonical(request, base, page), "feeds": feeds.alternates(owner),
        "description": description,
    })


def gone(request):
    """The 410 page of a withdrawn article."""
    return HttpResponseGone(render_to_string("site/410.html", request=request))


def article(request, section, year, month, day, slug):
    """An article page, with the reference anatomy; a withdrawn article is gone (410)."""
    article = get_object_or_404(
        Article.objects.select_related("section", "topic", "image", "event"), slug=slug
    )
    if article.status == Article.Status.WITHDRAWN:
        return gone(request)
    if article.status != Article.Status.PUBLISHED:
        raise Http404("No such article")
    canonical = article.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    related = published().filter(topic=article.topic).exclude(pk=article.pk)[:4] \
        if article.topic else []
    sources = list(article.event.items.select_related("feed").order_by("published_at", "id"))
    image = getattr(article, "image", None)
    return render(request, "site/article.html", {
        "article": article, "related": related, "sources": sources, "image": image,
        "source_link": next((s.link for s in sources if s.link), ""), "outlets": outlets(sources),
        "canonical": seo.absolute(canonical), "feeds": feeds.alternates(article.topic),
        "json_ld": seo.article_json_ld(article, image),
        "og_image": seo.media_absolute(image.path) if image and image.path else "",
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


def search(request):
    """Full-text search over published articles, with the matches highlighted."""
    query = request.GET.get("q", "").strip()[:200]
    results = fulltext.search(query) if query else []
    return render(request, "site/search.html", {
        "query": query, "results": results, "canonical": seo.absolute(reverse("site:search")),
        "feeds": feeds.alternates(),
    })


def about(request):
    """What Infolitico is."""
    return _page(request, "site/about.html", "site:about")


def how_it_works(request):
    """How the newsroom reads, writes, checks and publishes."""
    return _page(request, "site/how_it_works.html", "site:how-it-works")


def corrections(request):
    """The corrections policy and every withdrawn article."""
    withdrawn = Article.objects.filter(status=Article.Status.WITHDRAWN).order_by("-updated_at")[:100]
    corrected = Correction.objects.filter(article__status=Article.Status.PUBLISHED) \
        .select_related("article", "article__section")[:100]
    return _page(request, "site/corrections.html", "site:corrections", withdrawn=withdrawn,
                 corrected=corrected)


def _page(request, template, name, **context):
    return render(request, template, {"canonical": seo.absolute(reverse(name)),
                                      "feeds": feeds.alternates(), **context})


def robots(request):
    """robots.txt: everything public may be crawled; the desk and search results may not."""
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", "",
             f"Sitemap: {seo.absolute(reverse('site:sitemap'))}",
             f"Sitemap: {seo.absolute(reverse('site:sitemap-news'))}", ""]
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
