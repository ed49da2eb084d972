"""Does a spaCy entity ruler fed from the knowledge base change what the understanding reads?

Run: .venv/bin/python bench/entity_ruler.py

Adds an `entity_ruler` before `ner` with every KB name and alias (person -> PERSON; organisation,
team, institution -> ORG; group -> NORP; place -> GPE), reads the same titles as
bench/understand.py with and without it, and prints how many Events differ and both rates.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from understand import titles  # noqa: E402

from infolitico.pipeline import understand as reading  # noqa: E402
from infolitico.pipeline.entities import KnowledgeBase  # noqa: E402

LABELS = {"person": "PERSON", "organisation": "ORG", "team": "ORG", "institution": "ORG",
          "group": "NORP", "place": "GPE"}


def main() -> None:
    items = list(dict.fromkeys(titles(1000)[0]))  # each distinct title once
    kb = KnowledgeBase.load()
    nlp = reading.load_nlp()
    reading.understand_many(items[:20], kb)
    start = time.perf_counter()
    without = reading.understand_many(items, kb)
    rate_without = len(items) / (time.perf_counter() - start)
    misses = [(w.text, w.ent_type_) for t in ("Tesla unveils robotaxi", "Mamdani wins primary")
              for w in nlp(t)[:1]]
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns([{"label": LABELS[e.kind], "pattern": s} for e in kb for s in {e.name, *e.aliases}])
    fixed = [(w.text, w.ent_type_) for t in ("Tesla unveils robotaxi", "Mamdani wins primary")
             for w in nlp(t)[:1]]
    try:
        start = time.perf_counter()
        with_ruler = reading.understand_many(items, kb)
        rate_with = len(items) / (time.perf_counter() - start)
    finally:
        nlp.remove_pipe("entity_ruler")
    differ = [a.source.title for a, b in zip(without, with_ruler, strict=True) if a != b]
    print(f"model labels without the ruler: {misses}; with it: {fixed}")
    print(f"titles: {len(items)} distinct; Events that differ with the ruler: {len(differ)}")
    for title in differ:
        print(f"  differs: {title}")
    print(f"headlines/s without the ruler: {rate_without:.0f}; with it: {rate_with:.0f}")


if __name__ == "__main__":
    main()
