"""Writers: the interchangeable stage that turns an understood event into an article draft."""

from __future__ import annotations

from typing import Any, Protocol

from infolitico.pipeline.events import Draft, Event


class Writer(Protocol):
    """Turns an Event into a Draft in the house voice."""

    name: str

    def write(self, event: Event, kb: Any, variant: int = 0) -> Draft:
        """Write one draft; another `variant` gives other phrasings of the same facts."""
        ...


WRITERS = ("template",)


def get_writer(name: str) -> Writer:
    """The writer configured by name: "template" (the embedded default)."""
    if name == "template":
        from infolitico.pipeline.writers.template import TemplateWriter

        return TemplateWriter()
    if name == "llm":
        raise ValueError("the llm writer is not available yet; use the template writer")
    raise ValueError(f"unknown writer {name!r}; choose one of: {', '.join(WRITERS)}")
