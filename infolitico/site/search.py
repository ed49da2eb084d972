"""Full-text search over published articles: SQLite FTS5 by default, PostgreSQL's own on PostgreSQL.

On SQLite the `site_search` table (rowid = article id) is kept in step by `index_article` and
`unindex_article`, and `sync_index` repairs it from the article table; PostgreSQL needs no index
table: it matches `to_tsvector` at query time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from infolitico.newsroom.models import Article

# Control characters cannot appear in a stored headline, so they mark a match safely through
# escaping: the text is escaped first, then the markers become <mark>.
START, STOP = "\x02", "\x03"
TABLE = "site_search"
MAX_RESULTS = 50


@dataclass(frozen=True)
class Result:
    """One published article that matched, with its highlighted headline and excerpt."""

    article: Article
    headline: SafeString
    excerpt: SafeString


def _body(article: Article) -> str:
    return " ".join(str(p) for p in (article.body or []))


def _sqlite() -> bool:
    return connection.vendor == "sqlite"


def index_article(article: Article) -> None:
    """Put a published article in the search index (and take out anything else)."""
    if not _sqlite():
        return
    if article.status != Article.Status.PUBLISHED:
        unindex_article(article)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article.pk])
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, headline, dek, body) VALUES (%s, %s, %s, %s)",
            [article.pk, article.headline, article.dek, _body(article)],
        )


def unindex_article(article: Article) -> None:
    """Take an article out of the search index."""
    if _sqlite():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article.pk])


def sync_index() -> int:
    """Index published articles the index lacks and drop the rest; the number of changes."""
    if not _sqlite():
        return 0
    # For an index that missed changes made behind the ORM's back (a bulk UPDATE, raw SQL).
    table = Article._meta.db_table
    published = Article.Status.PUBLISHED
    with connection.cursor() as cursor:
        # Look before writing: a search is a read, and should take SQLite's write lock only
        # when the index really is out of step.
        stale_rows = f"FROM {TABLE} WHERE rowid NOT IN (SELECT id FROM {table} WHERE status = %s)"
        cursor.execute(f"SELECT EXISTS (SELECT 1 {stale_rows})", [published])
        removed = 0
        if cursor.fetchone()[0]:
            cursor.execute(f"DELETE {stale_rows}", [published])
            removed = cursor.rowcount
        cursor.execute(
            f"SELECT id FROM {table} WHERE status = %s AND id NOT IN (SELECT rowid FROM {TABLE})",
            [published],
        )
        missing = [row[0] for row in cursor.fetchall()]
    for article in Article.objects.filter(pk__in=missing):
        index_article(article)
    return removed + len(missing)


def _terms(query: str) -> list[str]:
    return re.findall(r"\w+", query.lower())[:12]


def _marked(text: str) -> SafeString:
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def search(query: str, limit: int = MAX_RESULTS) -> list[Result]:
    """Published articles matching every word of the query, best first, highlighted."""
    terms = _terms(query)
    if not terms:
        return []
    rows = _search_sqlite(terms, limit) if _sqlite() else _search_postgres(terms, limit)
    articles = Article.objects.filter(
        pk__in=[r[0] for r in rows], status=Article.Status.PUBLISHED
    ).select_related("section", "topic", "image")
    by_id = {a.pk: a for a in articles}
    return [Result(by_id[pk], _marked(headline), _marked(excerpt))
            for pk, headline, excerpt in rows if pk in by_id]


def _search_sqlite(terms: list[str], limit: int) -> list[tuple]:
    # Bulk changes (an admin action is a queryset UPDATE) send no signal; two indexed queries
    # before each search keep the index honest without a separate job.
    sync_index()
    # Each word is quoted, so nothing a reader types is read as FTS5 syntax; the last is a prefix.
    match = " ".join(f'"{t}"' for t in terms) + "*"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, highlight({TABLE}, 0, %s, %s), snippet({TABLE}, 2, %s, %s, '…', 28) "
            f"FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY bm25({TABLE}, 10.0, 4.0, 1.0) LIMIT %s",
            [START, STOP, START, STOP, match, limit],
        )
        return cursor.fetchall()


def _search_postgres(terms: list[str], limit: int) -> list[tuple]:
    table = Article._meta.db_table
    # The body is a JSON list of paragraphs; its text is the document along with headline and dek.
    document = (
        "setweight(to_tsvector('english', headline), 'A') || "
        "setweight(to_tsvector('english', dek), 'B') || "
        "to_tsvector('english', COALESCE((SELECT string_agg(p, ' ') FROM "
        "jsonb_array_elements_text(body::jsonb) AS p), ''))"
    )
    tsquery = " & ".join(terms[:-1] + [terms[-1] + ":*"])
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=20"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ts_headline('english', headline, q, %s), "
            f"ts_headline('english', COALESCE((SELECT string_agg(p, ' ') FROM "
            f"jsonb_array_elements_text(body::jsonb) AS p), ''), q, %s) "
            f"FROM {table}, to_tsquery('english', %s) AS q "
            f"WHERE status = %s AND ({document}) @@ q "
            f"ORDER BY ts_rank({document}, q) DESC, published_at DESC LIMIT %s",
            ["HighlightAll=true, " + options, options, tsquery, Article.Status.PUBLISHED, limit],
        )
        return cursor.fetchall()
