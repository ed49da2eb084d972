"""The public pages: home, sections, topics, articles, and the newsroom's images."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseGone
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from infolitico.newsroom.models import Article, Section, Topic

PER_PAGE = 20


def published():
    """Published articles, newest first, with what their cards need."""
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("section", "topic", "image", "event")
        .order_by("-published_at", "-id")
    )


def home(request):
    """The front page: the lead story, then the latest, then a block per section."""
    page = Paginator(published(), PER_PAGE).get_page(request.GET.get("page"))
    blocks = []
    if page.number == 1:
        for section in Section.objects.all():
            stories = list(published().filter(section=section)[:4])
            if stories:
                blocks.append((section, stories))
    return render(request, "site/home.html", {"page": page, "blocks": blocks})


def section(request, slug):
    """A section's stories, newest first."""
    section = get_object_or_404(Section, slug=slug)
    page = Paginator(published().filter(section=section), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "site/list.html", {"title": section.name, "page": page,
                                              "section": section})


def topic(request, slug):
    """One entity's stories, newest first."""
    topic = get_object_or_404(Topic, slug=slug)
    page = Paginator(published().filter(topic=topic), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "site/list.html", {"title": topic.name, "page": page, "topic": topic})


def article(request, section, year, month, day, slug):
    """An article page, with the reference anatomy; a withdrawn article is gone (410)."""
    article = get_object_or_404(
        Article.objects.select_related("section", "topic", "image", "event"), slug=slug
    )
    if article.status == Article.Status.WITHDRAWN:
        return HttpResponseGone(render_to_string("site/410.html", request=request))
    if article.status != Article.Status.PUBLISHED:
        raise Http404("No such article")
    canonical = article.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    related = published().filter(topic=article.topic).exclude(pk=article.pk)[:4] \
        if article.topic else []
    sources = article.event.items.select_related("feed").order_by("published_at", "id")
    return render(
        request,
        "site/article.html",
        {"article": article, "related": related, "sources": sources,
         "image": getattr(article, "image", None)},
    )


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
