"""The newsroom's tables as they stand after 0001–0004, in one step.

A fresh database runs only this. A database that applied all four is marked as having applied
this too, so nothing runs again; one stopped part-way through them must first be migrated by the
release that still ships them (see README, "Upgrading").
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

SET_NULL = django.db.models.deletion.SET_NULL
CASCADE = django.db.models.deletion.CASCADE
NOW = django.utils.timezone.now


def table(name, *fields, **options):
    """One CreateModel: Django's own id column, then the model's fields, in order."""
    id_column = models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")
    return migrations.CreateModel(name=name, fields=[("id", id_column), *fields], options=options)


class Migration(migrations.Migration):
    replaces = [
        ("newsroom", "0001_initial"),
        ("newsroom", "0002_feed_outlet"),
        ("newsroom", "0003_feed_warnings"),
        ("newsroom", "0004_desk"),
    ]
    initial = True
    dependencies = []

    operations = [
        table(
            "Entity",
            ("name", models.CharField(max_length=300)),
            ("slug", models.SlugField(max_length=300, unique=True)),
            ("kind", models.CharField(choices=[("person", "person"), ("organisation", "organisation"), ("institution", "institution"), ("team", "team"), ("group", "group"), ("place", "place")], max_length=20)),
            ("aliases", models.JSONField(blank=True, default=list)),
            ("descriptors", models.JSONField(blank=True, default=list, help_text='facts published about the entity: [{"text": "former vice president", "as_of": "2025-01-20", "label": "role", "source": "...", "durable": true}]')),
            ("references", models.JSONField(blank=True, default=list, help_text='unambiguous descriptive references used as names ("justices", "pontiff")')),
            ("section", models.CharField(blank=True, help_text="its usual section", max_length=100)),
            ("surname", models.CharField(blank=True, help_text="how later references read", max_length=200)),
            ("match_surname", models.BooleanField(default=True, help_text="a bare surname in a headline may mean this entity")),
            ("known", models.BooleanField(default=True, help_text="in the knowledge base (others were only read off a headline)")),
            ("edited", models.BooleanField(default=False, help_text="corrected at the desk: updates of the shipped data leave it alone")),
            verbose_name_plural="entities",
            ordering=["name"],
        ),
        table(
            "Feed",
            ("source", models.CharField(help_text="URL or absolute path", max_length=2000, unique=True)),
            ("name", models.CharField(blank=True, help_text="its label in infolitico.toml; the outlet too, when it names one", max_length=200)),
            ("identity", models.CharField(choices=[("auto", "guid, else link, else title"), ("guid", "guid"), ("link", "link"), ("title", "title and publisher")], default="auto", max_length=8)),
            ("configured", models.BooleanField(default=False, help_text="listed in infolitico.toml (others were ingested ad hoc)")),
            ("etag", models.CharField(blank=True, max_length=500)),
            ("last_modified", models.CharField(blank=True, max_length=100)),
            ("body_hash", models.CharField(blank=True, max_length=64)),
            ("checked_at", models.DateTimeField(blank=True, null=True)),
            ("next_check_at", models.DateTimeField(blank=True, db_index=True, null=True)),
            ("error_count", models.PositiveIntegerField(default=0)),
            ("last_error", models.TextField(blank=True)),
            ("last_error_at", models.DateTimeField(blank=True, null=True)),
            ("items_total", models.PositiveIntegerField(default=0)),
            ("aggregator", models.BooleanField(default=False, help_text="it carries other outlets' items: each keeps its own publisher, the feed lends none")),
            ("outlet", models.CharField(blank=True, help_text="who publishes it, read off its title and links (outlets.json) or its name", max_length=300)),
            ("title", models.CharField(blank=True, help_text="the feed's own title, as read", max_length=300)),
            ("warnings", models.JSONField(blank=True, default=list, help_text="what its last read skipped or doubted (an unreadable item, a cut list), one line each")),
            ("paused", models.BooleanField(default=False, help_text="paused at the desk: not fetched until resumed")),
            ordering=["source"],
        ),
        table(
            "Section",
            ("name", models.CharField(max_length=100, unique=True)),
            ("slug", models.SlugField(max_length=100, unique=True)),
            ("position", models.PositiveIntegerField(default=0)),
            ordering=["position", "name"],
        ),
        table(
            "Topic",
            ("name", models.CharField(max_length=300)),
            ("slug", models.SlugField(max_length=300, unique=True)),
            ("entity", models.OneToOneField(on_delete=CASCADE, related_name="topic", to="newsroom.entity")),
            ordering=["name"],
        ),
        table(
            "Event",
            ("key", models.CharField(max_length=64, unique=True)),
            ("title", models.TextField(help_text="the earliest item's title, as received")),
            ("claim", models.TextField()),
            ("publisher", models.CharField(blank=True, max_length=300)),
            ("reporter", models.CharField(blank=True, max_length=300)),
            ("attribution", models.CharField(blank=True, max_length=300)),
            ("act_kind", models.CharField(blank=True, max_length=40)),
            ("verdict", models.CharField(choices=[("cover", "Cover"), ("decline", "Decline"), ("hold", "Hold")], default="cover", max_length=10)),
            ("reason", models.TextField(blank=True)),
            ("data", models.JSONField(help_text="the pipeline's Event, as understood")),
            ("notes", models.JSONField(blank=True, default=list, help_text="what later items added that the article does not say (for an editor to see)")),
            ("occurred_at", models.DateTimeField(db_index=True, default=NOW, help_text="the earliest item's time")),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("subject", models.ForeignKey(blank=True, null=True, on_delete=SET_NULL, to="newsroom.entity")),
            ("section", models.ForeignKey(blank=True, null=True, on_delete=SET_NULL, to="newsroom.section")),
            ordering=["-occurred_at"],
            indexes=[models.Index(fields=["subject", "occurred_at"], name="event_subject_time")],
        ),
        table(
            "Article",
            ("status", models.CharField(choices=[("draft", "Draft"), ("held", "Held"), ("published", "Published"), ("declined", "Declined"), ("withdrawn", "Withdrawn")], db_index=True, default="draft", max_length=10)),
            ("reason", models.TextField(blank=True, help_text="why it was declined, held or withdrawn")),
            ("slug", models.SlugField(blank=True, max_length=120, null=True, unique=True)),
            ("headline", models.CharField(blank=True, max_length=300)),
            ("dek", models.TextField(blank=True)),
            ("body", models.JSONField(blank=True, default=list)),
            ("ledger", models.JSONField(blank=True, default=list)),
            ("violations", models.JSONField(blank=True, default=list)),
            ("writer", models.CharField(blank=True, max_length=40)),
            ("usage", models.JSONField(blank=True, help_text="a model writer's accounting: model, prompt version, tokens, cost, latency, attempts", null=True)),
            ("notes", models.JSONField(blank=True, default=list, help_text="repairs and fallbacks, and why")),
            ("words", models.PositiveIntegerField(default=0)),
            ("read_minutes", models.PositiveIntegerField(default=1)),
            ("published_at", models.DateTimeField(blank=True, db_index=True, null=True)),
            ("created_at", models.DateTimeField(auto_now_add=True)),
            ("updated_at", models.DateTimeField(auto_now=True)),
            ("event", models.OneToOneField(on_delete=CASCADE, related_name="article", to="newsroom.event")),
            ("section", models.ForeignKey(blank=True, null=True, on_delete=SET_NULL, to="newsroom.section")),
            ("topic", models.ForeignKey(blank=True, null=True, on_delete=SET_NULL, related_name="articles", to="newsroom.topic")),
            ("flagged", models.TextField(blank=True, help_text="why a published article needs a correction (a changed fact)")),
            ("publish_after", models.DateTimeField(blank=True, help_text="approved for publication at this time, not before", null=True)),
            ordering=["-published_at", "-created_at"],
            indexes=[
                models.Index(fields=["status", "-published_at", "-id"], name="article_published"),
                models.Index(fields=["updated_at"], name="article_updated"),
            ],
            constraints=[
                models.CheckConstraint(
                    condition=models.Q(
                        models.Q(("status", "published"), _negated=True),
                        models.Q(("slug__isnull", False), models.Q(("slug", ""), _negated=True), models.Q(("headline", ""), _negated=True), ("published_at__isnull", False)),
                        _connector="OR",
                    ),
                    name="published_has_slug_headline_time",
                ),
            ],
        ),
        table(
            "Image",
            ("path", models.CharField(blank=True, help_text="the 1200x675 JPEG", max_length=1000)),
            ("files", models.JSONField(blank=True, default=dict)),
            ("alt", models.TextField()),
            ("caption", models.TextField()),
            ("credit", models.CharField(max_length=300)),
            ("licence", models.CharField(blank=True, max_length=300)),
            ("width", models.PositiveIntegerField(default=1200)),
            ("height", models.PositiveIntegerField(default=675)),
            ("article", models.OneToOneField(on_delete=CASCADE, related_name="image", to="newsroom.article")),
        ),
        table(
            "SourceItem",
            ("key", models.CharField(help_text="identity hash under the feed's policy", max_length=64)),
            ("title", models.TextField()),
            ("link", models.URLField(blank=True, max_length=2000)),
            ("guid", models.CharField(blank=True, max_length=2000)),
            ("summary", models.TextField(blank=True)),
            ("publisher", models.CharField(blank=True, max_length=300)),
            ("published_at", models.DateTimeField(blank=True, null=True)),
            ("fetched_at", models.DateTimeField(default=NOW)),
            ("event", models.ForeignKey(blank=True, null=True, on_delete=SET_NULL, related_name="items", to="newsroom.event")),
            ("feed", models.ForeignKey(on_delete=CASCADE, related_name="items", to="newsroom.feed")),
            ordering=["-fetched_at"],
            constraints=[models.UniqueConstraint(fields=("feed", "key"), name="one_item_per_identity")],
        ),
        table(
            "Correction",
            ("note", models.TextField()),
            ("made_at", models.DateTimeField(default=NOW)),
            ("before", models.JSONField(default=dict, help_text="headline, dek and body as they were")),
            ("article", models.ForeignKey(on_delete=CASCADE, related_name="corrections", to="newsroom.article")),
            ordering=["-made_at", "-id"],
        ),
        table(
            "DeskLog",
            ("at", models.DateTimeField(db_index=True, default=NOW)),
            ("who", models.CharField(max_length=150)),
            ("action", models.CharField(max_length=40)),
            ("what", models.CharField(blank=True, help_text="the story, as it was named", max_length=300)),
            ("note", models.TextField(blank=True)),
            ("override", models.BooleanField(default=False, help_text="published over failed checks")),
            ("before", models.JSONField(blank=True, default=dict)),
            ("after", models.JSONField(blank=True, default=dict)),
            ("article", models.ForeignKey(blank=True, null=True, on_delete=SET_NULL, related_name="desk_log", to="newsroom.article")),
            verbose_name="desk log entry",
            verbose_name_plural="desk log",
            ordering=["-at", "-id"],
        ),
    ]
