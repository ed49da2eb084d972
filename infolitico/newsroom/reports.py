"""What the newsroom holds, for a person: every item's fate, the feeds' health, the desk's stories.

`event_records` is one record per stored event in `infolitico write --format json` form;
`status_lines` is `infolitico status`; `desk_rows` and `desk_log` are `infolitico desk list|log`.
The command line prints these and runs no query of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Prefetch
from django.utils import timezone

from infolitico.newsroom import models
from infolitico.pipeline import events as pipeline_events
from infolitico.pipeline.desk import Outcome
from infolitico.pipeline.events import Decision, Ruling
from infolitico.pipeline.headline import parse_headline, split_publisher
from infolitico.pipeline.record import to_json

STATUSES = tuple(str(d) for d in Decision)  # what `infolitico events --status` chooses among

NOT_WRITTEN = "Not written yet: the next `infolitico run` writes it."
NOT_READ = "Not read yet: the next `infolitico run` reads it."
WITHDRAWN = "Withdrawn by an editor."

_WRITTEN = {models.Article.Status.DRAFT, models.Article.Status.PUBLISHED}


def event_records(
    *, status: str | None = None, since: datetime | None = None, images: Path | None = None,
) -> Iterator[dict]:
    """One record per stored event, oldest first, then one per item no event holds yet.

    A record is a line of `write --format json` plus the event's act, topic and "sources"
    (every item it was built from); `images` is the folder stored image paths are relative to.
    """
    if status is not None and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
    items = models.SourceItem.objects.select_related("feed").order_by("published_at", "id")
    events = (
        models.Event.objects.select_related("article__image")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("occurred_at", "id")
    )
    if since is not None:
        events = events.filter(occurred_at__gte=since)
    for event in events.iterator(chunk_size=500):
        record = _event_record(event, images)
        if status is None or record["status"] == status:
            yield record
    if status in (None, "held"):
        # Ingested but not yet understood (the run was stopped, or reading it failed): listed
        # as held, so that nothing a feed carried is ever missing here.
        unread = items.filter(event__isnull=True)
        for item in unread.iterator(chunk_size=500):
            if since is None or item.when >= since:
                yield _unread_record(item)


def _event_record(event: models.Event, images: Path | None) -> dict:
    understood = pipeline_events.Event.from_dict(event.data)
    # The event's face is its earliest item, which may have joined after the event was made.
    understood = replace(understood, source=replace(understood.source, title=event.title))
    article = _one_to_one(event, "article")
    status, reason = _decision(event, article)
    draft = _draft(article) if status is Decision.WRITTEN else None
    violations = tuple(_violation(v) for v in (article.violations if article else []))
    outcome = Outcome(understood, status, reason, draft, violations)
    image = _image(article, images) if draft is not None else None
    when = (article.published_at or article.created_at) if article else event.occurred_at
    record = to_json(outcome, published=when, image=image)
    act, topic = understood.act, understood.topic
    record["act"] = {"text": act.text, "kind": act.kind} if act else None
    record["topic"] = {"name": topic.name, "slug": topic.slug} if topic else None
    if article is not None and article.status == models.Article.Status.PUBLISHED:
        record["url"] = article.get_absolute_url()
    record["sources"] = [_source(item) for item in event.items.all()]
    return record


def _one_to_one(row, name: str):
    """The row's reverse one-to-one `name` (an event's article, an article's image), or None."""
    try:
        return getattr(row, name)
    except ObjectDoesNotExist:  # Django raises where there is none
        return None


def _decision(event: models.Event, article: models.Article | None) -> tuple[Decision, str | None]:
    if article is None:
        if event.verdict == Ruling.DECLINE:
            return Decision.DECLINED, event.reason or None
        if event.verdict == Ruling.HOLD:
            return Decision.HELD, event.reason or None
        return Decision.HELD, NOT_WRITTEN
    if article.status in _WRITTEN:
        return Decision.WRITTEN, None
    if article.status == models.Article.Status.WITHDRAWN:
        return Decision.DECLINED, article.reason or WITHDRAWN
    return Decision(article.status), article.reason or None


def _draft(article: models.Article) -> pipeline_events.Draft:
    return pipeline_events.Draft(
        headline=article.headline,
        dek=article.dek,
        body=tuple(article.body),
        ledger=tuple(pipeline_events.Fact.from_row(row) for row in article.ledger),
        writer=article.writer or "template",
        usage=article.usage,
    )


def _violation(text: str) -> pipeline_events.Violation:
    rule, _, message = str(text).partition(": ")
    return pipeline_events.Violation(rule, message) if message else pipeline_events.Violation("", rule)


def _image(article: models.Article, images: Path | None) -> pipeline_events.Image | None:
    stored = _one_to_one(article, "image")
    if stored is None:
        return None
    path = stored.path or None
    if path and images is not None and not Path(path).is_absolute():
        path = str(Path(images) / path)
    return pipeline_events.Image(path=path, alt=stored.alt, caption=stored.caption,
                                 credit=stored.credit, licence=stored.licence)


def _source(item: models.SourceItem) -> dict:
    return {
        "title": item.title,
        "publisher": item.publisher or split_publisher(item.title)[1],
        "feed": str(item.feed),
        "outlet": item.feed.outlet or None,
        "link": item.link or None,
    }


def _unread_record(item: models.SourceItem) -> dict:
    source = parse_headline(item.title, item.publisher or item.feed.credited_outlet or None)
    event = pipeline_events.Event(source=source, subject=None, act=None, section="")
    record = to_json(Outcome(event, Decision.HELD, NOT_READ), published=item.when, image=None)
    record.update(act=None, topic=None, sources=[_source(item)])
    return record


# ---------------------------------------------------------------------------------------------
# `infolitico status` and the desk's lists


def status_lines() -> Iterator[str]:
    """Feed health, what the newsroom holds, what each stage has to do and, on PostgreSQL, the queue."""
    from infolitico.newsroom import flow, queue

    for feed in models.Feed.objects.all():
        health = f"failing ({feed.error_count}×): {feed.last_error}" if feed.error_count else "ok"
        where = "" if str(feed) == feed.source else f" ({feed.source})"
        yield f"{feed}{where}: {feed.items_total} items, {health}; {_outlet_text(feed)}"
        for warning in feed.warnings[:3]:
            yield f"  last read: {warning}"
        if len(feed.warnings) > 3:
            yield f"  … and {len(feed.warnings) - 3} more"
    statuses = dict(models.Article.objects.values_list("status").annotate(n=Count("id")))
    yield (f"{models.SourceItem.objects.count()} items; "
           + ", ".join(f"{statuses.get(s, 0)} {s}" for s in models.Article.Status.values))
    todo = {stage: len(ids) for stage, ids in flow.pending(limit=flow.SWEEP).items()}
    yield "to do: " + ", ".join(f"{stage} {n:,}{'+' if n == flow.SWEEP else ''}"
                                for stage, n in todo.items())
    if not queue.available():
        return
    stats = queue.stats()
    depth = stats["queues"]
    waiting = sum(q.get("todo", 0) for q in depth.values())
    running = sum(q.get("doing", 0) for q in depth.values())
    failed = sum(q.get("failed", 0) for q in depth.values())
    per_queue = ", ".join(f"{name} {depth.get(name, {}).get('todo', 0)}" for name in flow.queues())
    yield f"queue: {waiting} waiting ({per_queue}), {running} running, {failed} failed"
    beat = stats["heartbeat"]
    ago = f", last heartbeat {(timezone.now() - beat).total_seconds():.0f} s ago" if beat else ""
    yield (f"workers: {stats['workers']} alive{ago}"
           + ("" if stats["workers"] else " (start some with `infolitico worker`)"))
    for job in stats["failed"]:
        yield f"  failed job: {job}"


def _outlet_text(feed: models.Feed) -> str:
    if feed.aggregator:
        return f"outlet: each item's own (an aggregator, {feed.outlet})"
    if feed.outlet:
        return f"outlet: {feed.outlet}"
    if feed.checked_at is None or not feed.body_hash:
        return "outlet: known once the feed is read"
    return "outlet: unknown (give the feed a name in infolitico.toml)"


def desk_rows(*, status: str | None = None, base_url: str = "") -> Iterator[dict]:
    """The desk's stories, newest first: id, status, headline, source title, reason, url, flag."""
    stories = models.Article.objects.select_related("section", "event").order_by(
        F("published_at").desc(nulls_first=True), "-id")
    if status:
        stories = stories.filter(status=status)
    for story in stories:
        yield {"id": story.pk, "status": story.status, "headline": story.headline or None,
               "title": story.event.title, "reason": story.reason or None,
               "url": base_url + story.get_absolute_url() if story.slug else None,
               "flagged": story.flagged or None}


def desk_log(limit: int) -> Iterator[models.DeskLog]:
    """The desk log's last `limit` rows, newest first."""
    yield from models.DeskLog.objects.all()[:limit]
