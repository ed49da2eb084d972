"""The knowledge base in the newsroom's database: shipped entries, and editors' corrections."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from infolitico.newsroom import knowledge, models
from infolitico.pipeline.entities import KnowledgeBase

pytestmark = pytest.mark.django_db


def test_the_shipped_entries_are_copied_in_once():
    shipped = len(KnowledgeBase.load().rows())
    assert knowledge.sync_shipped() == shipped
    assert knowledge.sync_shipped() == 0
    assert models.Entity.objects.filter(known=True).count() == shipped


def test_the_newsroom_resolves_names_from_its_table():
    knowledge.sync_shipped()
    kb = knowledge.knowledge_base()
    assert kb.resolve("Harris").name == "Kamala Harris"


def test_an_editors_correction_survives_the_next_update(admin_user):
    knowledge.sync_shipped()
    harris = models.Entity.objects.get(slug="kamala-harris")
    harris.descriptors = [{"text": "former senator from California", "as_of": "2021-01-18",
                           "label": "role", "source": "U.S. Senate records", "durable": True}]
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    site._registry[models.Entity].save_model(request, harris, form=None, change=True)

    knowledge.sync_shipped()

    harris.refresh_from_db()
    assert harris.edited
    assert [d["text"] for d in harris.descriptors] == ["former senator from California"]
    entity = knowledge.knowledge_base().resolve("Kamala Harris")
    assert [d.text for d in entity.descriptors] == ["former senator from California"]


def test_an_entity_added_at_the_desk_is_recognised_in_headlines():
    knowledge.sync_shipped()
    models.Entity.objects.create(
        name="Marisol Quintero", slug="marisol-quintero", kind="person", section="Politics",
        surname="Quintero", aliases=["Quintero"], known=True, edited=True,
    )
    kb = knowledge.knowledge_base()
    assert kb.resolve("Quintero").slug == "marisol-quintero"


def test_descriptive_references_survive_the_trip_through_the_table():
    from infolitico.pipeline.understand import understand

    knowledge.sync_shipped()
    event = understand("Pontiff lands in Lebanon for first foreign trip - Reuters",
                       knowledge.knowledge_base())
    assert event.subject is not None and event.subject.slug == "pope-leo-xiv"
