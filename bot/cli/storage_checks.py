"""Doctor rows for data at rest: the secret key (present, valid, mode, decrypts the tokens) and file modes."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from bot.cli.platform_checks import CheckResult
from bot.config import Settings, override_warnings
from bot.secret_key import ENV_NAME, KeySource, SecretKeyError, TokenCipher, is_encrypted, loose_mode
from bot.store.file_modes import database_files
from bot.store.token_rows import PLAIN_ROWS_SQL, cipher_for_reading


def secret_key_check(db_path: Path, env_key: str | None) -> CheckResult:
    """Where the key comes from, and whether it decrypts every stored installation row."""
    keys = KeySource(db_path, env_key)
    cipher, problem = key_source_check(keys)
    if problem is not None:
        return problem
    if not db_path.is_file():
        return no_tokens(keys, cipher)
    try:
        conn = sqlite3.connect(f"file:{db_path.resolve()}?mode=ro", uri=True, timeout=5)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"installations", "secret_key_check"} <= tables:
                return no_tokens(keys, cipher)
            return stored_tokens_check(conn, keys, cipher)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return CheckResult("secret-key", "FAIL", f"cannot read the installations in {db_path}: {exc}")


def key_source_check(keys: KeySource) -> tuple[TokenCipher | None, CheckResult | None]:
    """The configured key (None when there is none yet), or the FAIL row saying what is wrong with it."""
    try:
        cipher = keys.existing()
    except SecretKeyError as exc:
        return None, CheckResult("secret-key", "FAIL", str(exc))
    if not keys.env_key and cipher is not None:
        mode = loose_mode(keys.key_file)
        if mode is not None:
            return cipher, CheckResult("secret-key", "FAIL", f"{keys.key_file} has mode {mode:o}: others "
                                       f"can read the key; run chmod 600 {keys.key_file}")
    return cipher, None


def stored_tokens_check(conn: Any, keys: KeySource, cipher: TokenCipher | None) -> CheckResult:
    """Whether the key decrypts every stored installation row (`conn` takes `?` placeholders)."""
    try:
        checked = cipher_for_reading(conn, keys)
        rows = conn.execute("SELECT bot_token, payload FROM installations").fetchall()
        plain = len(conn.execute(PLAIN_ROWS_SQL).fetchall())
    except SecretKeyError as exc:
        return CheckResult("secret-key", "FAIL", str(exc))
    if plain:
        return CheckResult("secret-key", "FAIL", f"{plain} stored installation(s) hold tokens in plain text; "
                           "run `studybot db migrate` or start the bot to encrypt them")
    if checked is None:
        return no_tokens(keys, cipher)
    try:
        for bot_token, payload in rows:
            for value in (bot_token, payload):
                if is_encrypted(value):
                    checked.decrypt(value)
    except SecretKeyError as exc:
        return CheckResult("secret-key", "FAIL", str(exc))
    return CheckResult("secret-key", "ok", f"key from {keys.describe} decrypts the {len(rows)} stored "
                       "installation(s)")


def no_tokens(keys: KeySource, cipher: object | None) -> CheckResult:
    if cipher is not None:
        return CheckResult("secret-key", "ok", f"key from {keys.describe}; no tokens stored yet")
    return CheckResult("secret-key", "ok", f"no key yet: {ENV_NAME} is unset, so {keys.key_file} is "
                       "generated (mode 0600) when the first Slack install is stored")


def file_mode_checks(db_path: Path) -> list[CheckResult]:
    """The database and its WAL/SHM files must be 0600 (FAIL); a folder others can enter is a warning."""
    rows: list[CheckResult] = []
    if not db_path.exists():
        return rows
    loose = [(p, m) for p in database_files(db_path) if (m := loose_mode(p)) is not None]
    if loose:
        listed = ", ".join(f"{p.name} ({m:o})" for p, m in loose)
        rows.append(CheckResult("files", "FAIL", f"others can read {listed}; run chmod 600 "
                                f"{' '.join(str(p) for p, _ in loose)} (starting the bot also fixes it)"))
    else:
        rows.append(CheckResult("files", "ok", "database, WAL and SHM files are owner-only (600)"))
    folder = db_path.resolve().parent
    mode = loose_mode(folder)
    if mode is not None:
        rows.append(CheckResult("files", "warn", f"the folder {folder} has mode {mode:o}: others can list "
                                f"it; run chmod 700 {folder} if only studybot uses it"))
    return rows


def override_checks(settings: Settings) -> list[CheckResult]:
    """A warning row per overridden platform address."""
    return [CheckResult("overrides", "warn", note) for note in override_warnings(settings)]
