"""The whole public site as static files, for any web server or object store, rewritten incrementally.

Every page, feed and sitemap is rendered by the site's own URL resolver and views, so an exported
file holds exactly the bytes `infolitico serve` answers at that address: `/politics/` becomes
`politics/index.html`, `/rss.xml` stays `rss.xml`. Images of published articles are hard-linked
(or copied) from the images folder, the site's CSS and icon from the app.

`.infolitico-export.sqlite3` in the export folder (see `Manifest`) records each file's SHA-256,
so a later export writes only files whose bytes changed and deletes the ones that no longer exist
(a withdrawn article's page and images). It also records a key of everything each page shows (its
stories' ids, edit times and images, its related stories, sources...): a page whose key is
unchanged, under the same code and configuration, is not even rendered again. `full=True`
renders and writes everything afresh. Feeds and sitemaps are written from the loaded stories by
the same functions their views call (`feeds.document`, `sitemaps.*_document`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import sqlite3
import time
from collections import defaultdict
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property, partial
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

MANIFEST = ".infolitico-export.sqlite3"
# Where the record was kept before, as one JSON file rewritten whole by every export.
LEGACY_MANIFEST = ".infolitico-export.json"
FORMAT = 2
# Static files under these prefixes are the public site's (the admin's stay with the server).
STATIC_PREFIXES = ("site/",)
NOT_FOUND = "404.html"


def image_files(articles) -> set[str]:
    """Every image file the articles show (each size and format), relative to the images folder."""
    files = set()
    for a in articles:
        image = getattr(a, "image", None)
        if image is not None:
            files.update(p for p in (image.path, *(image.files or {}).values()) if p)
    return files


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
        self.factory = RequestFactory()

    @cached_property
    def handler(self) -> BaseHandler:
        """The whole request handler, loaded only when asked for (its middleware scans static files)."""
        handler = BaseHandler()
        handler.load_middleware()
        return handler

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


# What no page shows of a story or of its event stays in the database: the fact ledger, the
# model's accounting, the writer's notes, the reasons, the pipeline's reading of the event.
_UNSHOWN = ("ledger", "usage", "notes", "reason", "flagged")
_ARTICLE_FIELDS = tuple(f.name for f in Article._meta.concrete_fields if f.name not in _UNSHOWN)
_EVENT_FIELDS = ("title", "publisher", "reporter")


def _feeds(obj=None) -> list[str]:
    return [feeds.feed_path(kind, obj) for kind in feeds.FORMATS]


def _sitemap(name: str, page: int) -> str:
    return reverse("site:sitemap-section-page", args=[name, page]) if page > 1 \
        else reverse("site:sitemap-section", args=[name])


def _list_name(owner) -> str:
    # The manifest's name for a list: "home", "section:3", "topic:41".
    return "home" if owner is None else f"{type(owner).__name__.lower()}:{owner.pk}"


class _Site:
    """Every address of the site, each with a key of everything it shows, and how to render it.

    The whole published site is loaded at once (a handful of queries, whatever its size) and each
    page is rendered from those objects by the views' own renderer (`pages`). A page whose key is
    the one recorded at the last export (by the same code and configuration) is the same page, so
    it is not rendered again. Pages without a key (feeds and sitemaps that follow the clock) are
    always rendered, through their views.
    """

    def __init__(self):
        # Sections, topics and images are shared objects, set on each story, not joined onto it.
        published = Article.objects.filter(status=Article.Status.PUBLISHED)
        articles = list(published.select_related("event").order_by("-published_at", "-id")
                        .only(*_ARTICLE_FIELDS, *(f"event__{name}" for name in _EVENT_FIELDS)))
        # Images in a query of their own: joined, they cost four times as much to load.
        images = {i.article_id: i for i in Image.objects.filter(article__status=Article.Status.PUBLISHED)}
        self.sections = sections = list(Section.objects.all())
        owners = {s.pk: s for s in sections}
        topics = {t.pk: t for t in Topic.objects.all()}
        for a in articles:
            Article.section.field.set_cached_value(a, owners.get(a.section_id))
            Article.topic.field.set_cached_value(a, topics.get(a.topic_id))
            image = images.get(a.pk)
            Article.image.related.set_cached_value(a, image)
            if image is not None:
                Image.article.field.set_cached_value(image, a)
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
        self.group: dict[str, int] = {}  # a topic's pages and its stories': the topic, whose cards they show
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
            self.group[url] = a.topic_id or 0
        keys["/robots.txt"] = _key("robots")
        self.lists = {_list_name(None): len(articles),
                      **{_list_name(s): len(by_section[s.pk]) for s in sections},
                      **{_list_name(t): len(by_topic[t.pk]) for t in self.topics}}
        # The Google News sitemap depends on the clock (the last two days), so it has no key.
        keys[reverse("site:sitemap")] = keys[reverse("site:sitemap-news")] = None
        files = sitemaps.pages({"articles": len(articles), "topics": len(self.topics),
                                "sections": len(sections), "pages": len(sitemaps.PageSitemap().items())})
        self.render[reverse("site:sitemap")] = partial(sitemaps.index_document, files)
        since, until = sitemaps.news_window()
        self.render[reverse("site:sitemap-news")] = partial(
            sitemaps.news_document,
            [a for a in articles if since <= a.published_at <= until][:sitemaps.NEWS_LIMIT])
        oldest_first = articles[::-1]
        limit = sitemaps.ArticleSitemap.limit
        for name in sitemaps.SITEMAPS:
            for page in range(1, files[name] + 1):
                url = _sitemap(name, page)
                if name == "articles":
                    chunk = oldest_first[(page - 1) * limit:page * limit]
                    keys[url] = _key([a.item for a in chunk], page == files[name])
                    self.render[url] = partial(sitemaps.articles_document, chunk)
                else:
                    keys[url] = None
        for scope, stories in ((None, articles), *((s, by_section[s.pk]) for s in sections),
                               *((t, by_topic[t.pk]) for t in self.topics)):
            # A section's feed exists even while the section has no story.
            key = _key(scope and (scope.name, scope.slug), [a.item for a in stories[:feeds.ITEMS]])
            for kind in feeds.FORMATS:
                url = feeds.feed_path(kind, scope)
                keys[url] = key
                self.render[url] = partial(feeds.document, kind, scope, stories[:feeds.ITEMS], sizes)
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
            if kind == "topic":
                self.group[url] = owner.pk
        return keys

    def page(self, renderer: _Renderer, url: str) -> bytes:
        """A page's bytes: from the loaded objects, or through its view (a few sitemaps)."""
        made = self.render.get(url)
        if made is not None:
            made = made()
            return made if isinstance(made, bytes) else made.encode()
        return renderer.get(url)

    def media(self) -> set[str]:
        """The image files the published articles show, relative to the images folder."""
        return image_files(self.articles)


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


class Manifest:
    """The export's record in a SQLite file beside it: one row a file (its SHA-256 and page key).

    An export of a few new stories reads and writes the rows of the files it touches only, so its
    cost does not grow with the site; a whole export rewrites every row in one transaction. An
    export folder holding the older JSON manifest is carried over to this one.
    """

    def __init__(self, out_dir: Path):
        path = out_dir / MANIFEST
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, sha TEXT NOT NULL, key TEXT);"
            "CREATE TABLE IF NOT EXISTS media (name TEXT PRIMARY KEY, size INTEGER, mtime INTEGER);")
        rows = self.db.execute("SELECT name, value FROM meta")
        self.meta = {name: json.loads(value) for name, value in rows}
        if self.meta.get("format") != FORMAT:
            self.meta = {}
            legacy = out_dir / LEGACY_MANIFEST
            if legacy.is_file():
                self._carry_over(legacy)

    def _carry_over(self, legacy: Path) -> None:
        try:
            data = json.loads(legacy.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("format") == 1:
            keys = data.get("keys", {})
            self.replace({n: (sha, keys.get(n)) for n, sha in data.get("files", {}).items()},
                         data.get("media", {}), {"site": data.get("site"), "marks": data.get("marks")})
        legacy.unlink(missing_ok=True)

    def files(self) -> dict[str, str]:
        """Every file's SHA-256."""
        return dict(self.db.execute("SELECT name, sha FROM files"))

    def keys(self) -> dict[str, str]:
        """Every page key recorded."""
        return dict(self.db.execute("SELECT name, key FROM files WHERE key IS NOT NULL"))

    def media(self) -> dict[str, list]:
        """Every image file's size and modification time when it was exported."""
        return {n: [size, mtime] for n, size, mtime in self.db.execute("SELECT name, size, mtime FROM media")}

    def count(self) -> int:
        """How many files the export holds."""
        return self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]

    def rows(self) -> _Rows:
        """The files' SHA-256 as a mapping read row by row."""
        return _Rows(self.db)

    def replace(self, files: dict[str, tuple], media: dict[str, list], meta: dict) -> None:
        """Record a whole export: (sha, key) of every file, every image's stat, the marks."""
        with self._transaction():
            self.db.execute("DELETE FROM files")
            self.db.execute("DELETE FROM media")
            self.db.executemany("INSERT INTO files VALUES (?, ?, ?)", ((n, *v) for n, v in files.items()))
            self.db.executemany("INSERT INTO media VALUES (?, ?, ?)", ((n, *v) for n, v in media.items()))
            self._meta(meta)

    def update(self, files: dict[str, tuple], media: dict[str, list], meta: dict) -> None:
        """Record the files a partial export wrote, and its marks."""
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                                ((n, *v) for n, v in files.items()))
            self.db.executemany("INSERT OR REPLACE INTO media VALUES (?, ?, ?)",
                                ((n, *v) for n, v in media.items()))
            self._meta(meta)

    def forget(self) -> None:
        """Drop every page key and the marks: the next export renders the whole site."""
        with self._transaction():
            self.db.execute("UPDATE files SET key = NULL")
            self.db.execute("DELETE FROM meta WHERE name = 'marks'")

    def _meta(self, meta: dict) -> None:
        meta = {"format": FORMAT, "exported_at": datetime.now(UTC).isoformat(), **meta}
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                            ((n, json.dumps(v, sort_keys=True)) for n, v in meta.items()))
        self.meta.update(meta)

    @contextmanager
    def _transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        """Close the file."""
        self.db.close()


class _Rows(Mapping):
    """The recorded SHA-256 of files, looked up one by one (what a partial export needs)."""

    def __init__(self, db):
        self.db = db

    def __getitem__(self, name: str) -> str:
        row = self.db.execute("SELECT sha FROM files WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise KeyError(name)
        return row[0]

    def __iter__(self):
        return (name for (name,) in self.db.execute("SELECT name FROM files"))

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]


@contextmanager
def _loaded_site():
    """The whole site loaded (see `_Site`), left out of the garbage collector's passes while used.

    The load builds tens of thousands of objects that live as long as the export: passes over
    them free nothing, and took a third of the load's time. The collector is off while they are
    made, and they are frozen (`gc.freeze`) until the block ends; it still collects the pages'
    own garbage meanwhile.
    """
    enabled = gc.isenabled()
    # Whoever runs the export may freeze objects of its own: then these are left to it, as they are.
    freeze = gc.get_freeze_count() == 0
    gc.disable()
    try:
        site = _Site()
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()
    try:
        yield site
    finally:
        if freeze:
            gc.unfreeze()


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
    # Cards are rendered once per process: a topic's list pages and its stories' pages (whose related
    # stories are the topic's) go out in neighbouring chunks, so mostly one process renders them.
    todo = sorted(todo, key=lambda page: site.group.get(page[0], -1))
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

    def __init__(self, old: dict, now: dict, old_files: Mapping, lists: dict):
        self.old, self.now, self.old_files = old, now, old_files
        # How many stories each list (by its front page's address) held at the last export.
        self.lists, self.old_lists = dict(lists), lists
        self.render: dict[str, object] = {}
        self.stories: list = []

    def plan(self) -> bool:
        """Work out which pages change; False when only a whole export can tell."""
        old, now = self.old, self.now
        if now["topics"] != old["topics"] and _topics(old["topic"] or 0) != old["topics"]:
            return False  # a topic was renamed (new topics are fine: their stories are new)
        since_u, since_p = _since(old["updated"]), _since(old["published"])
        # New images and corrections are fine on new stories only (checked below).
        # Unordered: each read walks its own index from the mark (the models' default order would
        # have the database sort, or scan another index, across the whole table).
        pictured = set(Image.objects.filter(id__gt=old["image"] or 0).order_by()
                       .values_list("article_id", flat=True))
        pictured |= set(Correction.objects.filter(id__gt=old["correction"] or 0).order_by()
                        .values_list("article_id", flat=True))
        ids = set(Article.objects.filter(updated_at__gt=since_u).order_by().values_list("id", flat=True))
        ids |= set(Article.objects.filter(published_at__gt=since_p).order_by().values_list("id", flat=True))
        fed = set(SourceItem.objects.filter(id__gt=old["item"] or 0, event__article__isnull=False)
                  .order_by().values_list("event__article__id", flat=True))
        touched = ids | fed | pictured
        # Unordered, as above: an ORDER BY would walk a whole index to find a few rows.
        changed = {a.pk: a for a in views.published().filter(pk__in=touched).order_by()}
        gone = Article.objects.filter(pk__in=touched - set(changed)).select_related("section").order_by()
        for story in gone:
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
        self.feeds = []
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
        sizes: dict[str, int] = {}
        for owner, queryset, fresh in scopes:
            base = owner.get_absolute_url() if owner is not None else links.named("home")
            name = _list_name(owner)
            # The counts the last export recorded, and the new stories: no COUNT over the list.
            if owner is None:
                total = self.now["count"]
            elif name in self.lists:
                total = self.lists[name] + fresh
            else:
                total = queryset.count()  # a list the last export did not have: a new topic
            self.lists[name] = total
            before, after = pages.archive_pages(total - fresh, per), pages.archive_pages(total, per)
            numbers = [None, *range(max(1, before), after + 1)] if after > before else [None]
            deepest = max(pages.archive_slice(total, per, n)[1] if n else pages.front_size(total, per)
                          for n in numbers)
            stories = views.newest(queryset, max(deepest, feeds.ITEMS))
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
            for kind in feeds.FORMATS:
                self.render[feeds.feed_path(kind, owner)] = partial(
                    feeds.document, kind, owner, stories[:feeds.ITEMS], sizes)
        count = self.now["count"]
        topics = sum(1 for name, total in self.lists.items() if name.startswith("topic:") and total)
        files = sitemaps.pages({"articles": count, "topics": topics, "sections": len(sections),
                                "pages": len(sitemaps.PageSitemap().items())})
        if topics > sum(1 for name, total in self.old_lists.items() if name.startswith("topic:") and total):
            self.feeds.append(_sitemap("topics", 1))  # a new topic page (through its view)
        # Articles' sitemaps are oldest first: only the last one grows, and the next begins.
        limit = sitemaps.ArticleSitemap.limit
        first = (count - len(new)) // limit + 1  # the first file not yet full
        # The stories of those files are the newest ones: fetched newest first, by the index.
        tail = list(Article.objects.filter(status=Article.Status.PUBLISHED).select_related("section")
                    .only("slug", "section__slug", "published_at", "updated_at", "created_at")
                    .order_by("-published_at", "-id")[:count - (first - 1) * limit])[::-1]
        for page in range(first, files["articles"] + 1):
            offset = (page - 1) * limit - (first - 1) * limit
            self.render[_sitemap("articles", page)] = partial(sitemaps.articles_document,
                                                              tail[offset:offset + limit])
        self.render[reverse("site:sitemap")] = partial(sitemaps.index_document, files)
        since, until = sitemaps.news_window()
        news = (Article.objects.filter(status=Article.Status.PUBLISHED,
                                       published_at__gte=since, published_at__lte=until)
                .select_related("section").order_by("-published_at", "-id")
                .only("slug", "headline", "section__slug", "published_at", "updated_at", "created_at")
                [:sitemaps.NEWS_LIMIT])
        self.render[reverse("site:sitemap-news")] = partial(sitemaps.news_document, list(news))

    def urls(self) -> list[str]:
        """Every address to render again, pages first."""
        return [*self.render, *getattr(self, "feeds", [])]

    def page(self, renderer: _Renderer, url: str) -> bytes:
        """A page's bytes."""
        made = self.render.get(url)
        if made is None:
            return renderer.get(url)
        made = made()
        return made if isinstance(made, bytes) else made.encode()

    def media(self) -> set[str]:
        """The image files of the new stories."""
        return image_files(self.stories)


def _quick_export(out_dir: Path, manifest: Manifest, now: dict, key: str,
                  start: float) -> ExportResult | None:
    """The export of a few new stories (see _Quick), or None when the whole site must be looked at."""
    old = manifest.meta.get("marks")
    if not old or manifest.meta.get("site") != key or set(old) != set(now):
        return None
    old_files = manifest.rows()
    quick = _Quick(old, now, old_files, manifest.meta.get("lists") or {})
    if not quick.plan():
        return None
    writer = _Writer(out_dir, old_files, False)
    renderer = _Renderer()
    urls = quick.urls()
    with jinja.card_cache():
        for url in urls:
            writer.put(file_for(url), quick.page(renderer, url))
    stats = {}
    for name, source, stat in _media_files(quick.media()):
        stats[name] = stat
        writer.link(name, source, _sha(source.read_bytes()))
    # A page rendered here has no key: a later whole export renders it again, to record one.
    manifest.update({name: (sha, None) for name, sha in writer.files.items()}, stats,
                    {"marks": now, "lists": quick.lists})
    unchanged = manifest.count() - writer.written
    return ExportResult(out_dir, writer.written, unchanged, 0, len(urls), time.perf_counter() - start)


def _media_files(relatives: set[str]):
    """(exported name, source path, [size, mtime]) of each image file that exists."""
    media_root, media_prefix = Path(settings.MEDIA_ROOT), settings.MEDIA_URL.strip("/")
    for relative in sorted(relatives):
        source = media_root / relative
        try:
            name = f"{media_prefix}/{file_for('/' + relative)}"
            info = source.stat()
        except (ValueError, OSError):
            continue  # a missing or misnamed image is the page's problem, not the export's
        yield name, source, [info.st_size, info.st_mtime_ns]


def export_site(out_dir: Path, *, full: bool = False, workers: int = 1) -> ExportResult:
    """Write the whole public site under `out_dir` as static files; only what changed is rewritten.

    `workers` > 1 renders pages in that many forked processes (a file database only).
    """
    start = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(out_dir)
    try:
        with links.one_prefix():
            return _export(out_dir, manifest, full, workers, start)
    finally:
        manifest.close()


def _export(out_dir: Path, manifest: Manifest, full: bool, workers: int, start: float) -> ExportResult:
    key = site_key()
    # Read before anything is loaded: what is published meanwhile, the next export sees.
    now = marks()
    if not full and (done := _quick_export(out_dir, manifest, now, key, start)) is not None:
        return done
    old_files = manifest.files()
    # Keys only vouch for a page rendered by the same code, templates and configuration.
    old_keys: dict[str, str] = manifest.keys() if manifest.meta.get("site") == key else {}
    writer = _Writer(out_dir, old_files, full)
    renderer = _Renderer()
    with _loaded_site() as site:
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
        with jinja.card_cache():
            _render_all(todo, site, renderer, writer, workers, out_dir, old_files, full)
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

        old_stats: dict[str, list] = manifest.media()
        stats: dict[str, list] = {}
        for name, source, stat in _media_files(site.media()):
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

    manifest.replace({name: (sha, keys.get(name)) for name, sha in writer.files.items()}, stats,
                     {"site": key, "marks": now, "lists": site.lists})
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
