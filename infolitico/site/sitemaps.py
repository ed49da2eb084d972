"""sitemap.xml (an index of the site's sitemaps) and the Google News sitemap."""

from __future__ import annotations

import html
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap, x_robots_tag
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from infolitico.newsroom.models import Article, Section, Topic
from infolitico.site.seo import absolute

# Google News: only articles of the last two days, and at most 1,000 URLs in one sitemap.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


def _published():
    return Article.objects.filter(status=Article.Status.PUBLISHED).select_related("section")


class NewsroomSitemap(Sitemap):
    """A sitemap whose URLs start with NEWSROOM.base_url, whatever host asked for it."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.NEWSROOM.base_url).scheme

    def get_domain(self, site=None):
        parts = urlsplit(settings.NEWSROOM.base_url)
        return parts.netloc + parts.path.rstrip("/")


class ArticleSitemap(NewsroomSitemap):
    """Every published article, oldest first, a thousand a file.

    Oldest first, so that a new story changes only the last file; a thousand a file, so that the
    file a new story changes is small to write again.
    """

    changefreq = "monthly"
    limit = 1000

    def items(self):
        return _published().order_by("published_at", "id")

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


class SectionSitemap(NewsroomSitemap):
    """The section pages."""

    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class TopicSitemap(NewsroomSitemap):
    """The topic pages that have a published story."""

    changefreq = "daily"

    def items(self):
        return Topic.objects.filter(articles__status=Article.Status.PUBLISHED).distinct()


class PageSitemap(NewsroomSitemap):
    """The front page and the newsroom's own pages."""

    def items(self):
        return ["site:home", "site:about", "site:how-it-works", "site:corrections"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(ArticleSitemap):
    """Google News: the last two days' articles, newest first, with their publication data."""

    limit = NEWS_LIMIT

    def items(self):
        since, until = news_window()
        return (_published().filter(published_at__gte=since, published_at__lte=until)
                .order_by("-published_at", "-id")[:NEWS_LIMIT])


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "topics": TopicSitemap,
            "pages": PageSitemap}


def pages(counts: dict[str, int]) -> dict[str, int]:
    """How many files each sitemap has, given how many items each lists (as the paginator counts)."""
    return {name: max(1, -(-counts[name] // cls.limit)) for name, cls in SITEMAPS.items()}


def index_document(files: dict[str, int]) -> bytes:
    """sitemap.xml's bytes, given how many files each sitemap has."""
    entries = []
    for name in SITEMAPS:
        for page in range(1, files[name] + 1):
            # Each page of a long sitemap has a file name of its own, so a static export holds it.
            path = reverse("site:sitemap-section-page", args=[name, page]) if page > 1 \
                else reverse("site:sitemap-section", args=[name])
            entries.append(absolute(path))
    entries.append(absolute(reverse("site:sitemap-news")))
    return render_to_string("site/sitemap_index.xml", {"sitemaps": entries}).encode()


# What Django's sitemap.xml template writes around its URLs (the view's template; the tests hold
# the export's file to the view's bytes).
_URLSET = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
           ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def articles_document(stories: list) -> bytes:
    """One file of the articles' sitemap, listing these stories (oldest first), as its view writes it."""
    # The template's output written directly: through Django's template engine, the ten files
    # of 10,000 stories cost as much as rendering a thousand article pages.
    site = ArticleSitemap()
    root = f"{site.get_protocol()}://{site.get_domain()}"
    urls = "".join(
        f"<url><loc>{html.escape(root + site.location(a))}</loc>"
        f"<lastmod>{timezone.localtime(site.lastmod(a)):%Y-%m-%d}</lastmod>"
        f"<changefreq>{site.changefreq}</changefreq></url>" for a in stories)
    return f"{_URLSET}{urls}\n</urlset>\n".encode()


def news_document(stories: list) -> bytes:
    """The Google News sitemap listing these stories (the last two days', newest first)."""
    return _document(NewsSitemap, stories, "site/sitemap_news.xml", _news_context())


def news_window():
    """The oldest and newest publication times the Google News sitemap lists now.

    Google News takes the last two days' articles: a story dated ahead of now is not one of them
    (and without the upper bound, a newsroom with many such stories lists a thousand of them).
    """
    now = timezone.now()
    return now - NEWS_WINDOW, now


def _news_context() -> dict:
    return {"publication": settings.NEWSROOM.site_name, "language": settings.NEWSROOM.language}


def _document(cls, stories: list, template: str, context: dict) -> bytes:
    # The sitemap's own URL rules over a list already loaded: one page, no query.
    site = cls()
    site.items = lambda: stories
    site.limit = max(1, len(stories))
    return render_to_string(template, {"urlset": site.get_urls(page=1), **context}).encode()


@x_robots_tag
def index(request):
    """sitemap.xml: every sitemap of the site, the Google News one included."""
    files = {name: cls().paginator.num_pages for name, cls in SITEMAPS.items()}
    latest = _published().aggregate(latest=Max("updated_at"))["latest"]
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    return HttpResponse(index_document(files), content_type="application/xml", headers=headers)


def section(request, name, page=None):
    """One of the site's sitemaps (or one page of it: sitemap-articles-2.xml)."""
    if page is not None:
        if page < 2:
            raise Http404("No such sitemap page")
        # Django's sitemap view reads its page from ?p=.
        request.GET = request.GET.copy()
        request.GET["p"] = str(page)
    return sitemap(request, SITEMAPS, section=name)


def news(request):
    """The Google News sitemap."""
    response = sitemap(request, {"news": NewsSitemap}, template_name="site/sitemap_news.xml")
    response.context_data.update(_news_context())
    return response
