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
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.handlers.base import BaseHandler
from django.db import connection, connections
from django.test import RequestFactory
from django.urls import resolve, reverse

from infolitico import __version__
from infolitico.newsroom.models import Article, Correction, Section, SourceItem, Topic
from infolitico.site import feeds, sitemaps, views

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
    """The pages of an archive (newest first, PER_PAGE a page), each with the key of its cards."""
    per = views.PER_PAGE
    pages = max(1, -(-len(stories) // per))
    return {views.page_path(base, n): _key(base, n, pages, [a.card for a in stories[(n - 1) * per:n * per]],
                                             every, first if n == 1 else ())
            for n in range(1, pages + 1)}


def _feeds(obj=None) -> list[str]:
    return [feeds.feed_path(kind, obj) for kind in feeds.FORMATS]


class _Site:
    """Every address of the site, each with a key of everything it shows where one can be had.

    A page whose key is the one recorded at the last export (by the same code and configuration)
    is the same page, so it is not rendered again. Pages without a key are always rendered.
    """

    def __init__(self):
        articles = list(views.published().select_related("event"))
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
        sources = defaultdict(list)
        for row in (SourceItem.objects.filter(event__article__status=Article.Status.PUBLISHED)
                    .order_by("published_at", "id")
                    .values_list("event_id", "id", "title", "link", "publisher", "published_at",
                                 "fetched_at", "feed__name")):
            sources[row[0]].append(row[1:])
        sections = list(Section.objects.all())
        self.topics = list(Topic.objects.filter(pk__in=by_topic.keys()))
        blocks = [[a.card for a in by_section[s.pk][:4]] for s in sections]
        keys: dict[str, str | None] = {}
        keys.update(_archive("/", articles, first=blocks))
        for section in sections:
            keys.update(_archive(section.get_absolute_url(), by_section[section.pk]))
        for topic in self.topics:
            keys.update(_archive(topic.get_absolute_url(), by_topic[topic.pk],
                                 every=(topic.name, topic.slug)))
        for name in ("site:about", "site:how-it-works"):
            keys[reverse(name)] = _key(name)  # the same text until the code changes
        keys[reverse("site:corrections")] = _key(list(
            Article.objects.filter(status=Article.Status.WITHDRAWN).order_by("-updated_at")
            .values_list("id", "headline", "updated_at")[:100]), list(
            Correction.objects.filter(article__status=Article.Status.PUBLISHED)
            .values_list("id", "note", "made_at", "article__headline", "article__slug")[:100]))
        for a in articles:
            related = [r.card for r in by_topic[a.topic_id] if r.pk != a.pk][:4] if a.topic_id else []
            keys[a.get_absolute_url()] = _key(a.card, a.body, a.words,
                                              (a.event.title, a.event.publisher, a.event.reporter),
                                              a.topic and (a.topic.name, a.topic.slug),
                                              sources[a.event_id], related)
        keys["/robots.txt"] = _key("robots")
        # The Google News sitemap depends on the clock (the last two days), so it has no key.
        keys[reverse("site:sitemap")] = keys[reverse("site:sitemap-news")] = None
        for name, cls in sitemaps.SITEMAPS.items():
            for page in range(1, cls().paginator.num_pages + 1):
                url = reverse("site:sitemap-section-page", args=[name, page]) if page > 1 \
                    else reverse("site:sitemap-section", args=[name])
                keys[url] = _key([a.item for a in articles]) if name == "articles" else None
        for scope, stories in ((None, articles), *((s, by_section[s.pk]) for s in sections),
                               *((t, by_topic[t.pk]) for t in self.topics)):
            key = _key(scope and (scope.name, scope.slug), [a.item for a in stories[:feeds.ITEMS]])
            keys.update((url, key) for url in _feeds(scope))
        self.keys = keys

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
        target.parent.mkdir(parents=True, exist_ok=True)
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
        writer.put(name, renderer.get(url))
        done.append((name, writer.files[name], writer.written > before))
    return done


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
    if _parallel(workers) and len(todo) > 100:
        _fork_state.update(out_dir=out_dir, old=old_files, full=full)
        connections.close_all()  # each process opens its own connection
        size = max(10, min(200, len(todo) // (workers * 8)))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done in pool.imap_unordered(_render_chunk, chunks):
                for name, digest, written in done:
                    writer.files[name] = digest
                    writer.written += written
                    writer.unchanged += not written
    else:
        for url, name in todo:
            writer.put(name, renderer.get(url))
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

    body = {"format": FORMAT, "site": key, "exported_at": datetime.now(UTC).isoformat(),
            "files": writer.files, "keys": keys, "media": stats}
    temporary = manifest_path.with_name(f".{MANIFEST}.tmp")
    temporary.write_text(json.dumps(body, sort_keys=True, indent=0), encoding="utf-8")
    os.replace(temporary, manifest_path)
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
