"""project settings, suggestion reviews

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New tables only: nothing is copied, so the upgrade is cheap on a large team database.
    op.create_table('settings',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('suggestion_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('annotator', sa.String(length=80), nullable=False),
    sa.Column('suggestion_key', sa.String(length=40), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_suggestion_reviews_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_reviews')),
    sa.UniqueConstraint('document_id', 'annotator', 'start', 'end', name=op.f('uq_suggestion_reviews_document_id'))
    )
    with op.batch_alter_table('suggestion_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_reviews_annotator'), ['annotator'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('suggestion_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_reviews_annotator'))

    op.drop_table('suggestion_reviews')
    op.drop_table('settings')
