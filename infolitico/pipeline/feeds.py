"""Parse feed bytes (RSS, Atom, JSON Feed) into plain, sanitised items."""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import json
import re
import unicodedata
import warnings as _warnings
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urljoin, urlsplit, urlunsplit

import feedparser
import nh3

from infolitico.errors import FeedError

__all__ = [
    "FeedError",
    "FeedItem",
    "ParsedFeed",
    "canonical_link",
    "normalise_title",
    "parse_feed",
    "plain_text",
    "scrub",
    "without_markup",
]

IDENTITY_POLICIES = ("auto", "guid", "link", "title")
SUMMARY_MAX_CHARS = 1000
TITLE_MAX_CHARS = 400
# Beyond these a feed is not news but a weapon: the rest of it is left unread (and said so).
MAX_ITEMS = 1000
MAX_DEPTH = 64
MAX_ATTRIBUTES = 100  # on one element; feedparser's cost grows with their square
MAX_ELEMENTS = 200_000
# Markup is cut to this many characters before it is cleaned: plenty for a 1,000-character summary.
RAW_TEXT_MAX_CHARS = 50 * SUMMARY_MAX_CHARS
MAX_JSON_DIGITS = 100

# Query parameters that only say how a reader arrived; they never change which article it is.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ncid", "cmpid", "cmp",
        "ocid", "smid", "smtyp", "sr_share", "ref", "ref_src", "ref_url", "at_medium",
        "at_campaign", "at_custom1", "soc_src", "soc_trk", "taid", "guccounter", "guce_referrer",
        "guce_referrer_sig", "spm",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "vero_", "oly_")
# Google News appends ?oc=5 to every article link; elsewhere "oc" could mean something.
HOST_TRACKING_PARAMS = {"news.google.com": frozenset({"oc", "hl", "gl", "ceid"})}

_BLOCK_TAG = re.compile(
    r"<(?=/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]"
    r"|header|hr|img|li|ol|p|pre|section|table|td|th|tr|ul)\b)",
    re.IGNORECASE,
)
# After one round of unescaping, markup that a feed escaped twice shows up as real tags.
_LEFTOVER_TAG = re.compile(
    r"</?(?:a|b|i|em|strong|span|p|br|div|font|img|u|small|sup|sub|script|style)\b[^<>]*>",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w:.-]*)")
_SPACE = re.compile(rb"\s*")
# A tag a source left in its text, escaped or not: never shown as words, never handed on as markup.
_TAG_LIKE = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*(?:>|$)")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Tags (open, close, self-closing) for counting depth and attributes before feedparser sees them.
_TAG = re.compile(rb"<(/?)[A-Za-z_][^<>]*?(/?)>")
_ENTITY_DECL = re.compile(rb"""<!ENTITY\s+([\w.-]+)\s+(?:"([^"&<%]*)"|'([^'&<%]*)')\s*>""")
_RISKY_ELEMENTS = re.compile(
    rb"<((?:georss|gml|geo):\w+|image|textinput|textInput)\b[^>]*?(?:/>|>.*?</\1\s*>)", re.S
)




@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, as plain text, with the ways to recognise it again."""

    title: str
    link: str | None = None
    guid: str | None = None
    summary: str = ""
    publisher: str | None = None
    published: datetime | None = None
    publisher_url: str | None = None

    def identity(self, policy: str = "auto") -> str:
        """The key under which two items count as one, by `policy`: 64 hex digits, for a column."""
        return hashlib.sha256(self.identity_text(policy).encode("utf-8")).hexdigest()

    def identity_text(self, policy: str = "auto") -> str:
        """What `identity` hashes, readable: "guid:…", "link:<canonical link>" or "title:…"."""
        if policy not in IDENTITY_POLICIES:
            raise ValueError(f"unknown identity policy {policy!r}; use one of {IDENTITY_POLICIES}")
        link = canonical_link(self.link) if self.link else None
        if policy == "title":
            return self._title_text()
        if policy == "link":
            return f"link:{link}" if link else self._title_text()
        # "guid" and "auto" agree; "guid" is kept as a name so a feed's policy can say so.
        if self.guid:
            return f"guid:{self.guid}"
        if link:
            return f"link:{link}"
        return self._title_text()

    def _title_text(self) -> str:
        return f"title:{normalise_title(self.title)}\n{normalise_title(self.publisher or '')}"


@dataclass
class ParsedFeed:
    """A feed's title, its usable items, and what was wrong with it."""

    title: str
    items: list[FeedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    format: str = ""  # "rss20", "atom10", "json11", ... as feedparser names it, or "" if unknown
    link: str | None = None


def parse_feed(body: bytes, *, url: str | None = None, content_type: str | None = None) -> ParsedFeed:
    """Read RSS, Atom or JSON Feed bytes into a ParsedFeed, or raise FeedError saying why not."""
    if body is None or not body.strip():
        raise FeedError("empty body: there is nothing to parse")
    if isinstance(body, str):
        body = body.encode("utf-8")
    start = _sniff(body)
    ctype = (content_type or "").split(";")[0].strip().lower()
    if start == "html":
        raise FeedError("not a feed: the document is an HTML page")
    if start == "json" or (ctype.endswith("json") and start != "xml"):
        return _parse_json_feed(body, url=url)
    return _parse_xml_feed(body, url=url, content_type=content_type)


# -- text ----------------------------------------------------------------------------------


def plain_text(value: str | None, *, is_html: bool = True) -> str:
    """Markup or text as one line of plain text: no tags, entities decoded, spaces collapsed."""
    if not value:
        return ""
    value = scrub(value[:RAW_TEXT_MAX_CHARS])
    if is_html:
        text = _strip_html(value)
        if _LEFTOVER_TAG.search(text):
            text = _strip_html(text)
    else:
        text = value
    # What still looks like a tag came escaped in plain text: it is the source's markup, not words.
    text = _TAG_LIKE.sub(" ", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def without_markup(text: str) -> str:
    """Text with anything that looks like a tag ("<img src=x onerror=…>") removed, spaces collapsed."""
    return " ".join(_TAG_LIKE.sub(" ", text).split())


def scrub(text: str) -> str:
    """Text that every encoder accepts: lone surrogates (from JSON escapes) become U+FFFD, NULs go."""
    return _SURROGATE.sub("\ufffd", text).replace("\x00", "")


def _strip_html(value: str) -> str:
    # Block boundaries become spaces so "<p>one</p><p>two</p>" does not read "onetwo".
    spaced = _BLOCK_TAG.sub(" <", value)
    return html.unescape(nh3.clean(spaced, tags=set()))


def normalise_title(title: str) -> str:
    """A title reduced to what identifies it: case, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = re.sub(r"[\u2018\u2019\u201c\u201d'\"`]", "", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def _shorten(text: str, limit: int = SUMMARY_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"


# -- links ---------------------------------------------------------------------------------


def canonical_link(link: str) -> str:
    """The link without tracking parameters, fragment, default port or case noise in the host."""
    link = link.strip()
    try:
        parts = urlsplit(link)
        port = parts.port
    except ValueError:
        return link
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    host_params = HOST_TRACKING_PARAMS.get(host, frozenset())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k, host_params)
    ]
    query.sort()
    # A bare "?item" stays bare: urlencode would turn it into "?item=".
    encoded = "&".join(quote(k, safe="") + (f"={quote(v, safe='')}" if v else "") for k, v in query)
    return urlunsplit((scheme, netloc, parts.path or "/", encoded, ""))


def _is_tracking(key: str, host_params: frozenset[str]) -> bool:
    k = key.lower()
    return k in TRACKING_PARAMS or k in host_params or k.startswith(TRACKING_PREFIXES)


def _absolute(link: str | None, base: str | None) -> str | None:
    if not link:
        return None
    link = link.strip()
    try:
        if base and not urlsplit(link).scheme:
            link = urljoin(base, link)
    except ValueError:
        pass  # a malformed link ("http://[oops") is kept as sent; it still identifies the item
    return link or None


def _scheme(link: str | None) -> str:
    try:
        return urlsplit(link).scheme if link else ""
    except ValueError:
        return ""


# -- sniffing ------------------------------------------------------------------------------


def _sniff(body: bytes) -> str:
    """Guess what the body is from its first element: "json", "html", "xml" or "unknown"."""
    head = body[:8192]
    for bom in (b"\xef\xbb\xbf",):
        if head.startswith(bom):
            head = head[len(bom) :]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "xml"  # UTF-16: leave it to feedparser's encoding detection
    stripped = head.lstrip()
    if stripped[:1] in (b"{", b"["):
        return "json"
    # A DOCTYPE says little (XHTML doctypes sit on real RSS files); the root element decides.
    end, _ = _prolog(stripped)
    root = _ROOT_TAG.search(stripped, end)
    if root is None:
        return "html" if re.match(rb"\s*<!doctype\s+html", stripped, re.I) else "unknown"
    name = root.group(1).split(b":")[-1].lower()
    if name in (b"html", b"head", b"body"):
        return "html"
    return "xml"


# -- XML (feedparser) ----------------------------------------------------------------------


def _prolog(data: bytes) -> tuple[int, tuple[int, int, int, int] | None]:
    """Where the prolog ends (declaration, processing instructions, comments, DOCTYPE), and the
    DOCTYPE's span as (start, internal subset start, subset end, end), if there is one.

    Linear, and no regex: every step finds the end of one construct from where the last one
    ended and moves past it, so no byte is looked at more than three times. (The regex this
    replaces backtracked exponentially on ``<!DOCTYPE []]]]]…``.)
    """
    i, n, doctype = 3 if data.startswith(b"\xef\xbb\xbf") else 0, len(data), None
    while True:
        i = _SPACE.match(data, i).end()
        if data.startswith(b"<?", i):
            end = data.find(b"?>", i + 2)
            if end < 0:
                return n, doctype
            i = end + 2
        elif data.startswith(b"<!--", i):
            end = data.find(b"-->", i + 4)
            if end < 0:
                return n, doctype
            i = end + 3
        elif data[i : i + 9].upper() == b"<!DOCTYPE":
            close = data.find(b">", i + 9)
            if close < 0:
                return n, doctype
            subset = (close, close)
            opening = data.find(b"[", i + 9, close)
            if opening >= 0:
                shut = data.find(b"]", opening + 1)
                close = data.find(b">", shut + 1) if shut >= 0 else -1
                if close < 0:
                    return n, doctype
                subset = (opening + 1, shut)
            doctype = doctype or (i, *subset, close + 1)
            i = close + 1
        else:
            return i, doctype


def _too_big_for_the_parser(body: bytes) -> str | None:
    """Why the markup is beyond what the parser is given (depth, attributes, elements), or None."""
    depth = elements = 0
    for match in _TAG.finditer(body):
        elements += 1
        if elements > MAX_ELEMENTS:
            return f"more than {MAX_ELEMENTS:,} elements"
        closing, self_closing = match.group(1), match.group(2)
        if closing:
            depth = max(depth - 1, 0)
            continue
        if match.group(0).count(b"=") > MAX_ATTRIBUTES:
            return f"an element with more than {MAX_ATTRIBUTES} attributes"
        if not self_closing:
            depth += 1
            if depth > MAX_DEPTH:
                return f"elements nested more than {MAX_DEPTH} deep"
    return None


def _repair_charrefs(body: bytes) -> bytes:
    # feedparser's loose parser crashes on references beyond Unicode or to surrogates.
    def fix(match: re.Match[bytes]) -> bytes:
        hexa, dec = match.groups()
        try:
            code = int(hexa, 16) if hexa else int(dec)
        except ValueError:
            return b"&#xFFFD;"
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return b"&#xFFFD;"
        return match.group(0)

    return _CHARREF.sub(fix, body)


def _expand_doctype_entities(body: bytes) -> bytes:
    # feedparser substitutes DOCTYPE entities with re.sub and chokes on backslashes in them.
    _, doctype = _prolog(body[:65536])
    if doctype is None:
        return body
    start, subset_start, subset_end, end = doctype
    entities: dict[bytes, bytes] = {}
    for decl in _ENTITY_DECL.finditer(body, subset_start, subset_end):
        value = decl.group(2) if decl.group(2) is not None else decl.group(3)
        entities[decl.group(1)] = html.escape(value.decode("utf-8", "replace")).encode("utf-8")
    body = body[:start] + body[end:]
    if not entities:
        return body
    names = b"|".join(re.escape(n) for n in entities)
    return re.sub(rb"&(" + names + rb");", lambda m: entities[m.group(1)], body)


def _feedparser(body: bytes, headers: dict[str, str]) -> Any:
    with _warnings.catch_warnings():
        # feedparser warns about deprecated keys we never read.
        _warnings.simplefilter("ignore")
        return feedparser.parse(io.BytesIO(body), response_headers=headers)


def _parse_xml_feed(body: bytes, *, url: str | None, content_type: str | None) -> ParsedFeed:
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    if url:
        headers["content-location"] = url
    warnings: list[str] = []
    too_big = _too_big_for_the_parser(body)
    if too_big:
        raise FeedError(f"not read: the feed has {too_big}")
    data = _repair_charrefs(body)
    try:
        parsed = _feedparser(data, headers)
    except Exception as first:  # feedparser has crashed on several ill-formed inputs
        repaired = _RISKY_ELEMENTS.sub(b"", _expand_doctype_entities(data))
        try:
            parsed = _feedparser(repaired, headers)
        except Exception as second:
            raise FeedError(
                f"not a feed: the parser failed ({type(second).__name__}: {_one_line(second)})"
            ) from first
        warnings.append(
            f"the parser failed on the feed as sent ({type(first).__name__}: {_one_line(first)}); "
            "read it again without its images, text inputs, geo data and DOCTYPE"
        )

    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    xml_error = _xml_error(exc) if exc is not None else None

    if not entries:
        if xml_error:
            raise FeedError(f"not a feed: {xml_error}")
        if not version:
            raise FeedError("not a feed: no RSS, Atom or JSON Feed structure was found")
        warnings.append("the feed has no items")
    elif exc is not None:
        problem = xml_error or f"{type(exc).__name__}: {_one_line(exc)}"
        warnings.append(f"the feed is ill-formed ({problem}); read {len(entries)} items anyway")
    if entries and not version:
        warnings.append("the document is not a known feed format; read its items anyway")

    feed = parsed.get("feed") or {}
    home = _absolute(feed.get("link"), url)
    # Without the feed's own address, its home page is the best base for relative item links.
    base = url or (home if _scheme(home) in ("http", "https") else None)
    result = ParsedFeed(title=_detail_text(feed, "title"), format=version, link=home, warnings=warnings)
    items: list[FeedItem] = []
    for number, entry in enumerate(entries, start=1):
        if number > MAX_ITEMS:
            warnings.append(
                f"items after the first {MAX_ITEMS} skipped: {len(entries) - MAX_ITEMS} left unread")
            break
        try:
            item = _item_from_entry(entry, base)
        except Exception as exc:  # one unreadable item must not cost the feed its others
            warnings.append(f"item {number} skipped: it cannot be read ({_problem(exc)})")
            continue
        if item is None:
            warnings.append(f"item {number} skipped: it has no title")
            continue
        items.append(item)
    if not items and xml_error:
        # Broken XML whose only "entries" are fragments is a broken feed, not an empty one.
        raise FeedError(f"not a feed: {xml_error}")
    result.items = _settle_duplicate_guids(items, warnings)
    return result


def _problem(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {_one_line(exc)}"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _xml_error(exc: BaseException) -> str | None:
    get_line = getattr(exc, "getLineNumber", None)
    get_message = getattr(exc, "getMessage", None)
    if get_line is None or get_message is None:
        return None
    try:
        line, message = get_line(), get_message()
    except Exception:
        return f"XML error: {_one_line(exc)}"
    return f"XML error at line {line}: {' '.join(str(message).split())}"


def _detail_text(container: Any, key: str) -> str:
    value = container.get(key)
    if not value:
        return ""
    detail = container.get(f"{key}_detail") or {}
    kind = (detail.get("type") or "text/html").lower()
    return plain_text(value, is_html="html" in kind or "xml" in kind)


def _item_from_entry(entry: Any, base: str | None) -> FeedItem | None:
    title = _detail_text(entry, "title")
    if not title:
        return None
    summary = _detail_text(entry, "summary")
    if not summary:
        for content in entry.get("content") or []:
            kind = (content.get("type") or "text/html").lower()
            summary = plain_text(content.get("value"), is_html="html" in kind or "xml" in kind)
            if summary:
                break
    source = entry.get("source") or {}
    publisher = plain_text(source.get("title"), is_html=True) or None
    link = entry.get("feedburner_origlink") or entry.get("link")
    guid = entry.get("id") or entry.get("guid")
    return FeedItem(
        title=_shorten(title, TITLE_MAX_CHARS),
        link=_absolute(_scrubbed(link), base),
        guid=(" ".join(scrub(str(guid)).split()) or None) if guid else None,
        summary=_shorten(summary),
        publisher=publisher,
        publisher_url=_absolute(_scrubbed(source.get("href") or source.get("link")), base),
        published=_entry_time(entry),
    )


def _scrubbed(value: Any) -> str | None:
    return scrub(value) if isinstance(value, str) else None


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get skips FeedParserDict's deprecated updated-for-published fallback and its warning.
        parsed = dict.get(entry, key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, OSError, TypeError):
                continue
    return None


def _settle_duplicate_guids(items: list[FeedItem], warnings: list[str]) -> list[FeedItem]:
    """Drop repeats of an item; when one guid names different items, stop trusting that guid."""
    seen: dict[tuple, int] = {}
    unique: list[FeedItem] = []
    for item in items:
        key = (item.guid, canonical_link(item.link) if item.link else None, item.title)
        if item.guid and key in seen:
            warnings.append(f"item {item.title!r} skipped: it repeats guid {item.guid!r}")
            continue
        seen[key] = len(unique)
        unique.append(item)
    by_guid: dict[str, int] = {}
    for item in unique:
        if item.guid:
            by_guid[item.guid] = by_guid.get(item.guid, 0) + 1
    shared = {guid for guid, count in by_guid.items() if count > 1}
    for guid in sorted(shared):
        warnings.append(f"guid {guid!r} is shared by different items; they are told apart by link")
    return [replace(item, guid=None) if item.guid in shared else item for item in unique]


# -- JSON Feed -----------------------------------------------------------------------------


def _parse_json_feed(body: bytes, *, url: str | None) -> ParsedFeed:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        # RFC 8259 says UTF-8, but a few servers send Latin-1; keep going, say so.
        text = body.decode("latin-1")
        encoding_warning = ["the JSON is not UTF-8; read it as Latin-1"]
    else:
        encoding_warning = []
    try:
        # A number too long for int() (a 5,000-digit id) would fail the whole document.
        doc = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise FeedError(f"not a feed: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise FeedError("not a feed: the JSON is nested too deeply") from exc
    except ValueError as exc:
        raise FeedError(f"not a feed: the JSON cannot be read ({_one_line(exc)})") from exc
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not re.match(r"https?://jsonfeed\.org/version/", version):
        raise FeedError("not a feed: the JSON is not a JSON Feed (it has no jsonfeed.org version)")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise FeedError("not a feed: the JSON Feed has no list of items")
    number = version.rstrip("/").rsplit("/", 1)[-1].replace(".", "")
    base = _str(doc.get("feed_url")) or url
    result = ParsedFeed(
        title=plain_text(_str(doc.get("title")), is_html=False),
        format=f"json{number}",
        link=_absolute(_str(doc.get("home_page_url")), base),
        warnings=encoding_warning,
    )
    items: list[FeedItem] = []
    for index, raw in enumerate(raw_items, start=1):
        if index > MAX_ITEMS:
            result.warnings.append(
                f"items after the first {MAX_ITEMS} skipped: {len(raw_items) - MAX_ITEMS} left unread")
            break
        if not isinstance(raw, dict):
            result.warnings.append(f"item {index} skipped: it is not a JSON object")
            continue
        try:
            item = _json_item(raw, base)
        except Exception as exc:  # one unreadable item must not cost the feed its others
            result.warnings.append(f"item {index} skipped: it cannot be read ({_problem(exc)})")
            continue
        if item is None:
            result.warnings.append(f"item {index} skipped: it has no title")
            continue
        items.append(item)
    result.items = _settle_duplicate_guids(items, result.warnings)
    return result


def _json_item(raw: dict, base: str | None) -> FeedItem | None:
    # JSON Feed titles are plain text by the spec, but feeds put HTML in them anyway.
    title = plain_text(_str(raw.get("title")))
    if not title:
        return None
    summary = (
        plain_text(_str(raw.get("summary")))
        or plain_text(_str(raw.get("content_text")), is_html=False)
        or plain_text(_str(raw.get("content_html")))
    )
    # "_source" is our extension, in the JSON Feed manner, for Google News' <source>.
    source = raw.get("_source") if isinstance(raw.get("_source"), dict) else {}
    guid = raw.get("id")
    return FeedItem(
        title=_shorten(title, TITLE_MAX_CHARS),
        link=_absolute(_str(raw.get("url")) or _str(raw.get("external_url")), base),
        guid=(" ".join(scrub(str(guid)).split()) or None) if isinstance(guid, str | int) else None,
        summary=_shorten(summary),
        publisher=plain_text(_str(source.get("title")), is_html=False) or None,
        publisher_url=_absolute(_str(source.get("url")), base),
        published=_json_time(raw.get("date_published") or raw.get("date_modified")),
    )


def _json_int(digits: str) -> int | str:
    # A longer "number" is kept as its digits: as an id it still identifies, and nothing adds it up.
    return int(digits) if len(digits) <= MAX_JSON_DIGITS else digits


def _str(value: Any) -> str | None:
    return scrub(value) if isinstance(value, str) else None


def _json_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):  # 9999-12-31T23:59:59-23:59 is past the last representable time
        return None
