"""Installation tokens at rest: the key check value and the start-up step that encrypts plain rows.

Migration 0006 creates `secret_key_check`; its single row is a known text encrypted under the key
when the first token is encrypted. The SQL runner cannot encrypt, so `encrypt_plain_rows` runs right
after the migrations (at bot start-up and in `studybot db migrate`): in one transaction it checks the
key against that row and encrypts every installation row still in plain text. It is idempotent: an
encrypted value (`fernet:` prefix) is never touched again, and with nothing stored no key is needed.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bot.secret_key import ENV_NAME, KeySource, SecretKeyError, TokenCipher, is_encrypted

CHECK_TEXT = "studybot secret key check v1"
PLAIN_ROWS_SQL = (
    "SELECT id, bot_token, payload FROM installations "
    "WHERE substr(payload, 1, 7) <> 'fernet:' "
    "OR (bot_token IS NOT NULL AND bot_token <> '' AND substr(bot_token, 1, 7) <> 'fernet:')"
)


def _lost_key_hint(keys: KeySource) -> str:
    client = "psql" if keys.label.startswith("postgres") else "sqlite3"
    return (
        "If that key is lost the stored tokens cannot be recovered: delete them with "
        f"`{client} {keys.label} \"DELETE FROM installations; DELETE FROM secret_key_check\"` and "
        "install the Slack app into each workspace again."
    )


def wrong_key(keys: KeySource) -> SecretKeyError:
    """The error for a key that is not the one the stored tokens were encrypted with."""
    if keys.env_key:
        where = f"{ENV_NAME} is not the key"
        fix = f"Set {ENV_NAME} to the key used before, or unset it if the key file {keys.key_file} holds it."
    else:
        where = f"The key file {keys.key_file} does not hold the key"
        fix = f"Put back the key file from your backup, or set {ENV_NAME} to the key used before."
    return SecretKeyError(
        f"{where} that encrypted the Slack tokens in {keys.label}. {fix} {_lost_key_hint(keys)}"
    )


def missing_key(keys: KeySource) -> SecretKeyError:
    """The error for encrypted tokens and no key at all."""
    return SecretKeyError(
        f"The Slack tokens in {keys.label} are encrypted but there is no key: {ENV_NAME} is unset and "
        f"{keys.key_file} does not exist. Set {ENV_NAME} to the key, or put back the key file from "
        f"your backup. {_lost_key_hint(keys)}"
    )


def check_key(cipher: TokenCipher, check_value: str, keys: KeySource) -> None:
    """Raise SecretKeyError unless `cipher` decrypts the database's check value."""
    try:
        ok = cipher.decrypt(check_value) == CHECK_TEXT
    except SecretKeyError:
        ok = False
    if not ok:
        raise wrong_key(keys)


def read_check_value(conn: sqlite3.Connection) -> str | None:
    """The stored check value, or None when no token was ever encrypted."""
    row = conn.execute("SELECT check_value FROM secret_key_check WHERE id = 1").fetchone()
    return row[0] if row else None


def cipher_for_reading(conn: sqlite3.Connection, keys: KeySource) -> TokenCipher | None:
    """The checked key of this database, or None when nothing was ever encrypted."""
    check_value = read_check_value(conn)
    if check_value is None:
        return None
    cipher = keys.existing()
    if cipher is None:
        raise missing_key(keys)
    check_key(cipher, check_value, keys)
    return cipher


def cipher_for_writing(conn: sqlite3.Connection, keys: KeySource) -> TokenCipher:
    """Inside a write transaction: the checked key, generated and recorded on first use.

    When another process records its check value first (PostgreSQL writers run in parallel), the
    insert does nothing and the key is checked against that value instead.
    """
    cipher = cipher_for_reading(conn, keys)
    if cipher is not None:
        return cipher
    cipher = keys.get_or_create()
    conn.execute(
        "INSERT INTO secret_key_check (id, check_value, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING",
        (cipher.encrypt(CHECK_TEXT), datetime.now(UTC).isoformat()),
    )
    checked = cipher_for_reading(conn, keys)
    assert checked is not None
    return checked


def encrypt_value(cipher: TokenCipher, value: str | None) -> str | None:
    """`value` encrypted, unless it is empty or already encrypted."""
    if not value or is_encrypted(value):
        return value
    return cipher.encrypt(value)


def encrypt_rows(conn: sqlite3.Connection, keys: KeySource) -> int:
    """Inside a write transaction: check the key and encrypt every plain installation row."""
    plain = conn.execute(PLAIN_ROWS_SQL).fetchall()
    if plain:
        cipher = cipher_for_writing(conn, keys)
        for row_id, bot_token, payload in plain:
            conn.execute(
                "UPDATE installations SET bot_token = ?, payload = ? WHERE id = ?",
                (encrypt_value(cipher, bot_token), encrypt_value(cipher, payload), row_id),
            )
    else:
        cipher_for_reading(conn, keys)
    return len(plain)


def encrypt_plain_rows(conn: sqlite3.Connection, keys: KeySource) -> int:
    """Check the key and encrypt every plain installation row in one transaction; return how many."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        encrypted = encrypt_rows(conn, keys)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return encrypted


def secure_tokens(db_path: Path, keys: KeySource) -> int:
    """The start-up step after migrations: `encrypt_plain_rows` on its own connection."""
    from bot.store import migrations

    conn = migrations.connect(Path(db_path))
    try:
        return encrypt_plain_rows(conn, keys)
    except sqlite3.DatabaseError as exc:
        raise SecretKeyError(
            f"Encrypting the stored Slack tokens in {db_path} failed and was rolled back ({exc}); "
            "check the database with `studybot doctor`, then start again."
        ) from exc
    finally:
        conn.close()
