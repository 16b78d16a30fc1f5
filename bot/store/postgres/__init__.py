"""The PostgreSQL store (psycopg 3): `open_postgres_store(url)` migrates and opens a PostgresStore."""

from bot.store.postgres.store import PostgresStore, open_postgres_store, postgres_keys

__all__ = ["PostgresStore", "open_postgres_store", "postgres_keys"]
