"""The store: SQLAlchemy models, engine, unit of work, repositories and Alembic migrations.

The only package that imports SQLAlchemy and Alembic; it speaks domain objects to the outside.
"""
