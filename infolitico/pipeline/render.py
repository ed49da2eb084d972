"""Articles as Markdown or HTML, from the record `record.to_json` returns; pure, no I/O."""

from __future__ import annotations

import re
from html import escape


def _meta(record: dict) -> str:
    parts = [record.get("byline"), record.get("dateline")]
    minutes = record.get("read_minutes")
    if minutes:
        parts.append(f"{minutes} min read")
    return " · ".join(p for p in parts if p)


def _notice(record: dict) -> tuple[str, str, str]:
    status = record.get("status") or "held"
    title = (record.get("source") or {}).get("title") or ""
    reason = record.get("reason") or "No reason was given."
    return status, title, reason


# Characters Markdown would read as markup if a title or sentence started with them.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def to_markdown(record: dict) -> str:
    """The article as Markdown; a declined or held record becomes a short notice with the reason."""
    if record.get("status") != "written" or not record.get("headline"):
        status, title, reason = _notice(record)
        return f"> **{status.capitalize()}:** {_md(title)}\n>\n> {_md(reason)}\n"
    lines = [f"# {_md(record['headline'])}", "", f"*{_md(record.get('dek', ''))}*", ""]
    meta = _meta(record)
    if meta:
        lines += [_md(meta), ""]
    image = record.get("image") or {}
    if image.get("path"):
        lines += [
            f"![{_md(image.get('alt', ''))}]({image['path']})",
            "",
            f"*{_md(image.get('caption', ''))}*",
            "",
        ]
    for paragraph in record.get("body", []):
        lines += [_md(paragraph), ""]
    return "\n".join(lines)


def to_html(record: dict) -> str:
    """The article as a standalone, escaped HTML fragment: one <article>; a notice when not written."""
    if record.get("status") != "written" or not record.get("headline"):
        status, title, reason = _notice(record)
        return (
            f'<article class="notice notice-{escape(status)}">\n'
            f"<p><strong>{escape(status.capitalize())}:</strong> {escape(title)}</p>\n"
            f"<p>{escape(reason)}</p>\n"
            "</article>\n"
        )
    out = ["<article>", "<header>", f"<h1>{escape(record['headline'])}</h1>"]
    if record.get("dek"):
        out.append(f'<p class="dek">{escape(record["dek"])}</p>')
    meta = []
    if record.get("byline"):
        meta.append(f'<span class="byline">{escape(record["byline"])}</span>')
    if record.get("dateline"):
        stamp = escape(record.get("published") or "")
        meta.append(f'<time class="dateline" datetime="{stamp}">{escape(record["dateline"])}</time>')
    if record.get("read_minutes"):
        meta.append(f'<span class="read-time">{int(record["read_minutes"])} min read</span>')
    if meta:
        out.append('<p class="meta">' + " · ".join(meta) + "</p>")
    out.append("</header>")
    image = record.get("image") or {}
    if image.get("path"):
        out += [
            "<figure>",
            f'<img src="{escape(image["path"])}" alt="{escape(image.get("alt", ""))}">',
            f"<figcaption>{escape(image.get('caption', ''))}</figcaption>",
            "</figure>",
        ]
    out += [f"<p>{escape(p)}</p>" for p in record.get("body", [])]
    out.append("</article>")
    return "\n".join(out) + "\n"
