"""The stages of the flow, each a function over stored state that is safe to run twice.

Each stage is two things here: a query of what it still has to do (`pending_feeds`,
`pending_items`, ...) and its work on one row, keyed by the row's id (`ingest_feed`,
`understand_item`, `write_event`, `illustrate_article`, `publish_article`): idempotent, one
transaction, safe while other processes run it too, returning what it did (`Done`: its counts and
the ids the next stage works on). A stage that crashes half-way leaves only whole rows behind;
running it again finishes the rest. The order of the stages, and the loops over them, are
`flow`'s business, not theirs.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from infolitico.config import Config, max_age_days
from infolitico.errors import Busy, SourceError
from infolitico.newsroom import knowledge, models, runlock, signals
from infolitico.newsroom.fetch import backoff, fetch
from infolitico.pipeline import events as pipeline_events
from infolitico.pipeline.cluster import WINDOW as CLUSTER_WINDOW
from infolitico.pipeline.cluster import same_event
from infolitico.pipeline.deadline import parse_feed_within
from infolitico.pipeline.desk import desk, will_write
from infolitico.pipeline.entities import KnowledgeBase, section_slug, slugify
from infolitico.pipeline.events import Decision, Ruling, ledger_rows
from infolitico.pipeline.illustrate import (
    PREVIEW_MAX_BYTES,
    Drawings,
    LibraryIllustrator,
    clear_abandoned,
    illustrate,
)
from infolitico.pipeline.outlets import feed_identity, named_outlet
from infolitico.pipeline.preview import PreviewRefused, fetch_source_preview
from infolitico.pipeline.taste import old_news
from infolitico.pipeline.understand import understand, understand_many
from infolitico.pipeline.writers import Writer, get_writer

log = logging.getLogger(__name__)


def _said(words: str) -> dict:
    return {"said": words}


@dataclass
class Counts:
    """What the stages did, one field a kind of thing; `said` marks those a cycle's summary line shows."""

    fetched: int = 0
    unchanged: int = 0
    new_items: int = field(default=0, metadata=_said("new items"))
    new_events: int = field(default=0, metadata=_said("events"))
    joined_events: int = 0
    written: int = field(default=0, metadata=_said("written"))
    declined: int = field(default=0, metadata=_said("declined"))
    held: int = field(default=0, metadata=_said("held"))
    already_written: int = 0
    illustrated: int = 0
    published: int = field(default=0, metadata=_said("published"))
    busy: int = 0
    failed: int = field(default=0, metadata=_said("failed"))
    tokens: int = 0  # a model writer's tokens in and out
    cost: float = 0.0  # and what they cost, in US dollars

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def said(self) -> str:
        """The counts a summary shows, in words: "2 new items, 1 events, ... 0 failed"."""
        return ", ".join(f"{getattr(self, f.name)} {f.metadata['said']}"
                         for f in fields(self) if "said" in f.metadata)


@dataclass
class Done:
    """What a stage did to one row: its counts, what failed and why, and the rows it hands on."""

    counts: Counts = field(default_factory=Counts)
    next: tuple[int, ...] = ()
    failures: list[str] = field(default_factory=list)

    def fail(self, what: str, reason: str) -> None:
        self.counts.failed += 1
        self.failures.append(f"{what}: {reason}")


@dataclass
class StageResult:
    """What one stage did over many rows, as counts, and the reasons of what failed."""

    stage: str
    counts: Counts = field(default_factory=Counts)
    failures: list[str] = field(default_factory=list)

    def add(self, done: Done) -> None:
        self.counts += done.counts
        self.failures.extend(done.failures)

    def fail(self, what: str, reason: str) -> None:
        self.counts.failed += 1
        self.failures.append(f"{what}: {reason}")


@dataclass
class Context:
    """What a stage's work on a row needs: the configuration, the time, the knowledge base, the writer.

    The knowledge base and the writer are made when a stage first asks for them (`load_kb`,
    `load_writer` let a worker share its own); `ahead` holds what a stage read in a batch.
    """

    config: Config
    now: datetime | None = None
    force: bool = False  # ingest feeds whether or not they are due
    writer_name: str | None = None
    kb: KnowledgeBase | None = None
    writer: Writer | None = None
    load_kb: Callable[[], KnowledgeBase] | None = None
    load_writer: Callable[[], Writer] | None = None
    ahead: dict = field(default_factory=dict)

    def time(self) -> datetime:
        """The time the work happens at: the one given, else now."""
        return self.now or timezone.now()

    def knowledge(self) -> KnowledgeBase:
        """The knowledge base in force, read once."""
        if self.kb is None:
            self.kb = (self.load_kb or knowledge.knowledge_base)()
        return self.kb

    def the_writer(self) -> Writer:
        """The writer in force, made once."""
        if self.writer is None:
            self.writer = (self.load_writer() if self.load_writer is not None else
                           get_writer(self.writer_name or self.config.writer, self.config.llm))
        return self.writer

    def close(self) -> None:
        """Let go of what the stages started ahead: the illustrator's workers, and what they drew."""
        drawings = self.ahead.pop("drawings", None)
        if drawings is not None:
            drawings.close()


# ---------------------------------------------------------------------------------------------
# feeds and ingest


def sync_feeds(config: Config) -> None:
    """Make the stored feeds and sections match `infolitico.toml`; ad hoc feeds are left alone."""
    listed = {f.source: f for f in config.feeds}
    for source, feed in listed.items():
        # A new name may name a new outlet, which is settled when the feed is next parsed:
        # forgetting its validators makes that happen even if the feed has not changed.
        models.Feed.objects.filter(source=source).exclude(name=feed.name).update(
            body_hash="", etag="", last_modified=""
        )
        models.Feed.objects.update_or_create(
            source=source,
            defaults={"name": feed.name, "identity": feed.identity, "configured": True},
        )
    models.Feed.objects.filter(configured=True).exclude(source__in=listed).update(configured=False)
    for position, name in enumerate(config.sections):
        models.Section.objects.update_or_create(
            slug=section_slug(name), defaults={"name": name, "position": position}
        )


def add_feed(
    source: str, *, name: str = "", identity: str = "auto", outlet: str | None = None
) -> models.Feed:
    """Register a feed given on the command line (kept, but not re-fetched by `run`).

    `outlet` (`ingest --outlet`) is who publishes the feed, whatever the feed says of itself.
    """
    feed, _ = models.Feed.objects.get_or_create(
        source=source, defaults={"name": name, "identity": identity}
    )
    if outlet and outlet.strip():
        named, lent = named_outlet(outlet), feed.credited_outlet
        feed.name, feed.outlet, feed.aggregator = outlet.strip(), named.outlet, named.aggregator
        feed.save(update_fields=["name", "outlet", "aggregator"])
        # Items already stored but not yet read are published by the outlet now named too.
        feed.items.filter(event__isnull=True, publisher=lent).update(
            publisher=_fit(feed.credited_outlet, models.SourceItem, "publisher"))
    return feed


def _fit(value: str | None, model, field: str) -> str:
    return (value or "")[: model._meta.get_field(field).max_length]


def pending_feeds(ctx: Context):
    """The configured feeds whose next check is due (all of them, when forced), oldest first."""
    feeds = models.Feed.objects.filter(configured=True).order_by("id")
    if ctx.force:
        return feeds
    return feeds.filter(paused=False).filter(
        Q(next_check_at__isnull=True) | Q(next_check_at__lte=ctx.time()))


def _due(feed: models.Feed, now: datetime) -> bool:
    if feed.paused:
        return False
    return feed.next_check_at is None or feed.next_check_at <= now


def ingest_feed(ctx: Context, feed_id: int) -> Done:
    """Fetch one feed if it is due (or forced) and store its new items; hands on its items to understand."""
    done = Done()
    now = ctx.time()
    feed = models.Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return done
    if ctx.force or _due(feed, now):
        _ingest_one(ctx.config, feed, now, done)
    done.next = tuple(
        models.SourceItem.objects.filter(feed_id=feed_id, event__isnull=True)
        .order_by("published_at", "id").values_list("pk", flat=True)
    )
    return done


def feed_failed(ctx: Context, feed_id: int, reason: str) -> None:
    """Record on a feed that ingesting it failed unexpectedly, so it is tried again later."""
    feed = models.Feed.objects.filter(pk=feed_id).first()
    if feed is not None:
        _feed_failed(feed, ctx.time(), timedelta(minutes=ctx.config.feed_interval_minutes), reason)


def _ingest_one(config: Config, feed: models.Feed, now: datetime, result: Done) -> None:
    interval = timedelta(minutes=config.feed_interval_minutes)
    # The fetch happens outside any transaction: a slow server must not hold a lock (on SQLite,
    # the whole database's). Two fetches of one feed at once only cost a request: items are
    # stored once per identity, under the feed's row lock.
    try:
        fetched = fetch(
            feed.source,
            etag=feed.etag,
            last_modified=feed.last_modified,
            timeout=config.fetch_timeout,
            max_bytes=config.fetch_max_bytes,
        )
        if fetched.not_modified:
            result.counts.unchanged += 1
            _feed_ok(feed, now, interval)
            return
        body_hash = hashlib.sha256(fetched.body).hexdigest()
        if body_hash == feed.body_hash:
            result.counts.unchanged += 1
            _feed_ok(feed, now, interval, fetched)
            return
        # Parsing has a deadline of its own, in a worker process: a feed can be made to stall it.
        parsed = parse_feed_within(fetched.body, url=feed.source if feed.is_url else None,
                                   content_type=fetched.content_type, seconds=config.fetch_timeout)
    except SourceError as exc:
        _feed_failed(feed, now, interval, str(exc))
        result.fail(str(feed), str(exc))
        return

    new = 0
    with transaction.atomic():
        feed = models.Feed.objects.select_for_update().get(pk=feed.pk)
        _identify(feed, parsed)
        for item in parsed.items:
            _, created = models.SourceItem.objects.get_or_create(
                feed=feed,
                key=item.identity(feed.identity),
                defaults={
                    # Feed text is untrusted: cut to the columns' limits (PostgreSQL enforces them).
                    "title": item.title,
                    "link": _fit(item.link, models.SourceItem, "link"),
                    "guid": _fit(item.guid, models.SourceItem, "guid"),
                    "summary": item.summary or "",
                    # An item that names no publisher is published by its feed's outlet.
                    "publisher": _fit(item.publisher or feed.credited_outlet,
                                      models.SourceItem, "publisher"),
                    "published_at": item.published,
                    "fetched_at": now,
                },
            )
            new += created
        feed.body_hash = body_hash
        feed.items_total = feed.items.count()
        # What was skipped (an unreadable item, the tail of a huge list) is kept, one line each.
        feed.warnings = [w[:500] for w in parsed.warnings[:20]]
        feed.save(update_fields=["body_hash", "items_total", "title", "outlet", "aggregator",
                                 "warnings"])
        _feed_ok(feed, now, interval, fetched)
    result.counts.fetched += 1
    result.counts.new_items += new


def _identify(feed: models.Feed, parsed) -> None:
    """Settle who publishes the feed from what it says of itself, its items' links and its name."""
    feed.title = _fit(parsed.title, models.Feed, "title")
    # An ad hoc feed's name came from `ingest --outlet`: a person's word, not a label.
    found = feed_identity(parsed.title, parsed.link, [i.link for i in parsed.items],
                          name=feed.name, insist=not feed.configured)
    feed.outlet = _fit(found.outlet, models.Feed, "outlet")
    feed.aggregator = found.aggregator


def _feed_ok(feed, now, interval, fetched=None) -> None:
    if fetched is not None:
        feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
    feed.checked_at = now
    feed.next_check_at = now + interval
    feed.error_count = 0
    # Only the fetch state: a concurrent ingest of the same feed owns body_hash and items_total.
    feed.save(update_fields=["etag", "last_modified", "checked_at", "next_check_at",
                             "error_count"])


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


def pending_items(ctx: Context):
    """The stored items that belong to no event yet, oldest first."""
    return models.SourceItem.objects.filter(event__isnull=True).order_by("published_at", "id")


# Titles parsed per spaCy batch by `read_ahead`: as fast per title as larger batches, and the
# first events reach the illustrator (`draw_understood`) a second after the parser is loaded.
PARSE_BATCH = 64


def read_ahead(ctx: Context, item_ids: list[int]) -> None:
    """Parse the titles of the items about to be understood in one batch, into `ctx.ahead`."""
    # The titles are parsed together (spaCy batches them), outside any transaction; the join
    # with the stored events is still one item at a time, in order, as `understand_item` does.
    ctx.ahead.update(_read_many(ctx.config, ctx.knowledge(), item_ids))


@dataclass(frozen=True)
class _Reading:
    """An item's title read ahead of its turn, valid while the item's words stay as they were."""

    title: str
    publisher: str | None
    summary: str | None
    link: str | None
    event: pipeline_events.Event


def _read_many(config: Config, kb: KnowledgeBase, pks: list[int]) -> dict[int, _Reading]:
    """The items' titles understood in one batch; {} when the batch fails (each is then read alone)."""
    items = list(models.SourceItem.objects.filter(pk__in=pks, event__isnull=True))
    outlets = dict(models.Feed.objects.filter(pk__in={i.feed_id for i in items}, aggregator=False)
                   .values_list("pk", "outlet"))
    asked = [_Reading(i.title, i.publisher or outlets.get(i.feed_id) or None, i.summary or None,
                      i.link or None, None) for i in items]
    try:
        read = understand_many(asked, kb, sections=config.sections)
    except Exception:
        # One title the understanding cannot read would cost the whole batch: read each alone.
        log.warning("batched understanding failed; reading these %d items one by one", len(items))
        return {}
    return {i.pk: replace(a, event=e) for i, a, e in zip(items, asked, read, strict=True)}


def understand_item(ctx: Context, item_id: int) -> Done:
    """Give one item its event (joined or new); hands on that event while it awaits its article."""
    done = Done()
    reading = ctx.ahead.pop(item_id, None)
    with transaction.atomic():
        # Whether an item joins an event depends on every event stored before it, so items are
        # understood one at a time across all processes (on SQLite the write lock does this).
        runlock.serialize("understand")
        item = models.SourceItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            return done
        if item.event_id is None:
            event, created = _event_for(item, ctx.config, ctx.knowledge(), reading)
            item.event = event
            item.save(update_fields=["event"])
            if created:
                done.counts.new_events += 1
            else:
                done.counts.joined_events += 1
        event_id = item.event_id
    if not models.Article.objects.filter(event_id=event_id).exists():
        done.next = (event_id,)
    return done


def _claim(model, pk: int, *related: str, only: tuple[str, ...] = ()):
    """The row locked for this transaction, `related` rows read along (`only` these fields, if
    given); None if gone, Busy if held."""
    rows = model.objects.select_for_update(skip_locked=True, of=("self",)).select_related(*related)
    row = (rows.only(*only) if only else rows).filter(pk=pk).first()
    if row is None and model.objects.filter(pk=pk).exists():
        raise Busy(f"{model.__name__.lower()} {pk} is being worked on elsewhere")
    return row


def event_key(claim: str) -> str:
    """The key under which items making the same claim share one event."""
    words = re.findall(r"\w+", claim.casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _event_for(item: models.SourceItem, config: Config, kb: KnowledgeBase,
               reading: _Reading | None = None):
    publisher = item.publisher or _credited_outlet(item.feed_id) or None
    asked = (item.title, publisher, item.summary or None, item.link or None)
    try:
        if reading is not None and (reading.title, reading.publisher, reading.summary, reading.link) == asked:
            understood = reading.event
        else:
            understood = understand(
                item.title,
                kb,
                publisher=publisher,
                summary=item.summary or None,
                link=item.link or None,
                sections=config.sections,
            )
    except Exception as exc:
        # A title the understanding cannot read is held for an editor with the reason, once:
        # left unread, it would fail again on every run.
        log.warning("item %s held: its title could not be read (%s: %s)", item.pk,
                    exc.__class__.__name__, exc)
        understood = _unreadable(item, publisher, config, exc)
    stale = old_news(item.published_at, item.fetched_at, max_age_days(config, item.feed.source))
    if stale is not None and understood.verdict.status is not Ruling.DECLINE:
        # Old news is recorded like any item, and declined: never published as new.
        understood = replace(understood, verdict=stale)
    key = event_key(understood.source.claim)
    existing = models.Event.objects.filter(key=key).first()
    if existing is None and understood.verdict.status is not Ruling.DECLINE:
        # Only reports of an event join it: an explainer or a quote about the same people is an
        # item of its own, declined with its own reason, and never carries another story's fate.
        existing = _same_event(understood, item.when)
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
        publisher=_fit(understood.source.publisher, models.Event, "publisher"),
        reporter=_fit(understood.source.reporter, models.Event, "reporter"),
        attribution=_fit(understood.source.attribution, models.Event, "attribution"),
        subject=subject,
        section=section,
        act_kind=understood.act.kind if understood.act else "",
        verdict=verdict.status,
        reason=verdict.reason or "",
        data=understood.to_dict(),
        occurred_at=item.when,
    )
    return event, True


def _unreadable(item: models.SourceItem, publisher: str | None, config: Config,
                exc: Exception) -> pipeline_events.Event:
    source = pipeline_events.Source(item.title, item.title, publisher, publisher, None,
                                    item.link or None)
    reason = f"Held for review: the title could not be read ({exc.__class__.__name__}: {exc})."
    return pipeline_events.Event(source=source, subject=None, act=None,
                                 section="U.S." if "U.S." in config.sections else config.sections[0],
                                 verdict=pipeline_events.Verdict(Ruling.HOLD, reason[:500]))


def _credited_outlet(feed_id: int) -> str:
    # Items stored before their feed's outlet was known still get it when they are understood.
    return models.Feed.objects.filter(pk=feed_id, aggregator=False).values_list(
        "outlet", flat=True).first() or ""


CANDIDATES = 50  # stored events judged against a new item: bounded, so cost stays per item


def _same_event(understood: pipeline_events.Event, when: datetime) -> models.Event | None:
    """The stored event this item reports too, if any: within the window, judged by `same_event`."""
    names = {e.slug for e in (understood.subject, *understood.participants) if e is not None}
    nearby = models.Event.objects.filter(
        occurred_at__gte=when - CLUSTER_WINDOW, occurred_at__lte=when + CLUSTER_WINDOW
    )
    # An unknown or missing subject can still match on the claim, so events without a known
    # subject are candidates too; everything else must share a name with the item.
    candidates = nearby.exclude(verdict=models.Event.Verdict.DECLINE).filter(
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


# ---------------------------------------------------------------------------------------------
# write


# Where the desk's decision leaves an article: a written one waits for its image as a draft.
_FILED_AS = {
    Decision.WRITTEN: models.Article.Status.DRAFT,
    Decision.HELD: models.Article.Status.HELD,
    Decision.DECLINED: models.Article.Status.DECLINED,
}


def pending_events(ctx: Context):
    """The events that have no article yet, oldest first."""
    return models.Event.objects.filter(article__isnull=True).order_by("occurred_at", "id")


def write_event(ctx: Context, event_id: int) -> Done:
    """Write, check and file one event's article; hands on the article while it awaits its image."""
    done = Done()
    writer = ctx.the_writer()
    with transaction.atomic():
        # The event's row lock keeps two workers from writing the same event at once.
        event = _claim(models.Event, event_id)
        if event is None:
            return done
        article = models.Article.objects.filter(event=event).first()
        if article is None:
            article = _write_one(event, ctx.knowledge(), writer, ctx.time(), done,
                                 review=getattr(ctx.config, "desk_publish", "auto") == "review")
        else:
            done.counts.already_written += 1
    if _awaits_image(article):
        done.next = (article.pk,)
    elif "drawings" in ctx.ahead:
        ctx.ahead["drawings"].discard(event_id)  # no draft to illustrate: its drawing is for nobody
    return done


def _awaits_image(article: models.Article | None) -> bool:
    # The image read along with the story (select_related) answers without another query.
    return (article is not None and article.status == models.Article.Status.DRAFT
            and not hasattr(article, "image"))


REVIEW = "Waiting for an editor: this newsroom publishes only what the desk approves."


def _write_one(event: models.Event, kb, writer, now: datetime, result: Done, *,
               review: bool = False):
    understood = pipeline_events.Event.from_dict(event.data)
    # Knowledge-base facts are taken as of the time of writing: stale roles are left out.
    outcome = desk(understood, kb, writer, at=now)
    status = _FILED_AS[outcome.status]
    reason = outcome.reason or ""
    if review and status == models.Article.Status.DRAFT:
        status, reason = models.Article.Status.HELD, REVIEW
    fields = {
        "status": status,
        "reason": reason,
        "section": event.section,
        "topic": getattr(event.subject, "topic", None) if event.subject else None,
        "violations": [str(v) for v in outcome.violations],
        "writer": getattr(writer, "name", ""),
    }
    draft = outcome.draft
    if draft is not None:
        # A model writer that fell back to the template says so in its notes, and keeps its bill.
        fields.update(writer=draft.writer, usage=draft.usage, notes=list(draft.notes))
        usage = draft.usage or {}
        result.counts.tokens += (usage.get("tokens_in") or 0) + (usage.get("tokens_out") or 0)
        result.counts.cost += usage.get("cost_usd") or 0
    if draft is not None:
        # A held draft is kept, with its findings, for the editor who decides on it.
        fields.update(
            headline=draft.headline,
            dek=draft.dek,
            body=list(draft.body),
            ledger=ledger_rows(draft.ledger),
            words=draft.words,
            read_minutes=draft.read_minutes,
        )
    for _attempt in range(5):
        article = models.Article(event=event, **fields)
        if status == models.Article.Status.DRAFT:
            article.slug = unique_slug(draft.headline)
        try:
            with transaction.atomic():
                article.save()
        except IntegrityError:
            filed = models.Article.objects.filter(event=event).first()
            if filed is not None:
                # Another run filed this event first: its article stands, ours is not needed.
                result.counts.already_written += 1
                return filed
            continue  # another event took the same slug a moment ago: pick the next one
        counted = Decision.HELD if status == models.Article.Status.HELD else outcome.status
        setattr(result.counts, counted, getattr(result.counts, counted) + 1)
        return article
    raise IntegrityError(f"no free slug for {draft.headline!r}")


def unique_slug(headline: str) -> str:
    """A slug for an article's address made of its headline's first words, free among articles."""
    words = slugify(headline).split("-")
    base = "-".join(words[:10])[:100].strip("-") or "article"
    slug, n = base, 2
    while models.Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# ---------------------------------------------------------------------------------------------
# illustrate and publish


def pending_drafts(ctx: Context):
    """The drafted articles that have no image yet, oldest first."""
    return models.Article.objects.filter(status=models.Article.Status.DRAFT,
                                         image__isnull=True).order_by("id")


def clear_scratch(config: Config) -> None:
    """Delete what runs killed half-way had drawn ahead, even in a run that draws nothing itself."""
    clear_abandoned(Path(config.images_output))


def draw_understood(ctx: Context, event_ids: list[int]) -> None:
    """Start drawing the images of events just understood that the desk will write, before their turn."""
    # The event's own verdict says whether the desk will write it. A draft the desk then holds
    # gives its drawing's place back (`write_event`); what was drawn for nobody is deleted with the
    # drawings. A newsroom whose desk reviews every draft illustrates none in this run.
    if getattr(ctx.config, "desk_publish", "auto") == "review":
        return
    # In the order they will be written, and so illustrated: the workers draw first what is taken
    # first.
    rows = (models.Event.objects.filter(pk__in=event_ids, article__isnull=True)
            .order_by("occurred_at", "pk").values_list("pk", "data"))
    _draw(ctx, ((pk, event) for pk, event in _events(rows) if will_write(event)))


def draw_ahead(ctx: Context, article_ids: list[int]) -> None:
    """Start drawing the generated images of the drafts about to be illustrated, those not drawing yet."""
    rows = (models.Article.objects.filter(pk__in=article_ids).order_by("pk")  # in their turn
            .values_list("event_id", "event__data"))
    _draw(ctx, _events(rows))


def _events(rows):
    """(id, Event) of each (id, event data) row."""
    return ((pk, pipeline_events.Event.from_dict(data)) for pk, data in rows)


def _draw(ctx: Context, events) -> None:
    # Drawing holds the GIL, so it is done on other processes from the events' data, keyed by the
    # event; `illustrate_article` puts each article's files in place and writes its row, in turn.
    try:
        drawings = ctx.ahead.get("drawings")
        if drawings is None:
            drawings = ctx.ahead["drawings"] = Drawings(
                out_dir=Path(ctx.config.images_output), library=ctx.config.images_library,
                source_preview=ctx.config.images_source_preview)
        drawings.add(events)
    except Exception:  # a head start only: what is not drawn ahead is drawn in its turn
        log.exception("illustrate: drawing ahead failed; drawing each in its turn")


def illustrate_article(ctx: Context, article_id: int) -> Done:
    """Give one drafted article its image; hands the article on when it is ready to publish."""
    done = Done()
    config = ctx.config
    out = Path(config.images_output)
    # The source's preview (up to its timeout on a slow server) is fetched before the
    # transaction: held inside it, it would hold the row, and on SQLite the whole database.
    preview = _source_preview(config, article_id)
    with transaction.atomic():
        # Locked while drawing, so two workers never write the same image files at once. Of the
        # story only what drawing needs is read: its ledger, body and notes are no part of it.
        article = _claim(models.Article, article_id, "event", "image",
                         only=("status", "event", "event__data", "image__id"))
        if article is None or article.status != models.Article.Status.DRAFT:
            return done
        if _awaits_image(article):
            understood = pipeline_events.Event.from_dict(article.event.data)
            image = illustrate(
                understood, out, library=config.images_library,
                source_preview=preview is not None,
                preview_options={"timeout": config.images_preview_timeout, "found": preview},
                drawn=ctx.ahead["drawings"].take(article.event_id) if "drawings" in ctx.ahead else None,
            )
            # The stored image is the pipeline's, its paths relative to the images folder.
            words = {k: getattr(image, k) for k in ("alt", "caption", "credit", "licence", "width",
                                                    "height")}
            root = out.resolve()
            models.Image.objects.create(article=article, path=_relative(image.path, root), **words,
                                        files={k: _relative(v, root) for k, v in image.files.items()})
            done.counts.illustrated += 1
    done.next = (article_id,)
    return done


def _source_preview(config: Config, article_id: int):
    """The source page's preview for a draft awaiting its image, when asked for and no library image fits."""
    if not config.images_source_preview:
        return None
    article = models.Article.objects.filter(pk=article_id).select_related("event").first()
    if article is None or not _awaits_image(article):
        return None
    understood = pipeline_events.Event.from_dict(article.event.data)
    if not understood.source.link:
        return None
    if config.images_library is not None and LibraryIllustrator(config.images_library).choose(understood):
        return None
    try:
        return fetch_source_preview(understood.source.link, timeout=config.images_preview_timeout,
                                    max_bytes=PREVIEW_MAX_BYTES)
    except PreviewRefused as exc:
        log.warning("source-preview: skipped %s: %s", understood.source.link, exc)
    except Exception:  # an optional picture never costs the article; the generated one stands in
        log.exception("source-preview: failed for %s", understood.source.link)
    return None


def _relative(path: str | None, root: Path) -> str:
    """`path` under the resolved folder `root`, as a relative path (as it is, when outside it)."""
    if not path:
        return ""
    named = Path(path)
    if named.is_absolute() and ".." not in named.parts and named.is_relative_to(root):
        return str(named.relative_to(root))  # the illustrator's own files: named under the folder
    try:
        return str(named.resolve().relative_to(root))
    except ValueError:
        return str(path)


def pending_publishable(ctx: Context):
    """The drafted articles that have their image and whose time has come, oldest first."""
    return (models.Article.objects.filter(status=models.Article.Status.DRAFT, image__isnull=False)
            .filter(_publishable(ctx.time())).order_by("id"))


def publish_article(ctx: Context, article_id: int) -> Done:
    """Publish one drafted article that has its image; counts it only in the call that published it."""
    done = Done()
    now = ctx.time()
    # The status in the WHERE clause makes publishing idempotent even between two workers:
    # only one UPDATE finds the draft, so only one sends the signal.
    with transaction.atomic():
        changed = models.Article.objects.filter(
            pk=article_id, status=models.Article.Status.DRAFT, image__isnull=False
        ).filter(_publishable(now)).update(
            status=models.Article.Status.PUBLISHED, published_at=now, updated_at=now)
        if changed:
            signals.published.send(models.Article, article=models.Article.objects.get(pk=article_id))
    done.counts.published += changed
    return done


def _publishable(now: datetime) -> Q:
    # A story an editor scheduled waits for its time; the rest go out as soon as they are ready.
    return Q(publish_after__isnull=True) | Q(publish_after__lte=now)

