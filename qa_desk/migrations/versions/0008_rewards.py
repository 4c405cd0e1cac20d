"""reward/penalty policy versions and ledger entries (filled by the rewards work)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:05:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reward_policies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_policies')),
    sa.UniqueConstraint('version', name=op.f('uq_reward_policies_version'))
    )
    op.create_table('reward_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.String(length=64), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('policy_version', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('voided_by', sa.String(length=100), nullable=True),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_entries'))
    )
    with op.batch_alter_table('reward_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reward_entries_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reward_entries_entry_date'), ['entry_date'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reward_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reward_entries_entry_date'))
        batch_op.drop_index(batch_op.f('ix_reward_entries_agent_id'))

    op.drop_table('reward_entries')
    op.drop_table('reward_policies')
