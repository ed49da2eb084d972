"""What became of every item: one record per stored event, in `infolitico write --format json` form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from django.db.models import Prefetch

from infolitico.newsroom import models
from infolitico.pipeline import events as pipeline_events
from infolitico.pipeline.desk import Outcome, to_json
from infolitico.pipeline.headline import parse_headline, split_publisher

STATUSES = ("written", "declined", "held")

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
    article = getattr(event, "article", None) if _has_article(event) else None
    status, reason = _decision(event, article)
    draft = _draft(article) if status == "written" else None
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


def _has_article(event: models.Event) -> bool:
    try:
        event.article  # noqa: B018 - the reverse one-to-one raises when there is none
    except models.Article.DoesNotExist:
        return False
    return True


def _decision(event: models.Event, article: models.Article | None) -> tuple[str, str | None]:
    if article is None:
        if event.verdict == models.Event.Verdict.DECLINE:
            return "declined", event.reason or None
        if event.verdict == models.Event.Verdict.HOLD:
            return "held", event.reason or None
        return "held", NOT_WRITTEN
    if article.status in _WRITTEN:
        return "written", None
    if article.status == models.Article.Status.WITHDRAWN:
        return "declined", article.reason or WITHDRAWN
    return str(article.status), article.reason or None


def _draft(article: models.Article) -> pipeline_events.Draft:
    return pipeline_events.Draft(
        headline=article.headline,
        dek=article.dek,
        body=tuple(article.body),
        ledger=tuple(
            pipeline_events.Fact(f["sentence"], f["fact"], f["from"], f.get("as_of"))
            for f in article.ledger
        ),
        writer=article.writer or "template",
        usage=article.usage,
    )


def _violation(text: str) -> pipeline_events.Violation:
    rule, _, message = str(text).partition(": ")
    return pipeline_events.Violation(rule, message) if message else pipeline_events.Violation("", rule)


def _image(article: models.Article, images: Path | None) -> pipeline_events.Image | None:
    stored = getattr(article, "image", None) if _has_image(article) else None
    if stored is None:
        return None
    path = stored.path or None
    if path and images is not None and not Path(path).is_absolute():
        path = str(Path(images) / path)
    return pipeline_events.Image(path=path, alt=stored.alt, caption=stored.caption,
                                 credit=stored.credit, licence=stored.licence)


def _has_image(article: models.Article) -> bool:
    try:
        article.image  # noqa: B018 - the reverse one-to-one raises when there is none
    except models.Image.DoesNotExist:
        return False
    return True


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
    record = to_json(Outcome(event, "held", NOT_READ), published=item.when, image=None)
    record.update(act=None, topic=None, sources=[_source(item)])
    return record
