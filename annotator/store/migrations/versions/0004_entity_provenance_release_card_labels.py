"""entity provenance and score, the card frozen with a release, the project's label schema

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns have defaults or allow NULL, so existing rows need no rewrite.
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('provenance_kind', sa.String(length=20), nullable=False,
                                      server_default='manual'))
        batch_op.add_column(sa.Column('provenance_system', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('score', sa.Float(), nullable=True))
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card', sa.Text(), nullable=True))
    op.create_table('labels',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=10), nullable=True),
    sa.Column('colour', sa.String(length=9), nullable=False),
    sa.Column('zh', sa.String(length=80), nullable=False),
    sa.Column('en', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_labels'))
    )


def downgrade() -> None:
    op.drop_table('labels')
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.drop_column('card')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_column('score')
        batch_op.drop_column('provenance_system')
        batch_op.drop_column('provenance_kind')
