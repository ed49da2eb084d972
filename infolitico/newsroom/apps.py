from django.apps import AppConfig
from django.db.models.signals import post_migrate

# What each role may do: editors work the desk, admins also run the newsroom (users, feeds).
EDITOR = [
    "view_article", "change_article", "view_event", "view_sourceitem", "view_feed", "view_image",
    "change_image", "view_entity", "change_entity", "view_topic", "view_section",
    "view_correction", "view_desklog",
]
ADMIN = [*EDITOR, "add_feed", "change_feed", "delete_feed", "add_section", "change_section",
         "add_entity", "change_topic", "view_user", "add_user", "change_user", "view_group"]


class NewsroomConfig(AppConfig):
    name = "infolitico.newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        post_migrate.connect(make_roles, sender=self, dispatch_uid="newsroom-roles")


def make_roles(sender=None, using="default", **kwargs) -> None:
    """The `editor` and `admin` groups, with their permissions (made again after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    for name, codenames in (("editor", EDITOR), ("admin", ADMIN)):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*Permission.objects.using(using).filter(codename__in=codenames))
