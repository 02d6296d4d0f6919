"""Alembic environment: runs migrations on the connection handed over by schema_version."""

from __future__ import annotations

from alembic import context

from annotator.store.rows import metadata

config = context.config
target_metadata = metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; run `annotator db upgrade`")
run_migrations_online()
