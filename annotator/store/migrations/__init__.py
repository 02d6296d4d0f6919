"""Alembic migration scripts of the store (configuration is built in code, see schema_version)."""
