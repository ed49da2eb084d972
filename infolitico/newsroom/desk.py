"""The editor's desk: approve, edit, reject, rewrite, correct and withdraw stories, with an audit row each.

The admin and `infolitico desk` both call these functions, so an action runs the same checks and
leaves the same trace whichever way an editor takes it. Every action happens in one transaction:
a refused one (a failed check without an override, a wrong status) changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from infolitico.config import Config
from infolitico.errors import InfoliticoError
from infolitico.newsroom import models, stages
from infolitico.newsroom.knowledge import knowledge_base
from infolitico.pipeline import events as pipeline_events
from infolitico.pipeline.checks import check, draft_sentences
from infolitico.pipeline.desk import refused, unwritable
from infolitico.pipeline.writers import get_writer

Status = models.Article.Status


class DeskError(InfoliticoError):
    """A desk action that cannot be taken, in one line an editor can act on."""


class ChecksFailed(DeskError):
    """The text fails the checks; publishing it anyway needs an explicit override."""

    def __init__(self, violations: list[str]):
        self.violations = violations
        listed = "; ".join(violations[:4]) + (" …" if len(violations) > 4 else "")
        super().__init__(f"the text fails the checks ({listed}); publish with an override to "
                         "take responsibility for it")


def _config(config: Config | None) -> Config:
    if config is not None:
        return config
    from django.conf import settings

    return settings.NEWSROOM


def _text(article: models.Article) -> dict:
    return {"headline": article.headline, "dek": article.dek, "body": list(article.body)}


def _state(article: models.Article) -> dict:
    return {"status": article.status, "reason": article.reason, **_text(article)}


def _log(who: str, action: str, article: models.Article | None, *, note: str = "",
         before: dict | None = None, after: dict | None = None, override: bool = False,
         at: datetime | None = None) -> models.DeskLog:
    return models.DeskLog.objects.create(
        at=at or timezone.now(), who=who, action=action, article=article,
        what=(str(article) if article else "")[:300], note=note, override=override,
        before=before or {}, after=after or {},
    )


def _locked(article_id: int, *allowed: str) -> models.Article:
    article = models.Article.objects.select_for_update().filter(pk=article_id).first()
    if article is None:
        raise DeskError(f"no story with id {article_id}")
    if allowed and article.status not in allowed:
        raise DeskError(f"story {article_id} is {article.status}; this needs one that is "
                        + " or ".join(allowed))
    return article


def _cleared(article: models.Article, kb=None) -> pipeline_events.Event:
    # An editor's decision to run a story settles the taste question the verdict raised.
    event = pipeline_events.Event.from_dict(article.event.data)
    event = replace(event, verdict=pipeline_events.Verdict("cover", None))
    if kb is None:
        return event
    # The facts the event carried are those of when it was read: checks use today's entries.
    def current(entity):
        return (kb.get(entity.slug) or entity) if entity is not None else None

    return replace(event, subject=current(event.subject),
                   participants=tuple(current(p) for p in event.participants))


def _draft(article: models.Article, headline: str, dek: str, body: list[str]):
    ledger = tuple(
        pipeline_events.Fact(f["sentence"], f["fact"], f["from"], f.get("as_of"))
        for f in article.ledger
        if isinstance(f, dict) and {"sentence", "fact", "from"} <= f.keys()
    )
    draft = pipeline_events.Draft(headline=headline, dek=dek, body=tuple(body), ledger=ledger,
                                  writer=article.writer or "template")
    if (headline, dek, list(body)) == (article.headline, article.dek, list(article.body)):
        return draft
    # An edit moves sentences: each fact follows the sentence that still states it, and a fact
    # the edit took out leaves the ledger (its words then need a source of their own).
    sentences = [s.casefold() for s in draft_sentences(draft)]
    kept = []
    for fact in ledger:
        at = next((i for i, s in enumerate(sentences) if fact.fact.casefold() in s), None)
        if at is not None:
            kept.append(replace(fact, sentence=at if fact.sentence >= len(sentences)
                                or fact.fact.casefold() not in sentences[fact.sentence]
                                else fact.sentence))
    return replace(draft, ledger=tuple(kept))


def findings(article: models.Article, headline: str | None = None, dek: str | None = None,
             body: list[str] | None = None) -> list[str]:
    """What the checks find in an article's text (or in the edited text given)."""
    headline = article.headline if headline is None else headline
    dek = article.dek if dek is None else dek
    body = list(article.body) if body is None else body
    if not headline.strip() or not any(p.strip() for p in body):
        return ["structure: there is no text to publish yet (rewrite it first)"]
    draft = _draft(article, headline, dek, [p for p in body if p.strip()])
    kb = knowledge_base()
    return [str(v) for v in check(draft, _cleared(article, kb), kb)]


def _set_text(article: models.Article, headline: str, dek: str, body: list[str]) -> None:
    draft = _draft(article, headline, dek, [p for p in body if p.strip()])
    article.headline, article.dek, article.body = draft.headline, draft.dek, list(draft.body)
    article.words, article.read_minutes = draft.words, draft.read_minutes


def approve(article_id: int, who: str, *, headline: str | None = None, dek: str | None = None,
            body: list[str] | None = None, override: bool = False, at: datetime | None = None,
            config: Config | None = None, now: datetime | None = None) -> models.Article:
    """Publish a held story (as it stands, or edited) once its text passes the checks again.

    A failing text is published only with `override`, which the audit row records. With `at`
    later than now, the story is approved and waits until then.
    """
    config = _config(config)
    now = now or timezone.now()
    with transaction.atomic():
        article = _locked(article_id, Status.HELD, Status.DRAFT)
        before = _state(article)
        headline = article.headline if headline is None else headline.strip()
        dek = article.dek if dek is None else dek.strip()
        body = list(article.body) if body is None else body
        found = findings(article, headline, dek, body)
        if found and (not override or not headline or not any(p.strip() for p in body)):
            raise ChecksFailed(found)
        _set_text(article, headline, dek, body)
        article.violations = found
        article.status, article.reason = Status.DRAFT, ""
        article.publish_after = at if at and at > now else None
        if not article.slug:
            article.slug = stages.unique_slug(headline)
        article.save()
        _log(who, "approve" if headline == before["headline"] and body == before["body"]
             and dek == before["dek"] else "edit and approve", article, before=before,
             after=_state(article), override=bool(found),
             note="scheduled for " + at.isoformat() if article.publish_after else "", at=now)
    ctx = stages.Context(config, now=now)
    stages.illustrate_article(ctx, article.pk)
    stages.publish_article(ctx, article.pk)
    return models.Article.objects.get(pk=article.pk)


def reject(article_id: int, who: str, note: str) -> models.Article:
    """Decline a held story, with the editor's reason."""
    note = _note(note, "reject")
    with transaction.atomic():
        article = _locked(article_id, Status.HELD, Status.DRAFT)
        before = _state(article)
        article.status, article.reason, article.publish_after = Status.DECLINED, note, None
        article.save()
        _log(who, "reject", article, note=note, before=before, after=_state(article))
    return article


def withdraw(article_id: int, who: str, note: str) -> models.Article:
    """Take a published story down: its address answers 410 and /corrections/ lists it."""
    note = _note(note, "withdraw")
    with transaction.atomic():
        article = _locked(article_id, Status.PUBLISHED)
        before = _state(article)
        article.status, article.reason = Status.WITHDRAWN, note
        article.save()
        _log(who, "withdraw", article, note=note, before=before, after=_state(article))
    return article


def correct(article_id: int, who: str, note: str, *, headline: str | None = None,
            dek: str | None = None, body: list[str] | None = None,
            override: bool = False) -> models.Article:
    """Change a published story's text with a dated correction note shown on the article."""
    note = _note(note, "correct")
    with transaction.atomic():
        article = _locked(article_id, Status.PUBLISHED)
        before = _text(article)
        headline = article.headline if headline is None else headline.strip()
        dek = article.dek if dek is None else dek.strip()
        body = list(article.body) if body is None else body
        found = findings(article, headline, dek, body)
        if found and (not override or not headline):
            raise ChecksFailed(found)
        _set_text(article, headline, dek, body)
        article.violations, article.flagged = found, ""
        article.save()
        models.Correction.objects.create(article=article, note=note, made_at=article.updated_at,
                                         before=before)
        _log(who, "correct", article, note=note, before=before, after=_text(article),
             override=bool(found))
    return article


def rewrite(article_id: int, who: str, *, writer: str | None = None,
            config: Config | None = None) -> models.Article:
    """Write a held or declined story again (the next variant, or with the writer named); it stays held."""
    config = _config(config)
    with transaction.atomic():
        article = _locked(article_id, Status.HELD, Status.DECLINED)
        before = _state(article)
        tries = models.DeskLog.objects.filter(article=article, action="rewrite").count()
        chosen = get_writer(writer or config.writer, config.llm)
        event = _cleared(article)
        if event.subject is None or event.act is None:
            raise DeskError("there is nothing to write: no subject or act was read from the title")
        missing = unwritable(event)
        if missing is not None:
            raise DeskError(f"the {chosen.name} writer could not write it: {missing}")
        try:
            draft = chosen.write(event, knowledge_base(), variant=tries + 1)
        except Exception as error:
            if not refused(error):
                raise  # a bug in the writer is a failure with its traceback, not a desk refusal
            raise DeskError(f"the {chosen.name} writer could not write it: {error}") from None
        article.ledger = pipeline_events.ledger_rows(draft.ledger)
        article.writer, article.usage = draft.writer, draft.usage
        _set_text(article, draft.headline, draft.dek, list(draft.body))
        article.violations = findings(article)
        action = "write anyway" if article.status == Status.DECLINED else "rewrite"
        article.status = Status.HELD
        article.reason = "Written at the desk; waiting for an editor's approval."
        article.save()
        _log(who, "rewrite", article, note=f"{action} with the {chosen.name} writer",
             before=before, after=_state(article))
    return article


def write_anyway(article_id: int, who: str, *, writer: str | None = None,
                 config: Config | None = None) -> models.Article:
    """Write a declined story after all; it waits in the held queue for approval."""
    with transaction.atomic():
        _locked(article_id, Status.DECLINED)
        return rewrite(article_id, who, writer=writer, config=config)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text typed at the desk: blank lines divide them, line breaks inside join."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _note(note: str | None, action: str) -> str:
    note = (note or "").strip()
    if not note:
        raise DeskError(f"{action} needs a note saying why")
    return note


def pause_feed(feed_id: int, who: str, paused: bool = True) -> models.Feed:
    """Stop fetching a feed until it is resumed (or resume it)."""
    with transaction.atomic():
        feed = models.Feed.objects.select_for_update().get(pk=feed_id)
        before = {"paused": feed.paused}
        feed.paused = paused
        feed.save(update_fields=["paused"])
        _log(who, "pause feed" if paused else "resume feed", None, note=str(feed)[:300],
             before=before, after={"paused": paused})
    return feed


def users_of(entity: models.Entity) -> list[models.Article]:
    """The published articles about an entity that state a knowledge-base fact."""
    about = models.Article.objects.filter(status=Status.PUBLISHED).filter(
        event__subject=entity) | models.Article.objects.filter(
        status=Status.PUBLISHED, topic__entity=entity)
    return [a for a in about.distinct().order_by("id")
            if any(isinstance(f, dict) and f.get("from") == "kb" for f in a.ledger)]


def _stale_facts(article: models.Article, kb) -> list[str]:
    # A knowledge-base fact still holds when one of the event's entities, as the knowledge base
    # has it today, still states it (as a descriptor, its name or an alias).
    event = _cleared(article, kb)
    texts = set()
    for e in (event.subject, *event.participants):
        if e is not None:
            texts |= {e.name.casefold(), *(a.casefold() for a in e.aliases),
                      *(d.text.casefold() for d in e.descriptors)}
    return [f"grounding: the knowledge base no longer says “{f['fact']}”"
            for f in article.ledger
            if isinstance(f, dict) and f.get("from") == "kb" and f["fact"].casefold() not in texts]


def recheck_entity(entity: models.Entity, who: str) -> list[models.Article]:
    """Re-check the published articles that used an entity's facts; those that fail now are flagged."""
    flagged = []
    kb = knowledge_base()
    for article in users_of(entity):
        found = _stale_facts(article, kb) + findings(article)
        if found:
            with transaction.atomic():
                row = _locked(article.pk, Status.PUBLISHED)
                row.flagged = f"{entity.name} was changed in the knowledge base: " + "; ".join(found)
                row.save(update_fields=["flagged"])
                _log(who, "flag", row, note=row.flagged[:1000])
            flagged.append(row)
    return flagged
