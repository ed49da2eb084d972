"""Writers: the interchangeable stage that turns an understood event into an article draft."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from infolitico.errors import CannotWrite, DraftRejected, WriterUnavailable
from infolitico.pipeline.events import Draft, Event


class Writer(Protocol):
    """Turns an Event into a Draft in the house voice."""

    name: str

    def write(self, event: Event, kb: Any, variant: int = 0) -> Draft:
        """Write one draft; another `variant` gives other phrasings of the same facts."""
        ...


# The writers' errors live in the one tree (infolitico/errors.py); they are named here for callers.
__all__ = ["CannotWrite", "DraftRejected", "WRITERS", "Writer", "WriterUnavailable", "get_writer"]


WRITERS = ("template", "llm")


def get_writer(name: str = "template", settings: Mapping[str, Any] | None = None) -> Writer:
    """The writer configured by name: "template" (the embedded default) or "llm" (`[writer.llm]` settings)."""
    if name == "template":
        from infolitico.pipeline.writers.template import TemplateWriter

        return TemplateWriter()
    if name == "llm":
        from infolitico.pipeline.writers.llm import LLMSettings, LLMWriter

        return LLMWriter(LLMSettings.from_dict(settings))
    raise ValueError(f"unknown writer {name!r}; choose one of: {', '.join(WRITERS)}")
