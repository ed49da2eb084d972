"""The one place that knows the order of the stages: a newsroom's flow, from feeds to pages.

`STAGES` is the flow, one entry a stage: its name, the query of what it has to do, its work on
one row, and the stage that works on what it hands on. Everything that runs the flow is derived
from the table: `run_cycle` (inline, `infolitico run`), `dispatch` and the queue's one task
(`infolitico run --enqueue`, `infolitico worker`), `pending` and the queues `infolitico status`
shows. Adding a stage is one entry here and its functions in `stages`.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from infolitico.config import Config
from infolitico.errors import Busy, WriterUnavailable
from infolitico.newsroom import knowledge, stages
from infolitico.newsroom.stages import Context, Done

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


@dataclass(frozen=True)
class Stage:
    """One stage of the flow: what it has to do, its work on one row, and who works on what it hands on."""

    name: str
    pending: Callable[[Context], object]  # a query of the rows it has to do, in order
    one: Callable[[Context, int], Done]  # its work on one row, by id: idempotent
    next: str | None  # the stage that works on the ids it hands on
    label: str | None = None  # the column that names a row in a failure (None: the row itself)
    # Errors that fail every row alike (a wrong key, an unreachable model): stop the stage once.
    stops: tuple[type[BaseException], ...] = ()
    ahead: Callable[[Context, list[int]], None] | None = None  # prepares a batch of rows at once
    # Told of the rows it hands on, a few dozen at a time, so a later stage can start on them early.
    handed: Callable[[Context, list[int]], None] | None = None
    batch: int = 1000  # rows per `ahead` batch
    prepare: Callable[[Context], object] | None = None  # before the rows: fails early, for all
    failed: Callable[[Context, int, str], None] | None = None  # records a row's unexpected failure
    exclusive: bool = False  # on the queue, one job for a row at a time, on any machine
    # The last stage to use what stages started ahead: a whole run lets go of it once this is done.
    last_ahead: bool = False


STAGES: tuple[Stage, ...] = (
    Stage("ingest", stages.pending_feeds, stages.ingest_feed, "understand",
          failed=stages.feed_failed, exclusive=True),
    # The events understood that the desk will write start being drawn while the rest are read.
    Stage("understand", stages.pending_items, stages.understand_item, "write", label="title",
          ahead=stages.read_ahead, batch=stages.PARSE_BATCH, handed=stages.draw_understood),
    Stage("write", stages.pending_events, stages.write_event, "illustrate", label="title",
          stops=(WriterUnavailable,), prepare=Context.the_writer),
    Stage("illustrate", stages.pending_drafts, stages.illustrate_article, "publish",
          label="headline", ahead=stages.draw_ahead, last_ahead=True),
    Stage("publish", stages.pending_publishable, stages.publish_article, None, label="headline"),
)


HANDED = 32  # rows a stage hands on before it tells `Stage.handed` of them


def stage(name: str) -> Stage:
    """The stage of that name."""
    for one in STAGES:
        if one.name == name:
            return one
    raise ValueError(f"no stage {name!r}; stages: {', '.join(names())}")


def names() -> tuple[str, ...]:
    """The stages' names, in the flow's order."""
    return tuple(s.name for s in STAGES)


# ---------------------------------------------------------------------------------------------
# inline: `infolitico run`


@dataclass
class Summary:
    """What a cycle did, for the one line printed at its end."""

    counts: stages.Counts = field(default_factory=stages.Counts)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: stages.StageResult) -> None:
        self.counts += result.counts
        self.failures.extend(f"{result.stage}: {f}" for f in result.failures)

    def line(self) -> str:
        c = self.counts
        model = f", {c.tokens:,} model tokens (${c.cost:.4f})" if c.tokens else ""
        return f"{c.said()} in {self.seconds:.1f} s{model}"


def run_stage(
    current: Stage, ctx: Context, *, rows: Iterable[int] | None = None, progress: Progress = _quiet,
    hand_on: bool = False,
) -> stages.StageResult:
    """Do a stage's work on every row it has pending (or the rows given), one row at a time.

    `hand_on`: the later stages run next in this process, so `Stage.handed` is told of the rows
    handed on, and they start early.
    """
    result = stages.StageResult(current.name)
    if current.prepare is not None:
        current.prepare(ctx)
    query = current.pending(ctx)
    if rows is not None:
        query = query.model.objects.filter(pk__in=list(rows)).order_by("id")
    if current.label:
        todo = list(query.values_list("pk", current.label))
    else:
        todo = [(row.pk, str(row)) for row in query]
    for start in range(0, len(todo), current.batch):
        chunk = todo[start:start + current.batch]
        if current.ahead is not None:
            current.ahead(ctx, [pk for pk, _ in chunk])
        handed: list[int] = []
        for n, (pk, label) in enumerate(chunk, start + 1):
            try:
                done = current.one(ctx, pk)
            except Busy:
                result.counts.busy += 1  # another process has it in hand
            except current.stops as exc:
                # Every row would fail alike: leave them for the next run, and say why once.
                result.fail(current.name, str(exc))
                return result
            except Exception as exc:  # one row's surprise costs that row this run, not the run
                log.exception("%s: row %s failed", current.name, pk)
                reason = f"{exc.__class__.__name__}: {exc}"
                if current.failed is not None:
                    current.failed(ctx, pk, reason)
                result.fail(label, reason)
            else:
                result.add(done)
                handed.extend(done.next)
                if hand_on and len(handed) >= HANDED:
                    _hand_on(current, ctx, handed)
                    handed = []
            progress(current.name, n, len(todo))
        if hand_on:
            _hand_on(current, ctx, handed)
    return result


def _hand_on(current: Stage, ctx: Context, handed: list[int]) -> None:
    """Tell the stage's `handed` of the rows it handed on."""
    if current.handed is not None and handed:
        try:
            current.handed(ctx, handed)
        except Exception:  # starting early is a head start only: the later stage does it in its turn
            log.exception("%s: starting later stages on %d rows failed", current.name, len(handed))


def run(name: str, ctx: Context, *, progress: Progress = _quiet) -> stages.StageResult:
    """One stage of the flow, by name, over everything it has pending."""
    try:
        return run_stage(stage(name), ctx, progress=progress)
    finally:
        ctx.close()


def run_cycle(
    config: Config,
    *,
    writer: str | None = None,
    now: datetime | None = None,
    progress: Progress = _quiet,
) -> Summary:
    """Run one cycle: every stage of the flow over what it has pending, in order."""
    started = time.monotonic()
    summary = Summary()
    stages.sync_feeds(config)
    knowledge.sync_shipped()
    stages.clear_scratch(config)
    ctx = Context(config, now=now, writer_name=writer)
    try:
        for current in STAGES:
            summary.add(run_stage(current, ctx, progress=progress, hand_on=True))
            if current.last_ahead:
                ctx.close()  # the drawing workers, and anything they drew for nobody, go now
    finally:
        ctx.close()
    summary.seconds = time.monotonic() - started
    return summary


def ingest_now(config: Config, sources: list[str], *, outlet: str | None = None) -> Summary:
    """Ingest the feeds named on the command line now (published by `outlet`, when given)."""
    started = time.monotonic()
    summary = Summary()
    stages.sync_feeds(config)
    feeds = [stages.add_feed(source, outlet=outlet).pk for source in sources]
    ctx = Context(config, force=True)
    summary.add(run_stage(STAGES[0], ctx, rows=feeds))
    summary.seconds = time.monotonic() - started
    return summary


def pending(limit: int | None = None, now: datetime | None = None) -> dict[str, list[int]]:
    """The ids each stage still has work for, in its order (at most `limit` each)."""
    ctx = Context(None, now=now)  # the queries read only the time
    return {s.name: list(s.pending(ctx).values_list("pk", flat=True)[:limit]) for s in STAGES}


# ---------------------------------------------------------------------------------------------
# on the queue: `infolitico run --enqueue`, `infolitico worker` (PostgreSQL)

SWEEP = 1000  # rows per stage the dispatcher queues per tick: bounded, so a tick stays short


def queues() -> tuple[str, ...]:
    """The queues a worker can work: one a stage, and the dispatcher's."""
    from infolitico.newsroom import queue

    return (*names(), queue.DISPATCH)


def dispatch(config: Config, now: datetime | None = None, *, shipped: bool = False) -> Counter:
    """Queue a job for every row a stage has pending (the due feeds among them); counts queued jobs.

    `shipped` first brings the shipped knowledge base in, as a cycle does (`run --enqueue`).
    """
    from infolitico.newsroom import queue

    queue.require()
    stages.sync_feeds(config)
    if shipped:
        knowledge.sync_shipped()
    queued: Counter = Counter()
    # Work whose job was lost (a crash between a commit and its next enqueue, a job that failed
    # for good) is queued again too; the queueing locks skip what is already waiting.
    for current, ids in pending(limit=SWEEP, now=now).items():
        for row_id in ids:
            queued[current] += enqueue(current, row_id)
    return queued


def enqueue(name: str, row_id: int) -> bool:
    """Queue one stage's job for one row; False when that job is already waiting."""
    from infolitico.newsroom import queue

    current = stage(name)
    return queue.defer(current.name, row_id, priority=STAGES.index(current),
                       exclusive=current.exclusive)


def work(config: Config, name: str, row_id: int, *, load_kb=None, load_writer=None) -> Done:
    """A queue job: one stage's work on one row, then a job for each row it hands on."""
    current = stage(name)
    done = current.one(Context(config, load_kb=load_kb, load_writer=load_writer), row_id)
    if current.next is not None:
        for next_id in done.next:
            enqueue(current.next, next_id)
    return done


def run_worker(config: Config, *, concurrency: int = 1, queues: list[str] | None = None,
               name: str | None = None) -> None:
    """Work the queues (all, or the ones named) until stopped."""
    from infolitico.newsroom import queue

    stages.sync_feeds(config)
    knowledge.sync_shipped()
    queue.run_worker(concurrency=concurrency, queues=queues, name=name)
