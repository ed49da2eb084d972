"""The newsroom's secret key (Django's SECRET_KEY): from the environment, or a file beside infolitico.toml.

`infolitico init` writes the file; a newsroom made before that gets one the first time it starts.
Every machine serving one newsroom must share the key: copy the file, or set INFOLITICO_SECRET_KEY.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from infolitico.config import ConfigError

FILENAME = "infolitico-secret.key"
ENV = "INFOLITICO_SECRET_KEY"


class SecretKeyError(ConfigError):
    """The key file cannot be read or written; the message says what to do, in one line."""


def secret_key(config_file: Path | None) -> str:
    """The key in force: INFOLITICO_SECRET_KEY, else the newsroom's key file (made if missing)."""
    env = os.environ.get(ENV, "").strip()
    if env:
        return env
    if config_file is None:
        # No newsroom (tests, `write` on titles): nothing signed needs to outlive the process.
        return secrets.token_urlsafe(50)
    return ensure(config_file.parent / FILENAME)


def ensure(path: Path) -> str:
    """The key in `path`, written there first (random, readable by its owner only) if it is missing."""
    try:
        key = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return _write(path)
    except OSError as exc:
        raise SecretKeyError(f"{path}: cannot be read ({exc.strerror}); fix it or set {ENV}") from None
    if len(key) < 32:
        raise SecretKeyError(f"{path}: too short to be a secret key (write 50 random characters, "
                             f"or delete it to get a new one)")
    return key


def _write(path: Path) -> str:
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return ensure(path)  # another process wrote it a moment ago: theirs stands
    except OSError as exc:
        raise SecretKeyError(f"{path}: cannot be written ({exc.strerror}); set {ENV} instead") \
            from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    return key
