"""The key that encrypts chat-app tokens at rest: `STUDYBOT_SECRET_KEY`, or a 0600 key file by the database.

`TokenCipher.derive` gives keys for other purposes from it (the dashboard's link signatures).

Values are encrypted with `cryptography`'s Fernet (AES-128-CBC plus HMAC-SHA256, authenticated) and
stored as `fernet:<token>`, so an encrypted value is told from a plain one by its prefix. When
`STUDYBOT_SECRET_KEY` is unset, a key is generated once into `secret.key` next to the database
(mode 0600, created atomically so two processes starting together agree on one key) and a warning
is logged: the operator must back it up apart from the database.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import stat
from functools import cached_property
from pathlib import Path

from bot.core.errors import StoreError

ENCRYPTED_PREFIX = "fernet:"
KEY_FILE_NAME = "secret.key"
ENV_NAME = "STUDYBOT_SECRET_KEY"
GENERATE_HINT = (
    'generate one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)
log = logging.getLogger("studybot.secret_key")


class SecretKeyError(StoreError):
    """The secret key is missing, malformed or not the one the stored tokens were encrypted with."""


def key_problem(text: str) -> str | None:
    """Why `text` is not a Fernet key (44 characters of URL-safe base64 for 32 bytes), or None."""
    try:
        raw = base64.urlsafe_b64decode(text.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raw = b""
    if len(raw) != 32 or len(text) != 44:
        return "is not a Fernet key (44 characters of URL-safe base64 encoding 32 bytes)"
    return None


def is_encrypted(value: str | None) -> bool:
    """True for a value written by `TokenCipher.encrypt`."""
    return bool(value) and value.startswith(ENCRYPTED_PREFIX)  # type: ignore[union-attr]


def loose_mode(path: Path) -> int | None:
    """The permission bits of `path` when group or others have any access to it, else None."""
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode if mode & 0o077 else None


class TokenCipher:
    """Encrypts and decrypts text under one key; `source` says where the key came from."""

    def __init__(self, key: str, source: str) -> None:
        from cryptography.fernet import Fernet  # imported here so `studybot --help` stays fast

        self._fernet = Fernet(key.encode("ascii"))
        self._raw = base64.urlsafe_b64decode(key.encode("ascii"))
        self.source = source

    def derive(self, purpose: str) -> bytes:
        """A 32-byte key for one other purpose (e.g. signing dashboard links), derived from this key
        with HMAC-SHA256 so the token encryption key itself is never used for anything else."""
        return hmac.new(self._raw, f"studybot:{purpose}".encode(), hashlib.sha256).digest()

    def encrypt(self, text: str) -> str:
        """`fernet:<token>` for `text`."""
        return ENCRYPTED_PREFIX + self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, stored: str) -> str:
        """The text of an encrypted value; a plain value (from before encryption) is returned as is."""
        from cryptography.fernet import InvalidToken

        if not is_encrypted(stored):
            return stored
        try:
            return self._fernet.decrypt(stored[len(ENCRYPTED_PREFIX):].encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise SecretKeyError(
                f"A stored token cannot be decrypted with the key from {self.source}: it was encrypted "
                f"with another key. Set {ENV_NAME} to the key used before (or put back the "
                "key file from your backup) and start again."
            ) from exc


class KeySource:
    """Finds the key: `env_key` (STUDYBOT_SECRET_KEY) when given, else the key file next to the database.

    `label` names the database in messages (a PostgreSQL URL without its password; default the path).
    """

    def __init__(self, db_path: Path, env_key: str | None = None, *, label: str | None = None) -> None:
        self.db_path = Path(db_path)
        self.env_key = env_key or None
        self.label = label or str(self.db_path)

    @property
    def key_file(self) -> Path:
        return self.db_path.parent / KEY_FILE_NAME

    @property
    def describe(self) -> str:
        """Where the key comes from, for messages."""
        return ENV_NAME if self.env_key else str(self.key_file)

    @cached_property
    def _loaded(self) -> TokenCipher | None:
        if self.env_key:
            problem = key_problem(self.env_key)
            if problem:
                raise SecretKeyError(f"{ENV_NAME} {problem}; {GENERATE_HINT}")
            return TokenCipher(self.env_key, ENV_NAME)
        if not self.key_file.exists():
            return None
        return self._read_file()

    def _read_file(self) -> TokenCipher:
        try:
            text = self.key_file.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise SecretKeyError(
                f"The key file {self.key_file} cannot be read ({exc}); give the bot's user read access "
                f"(chmod 600, owned by that user) or set {ENV_NAME}."
            ) from exc
        problem = key_problem(text)
        if problem:
            raise SecretKeyError(
                f"The key file {self.key_file} {problem}; put back the file from your backup "
                f"or set {ENV_NAME} to the key."
            )
        mode = loose_mode(self.key_file)
        if mode is not None:
            log.warning("the key file %s has mode %o: others can read it; run chmod 600 %s",
                        self.key_file, mode, self.key_file)
        return TokenCipher(text, str(self.key_file))

    def existing(self) -> TokenCipher | None:
        """The configured key, or None when there is none yet (never creates one)."""
        if self._loaded is None and self.key_file.exists():
            del self.__dict__["_loaded"]  # another process has generated the key file since
        return self._loaded

    def get_or_create(self) -> TokenCipher:
        """The configured key; when there is none, generate the key file (mode 0600) and warn."""
        found = self._loaded
        if found is not None:
            return found
        self._write_new_key()
        del self.__dict__["_loaded"]  # forget the cached "no key" and read the file now on disk
        loaded = self._loaded
        assert loaded is not None
        return loaded

    def _write_new_key(self) -> None:
        from cryptography.fernet import Fernet

        folder = self.key_file.parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = folder / f".{KEY_FILE_NAME}.{os.getpid()}.tmp"
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(Fernet.generate_key().decode("ascii") + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(tmp, self.key_file)  # fails if another process created the key first
            except FileExistsError:
                return
        finally:
            tmp.unlink(missing_ok=True)
        log.warning(
            "%s is not set: generated a new secret key into %s (mode 0600). It encrypts the stored "
            "Slack tokens and signs dashboard links; back it up apart from the database, since without "
            "it the tokens cannot be read.",
            ENV_NAME, self.key_file,
        )
