"""The editorial desk: feeds and their health, events and verdicts, articles by status."""

from django.contrib import admin

from infolitico.newsroom import models


@admin.register(models.Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "configured", "items_total", "error_count", "last_error",
                    "checked_at", "next_check_at"]
    list_filter = ["configured", "identity"]
    search_fields = ["source", "name"]


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


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "section", "topic", "writer", "model", "cost",
                    "published_at", "reason"]
    list_filter = ["status", "section", "writer"]
    readonly_fields = ["usage", "notes", "violations", "ledger"]
    search_fields = ["headline", "dek", "event__title"]
    raw_id_fields = ["event", "topic"]
    inlines = [ImageInline]

    @admin.display(description="model")
    def model(self, article):
        return (article.usage or {}).get("model", "")

    @admin.display(description="cost (USD)")
    def cost(self, article):
        cost = (article.usage or {}).get("cost_usd")
        return "" if cost is None else f"{cost:.4f}"


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


admin.site.register(models.Section)
admin.site.register(models.Topic)
admin.site.site_header = "Infolitico editorial desk"
admin.site.site_title = "Infolitico desk"
