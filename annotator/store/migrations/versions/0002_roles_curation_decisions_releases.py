"""roles, curation decisions, releases

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 11:07:29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # New tables only: the migration copies nothing, so it is cheap on a large team database.
    op.create_table('releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('guideline_version', sa.String(length=40), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('content_sha256', sa.String(length=64), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('entities', sa.Integer(), nullable=False),
    sa.Column('metrics', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('content_gzip', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_releases')),
    sa.UniqueConstraint('name', name=op.f('uq_releases_name')),
    sa.UniqueConstraint('number', name=op.f('uq_releases_number'))
    )
    op.create_table('roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_name', sa.String(length=80), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('granted_by', sa.String(length=80), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('user_name', 'role', name=op.f('uq_roles_user_name'))
    )
    op.create_table('curation_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('item_kind', sa.String(length=20), nullable=False),
    sa.Column('item_key', sa.String(length=80), nullable=False),
    sa.Column('decision', sa.String(length=30), nullable=False),
    sa.Column('source_layers', sa.String(length=500), nullable=False),
    sa.Column('decided_by', sa.String(length=80), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_curation_decisions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_curation_decisions'))
    )
    with op.batch_alter_table('curation_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_curation_decisions_document', ['document_id', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('curation_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_curation_decisions_document')

    op.drop_table('curation_decisions')
    op.drop_table('roles')
    op.drop_table('releases')
