from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "infolitico.site"
    label = "site"
    verbose_name = "Public site"
