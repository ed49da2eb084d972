"""The stages of the flow, each a function over stored state that is safe to run twice.

A stage picks the rows it has work for, does that work one row per transaction, and reports
counts. A stage that crashes half-way leaves only whole rows behind; running it again finishes
the rest. The order of the stages is `flow`'s business, not theirs.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from infolitico.config import Config
from infolitico.newsroom import models, signals
from infolitico.newsroom.fetch import FetchError, backoff, fetch
from infolitico.pipeline import events as pipeline_events
from infolitico.pipeline.cluster import WINDOW as CLUSTER_WINDOW
from infolitico.pipeline.cluster import same_event
from infolitico.pipeline.desk import desk
from infolitico.pipeline.entities import KnowledgeBase
from infolitico.pipeline.feeds import FeedError, parse_feed
from infolitico.pipeline.illustrate import illustrate
from infolitico.pipeline.understand import understand
from infolitico.pipeline.writers import get_writer

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass
class StageResult:
    """What one stage did, as counts, and the reasons of what failed."""

    stage: str
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def fail(self, what: str, reason: str) -> None:
        self.counts["failed"] += 1
        self.failures.append(f"{what}: {reason}")


def _quiet(stage: str, done: int, total: int) -> None:
    pass


# ---------------------------------------------------------------------------------------------
# feeds and ingest


def sync_feeds(config: Config) -> None:
    """Make the stored feeds and sections match `infolitico.toml`; ad hoc feeds are left alone."""
    listed = {f.source: f for f in config.feeds}
    for source, feed in listed.items():
        models.Feed.objects.update_or_create(
            source=source,
            defaults={"name": feed.name, "identity": feed.identity, "configured": True},
        )
    models.Feed.objects.filter(configured=True).exclude(source__in=listed).update(configured=False)
    for position, name in enumerate(config.sections):
        models.Section.objects.update_or_create(
            slug=section_slug(name), defaults={"name": name, "position": position}
        )


def add_feed(source: str, *, name: str = "", identity: str = "auto") -> models.Feed:
    """Register a feed given on the command line (kept, but not re-fetched by `run`)."""
    feed, _ = models.Feed.objects.get_or_create(
        source=source, defaults={"name": name, "identity": identity}
    )
    return feed


def ingest(
    config: Config,
    feeds: Iterable[models.Feed] | None = None,
    *,
    now: datetime | None = None,
    force: bool = False,
    progress: Progress = _quiet,
) -> StageResult:
    """Fetch every due feed (or the ones given), store the items that are new, record failures."""
    result = StageResult("ingest")
    now = now or timezone.now()
    if feeds is None:
        feeds = models.Feed.objects.filter(configured=True)
    feeds = list(feeds)
    if not force:
        feeds = [f for f in feeds if f.next_check_at is None or f.next_check_at <= now]
    for done, feed in enumerate(feeds, 1):
        _ingest_one(config, feed, now, result)
        progress("ingest", done, len(feeds))
    return result


def _ingest_one(config: Config, feed: models.Feed, now: datetime, result: StageResult) -> None:
    interval = timedelta(minutes=config.feed_interval_minutes)
    try:
        fetched = fetch(
            feed.source,
            etag=feed.etag,
            last_modified=feed.last_modified,
            timeout=config.fetch_timeout,
            max_bytes=config.fetch_max_bytes,
        )
        if fetched.not_modified:
            result.counts["unchanged"] += 1
            _feed_ok(feed, now, interval)
            return
        body_hash = hashlib.sha256(fetched.body).hexdigest()
        if body_hash == feed.body_hash:
            result.counts["unchanged"] += 1
            _feed_ok(feed, now, interval, fetched)
            return
        parsed = parse_feed(fetched.body, url=feed.source if feed.is_url else None,
                            content_type=fetched.content_type)
    except (FetchError, FeedError) as exc:
        _feed_failed(feed, now, interval, str(exc))
        result.fail(str(feed), str(exc))
        return

    new = 0
    with transaction.atomic():
        for item in parsed.items:
            _, created = models.SourceItem.objects.get_or_create(
                feed=feed,
                key=item.identity(feed.identity),
                defaults={
                    "title": item.title,
                    "link": item.link or "",
                    "guid": item.guid or "",
                    "summary": item.summary or "",
                    "publisher": item.publisher or "",
                    "published_at": item.published,
                    "fetched_at": now,
                },
            )
            new += created
        feed.body_hash = body_hash
        feed.items_total = feed.items.count()
        _feed_ok(feed, now, interval, fetched)
    result.counts["fetched"] += 1
    result.counts["new items"] += new


def _feed_ok(feed, now, interval, fetched=None) -> None:
    if fetched is not None:
        feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    feed.checked_at = now
    feed.next_check_at = now + interval
    feed.error_count = 0
    feed.save()


def _feed_failed(feed, now, interval, reason: str) -> None:
    feed.error_count += 1
    feed.checked_at = now
    feed.last_error = reason
    feed.last_error_at = now
    feed.next_check_at = now + backoff(feed.error_count, interval)
    feed.save(update_fields=["error_count", "checked_at", "last_error", "last_error_at",
                             "next_check_at"])


# ---------------------------------------------------------------------------------------------
# understand


def understand_pending(
    config: Config, kb: KnowledgeBase, *, progress: Progress = _quiet
) -> StageResult:
    """Understand every stored item that belongs to no event yet, joining or making its event."""
    result = StageResult("understand")
    pending = list(
        models.SourceItem.objects.filter(event__isnull=True).order_by("published_at", "id")
    )
    for done, item in enumerate(pending, 1):
        try:
            with transaction.atomic():
                event, created = _event_for(item, config, kb)
                item.event = event
                item.save(update_fields=["event"])
                result.counts["new events" if created else "joined events"] += 1
        except Exception as exc:  # one bad item must not stop the others; the next run retries
            log.exception("understanding item %s failed", item.pk)
            result.fail(item.title, f"{exc.__class__.__name__}: {exc}")
        progress("understand", done, len(pending))
    return result


def event_key(claim: str) -> str:
    """The key under which items making the same claim share one event."""
    words = re.findall(r"\w+", claim.casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _event_for(item: models.SourceItem, config: Config, kb: KnowledgeBase):
    understood = understand(
        item.title,
        kb,
        publisher=item.publisher or None,
        summary=item.summary or None,
        link=item.link or None,
        sections=config.sections,
    )
    key = event_key(understood.source.claim)
    existing = models.Event.objects.filter(key=key).first() or _same_event(understood, item.when)
    if existing:
        _join(existing, item, understood)
        return existing, False
    subject = _entity(understood.subject) if understood.subject else None
    section = models.Section.objects.filter(name=understood.section).first()
    verdict = understood.verdict
    event = models.Event.objects.create(
        key=key,
        title=understood.source.title,
        claim=understood.source.claim,
        publisher=understood.source.publisher or "",
        reporter=understood.source.reporter or "",
        attribution=understood.source.attribution or "",
        subject=subject,
        section=section,
        act_kind=understood.act.kind if understood.act else "",
        verdict=verdict.status,
        reason=verdict.reason or "",
        data=understood.to_dict(),
        occurred_at=item.when,
    )
    return event, True


CANDIDATES = 50  # stored events judged against a new item: bounded, so cost stays per item


def _same_event(understood: pipeline_events.Event, when: datetime) -> models.Event | None:
    """The stored event this item reports too, if any: within the window, judged by `same_event`."""
    names = {e.slug for e in (understood.subject, *understood.participants) if e is not None}
    nearby = models.Event.objects.filter(
        occurred_at__gte=when - CLUSTER_WINDOW, occurred_at__lte=when + CLUSTER_WINDOW
    )
    # An unknown or missing subject can still match on the claim, so events without a known
    # subject are candidates too; everything else must share a name with the item.
    candidates = nearby.filter(
        Q(subject__slug__in=names) | Q(subject__isnull=True)
        | Q(subject__known=False)
    ).order_by("-occurred_at")[:CANDIDATES]
    for candidate in candidates:
        if same_event(understood, pipeline_events.Event.from_dict(candidate.data)):
            return candidate
    return None


def _join(event: models.Event, item: models.SourceItem, understood: pipeline_events.Event) -> None:
    """Add an item to its event: an earlier item becomes the event's face until it is written."""
    if item.when < event.occurred_at and not hasattr(event, "article"):
        event.occurred_at, event.title = item.when, item.title
    known = {p.slug for p in pipeline_events.Event.from_dict(event.data).participants}
    for participant in understood.participants:
        note = f"{item.publisher or item.feed} adds {participant.name}"
        if participant.slug not in known and note not in event.notes:
            # The article is not silently rewritten; an editor decides what the addition is worth.
            event.notes.append(note)
    event.save(update_fields=["occurred_at", "title", "notes"])


def _entity(entity: pipeline_events.Entity) -> models.Entity:
    # Known entities are already in the table (the knowledge base lives there); a subject read
    # off a headline alone is stored as unknown, so it gets a topic page but lends no facts.
    row, _ = models.Entity.objects.get_or_create(
        slug=entity.slug,
        defaults={
            "name": entity.name,
            "kind": entity.kind,
            "aliases": list(entity.aliases),
            "descriptors": [asdict(d) for d in entity.descriptors],
            "section": entity.section or "",
            "surname": entity.surname or "",
            "known": entity.known,
        },
    )
    models.Topic.objects.get_or_create(entity=row, defaults={"name": row.name, "slug": row.slug})
    return row


def section_slug(name: str) -> str:
    """The URL slug of a section name ("U.S." -> "us")."""
    return slugify(name.replace(".", "")) or "news"


# ---------------------------------------------------------------------------------------------
# write


_OUTCOME_STATUS = {
    "written": models.Article.Status.DRAFT,
    "held": models.Article.Status.HELD,
    "declined": models.Article.Status.DECLINED,
}


def write_pending(
    config: Config, kb: KnowledgeBase, *, writer_name: str | None = None,
    now: datetime | None = None, progress: Progress = _quiet,
) -> StageResult:
    """Write, check and file an article for every event that has none yet."""
    result = StageResult("write")
    now = now or timezone.now()
    writer = get_writer(writer_name or config.writer)
    pending = list(models.Event.objects.filter(article__isnull=True).order_by("occurred_at", "id"))
    for done, event in enumerate(pending, 1):
        try:
            _write_one(event, kb, writer, now, result)
        except Exception as exc:  # a writer's bug costs one event this run, not the whole run
            log.exception("writing event %s failed", event.pk)
            result.fail(event.title, f"{exc.__class__.__name__}: {exc}")
        progress("write", done, len(pending))
    return result


def _write_one(event: models.Event, kb, writer, now: datetime, result: StageResult) -> None:
    understood = pipeline_events.Event.from_dict(event.data)
    # Knowledge-base facts are taken as of the time of writing: stale roles are left out.
    outcome = desk(understood, kb, writer, at=now)
    status = _OUTCOME_STATUS[outcome.status]
    fields = {
        "status": status,
        "reason": outcome.reason or "",
        "section": event.section,
        "topic": getattr(event.subject, "topic", None) if event.subject else None,
        "violations": [str(v) for v in outcome.violations],
        "writer": getattr(writer, "name", ""),
    }
    draft = outcome.draft
    if draft is not None and status == models.Article.Status.DRAFT:
        fields.update(
            headline=draft.headline,
            dek=draft.dek,
            body=list(draft.body),
            ledger=[
                {"sentence": f.sentence, "fact": f.fact, "from": f.origin, "as_of": f.as_of}
                for f in draft.ledger
            ],
            words=draft.words,
            read_minutes=draft.read_minutes,
        )
    with transaction.atomic():
        article = models.Article(event=event, **fields)
        if status == models.Article.Status.DRAFT:
            article.slug = _unique_slug(draft.headline)
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError:
            # Another run filed this event first: its article stands, ours is not needed.
            result.counts["already written"] += 1
            return
    result.counts[outcome.status] += 1


def _unique_slug(headline: str) -> str:
    words = slugify(headline).split("-")
    base = "-".join(words[:10])[:100].strip("-") or "article"
    slug, n = base, 2
    while models.Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# ---------------------------------------------------------------------------------------------
# illustrate and publish


def illustrate_pending(config: Config, *, progress: Progress = _quiet) -> StageResult:
    """Give every drafted article its editorial image."""
    result = StageResult("illustrate")
    pending = list(
        models.Article.objects.filter(status=models.Article.Status.DRAFT, image__isnull=True)
        .select_related("event")
    )
    out = Path(config.images_output)
    for done, article in enumerate(pending, 1):
        try:
            understood = pipeline_events.Event.from_dict(article.event.data)
            image = illustrate(understood, out, library=config.images_library)
            models.Image.objects.get_or_create(
                article=article,
                defaults={
                    "path": _relative(image.path, out),
                    "files": {k: _relative(v, out) for k, v in image.files.items()},
                    "alt": image.alt,
                    "caption": image.caption,
                    "credit": image.credit,
                    "licence": image.licence,
                    "width": image.width,
                    "height": image.height,
                },
            )
            result.counts["illustrated"] += 1
        except Exception as exc:  # an image that fails leaves the article unpublished, not lost
            log.exception("illustrating article %s failed", article.pk)
            result.fail(article.headline, f"{exc.__class__.__name__}: {exc}")
        progress("illustrate", done, len(pending))
    return result


def _relative(path: str | None, root: Path) -> str:
    if not path:
        return ""
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def publish_pending(*, now: datetime | None = None, progress: Progress = _quiet) -> StageResult:
    """Publish every drafted article that has passed its checks and has its image."""
    result = StageResult("publish")
    now = now or timezone.now()
    pending = list(
        models.Article.objects.filter(status=models.Article.Status.DRAFT, image__isnull=False)
        .values_list("pk", flat=True)
    )
    for done, pk in enumerate(pending, 1):
        # The status in the WHERE clause makes publishing idempotent even between two runs.
        with transaction.atomic():
            changed = models.Article.objects.filter(
                pk=pk, status=models.Article.Status.DRAFT
            ).update(status=models.Article.Status.PUBLISHED, published_at=now, updated_at=now)
            if changed:
                signals.published.send(models.Article, article=models.Article.objects.get(pk=pk))
        result.counts["published"] += changed
        progress("publish", done, len(pending))
    return result
