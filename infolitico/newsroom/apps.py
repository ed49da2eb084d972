from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "infolitico.newsroom"
    verbose_name = "Newsroom"
