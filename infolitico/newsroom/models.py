"""What the newsroom stores: feeds, their items, events, the knowledge base and articles.

Unique constraints are what make every stage safe to run twice: an item is stored once per feed
and identity, an event once per key, an article once per event.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone


class Feed(models.Model):
    """A source of items: a feed URL or a local file, with its fetch state."""

    source = models.CharField(max_length=2000, unique=True, help_text="URL or absolute path")
    name = models.CharField(max_length=200, blank=True)
    identity = models.CharField(
        max_length=8,
        default="auto",
        choices=[("auto", "guid, else link, else title"), ("guid", "guid"), ("link", "link"),
                 ("title", "title and publisher")],
    )
    configured = models.BooleanField(
        default=False, help_text="listed in infolitico.toml (others were ingested ad hoc)"
    )
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    body_hash = models.CharField(max_length=64, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    error_count = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    items_total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source"]

    def __str__(self) -> str:
        return self.name or self.source

    @property
    def is_url(self) -> bool:
        return self.source.startswith(("http://", "https://"))


class Section(models.Model):
    """A section of the site: Politics, U.S., World, ..."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:section", args=[self.slug])


class Entity(models.Model):
    """A person, organisation, institution, team, group or place in the knowledge base."""

    KINDS = ["person", "organisation", "institution", "team", "group", "place"]

    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    kind = models.CharField(max_length=20, choices=[(k, k) for k in KINDS])
    aliases = models.JSONField(default=list, blank=True)
    descriptors = models.JSONField(
        default=list, blank=True,
        help_text='facts published about the entity: [{"text": "former vice president", '
                  '"as_of": "2025-01-20", "label": "role", "source": "...", "durable": true}]',
    )
    references = models.JSONField(
        default=list, blank=True,
        help_text='unambiguous descriptive references used as names ("justices", "pontiff")',
    )
    section = models.CharField(max_length=100, blank=True, help_text="its usual section")
    surname = models.CharField(max_length=200, blank=True, help_text="how later references read")
    match_surname = models.BooleanField(
        default=True, help_text="a bare surname in a headline may mean this entity"
    )
    known = models.BooleanField(
        default=True, help_text="in the knowledge base (others were only read off a headline)"
    )
    edited = models.BooleanField(
        default=False, help_text="corrected at the desk: updates of the shipped data leave it alone"
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """An entity's page on the site."""

    entity = models.OneToOneField(Entity, on_delete=models.CASCADE, related_name="topic")
    name = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("site:topic", args=[self.slug])


class Event(models.Model):
    """One thing that happened, understood from one or more source items."""

    class Verdict(models.TextChoices):
        COVER = "cover"
        DECLINE = "decline"
        HOLD = "hold"

    key = models.CharField(max_length=64, unique=True)
    title = models.TextField(help_text="the earliest item's title, as received")
    claim = models.TextField()
    publisher = models.CharField(max_length=300, blank=True)
    reporter = models.CharField(max_length=300, blank=True)
    attribution = models.CharField(max_length=300, blank=True)
    subject = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.SET_NULL)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL)
    act_kind = models.CharField(max_length=40, blank=True)
    verdict = models.CharField(max_length=10, choices=Verdict.choices, default=Verdict.COVER)
    reason = models.TextField(blank=True)
    data = models.JSONField(help_text="the pipeline's Event, as understood")
    notes = models.JSONField(
        default=list, blank=True,
        help_text="what later items added that the article does not say (for an editor to see)",
    )
    occurred_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="the earliest item's time"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["subject", "occurred_at"], name="event_subject_time")]

    def __str__(self) -> str:
        return self.title


class SourceItem(models.Model):
    """One entry of one feed, stored once per feed and identity."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=64, help_text="identity hash under the feed's policy")
    title = models.TextField()
    link = models.URLField(max_length=2000, blank=True)
    guid = models.CharField(max_length=2000, blank=True)
    summary = models.TextField(blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )

    class Meta:
        ordering = ["-fetched_at"]
        constraints = [models.UniqueConstraint(fields=["feed", "key"], name="one_item_per_identity")]

    def __str__(self) -> str:
        return self.title

    @property
    def when(self):
        return self.published_at or self.fetched_at


class Article(models.Model):
    """The newsroom's article about one event, from draft to publication (or not)."""

    class Status(models.TextChoices):
        DRAFT = "draft"
        HELD = "held"
        PUBLISHED = "published"
        DECLINED = "declined"
        WITHDRAWN = "withdrawn"

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="article")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    reason = models.TextField(blank=True, help_text="why it was declined, held or withdrawn")
    slug = models.SlugField(max_length=120, null=True, blank=True, unique=True)
    headline = models.CharField(max_length=300, blank=True)
    dek = models.TextField(blank=True)
    body = models.JSONField(default=list, blank=True)
    ledger = models.JSONField(default=list, blank=True)
    violations = models.JSONField(default=list, blank=True)
    writer = models.CharField(max_length=40, blank=True)
    usage = models.JSONField(
        null=True, blank=True,
        help_text="a model writer's accounting: model, prompt version, tokens, cost, latency, attempts",
    )
    notes = models.JSONField(default=list, blank=True, help_text="repairs and fallbacks, and why")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL)
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="articles")
    words = models.PositiveIntegerField(default=0)
    read_minutes = models.PositiveIntegerField(default=1)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # Every archive page asks for "published, newest first"; the site's Last-Modified
            # asks for the latest change.
            models.Index(fields=["status", "-published_at", "-id"], name="article_published"),
            models.Index(fields=["updated_at"], name="article_updated"),
        ]

    def __str__(self) -> str:
        return self.headline or self.event.title

    def get_absolute_url(self) -> str:
        local = timezone.localtime(self.published_at or self.created_at)
        section = self.section.slug if self.section else "news"
        return reverse(
            "site:article",
            kwargs={"section": section, "year": local.year, "month": f"{local.month:02d}",
                    "day": f"{local.day:02d}", "slug": self.slug},
        )


class Image(models.Model):
    """The editorial image of an article, with its files and words."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="image")
    path = models.CharField(max_length=1000, blank=True, help_text="the 1200x675 JPEG")
    files = models.JSONField(default=dict, blank=True)
    alt = models.TextField()
    caption = models.TextField()
    credit = models.CharField(max_length=300)
    licence = models.CharField(max_length=300, blank=True)
    width = models.PositiveIntegerField(default=1200)
    height = models.PositiveIntegerField(default=675)

    def __str__(self) -> str:
        return self.alt
