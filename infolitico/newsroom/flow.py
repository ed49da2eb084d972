"""The one place that knows the order of the stages: a newsroom cycle, from feeds to pages."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from infolitico.config import Config
from infolitico.newsroom import knowledge, stages


@dataclass
class Summary:
    """What a cycle did, for the one line printed at its end."""

    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, result: stages.StageResult) -> None:
        self.counts.update(result.counts)
        self.failures.extend(f"{result.stage}: {f}" for f in result.failures)

    def line(self) -> str:
        c = self.counts
        model = f", {c['tokens']:,} model tokens (${c['cost']:.4f})" if c["tokens"] else ""
        return (
            f"{c['new items']} new items, {c['new events']} events, {c['written']} written, "
            f"{c['declined']} declined, {c['held']} held, {c['published']} published, "
            f"{c['failed']} failed in {self.seconds:.1f} s{model}"
        )


def run_cycle(
    config: Config,
    *,
    writer: str | None = None,
    now: datetime | None = None,
    progress: stages.Progress = stages._quiet,
) -> Summary:
    """Run one cycle: ingest, understand, write and check, illustrate, publish."""
    started = time.monotonic()
    summary = Summary()
    stages.sync_feeds(config)
    knowledge.sync_shipped()
    kb = knowledge.knowledge_base()
    summary.add(stages.ingest(config, now=now, progress=progress))
    summary.add(stages.understand_pending(config, kb, progress=progress))
    summary.add(stages.write_pending(config, kb, writer_name=writer, now=now,
                                             progress=progress))
    summary.add(stages.illustrate_pending(config, progress=progress))
    summary.add(stages.publish_pending(now=now, progress=progress))
    summary.seconds = time.monotonic() - started
    return summary


def ingest_now(config: Config, sources: list[str], *, outlet: str | None = None) -> Summary:
    """Ingest the feeds named on the command line now (published by `outlet`, when given)."""
    started = time.monotonic()
    summary = Summary()
    stages.sync_feeds(config)
    feeds = [stages.add_feed(source, outlet=outlet) for source in sources]
    summary.add(stages.ingest(config, feeds, force=True))
    summary.seconds = time.monotonic() - started
    return summary
