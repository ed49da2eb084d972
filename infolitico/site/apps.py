from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SiteConfig(AppConfig):
    """The public site: pages, feeds, sitemaps, search."""

    name = "infolitico.site"
    label = "site"
    verbose_name = "Public site"

    def ready(self):
        from infolitico.newsroom import signals
        from infolitico.newsroom.models import Article
        from infolitico.site import links

        links.install()

        # The publish stage announces each article it publishes; saves through the ORM (the
        # desk, a withdrawal) keep the index in step too; search.sync_index repairs the rest.
        signals.published.connect(_published, dispatch_uid="site-search-published")
        post_save.connect(_reindex, sender=Article, dispatch_uid="site-search-index")
        post_delete.connect(_unindex, sender=Article, dispatch_uid="site-search-unindex")


def _reindex(sender, instance, raw=False, **kwargs):
    if not raw:
        from infolitico.site.search import index_article

        index_article(instance)


def _published(sender, article, **kwargs):
    from infolitico.site.search import index_article

    index_article(article)


def _unindex(sender, instance, **kwargs):
    from infolitico.site.search import unindex_article

    unindex_article(instance)
