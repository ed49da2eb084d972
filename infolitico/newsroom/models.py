"""What the newsroom stores: feeds, their items, events, the knowledge base and articles.

Unique constraints are what make every stage safe to run twice: an item is stored once per feed
and identity, an event once per key, an article once per event.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from infolitico.pipeline.web import is_http_url

# Where a section, a topic or an article lives is the public site's business: it hands the
# newsroom its address builder when it starts (infolitico.site.links), so no URL name of the
# site's is known here.
_addresses = None


def publish_addresses(builder) -> None:
    """Let the public site say where sections, topics and articles are published."""
    global _addresses
    _addresses = builder


def _address(obj) -> str:
    if _addresses is None:
        raise RuntimeError("no public site is installed to give this an address")
    return _addresses(obj)


class Feed(models.Model):
    """A source of items: a feed URL or a local file, with its fetch state."""

    source = models.CharField(max_length=2000, unique=True, help_text="URL or absolute path")
    name = models.CharField(
        max_length=200, blank=True,
        help_text="its label in infolitico.toml; the outlet too, when it names one",
    )
    title = models.CharField(max_length=300, blank=True, help_text="the feed's own title, as read")
    outlet = models.CharField(
        max_length=300, blank=True,
        help_text="who publishes it, read off its title and links (outlets.json) or its name",
    )
    aggregator = models.BooleanField(
        default=False,
        help_text="it carries other outlets' items: each keeps its own publisher, the feed lends none",
    )
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
    paused = models.BooleanField(
        default=False, help_text="paused at the desk: not fetched until resumed"
    )
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    items_total = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(
        default=list, blank=True,
        help_text="what its last read skipped or doubted (an unreadable item, a cut list), one line each",
    )

    class Meta:
        ordering = ["source"]

    def __str__(self) -> str:
        return self.name or self.title or self.source

    @property
    def credited_outlet(self) -> str:
        """The outlet an item of this feed is published by when it names none ("" for aggregators)."""
        return "" if self.aggregator else self.outlet

    @property
    def is_url(self) -> bool:
        return is_http_url(self.source)


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
        return _address(self)


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
        return _address(self)


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
    publish_after = models.DateTimeField(
        null=True, blank=True, help_text="approved for publication at this time, not before"
    )
    flagged = models.TextField(
        blank=True, help_text="why a published article needs a correction (a changed fact)"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            # A published row with no address or no time would be a page nobody can reach and
            # a feed entry that cannot be dated: the database refuses it, whoever writes it.
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | (models.Q(slug__isnull=False) & ~models.Q(slug="") & ~models.Q(headline="")
                   & models.Q(published_at__isnull=False)),
                name="published_has_slug_headline_time",
            ),
        ]
        indexes = [
            # Every archive page asks for "published, newest first"; the site's Last-Modified
            # asks for the latest change.
            models.Index(fields=["status", "-published_at", "-id"], name="article_published"),
            models.Index(fields=["updated_at"], name="article_updated"),
        ]

    def __str__(self) -> str:
        return self.headline or self.event.title

    @property
    def modified_at(self):
        """When readers last saw the article change: its publication or its latest edit after it."""
        if self.published_at and self.updated_at:
            return max(self.published_at, self.updated_at)
        return self.updated_at or self.published_at

    def clean(self) -> None:
        """A published article has a headline, a slug and a publication time."""
        from django.core.exceptions import ValidationError

        if self.status == self.Status.PUBLISHED:
            missing = {name: "a published article needs one" for name, value in
                       (("headline", self.headline), ("slug", self.slug),
                        ("published_at", self.published_at)) if not value}
            if missing:
                raise ValidationError(missing)

    def get_absolute_url(self) -> str:
        return _address(self)


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


class Correction(models.Model):
    """A dated note on a published article saying what was changed and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    note = models.TextField()
    made_at = models.DateTimeField(default=timezone.now)
    before = models.JSONField(default=dict, help_text="headline, dek and body as they were")

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return self.note


class AppendOnly(models.QuerySet):
    """A queryset whose rows are never changed or deleted in bulk."""

    def update(self, **kwargs):
        raise PermissionError("the desk log is append-only")

    def delete(self):
        raise PermissionError("the desk log is append-only")


class DeskLog(models.Model):
    """One desk action: who did what to which article, when, with the text before and after."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    who = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="desk_log")
    what = models.CharField(max_length=300, blank=True, help_text="the story, as it was named")
    note = models.TextField(blank=True)
    override = models.BooleanField(default=False, help_text="published over failed checks")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = AppendOnly.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "desk log entry"
        verbose_name_plural = "desk log"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.who} {self.action} {self.what}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the desk log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the desk log is append-only")
