"""disputes on signed evaluations (filled by the disputes work)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:05:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('disputes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('agent_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('opened_by', sa.String(length=100), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('ruled_by', sa.String(length=100), nullable=True),
    sa.Column('ruled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ruling', sa.Text(), nullable=True),
    sa.Column('ruled_points', sa.Float(), nullable=True),
    sa.Column('evaluation_version', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'],
                            name=op.f('fk_disputes_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disputes'))
    )
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.create_index('ix_disputes_agent_status', ['agent_id', 'status'], unique=False)
        batch_op.create_index('ix_disputes_status_opened', ['status', 'opened_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_disputes_evaluation_id'), ['evaluation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('disputes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disputes_evaluation_id'))
        batch_op.drop_index('ix_disputes_status_opened')
        batch_op.drop_index('ix_disputes_agent_status')

    op.drop_table('disputes')
