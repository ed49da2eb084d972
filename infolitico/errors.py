"""The errors Infolitico raises on purpose, in one tree, so a caller catches a family by its name.

    InfoliticoError              anything the newsroom raises on purpose; the message is one line
    ├── ConfigError              infolitico.toml or the environment says something wrong
    │   ├── SecretKeyError       (secret_key) the key file cannot be read or written
    │   └── QueueUnavailable     (newsroom.queue) the job queue needs PostgreSQL
    ├── UsageError               (cli) the command was called wrongly; exit status 2
    ├── DeskError                (newsroom.desk) an editor's action cannot be taken
    │   └── ChecksFailed         the text fails the checks, and no override was given
    ├── SourceError              a source could not be read
    │   ├── FetchError           a feed's bytes: HTTP error, timeout, too large, no such file
    │   ├── FeedError            the bytes are not a feed the parser can read
    │   └── PreviewRefused       a source page's preview image was refused or not found
    ├── WriterError              a writer did not produce an article
    │   ├── WriterUnavailable    it cannot write at all (not configured, refused, unreachable)
    │   ├── CannotWrite          it cannot write this event (no reporting outlet, not a literal win)
    │   └── DraftRejected        its draft failed the checks and it gives up on this event
    └── Busy                     another worker holds the row; trying again shortly finds it done

The classes named with a module live there; the rest live here. Anything else that escapes a
stage is a bug: it fails that row with its traceback (behind `--debug` on the command line), and
is never turned into an outcome such as a held story.
"""

from __future__ import annotations


class InfoliticoError(Exception):
    """Something the newsroom raises on purpose, with a message a person can act on."""


class ConfigError(InfoliticoError):
    """A configuration a person must fix; the message is one line naming the place and the problem."""


class SourceError(InfoliticoError):
    """A source (a feed, a file, a page) could not be read; the message says why in one line."""


class FetchError(SourceError):
    """A feed could not be fetched: an HTTP error, a timeout, a size limit, a missing file."""


class FeedError(SourceError, ValueError):
    """Bytes that are not a feed the parser can read; `reason` says why in one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class PreviewRefused(SourceError):
    """A source page's preview that was not fetched, with the reason a person can read."""


class WriterError(InfoliticoError):
    """A writer did not produce an article; the desk holds the event with this reason."""


class WriterUnavailable(WriterError, RuntimeError):
    """The writer cannot write at all (not configured, refused, unreachable); stops the stage."""


class CannotWrite(WriterError, ValueError):
    """The writer cannot write this one event (what it needs is not in the source)."""


class DraftRejected(WriterError, ValueError):
    """The writer's draft failed the checks, and it gives the event up rather than fall back."""


class Busy(InfoliticoError):
    """Another worker holds this row right now; trying again shortly finds it done or free."""
