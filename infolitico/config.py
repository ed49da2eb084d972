"""The newsroom's configuration: `infolitico.toml`, with environment overrides.

A newsroom is a folder holding `infolitico.toml`; every relative path in the file is relative to
that folder. `INFOLITICO_CONFIG` names the file explicitly; `DATABASE_URL` wins over `[database]`.
"""

from __future__ import annotations

import difflib
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from infolitico.errors import ConfigError
from infolitico.pipeline.feeds import IDENTITY_POLICIES
from infolitico.pipeline.web import is_http_url
from infolitico.pipeline.writers import WRITERS

FILENAME = "infolitico.toml"
SECTIONS = ("Politics", "U.S.", "World", "Business", "Technology", "Culture", "Sports")
IDENTITIES = IDENTITY_POLICIES  # how a feed's items are recognised again: the feed reader's policies
DESK_PUBLISH = ("auto", "review")  # publish what passes the checks, or hold it all for an editor


@dataclass(frozen=True)
class FeedConfig:
    """One feed the newsroom reads: a URL or a local file."""

    source: str  # the URL, or the file's absolute path
    name: str = ""
    identity: str = "auto"
    max_age_days: int | None = None  # this feed's own old-news limit; None: [fetch] max_age_days

    @property
    def is_url(self) -> bool:
        return is_http_url(self.source)


def max_age_days(config, source: str) -> int:
    """The old-news limit for the feed at `source`: its own `max_age_days`, else [fetch]'s."""
    own = next((f.max_age_days for f in config.feeds if f.source == source), None)
    return config.fetch_max_age_days if own is None else own


@dataclass(frozen=True)
class Config:
    """Everything a newsroom is configured with, paths resolved."""

    root: Path
    file: Path | None = None
    site_name: str = "Infolitico"
    base_url: str = "http://127.0.0.1:8000"
    language: str = "en"
    timezone: str = "America/New_York"
    sections: tuple[str, ...] = SECTIONS
    feeds: tuple[FeedConfig, ...] = ()
    writer: str = "template"
    llm: dict = field(default_factory=dict)  # the [writer.llm] table, for get_writer("llm", config.llm)
    images_library: Path | None = None
    images_output: Path = Path("images")
    images_source_preview: bool = False
    images_preview_timeout: float = 10.0
    export_dir: Path = Path("export")
    database_url: str = ""
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 10_000_000
    feed_interval_minutes: int = 15
    fetch_max_age_days: int = 3  # older items when first seen are old news, declined; 0: no check
    desk_publish: str = "auto"  # "review": every written story waits for an editor at the desk
    extra: dict = field(default_factory=dict)

    @property
    def database(self) -> str:
        """The database URL in force: `DATABASE_URL`, else the file's, else SQLite in the newsroom."""
        env = os.environ.get("DATABASE_URL")
        if env:
            return _database_url(env, self.root, "DATABASE_URL")
        return self.database_url or f"sqlite:///{self.root / 'infolitico.sqlite3'}"


def find() -> Path | None:
    """The configuration file in force: `INFOLITICO_CONFIG`, else `./infolitico.toml`, else None."""
    named = os.environ.get("INFOLITICO_CONFIG")
    if named:
        return Path(named).expanduser().resolve()
    here = Path.cwd() / FILENAME
    return here if here.is_file() else None


def load(path: Path | None = None) -> Config:
    """Read a configuration file; with no file at all, the defaults for the current folder."""
    path = path or find()
    if path is None:
        return Config(root=Path.cwd(), images_output=Path.cwd() / "images",
                      export_dir=Path.cwd() / "export")
    if not path.is_file():
        raise ConfigError(f"{path}: no such file (run `infolitico init` to make a newsroom)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    return _from_dict(data, path)


# Every key the file may hold, by table: anything else is a mistake named with its likely fix.
KEYS = {
    "": ("site", "sections", "feeds", "writer", "images", "export", "database", "fetch", "desk"),
    # `sections` under [site] too: the file `init` wrote put it there (a TOML key after a table
    # header belongs to the table).
    "site": ("name", "base_url", "language", "timezone", "sections"),
    "feeds": ("url", "path", "name", "identity", "max_age_days"),
    "writer": ("kind", "llm"),  # [writer.llm] is checked by the LLM writer, which knows its keys
    "images": ("library", "output", "source_preview", "preview_timeout"),
    "export": ("folder",),
    "database": ("url",),
    "fetch": ("timeout", "max_bytes", "interval_minutes", "max_age_days"),
    "desk": ("publish",),
}


def _unknown_keys(data: dict, where: str) -> None:
    tables = [("", data)]
    tables += [(name, data[name]) for name in KEYS if name and isinstance(data.get(name), dict)]
    if isinstance(data.get("feeds"), list):
        tables += [(f"feeds[{i}]", t) for i, t in enumerate(data["feeds"]) if isinstance(t, dict)]
    for name, table in tables:
        known = KEYS[name.split("[")[0]]
        for key in table:
            if key not in known:
                place = f"{name}.{key}" if name else key
                guess = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f"did you mean {guess[0]!r}?" if guess else f"known keys: {', '.join(known)}"
                raise ConfigError(f"{where}, {place}: unknown key; {hint}")


def _from_dict(data: dict, path: Path) -> Config:
    root = path.parent
    where = path.name
    _unknown_keys(data, where)
    reader = _Reader(where, data)

    site = reader.table("site")
    feeds = []
    for i, raw in enumerate(reader.array_of_tables("feeds")):
        feeds.append(_feed(raw, f"{where}, feeds[{i}]", root))
    writer = reader.table("writer")
    images = reader.table("images")
    export = reader.table("export")
    database = reader.table("database")
    fetch = reader.table("fetch")
    desk = reader.table("desk")
    desk_publish = _str(desk, "publish", "auto", f"{where}, desk.publish")
    if desk_publish not in DESK_PUBLISH:
        raise ConfigError(
            f"{where}, desk.publish: {desk_publish!r} is not one of {', '.join(DESK_PUBLISH)}"
        )

    if "sections" in data and "sections" in site:
        raise ConfigError(f"{where}, site.sections: sections are given twice; keep one list")
    sections = data.get("sections", site.get("sections", list(SECTIONS)))
    if not isinstance(sections, list) or not sections or not all(
        isinstance(s, str) and s.strip() for s in sections
    ):
        raise ConfigError(f"{where}, sections: must be a non-empty list of section names")
    _distinct_sections(sections, f"{where}, sections")

    writer_kind = _str(writer, "kind", "template", f"{where}, writer.kind")
    if writer_kind not in WRITERS:
        raise ConfigError(
            f"{where}, writer.kind: {writer_kind!r} is not one of {', '.join(WRITERS)}"
        )
    llm = writer.get("llm", {})
    if not isinstance(llm, dict):
        raise ConfigError(f"{where}, writer.llm: must be a table ([writer.llm])")
    base_url = _url(_str(site, "base_url", "http://127.0.0.1:8000", f"{where}, site.base_url"),
                    f"{where}, site.base_url")
    timezone = _str(site, "timezone", "America/New_York", f"{where}, site.timezone")
    _zone(timezone, f"{where}, site.timezone")
    library = _str(images, "library", "", f"{where}, images.library")
    images_output = _folder(root, _str(images, "output", "images", f"{where}, images.output"),
                            f"{where}, images.output")
    export_dir = _folder(root, _str(export, "folder", "export", f"{where}, export.folder"),
                         f"{where}, export.folder")
    if library:
        _folder(root, library, f"{where}, images.library")
    return Config(
        root=root,
        file=path,
        site_name=_str(site, "name", "Infolitico", f"{where}, site.name"),
        base_url=base_url.rstrip("/"),
        language=_str(site, "language", "en", f"{where}, site.language"),
        timezone=timezone,
        sections=tuple(s.strip() for s in sections),
        feeds=tuple(feeds),
        writer=_writer_from_environment() or writer_kind,
        llm=llm,
        images_library=(root / library).resolve() if library else None,
        images_output=images_output,
        images_source_preview=_bool(images, "source_preview", False, f"{where}, images.source_preview"),
        images_preview_timeout=_number(
            images, "preview_timeout", 10.0, f"{where}, images.preview_timeout", top=300
        ),
        export_dir=export_dir,
        database_url=_database_url(
            _str(database, "url", "", f"{where}, database.url"), root, f"{where}, database.url"
        ),
        fetch_timeout=_number(fetch, "timeout", 20.0, f"{where}, fetch.timeout", top=600),
        fetch_max_bytes=int(_number(fetch, "max_bytes", 10_000_000, f"{where}, fetch.max_bytes",
                                    bottom=1000, top=1_000_000_000)),
        feed_interval_minutes=int(
            _number(fetch, "interval_minutes", 15, f"{where}, fetch.interval_minutes",
                    bottom=1, top=7 * 24 * 60)
        ),
        fetch_max_age_days=_days(fetch, "max_age_days", 3, f"{where}, fetch.max_age_days"),
        desk_publish=desk_publish,
    )


class _Reader:
    def __init__(self, where: str, data: dict):
        self.where, self.data = where, data

    def table(self, key: str) -> dict:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.where}, {key}: must be a table ([{key}])")
        return value

    def array_of_tables(self, key: str) -> list:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ConfigError(f"{self.where}, {key}: must be an array of tables ([[{key}]])")
        return value


def _str(table: dict, key: str, default: str, where: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: must be a string, not {type(value).__name__}")
    return value.strip()


def _writer_from_environment() -> str | None:
    kind = os.environ.get("INFOLITICO_WRITER", "").strip()
    if kind and kind not in WRITERS:
        raise ConfigError(f"INFOLITICO_WRITER: {kind!r} is not one of {', '.join(WRITERS)}")
    return kind or None


def _bool(table: dict, key: str, default: bool, where: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: must be true or false")
    return value


def _number(table: dict, key: str, default: float, where: str, *, bottom: float | None = None,
            top: float | None = None) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{where}: must be a positive number, not {value!r}")
    if not math.isfinite(value):
        raise ConfigError(f"{where}: must be a finite number, not {value!r}")
    if (bottom is not None and value < bottom) or (top is not None and value > top):
        raise ConfigError(f"{where}: must be from {bottom or 0:g} to {top:g}, not {value!r}")
    return value


def _url(url: str, where: str) -> str:
    """An http(s) URL with a host, or a ConfigError saying what is wrong with it."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port past 65535 or a broken [IPv6] host raises here
    except ValueError as exc:
        raise ConfigError(f"{where}: {url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL")
    return url


def _zone(name: str, where: str) -> None:
    if not name:
        raise ConfigError(f"{where}: must name a time zone, such as \"America/New_York\"")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: {name!r} is not a time zone (try \"America/New_York\")") \
            from None


def _folder(root: Path, value: str, where: str) -> Path:
    path = (root / value).resolve()
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{where}: {value!r} is a file, not a folder ({path})")
    return path


def _distinct_sections(sections: list[str], where: str) -> None:
    from infolitico.pipeline.entities import section_slug  # the site's own slugs

    seen: dict[str, str] = {}
    for name in sections:
        slug = section_slug(name.strip())
        if slug in seen:
            raise ConfigError(f"{where}: {seen[slug]!r} and {name.strip()!r} are one section "
                              f"(both /{slug}/); rename or remove one")
        seen[slug] = name.strip()


def _days(table: dict, key: str, default: int | None, where: str) -> int | None:
    value = table.get(key, default)
    if value is None:
        return None
    # TOML integers only: 2.5, inf and nan are not a number of days.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{where}: must be a whole number of days, 0 or more (0 turns the check "
                          f"off), not {value!r}")
    return value


def _feed(raw: dict, where: str, root: Path) -> FeedConfig:
    url, path = raw.get("url"), raw.get("path")
    if (url is None) == (path is None):
        raise ConfigError(f"{where}: give exactly one of url or path")
    identity = _str(raw, "identity", "auto", f"{where}.identity")
    if identity not in IDENTITIES:
        raise ConfigError(f"{where}.identity: {identity!r} is not one of {', '.join(IDENTITIES)}")
    name = _str(raw, "name", "", f"{where}.name")
    max_age = _days(raw, "max_age_days", None, f"{where}.max_age_days")
    if url is not None:
        url = _url(_str(raw, "url", "", f"{where}.url"), f"{where}.url")
        return FeedConfig(source=url, name=name, identity=identity, max_age_days=max_age)
    path = _str(raw, "path", "", f"{where}.path")
    full = (root / path).resolve()
    if not full.is_file():
        raise ConfigError(f"{where}.path: {path!r} is not a file ({full})")
    return FeedConfig(source=str(full), name=name, identity=identity, max_age_days=max_age)


def _database_url(url: str, root: Path, where: str) -> str:
    if not url:
        return ""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        # sqlite:///name.db is relative to the newsroom; sqlite:////abs/path is absolute
        name = url.removeprefix("sqlite:///")
        return f"sqlite:///{(root / name).resolve()}"
    if scheme not in ("postgres", "postgresql"):
        raise ConfigError(f"{where}: {url!r} is neither a sqlite:/// nor a postgres:// URL")
    return url


def django_database(url: str) -> dict:
    """Django's DATABASES entry for a database URL (sqlite:///path or postgres://...)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": url.removeprefix("sqlite:///") or ":memory:",
            "OPTIONS": {
                # WAL lets the site read while a run writes; IMMEDIATE makes writers queue
                # for the lock up front instead of failing half-way through a transaction.
                "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
            # Reopening the file and replaying the PRAGMAs on every request costs more than a page.
            "CONN_MAX_AGE": 600,
        }
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts.path.lstrip("/"),
            "USER": parts.username or "",
            "PASSWORD": parts.password or "",
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ConfigError(f"DATABASE_URL: {url!r} is neither a sqlite:/// nor a postgres:// URL")
