"""The full-text index of published articles: an FTS5 table on SQLite, nothing on PostgreSQL."""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS site_search USING fts5("
    "headline, dek, body, tokenize = 'porter unicode61 remove_diacritics 2')"
)


def create(apps, schema_editor):
    # PostgreSQL searches the article table itself at query time (to_tsvector), so needs no table.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS site_search")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_squashed_0004_desk")]
    operations = [migrations.RunPython(create, drop)]
