"""The editorial desk: feeds and their health, events and verdicts, articles by status."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from infolitico.config import WRITERS
from infolitico.newsroom import desk, models
from infolitico.newsroom.desk import paragraphs


@admin.register(models.Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "aggregator", "configured", "paused", "items_total",
                    "error_count", "backoff", "last_error", "checked_at", "next_check_at"]
    list_filter = ["configured", "paused", "aggregator", "identity", "outlet"]
    actions = ["pause", "resume"]

    @admin.display(description="backoff")
    def backoff(self, feed):
        return f"{feed.error_count} failure(s) in a row" if feed.error_count else ""

    @admin.action(description="Pause the selected feeds (not fetched until resumed)")
    def pause(self, request, queryset):
        for feed in queryset:
            desk.pause_feed(feed.pk, request.user.get_username(), True)
        self.message_user(request, f"paused {len(queryset)} feed(s)")

    @admin.action(description="Resume the selected feeds")
    def resume(self, request, queryset):
        for feed in queryset:
            desk.pause_feed(feed.pk, request.user.get_username(), False)
        self.message_user(request, f"resumed {len(queryset)} feed(s)")
    search_fields = ["source", "name", "title", "outlet"]
    # Read off the feed at each fetch (or named by `ingest --outlet`); a correction goes in
    # infolitico.toml as the feed's name, where the next fetch finds it.
    readonly_fields = ["title", "outlet", "aggregator"]


@admin.register(models.SourceItem)
class SourceItemAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_at", "feed", "event"]
    search_fields = ["title", "publisher"]
    raw_id_fields = ["event"]


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "subject", "section", "act_kind", "verdict", "reason", "occurred_at"]
    list_filter = ["verdict", "section", "act_kind"]
    search_fields = ["title", "claim"]
    raw_id_fields = ["subject"]


class ImageInline(admin.StackedInline):
    model = models.Image
    extra = 0


class CorrectionInline(admin.TabularInline):
    model = models.Correction
    extra = 0
    can_delete = False
    readonly_fields = ["made_at", "note", "before"]

    def has_add_permission(self, request, obj=None):
        return False  # a correction is made with its text, on the desk page


class ParagraphsField(forms.CharField):
    """A body edited as paragraphs separated by a blank line, stored as a list."""

    widget = forms.Textarea(attrs={"rows": 18, "cols": 100})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n\n".join(str(p) for p in value)
        return value

    def to_python(self, value):
        return paragraphs(super().to_python(value) or "")


class ArticleForm(forms.ModelForm):
    body = ParagraphsField(required=False)

    class Meta:
        model = models.Article
        fields = "__all__"

    def clean(self):
        data = super().clean()
        before = self.instance.status if self.instance.pk else None
        status = data.get("status", before)
        # Publishing, approving and rejecting go through the desk page, which runs the checks
        # and writes the audit row; the form only withdraws, as it always has.
        allowed = {before, models.Article.Status.WITHDRAWN} \
            if before == models.Article.Status.PUBLISHED else {before}
        if self.instance.pk and status not in allowed:
            raise forms.ValidationError(
                "Change the status on the story's desk page, where the checks run again.")
        if status == models.Article.Status.WITHDRAWN and before == models.Article.Status.PUBLISHED \
                and not (data.get("reason") or "").strip():
            raise forms.ValidationError("A withdrawal needs a reason.")
        return data


class DeskForm(forms.Form):
    """The desk page's form: the edited text, a note, and the editor's override."""

    headline = forms.CharField(required=False, max_length=300,
                               widget=forms.TextInput(attrs={"size": 100}))
    dek = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 100}))
    body = ParagraphsField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 100}),
                           help_text="why: needed to reject, correct or withdraw")
    override = forms.BooleanField(
        required=False, help_text="publish although the checks fail (the desk log records it)")
    writer = forms.ChoiceField(choices=[("", "as configured"), *[(w, w) for w in WRITERS]],
                               required=False)
    at = forms.DateTimeField(required=False, help_text="publish at this time, not before")


ACTIONS = {
    models.Article.Status.HELD: ["approve", "reject", "rewrite"],
    models.Article.Status.DRAFT: ["approve", "reject"],
    models.Article.Status.DECLINED: ["write anyway"],
    models.Article.Status.PUBLISHED: ["correct", "withdraw"],
    models.Article.Status.WITHDRAWN: [],
}


class FlaggedFilter(admin.SimpleListFilter):
    title = "needs correction"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "flagged by a changed fact")]

    def queryset(self, request, queryset):
        return queryset.exclude(flagged="") if self.value() == "yes" else queryset


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["__str__", "status", "section", "topic", "writer", "model_used", "cost",
                    "published_at", "reason", "desk_link"]
    list_filter = ["status", FlaggedFilter, "section", "writer"]
    readonly_fields = ["usage", "notes", "violations", "ledger", "flagged", "publish_after"]
    search_fields = ["headline", "dek", "event__title"]
    raw_id_fields = ["event", "topic"]
    inlines = [ImageInline, CorrectionInline]
    actions = ["approve_selected"]

    # Not `model`: ModelAdmin keeps its model class under that name, and a column called so
    # would call the class on every row.
    @admin.display(description="model")
    def model_used(self, article):
        return (article.usage or {}).get("model", "")

    @admin.display(description="cost (USD)")
    def cost(self, article):
        cost = (article.usage or {}).get("cost_usd")
        return "" if cost is None else f"{cost:.4f}"

    @admin.display(description="desk")
    def desk_link(self, article):
        url = reverse("admin:newsroom_article_desk", args=[article.pk])
        return format_html('<a href="{}">open at the desk</a>', url)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status in (models.Article.Status.PUBLISHED,
                                              models.Article.Status.WITHDRAWN):
            # A published text changes only by a correction, which the article shows.
            fields += ["headline", "dek", "body", "slug", "published_at", "event"]
        return fields

    def save_model(self, request, obj, form, change):
        before = {k: form.initial.get(k) for k in form.changed_data} if change else {}
        super().save_model(request, obj, form, change)
        if form.changed_data:
            after = {k: form.cleaned_data.get(k) for k in form.changed_data}
            action = "withdraw" if "status" in form.changed_data \
                and obj.status == models.Article.Status.WITHDRAWN else "edit"
            desk._log(request.user.get_username(), action, obj, note=obj.reason if
                      action == "withdraw" else "", before=_plain(before), after=_plain(after))

    @admin.action(description="Approve the selected held stories (checks run again)")
    def approve_selected(self, request, queryset):
        for article in queryset:
            try:
                desk.approve(article.pk, request.user.get_username())
                self.message_user(request, f"Published: {article}")
            except desk.DeskError as error:
                self.message_user(request, f"{article}: {error}", messages.ERROR)

    def get_urls(self):
        return [path("<int:article_id>/desk/", self.admin_site.admin_view(self.desk_view),
                     name="newsroom_article_desk"), *super().get_urls()]

    def desk_view(self, request, article_id):
        """One story at the desk: reason, sources, draft, findings and ledger, with its actions."""
        article = get_object_or_404(models.Article.objects.select_related("event"), pk=article_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        actions = ACTIONS.get(article.status, [])
        form = DeskForm(initial={"headline": article.headline, "dek": article.dek,
                                 "body": article.body})
        found = None
        if request.method == "POST":
            form = DeskForm(request.POST)
            action = request.POST.get("action", "")
            if action in actions and form.is_valid():
                try:
                    self._act(request, article, action, form.cleaned_data)
                    self.message_user(request, f"{action}: done")
                    return redirect(reverse("admin:newsroom_article_desk", args=[article.pk]))
                except desk.ChecksFailed as failed:
                    found = failed.violations
                    self.message_user(request, str(failed), messages.ERROR)
                except desk.DeskError as error:
                    self.message_user(request, str(error), messages.ERROR)
            elif action not in actions:
                self.message_user(request, f"{action or 'nothing'} cannot be done to a "
                                  f"{article.status} story", messages.ERROR)
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title":
            f"At the desk: {article}", "article": article, "form": form, "actions": actions,
            "findings": found if found is not None else article.violations,
            "items": article.event.items.select_related("feed").order_by("published_at", "id"),
            "log": article.desk_log.all()[:50], "corrections": article.corrections.all(),
        }
        return TemplateResponse(request, "admin/newsroom/article/desk.html", context)

    def _act(self, request, article, action, data):
        who = request.user.get_username()
        text = {"headline": data["headline"], "dek": data["dek"], "body": data["body"]}
        if action == "approve":
            desk.approve(article.pk, who, override=data["override"], at=data["at"], **text)
        elif action == "reject":
            desk.reject(article.pk, who, data["note"])
        elif action in ("rewrite", "write anyway"):
            desk.rewrite(article.pk, who, writer=data["writer"] or None)
        elif action == "correct":
            desk.correct(article.pk, who, data["note"], override=data["override"], **text)
        elif action == "withdraw":
            desk.withdraw(article.pk, who, data["note"])


def _plain(values: dict) -> dict:
    # The audit row is JSON: model instances and times are kept as their words.
    return {k: v if isinstance(v, str | int | float | bool | list | type(None)) else str(v)
            for k, v in values.items()}


@admin.register(models.DeskLog)
class DeskLogAdmin(admin.ModelAdmin):
    list_display = ["at", "who", "action", "what", "override", "note"]
    list_filter = ["action", "who", "override"]
    search_fields = ["what", "note", "who"]
    readonly_fields = [f.name for f in models.DeskLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["made_at", "article", "note"]
    readonly_fields = ["article", "note", "made_at", "before"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "section", "known", "edited"]
    list_filter = ["kind", "known", "edited", "section"]
    search_fields = ["name", "slug"]

    def save_model(self, request, obj, form, change):
        # An editor's correction must survive the next update of the shipped knowledge base.
        obj.edited = True
        obj.known = True
        super().save_model(request, obj, form, change)
        if change:
            changed = form.changed_data if form is not None else []
            desk._log(request.user.get_username(), "edit entity", None, note=obj.name,
                      after=_plain({k: form.cleaned_data.get(k) for k in changed}))
            # The published stories that used the old fact are checked against the new one.
            users = desk.users_of(obj)
            if users:
                self.message_user(request, f"{len(users)} published stor"
                                  f"{'y uses' if len(users) == 1 else 'ies use'} {obj.name}'s "
                                  "facts: " + "; ".join(str(a) for a in users))
            for article in desk.recheck_entity(obj, request.user.get_username()):
                self.message_user(request, f"needs a correction: {article} ({article.flagged})",
                                  messages.WARNING)


admin.site.register(models.Section)
admin.site.register(models.Topic)
admin.site.site_header = "Infolitico editorial desk"
admin.site.site_title = "Infolitico desk"
