"""The whole public site as static files, for any web server or object store, rewritten incrementally.

Every page, feed and sitemap is rendered by the site's own URL resolver and views, so an exported
file holds exactly the bytes `infolitico serve` answers at that address: `/politics/` becomes
`politics/index.html`, `/rss.xml` stays `rss.xml`. Images of published articles are hard-linked
(or copied) from the images folder, the site's CSS and icon from the app.

`.infolitico-export.json` in the export folder records each file's SHA-256, so a later export
writes only files whose bytes changed and deletes the ones that no longer exist (a withdrawn
article's page and images). It also records a key of everything each page shows (its stories'
ids, edit times and images, its related stories, sources...): a page whose key is unchanged,
under the same code and configuration, is not even rendered again. `full=True` renders and
writes everything afresh.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.handlers.base import BaseHandler
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import resolve, reverse

from infolitico import __version__
from infolitico.newsroom.models import Article, Correction, Feed, Image, Section, SourceItem, Topic
from infolitico.site import feeds, jinja, links, pages, sitemaps, views

MANIFEST = ".infolitico-export.json"
FORMAT = 1
# Static files under these prefixes are the public site's (the admin's stay with the server).
STATIC_PREFIXES = ("site/",)
NOT_FOUND = "404.html"


@dataclass(frozen=True)
class ExportResult:
    """What an export did: files written, left as they were and deleted, pages rendered, seconds."""

    out_dir: Path
    written: int
    unchanged: int
    deleted: int
    rendered: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.written} files written, {self.unchanged} unchanged, {self.deleted} deleted "
                f"({self.rendered} pages rendered) in {self.seconds:.1f} s → {self.out_dir}")


def file_for(url: str) -> str:
    """The export's file for a site path: `/a/b/` is `a/b/index.html`, `/rss.xml` is `rss.xml`."""
    relative = url.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    parts = relative.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"{url!r} cannot be a file in the export")
    return relative


class _Renderer:
    """Renders site paths with the URL resolver and views a served request reaches."""

    def __init__(self):
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()

    def get(self, url: str) -> bytes:
        """A page's body: its view called directly, as the handler would once middleware is done."""
        # Middleware only sets headers (and its Last-Modified costs a scan of every article on
        # each request), so the view's response body is the served body, for far less work.
        request = self.factory.get(url)
        request.resolver_match = match = resolve(request.path_info)
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code != 200 or response.streaming:
            raise RuntimeError(f"{url} answered {response.status_code}, not a page")
        # Not response.close(): that ends the "request" and with it the database connection.
        return response.content

    def missing(self) -> bytes:
        """The site's 404 page, through the whole handler (it is the handler that makes it)."""
        logger = logging.getLogger("django.request")
        level = logger.level
        logger.setLevel(logging.ERROR)  # asked for on purpose: not worth a warning
        try:
            response = self.handler.get_response(self.factory.get("/" + NOT_FOUND))
        finally:
            logger.setLevel(level)
        if response.status_code != 404:
            raise RuntimeError(f"/{NOT_FOUND} answered {response.status_code}, not 404")
        return response.content


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _key(*parts) -> str:
    return _sha(json.dumps(parts, default=str, sort_keys=True).encode())[:32]


def site_key() -> str:
    """What every page depends on: the site's code, templates and static files, the configuration."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    # The site app's own files, and the pipeline's date and publisher formatting its pages use.
    files = [p for p in sorted(package.rglob("*")) if p.is_file() and "__pycache__" not in p.parts
             and "migrations" not in p.parts]
    files += [package.parent / "pipeline" / name for name in ("dates.py", "headline.py")]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(package.parent)).encode() + b"\0" + path.read_bytes())
    cfg = settings.NEWSROOM
    digest.update(_key(cfg.site_name, cfg.base_url, cfg.language, settings.TIME_ZONE,
                       settings.STATIC_URL, settings.MEDIA_URL, views.PER_PAGE,
                       list(Section.objects.values_list("id", "name", "slug", "position"))).encode())
    return digest.hexdigest()[:32]


def _archive(base: str, stories: list, every=(), first=()) -> dict[str, str]:
    """The front page and archive pages of a list (newest first), each with the key of its cards."""
    per, total = views.PER_PAGE, len(stories)
    count = pages.archive_pages(total, per)
    keys = {base: _key(base, count, [a.card for a in stories[:pages.front_size(total, per)]], every, first)}
    for number in range(1, count + 1):
        start, stop = pages.archive_slice(total, per, number)
        # A page's links change only when it stops being the newest archive page.
        keys[links.archive(base, number)] = _key(base, number, number == count,
                                                 [a.card for a in stories[start:stop]], every)
    return keys


def _feeds(obj=None) -> list[str]:
    return [feeds.feed_path(kind, obj) for kind in feeds.FORMATS]


class _Site:
    """Every address of the site, each with a key of everything it shows, and how to render it.

    The whole published site is loaded at once (a handful of queries, whatever its size) and each
    page is rendered from those objects by the views' own renderer (`pages`). A page whose key is
    the one recorded at the last export (by the same code and configuration) is the same page, so
    it is not rendered again. Pages without a key (feeds and sitemaps that follow the clock) are
    always rendered, through their views.
    """

    def __init__(self):
        # What no page shows stays in the database: the fact ledger, the model's accounting,
        # the pipeline's reading of the event.
        # Sections and topics are shared objects, not one copy joined onto each story.
        articles = list(Article.objects.filter(status=Article.Status.PUBLISHED)
                        .select_related("image", "event").order_by("-published_at", "-id").defer(
            "ledger", "usage", "notes", "reason", "flagged", "event__data", "event__notes",
            "event__claim", "event__reason"))
        self.sections = sections = list(Section.objects.all())
        owners = {s.pk: s for s in sections}
        topics = {t.pk: t for t in Topic.objects.filter(articles__status=Article.Status.PUBLISHED).distinct()}
        for a in articles:
            Article.section.field.set_cached_value(a, owners.get(a.section_id))
            Article.topic.field.set_cached_value(a, topics.get(a.topic_id))
        self.articles = articles
        media_root = Path(settings.MEDIA_ROOT)
        sizes: dict[str, int] = {}
        by_section, by_topic = defaultdict(list), defaultdict(list)
        for a in articles:
            a.card = _key(_card(a))
            image = getattr(a, "image", None)
            if image is not None and image.path and image.path not in sizes:
                # A feed's enclosure gives the image's length.
                try:
                    sizes[image.path] = (media_root / image.path).stat().st_size
                except OSError:
                    sizes[image.path] = 0
            a.item = _key(a.card, a.body, a.topic and a.topic.name, a.section and a.section.name,
                          sizes.get(image.path) if image is not None else None)
            by_section[a.section_id].append(a)
            if a.topic_id:
                by_topic[a.topic_id].append(a)
        self.sizes = sizes
        sources = defaultdict(list)
        outlets = {f.pk: f for f in Feed.objects.only("name")}
        for item in (SourceItem.objects.filter(event__article__status=Article.Status.PUBLISHED)
                     .defer("summary", "guid", "key").order_by("published_at", "id")):
            SourceItem.feed.field.set_cached_value(item, outlets[item.feed_id])
            sources[item.event_id].append(item)
        corrections = defaultdict(list)
        for c in Correction.objects.filter(article__status=Article.Status.PUBLISHED):
            corrections[c.article_id].append(c)
        self.topics = [topics[pk] for pk in by_topic]
        self.by_section, self.by_topic = by_section, by_topic
        self.render: dict[str, object] = {}  # a page's address: what renders it (else its view)
        blocks = [[a.card for a in by_section[s.pk][:4]] for s in sections]
        keys: dict[str, str | None] = {}
        home_blocks = [(s, by_section[s.pk][:4]) for s in sections if by_section[s.pk]]
        keys.update(self._list(links.named("home"), articles, None, None, home_blocks,
                               first=blocks))
        for section in sections:
            keys.update(self._list(section.get_absolute_url(), by_section[section.pk], "section",
                                   section))
        for topic in self.topics:
            keys.update(self._list(topic.get_absolute_url(), by_topic[topic.pk], "topic", topic,
                                   every=(topic.name, topic.slug)))
        for name, template in (("about", "site/about.html"), ("how-it-works", "site/how_it_works.html")):
            url = links.named(name)
            keys[url] = _key(name)  # the same text until the code changes
            self.render[url] = partial(pages.plain, sections, template, name)
        lists = views.corrections_lists()
        url = links.named("corrections")
        keys[url] = _key([(a.pk, a.headline, a.updated_at) for a in lists["withdrawn"]],
                         [(c.pk, c.note, c.made_at, c.article.headline, c.article.slug)
                          for c in lists["corrected"]])
        self.render[url] = partial(pages.plain, sections, "site/corrections.html", "corrections", **lists)
        where = {a.pk: i for stories in by_topic.values() for i, a in enumerate(stories)}
        for a in articles:
            related = pages.related_window(by_topic[a.topic_id], where[a.pk]) if a.topic_id else []
            items = sources[a.event_id]
            notes = corrections[a.pk]
            url = a.get_absolute_url()
            keys[url] = _key(a.card, a.body, a.words, a.violations,
                             (a.event.title, a.event.publisher, a.event.reporter),
                             a.topic and (a.topic.name, a.topic.slug),
                             [(i.pk, i.title, i.link, i.publisher, i.published_at, i.fetched_at,
                               i.feed.name) for i in items],
                             [(c.pk, c.note, c.made_at) for c in notes], [r.card for r in related])
            self.render[url] = partial(pages.article, sections, a, related=related, sources=items,
                                       corrections=notes)
        keys["/robots.txt"] = _key("robots")
        # The Google News sitemap depends on the clock (the last two days), so it has no key.
        keys[reverse("site:sitemap")] = keys[reverse("site:sitemap-news")] = None
        for name, cls in sitemaps.SITEMAPS.items():
            for page in range(1, cls().paginator.num_pages + 1):
                url = reverse("site:sitemap-section-page", args=[name, page]) if page > 1 \
                    else reverse("site:sitemap-section", args=[name])
                keys[url] = _key([a.item for a in articles]) if name == "articles" else None
        self.feed_items = {}
        for scope, stories in ((None, articles), *((s, by_section[s.pk]) for s in sections),
                               *((t, by_topic[t.pk]) for t in self.topics)):
            self.feed_items[feeds._scope(scope)] = stories[:feeds.ITEMS]
            key = _key(scope and (scope.name, scope.slug), [a.item for a in stories[:feeds.ITEMS]])
            keys.update((url, key) for url in _feeds(scope))
        for section in sections:
            # A section's feed exists even while the section has no story.
            self.feed_items.setdefault(feeds._scope(section), [])
        self.keys = keys

    def _list(self, base: str, stories: list, kind, owner, blocks=(), every=(), first=()) -> dict:
        """The keys of a list's front and archive pages; how each is rendered."""
        per, total = views.PER_PAGE, len(stories)
        count = pages.archive_pages(total, per)
        keys = _archive(base, stories, every, first)
        for number in (None, *range(1, count + 1)):
            start, stop = (0, pages.front_size(total, per)) if number is None \
                else pages.archive_slice(total, per, number)
            page = pages.page_of(base, total, per, number, stories[start:stop])
            url = base if number is None else links.archive(base, number)
            self.render[url] = partial(pages.home, self.sections, page, list(blocks)) if kind is None \
                else partial(pages.listing, self.sections, kind, owner, page)
        return keys

    def page(self, renderer: _Renderer, url: str) -> bytes:
        """A page's bytes: from the loaded objects, or through its view (feeds, sitemaps)."""
        made = self.render.get(url)
        if made is not None:
            return made().encode()
        return renderer.get(url)

    def media(self) -> set[str]:
        """The image files the published articles show, relative to the images folder."""
        files = set()
        for a in self.articles:
            image = getattr(a, "image", None)
            if image is not None:
                files.update(p for p in (image.path, *(image.files or {}).values()) if p)
        return files


def _image(article) -> tuple | None:
    image = getattr(article, "image", None)
    if image is None:
        return None
    return (image.pk, image.path, image.files, image.alt, image.caption, image.credit, image.licence,
            image.width, image.height)


def _card(article) -> tuple:
    # What a story's card (and its own page's head) shows of it.
    return (article.pk, article.slug, article.headline, article.dek, article.section_id,
            article.topic_id, article.published_at, article.updated_at, article.read_minutes,
            _image(article))


class _Writer:
    """Writes files under the export folder atomically, counting what changed."""

    def __init__(self, out_dir: Path, old: dict, full: bool):
        self.out_dir, self.old, self.full = out_dir, old, full
        self.files: dict[str, str] = {}
        self.written = self.unchanged = 0
        self.folders: set[Path] = set()

    def _folder(self, target: Path) -> None:
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)

    def keep(self, name: str) -> bool:
        """Carry a file over from the last export without touching it, if it is still there."""
        if self.full or name not in self.old or not (self.out_dir / name).is_file():
            return False
        self.files[name] = self.old[name]
        self.unchanged += 1
        return True

    def put(self, name: str, data: bytes) -> None:
        """Write a file's bytes unless the last export already wrote exactly these."""
        digest = _sha(data)
        self.files[name] = digest
        if not self.full and self.old.get(name) == digest and (self.out_dir / name).is_file():
            self.unchanged += 1
            return
        target = self.out_dir / name
        self._folder(target)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        # A server reading the folder meanwhile sees the old file or the new one, never half.
        os.replace(temporary, target)
        self.written += 1

    def link(self, name: str, source: Path, digest: str) -> None:
        """Put a file of the images folder in the export: a hard link where it can, else a copy."""
        self.files[name] = digest
        target = self.out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.unlink(missing_ok=True)
        try:
            os.link(source, temporary)
        except OSError:  # another filesystem, or links not allowed
            shutil.copyfile(source, temporary)
        os.replace(temporary, target)
        self.written += 1


def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def _parallel(workers: int) -> bool:
    # Forked renderers each open the database anew: they would not see a transaction's uncommitted
    # rows (a test's) nor an in-memory database.
    return (workers > 1 and not connection.in_atomic_block
            and connection.settings_dict["NAME"] not in ("", ":memory:")
            and "mode=memory" not in str(connection.settings_dict["NAME"]))


# What a forked renderer inherits from the export that forked it, and its own renderer and writer.
_fork_state: dict = {}
_worker: tuple[_Renderer, _Writer] | None = None


def _render_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """In a forked renderer: render and write these (url, file) pairs; (file, digest, written)."""
    global _worker
    if _worker is None:
        _worker = (_Renderer(), _Writer(_fork_state["out_dir"], _fork_state["old"], _fork_state["full"]))
    renderer, writer = _worker
    done = []
    for url, name in chunk:
        before = writer.written
        writer.put(name, _fork_state["site"].page(renderer, url))
        done.append((name, writer.files[name], writer.written > before))
    return done


def _render_all(todo, site, renderer, writer, workers, out_dir, old_files, full) -> None:
    """Render and write every (url, file) of `todo`: in forked processes when there are many."""
    if not (_parallel(workers) and len(todo) > 100):
        for url, name in todo:
            writer.put(name, site.page(renderer, url))
        return
    _fork_state.update(out_dir=out_dir, old=old_files, full=full, site=site)
    connections.close_all()  # each process opens its own connection
    size = max(10, min(200, len(todo) // (workers * 8)))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for done in pool.imap_unordered(_render_chunk, chunks):
            for name, digest, written in done:
                writer.files[name] = digest
                writer.written += written
                writer.unchanged += not written


def _top(queryset, field: str):
    value = queryset.exclude(**{f"{field}__isnull": True}).order_by(f"-{field}") \
        .values_list(field, flat=True).first()
    return value.isoformat() if hasattr(value, "isoformat") else value


def marks() -> dict:
    """Where the newsroom stands, in a few indexed reads: its newest edit, publication, item,
    correction and image, how many stories are published, and the topics' names."""
    return {"updated": _top(Article.objects, "updated_at"),
            "published": _top(Article.objects, "published_at"),
            "item": _top(SourceItem.objects, "id"), "correction": _top(Correction.objects, "id"),
            "image": _top(Image.objects, "id"),
            "count": Article.objects.filter(status=Article.Status.PUBLISHED).count(),
            "topic": _top(Topic.objects, "id"), "topics": _topics()}


def _topics(upto=None) -> str:
    """A digest of the topics' names and addresses (of those up to id `upto`)."""
    rows = Topic.objects.order_by("id")
    if upto is not None:
        rows = rows.filter(id__lte=upto)
    return _key(list(rows.values_list("id", "name", "slug")))


def _since(value: str | None) -> datetime:
    return datetime.fromisoformat(value) if value else datetime.min.replace(tzinfo=UTC)


class _Quick:
    """An export of what a few new stories change, without loading the rest of the site.

    It applies when everything that changed since the last export is new stories, newer than
    any before them, or a published story's sources: then the pages that change are known (each
    new story's page and its topic neighbours', the front page of each list it joins, the
    archive page a front page fills, the feeds of those lists, the last article sitemap), and
    only those are rendered. Anything else (an edit, a withdrawal, a new image on an old story)
    leaves it to the export of the whole site.
    """

    def __init__(self, old: dict, now: dict, old_files: dict):
        self.old, self.now, self.old_files = old, now, old_files
        self.render: dict[str, object] = {}
        self.stories: list = []

    def plan(self) -> bool:
        """Work out which pages change; False when only a whole export can tell."""
        old, now = self.old, self.now
        if now["topics"] != old["topics"] and _topics(old["topic"] or 0) != old["topics"]:
            return False  # a topic was renamed (new topics are fine: their stories are new)
        since_u, since_p = _since(old["updated"]), _since(old["published"])
        # New images and corrections are fine on new stories only (checked below).
        pictured = set(Image.objects.filter(id__gt=old["image"] or 0).values_list("article_id", flat=True))
        pictured |= set(Correction.objects.filter(id__gt=old["correction"] or 0)
                        .values_list("article_id", flat=True))
        ids = set(Article.objects.filter(updated_at__gt=since_u).values_list("id", flat=True))
        ids |= set(Article.objects.filter(published_at__gt=since_p).values_list("id", flat=True))
        fed = set(SourceItem.objects.filter(id__gt=old["item"] or 0, event__article__isnull=False)
                  .values_list("event__article__id", flat=True))
        touched = ids | fed | pictured
        changed = {a.pk: a for a in views.published().filter(pk__in=touched)}
        for story in Article.objects.filter(pk__in=touched - set(changed)).select_related("section"):
            if story.slug and story.published_at and file_for(story.get_absolute_url()) in self.old_files:
                return False  # it was on the site and is not any more
        new, sourced = [], []
        for story in changed.values():
            # New is published since the last export began (it may have rendered some of them:
            # they are rendered again). Older and changed is an edit, or it lands inside the
            # lists, and the count says so.
            if story.published_at > since_p:
                new.append(story)
            elif story.pk in ids or story.pk in pictured:
                return False  # an edit of a story already on the site
            else:
                sourced.append(story)
        if now["count"] != old["count"] + len(new):
            return False
        new.sort(key=lambda a: (a.published_at, a.pk))
        self.stories = new
        self._articles(new, sourced)
        self._lists(new)
        return True

    def _articles(self, new: list, sourced: list) -> None:
        pages_of = {a.pk: a for a in sourced}
        related: dict[int, list] = {a.pk: [] for a in [*new, *sourced]}
        for topic_id in {a.topic_id for a in [*new, *sourced] if a.topic_id}:
            fresh = {a.pk for a in new if a.topic_id == topic_id}
            wanted = len(fresh) + pages.RELATED_NEWER + pages.RELATED
            stories = views.newest(views.published().filter(topic_id=topic_id), wanted)
            # A window is known only where the stories it may reach were loaded; beyond that a
            # story has RELATED older ones and never reaches up to a new story.
            known = len(stories) if len(stories) < wanted else len(stories) - pages.RELATED
            for index, story in enumerate(stories[:known]):
                window = pages.related_window(stories, index)
                if story.pk in fresh or fresh & {r.pk for r in window}:
                    pages_of.setdefault(story.pk, story)  # the new ones, and those they join
                    related[story.pk] = window
            for story in sourced:
                if story.topic_id == topic_id and story.pk not in {s.pk for s in stories}:
                    related[story.pk] = views.related(story)
        for story in new:
            pages_of.setdefault(story.pk, story)
        chosen = list(pages_of.values())
        sources, notes = defaultdict(list), defaultdict(list)
        for item in (SourceItem.objects.filter(event_id__in=[a.event_id for a in chosen])
                     .select_related("feed").order_by("published_at", "id")):
            sources[item.event_id].append(item)
        for c in Correction.objects.filter(article_id__in=[a.pk for a in chosen]):
            notes[c.article_id].append(c)
        sections = self.sections = list(Section.objects.all())
        for story in chosen:
            self.render[story.get_absolute_url()] = partial(
                pages.article, sections, story, related=related.get(story.pk) or [],
                sources=sources[story.event_id], corrections=notes[story.pk])

    def _lists(self, new: list) -> None:
        if not new:
            return
        sections = self.sections
        scopes = [(None, views.published(), len(new))]
        for owner in {a.section for a in new if a.section_id}:
            scopes.append((owner, views.published().filter(section=owner),
                           sum(1 for a in new if a.section_id == owner.pk)))
        for owner in {a.topic for a in new if a.topic_id}:
            scopes.append((owner, views.published().filter(topic=owner),
                           sum(1 for a in new if a.topic_id == owner.pk)))
        per = views.PER_PAGE
        self.feeds = []
        for owner, queryset, fresh in scopes:
            base = owner.get_absolute_url() if owner is not None else links.named("home")
            total = self.now["count"] if owner is None else queryset.count()
            before, after = pages.archive_pages(total - fresh, per), pages.archive_pages(total, per)
            numbers = [None, *range(max(1, before), after + 1)] if after > before else [None]
            deepest = max(pages.archive_slice(total, per, n)[1] if n else pages.front_size(total, per)
                          for n in numbers)
            stories = views.newest(queryset, deepest)
            for number in numbers:
                start, stop = (0, pages.front_size(total, per)) if number is None \
                    else pages.archive_slice(total, per, number)
                page = pages.page_of(base, total, per, number, stories[start:stop])
                url = base if number is None else links.archive(base, number)
                if owner is None:
                    blocks = [] if number else [
                        (s, b) for s in sections
                        if (b := views.newest(views.published().filter(section=s), 4))]
                    self.render[url] = partial(pages.home, sections, page, blocks)
                else:
                    kind = "section" if isinstance(owner, Section) else "topic"
                    self.render[url] = partial(pages.listing, sections, kind, owner, page)
            self.feeds += _feeds(owner)
            if isinstance(owner, Topic) and total == fresh:
                self.feeds.append(reverse("site:sitemap-section", args=["topics"]))
        # Articles' sitemaps are oldest first: only the last one grows, and the next begins.
        limit = sitemaps.ArticleSitemap.limit
        first = (self.now["count"] - len(new)) // limit + 1  # the first file not yet full
        for page in range(first, max(1, -(-self.now["count"] // limit)) + 1):
            self.feeds.append(reverse("site:sitemap-section-page", args=["articles", page]) if page > 1
                              else reverse("site:sitemap-section", args=["articles"]))
        self.feeds.append(reverse("site:sitemap"))

    def urls(self) -> list[str]:
        """Every address to render again, pages first."""
        return [*self.render, *getattr(self, "feeds", []), reverse("site:sitemap-news")]

    def page(self, renderer: _Renderer, url: str) -> bytes:
        """A page's bytes."""
        made = self.render.get(url)
        return made().encode() if made is not None else renderer.get(url)

    def media(self) -> set[str]:
        """The image files of the new stories."""
        files = set()
        for a in self.stories:
            image = getattr(a, "image", None)
            if image is not None:
                files.update(p for p in (image.path, *(image.files or {}).values()) if p)
        return files


def _quick_export(out_dir: Path, manifest: dict, now: dict, key: str, start: float) -> ExportResult | None:
    """The export of a few new stories (see _Quick), or None when the whole site must be looked at."""
    old = manifest.get("marks")
    if not old or manifest.get("site") != key or set(old) != set(now):
        return None
    old_files: dict[str, str] = manifest.get("files", {})
    quick = _Quick(old, now, old_files)
    if not quick.plan():
        return None
    writer = _Writer(out_dir, old_files, False)
    writer.files = dict(old_files)
    renderer = _Renderer()
    keys = dict(manifest.get("keys", {}))
    urls = quick.urls()
    with jinja.card_cache():
        for url in urls:
            name = file_for(url)
            writer.files.pop(name, None)
            keys.pop(name, None)  # a later whole export renders it again, to record its key
            writer.put(name, quick.page(renderer, url))
    stats = dict(manifest.get("media", {}))
    media_root, media_prefix = Path(settings.MEDIA_ROOT), settings.MEDIA_URL.strip("/")
    for relative in sorted(quick.media()):
        source = media_root / relative
        try:
            name = f"{media_prefix}/{file_for('/' + relative)}"
            info = source.stat()
        except (ValueError, OSError):
            continue
        stats[name] = [info.st_size, info.st_mtime_ns]
        writer.link(name, source, _sha(source.read_bytes()))
    _write_manifest(out_dir / MANIFEST, key, writer.files, keys, stats, now)
    unchanged = len(writer.files) - writer.written
    return ExportResult(out_dir, writer.written, unchanged, 0, len(urls), time.perf_counter() - start)


def _write_manifest(path: Path, key: str, files: dict, keys: dict, media: dict, now: dict) -> None:
    body = {"format": FORMAT, "site": key, "exported_at": datetime.now(UTC).isoformat(),
            "files": files, "keys": keys, "media": media, "marks": now}
    temporary = path.with_name(f".{MANIFEST}.tmp")
    # One line: with an indent, json writes through its Python encoder, a tenth of a second per
    # 10,000 files, on every export.
    temporary.write_text(json.dumps(body, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    os.replace(temporary, path)


def export_site(out_dir: Path, *, full: bool = False, workers: int = 1) -> ExportResult:
    """Write the whole public site under `out_dir` as static files; only what changed is rewritten.

    `workers` > 1 renders pages in that many forked processes (a file database only).
    """
    start = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / MANIFEST
    manifest = _read_manifest(manifest_path)
    old_files: dict[str, str] = manifest.get("files", {})
    key = site_key()
    # Read before anything is loaded: what is published meanwhile, the next export sees.
    now = marks()
    if not full and (done := _quick_export(out_dir, manifest, now, key, start)) is not None:
        return done
    # Keys only vouch for a page rendered by the same code, templates and configuration.
    old_keys: dict[str, str] = manifest.get("keys", {}) if manifest.get("site") == key else {}
    writer = _Writer(out_dir, old_files, full)
    renderer = _Renderer()
    site = _Site()

    keys: dict[str, str] = {}
    todo: list[tuple[str, str]] = []
    for url, page_key in site.keys.items():
        name = file_for(url)
        if page_key:
            keys[name] = page_key
            if old_keys.get(name) == page_key and writer.keep(name):
                continue
        todo.append((url, name))
    rendered = len(todo)
    feeds.PRELOADED = {"items": site.feed_items, "sizes": site.sizes}
    try:
        with jinja.card_cache():
            _render_all(todo, site, renderer, writer, workers, out_dir, old_files, full)
    finally:
        feeds.PRELOADED = None
    # A plain server answers a missing address with the site's own 404 page, given this file.
    if not (old_keys.get(NOT_FOUND) == key and writer.keep(NOT_FOUND)):
        writer.put(NOT_FOUND, renderer.missing())
        rendered += 1
    keys[NOT_FOUND] = key

    static_prefix = settings.STATIC_URL.strip("/")
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            name = f"{static_prefix}/{path}"
            if path.startswith(STATIC_PREFIXES) and name not in writer.files:
                with storage.open(path) as handle:
                    writer.put(name, handle.read())

    media_root = Path(settings.MEDIA_ROOT)
    media_prefix = settings.MEDIA_URL.strip("/")
    old_stats: dict[str, list] = manifest.get("media", {})
    stats: dict[str, list] = {}
    for relative in sorted(site.media()):
        source = media_root / relative
        try:
            name = f"{media_prefix}/{file_for('/' + relative)}"
            info = source.stat()
        except (ValueError, OSError):
            continue  # a missing or misnamed image is the page's problem, not the export's
        stat = [info.st_size, info.st_mtime_ns]
        stats[name] = stat
        if old_stats.get(name) == stat and writer.keep(name):
            continue
        digest = _sha(source.read_bytes())
        if not full and old_files.get(name) == digest and (out_dir / name).is_file():
            writer.files[name] = digest
            writer.unchanged += 1
        else:
            writer.link(name, source, digest)

    deleted = 0
    for name in sorted(set(old_files) - set(writer.files)):
        target = out_dir / name
        # The manifest is a file on disk: never let an entry in it reach outside the export.
        if not target.resolve().is_relative_to(out_dir.resolve()):
            continue
        if target.is_file():
            target.unlink()
            deleted += 1
            _prune(target.parent, out_dir)

    _write_manifest(manifest_path, key, writer.files, keys, stats, now)
    return ExportResult(out_dir, writer.written, writer.unchanged, deleted, rendered,
                        time.perf_counter() - start)


def _prune(folder: Path, root: Path) -> None:
    # Folders left empty by a deleted page (a withdrawn article's date folders) go too.
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
