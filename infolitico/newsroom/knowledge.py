"""The newsroom's knowledge base lives in its database, so editors can correct it at the desk.

The shipped entries (`infolitico/data/entities.json`) are copied in and kept up to date, except
the entries an editor has changed; the pipeline then reads the knowledge base from the table.
"""

from __future__ import annotations

from infolitico.newsroom.models import Entity
from infolitico.pipeline.entities import KnowledgeBase

_FIELDS = (
    "name", "kind", "aliases", "references", "descriptors", "section", "surname", "match_surname",
)


def _row_fields(row: dict) -> dict:
    return {
        "name": row["name"],
        "kind": row["kind"],
        "aliases": list(row.get("aliases", [])),
        "references": list(row.get("references", [])),
        "descriptors": list(row.get("descriptors", [])),
        "section": row.get("section") or "",
        "surname": row.get("surname") or "",
        "match_surname": row.get("match_surname", True),
    }


def sync_shipped(rows: list[dict] | None = None) -> int:
    """Copy the shipped entries into the table, leaving editors' corrections alone; returns changes."""
    rows = KnowledgeBase.load().rows() if rows is None else rows
    existing = {e.slug: e for e in Entity.objects.all()}
    create, update = [], []
    for row in rows:
        fields = _row_fields(row)
        entity = existing.get(row["slug"])
        if entity is None:
            create.append(Entity(slug=row["slug"], known=True, **fields))
        elif not entity.edited and (
            not entity.known or any(getattr(entity, k) != v for k, v in fields.items())
        ):
            for key, value in fields.items():
                setattr(entity, key, value)
            entity.known = True
            update.append(entity)
    Entity.objects.bulk_create(create, ignore_conflicts=True)
    Entity.objects.bulk_update(update, [*_FIELDS, "known"])
    return len(create) + len(update)


def entity_row(entity: Entity) -> dict:
    """A stored entity in the shape of the shipped entries."""
    return {"slug": entity.slug, **{k: getattr(entity, k) for k in _FIELDS}}


def knowledge_base() -> KnowledgeBase:
    """The newsroom's knowledge base: every known entity in the table, with editors' changes."""
    if not Entity.objects.filter(known=True).exists():
        sync_shipped()
    return KnowledgeBase.from_rows(entity_row(e) for e in Entity.objects.filter(known=True))
