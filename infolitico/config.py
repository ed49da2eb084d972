"""The newsroom's configuration: `infolitico.toml`, with environment overrides.

A newsroom is a folder holding `infolitico.toml`; every relative path in the file is relative to
that folder. `INFOLITICO_CONFIG` names the file explicitly; `DATABASE_URL` wins over `[database]`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

FILENAME = "infolitico.toml"
SECTIONS = ("Politics", "U.S.", "World", "Business", "Technology", "Culture", "Sports")
IDENTITIES = ("auto", "guid", "link", "title")
WRITERS = ("template", "llm")


class ConfigError(Exception):
    """A configuration a person must fix; the message is one line naming the place and the problem."""


@dataclass(frozen=True)
class FeedConfig:
    """One feed the newsroom reads: a URL or a local file."""

    source: str  # the URL, or the file's absolute path
    name: str = ""
    identity: str = "auto"

    @property
    def is_url(self) -> bool:
        return self.source.startswith(("http://", "https://"))


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


def _from_dict(data: dict, path: Path) -> Config:
    root = path.parent
    where = path.name
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

    sections = data.get("sections", list(SECTIONS))
    if not isinstance(sections, list) or not sections or not all(
        isinstance(s, str) and s.strip() for s in sections
    ):
        raise ConfigError(f"{where}, sections: must be a non-empty list of section names")

    writer_kind = _str(writer, "kind", "template", f"{where}, writer.kind")
    if writer_kind not in WRITERS:
        raise ConfigError(
            f"{where}, writer.kind: {writer_kind!r} is not one of {', '.join(WRITERS)}"
        )
    llm = writer.get("llm", {})
    if not isinstance(llm, dict):
        raise ConfigError(f"{where}, writer.llm: must be a table ([writer.llm])")
    base_url = _str(site, "base_url", "http://127.0.0.1:8000", f"{where}, site.base_url")
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}, site.base_url: {base_url!r} is not an http(s) URL")
    library = _str(images, "library", "", f"{where}, images.library")
    return Config(
        root=root,
        file=path,
        site_name=_str(site, "name", "Infolitico", f"{where}, site.name"),
        base_url=base_url.rstrip("/"),
        language=_str(site, "language", "en", f"{where}, site.language"),
        timezone=_str(site, "timezone", "America/New_York", f"{where}, site.timezone"),
        sections=tuple(s.strip() for s in sections),
        feeds=tuple(feeds),
        writer=_writer_from_environment() or writer_kind,
        llm=llm,
        images_library=(root / library).resolve() if library else None,
        images_output=(root / _str(images, "output", "images", f"{where}, images.output")).resolve(),
        images_source_preview=_bool(images, "source_preview", False, f"{where}, images.source_preview"),
        images_preview_timeout=_number(
            images, "preview_timeout", 10.0, f"{where}, images.preview_timeout"
        ),
        export_dir=(root / _str(export, "folder", "export", f"{where}, export.folder")).resolve(),
        database_url=_database_url(
            _str(database, "url", "", f"{where}, database.url"), root, f"{where}, database.url"
        ),
        fetch_timeout=_number(fetch, "timeout", 20.0, f"{where}, fetch.timeout"),
        fetch_max_bytes=int(_number(fetch, "max_bytes", 10_000_000, f"{where}, fetch.max_bytes")),
        feed_interval_minutes=int(
            _number(fetch, "interval_minutes", 15, f"{where}, fetch.interval_minutes")
        ),
        extra={k: v for k, v in data.items() if k not in _KNOWN},
    )


_KNOWN = {"site", "sections", "feeds", "writer", "images", "export", "database", "fetch"}


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


def _number(table: dict, key: str, default: float, where: str) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{where}: must be a positive number")
    return value


def _feed(raw: dict, where: str, root: Path) -> FeedConfig:
    url, path = raw.get("url"), raw.get("path")
    if (url is None) == (path is None):
        raise ConfigError(f"{where}: give exactly one of url or path")
    identity = _str(raw, "identity", "auto", f"{where}.identity")
    if identity not in IDENTITIES:
        raise ConfigError(f"{where}.identity: {identity!r} is not one of {', '.join(IDENTITIES)}")
    name = _str(raw, "name", "", f"{where}.name")
    if url is not None:
        url = _str(raw, "url", "", f"{where}.url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"{where}.url: {url!r} is not an http(s) URL")
        return FeedConfig(source=url, name=name, identity=identity)
    path = _str(raw, "path", "", f"{where}.path")
    full = (root / path).resolve()
    if not full.is_file():
        raise ConfigError(f"{where}.path: {path!r} is not a file ({full})")
    return FeedConfig(source=str(full), name=name, identity=identity)


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
