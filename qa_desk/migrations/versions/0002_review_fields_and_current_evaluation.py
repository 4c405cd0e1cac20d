"""review fields and current evaluation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:46:47.037797
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_evaluation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_calls_current_evaluation_id_evaluations'), 'evaluations', ['current_evaluation_id'], ['id'], ondelete='SET NULL', use_alter=True)

    with op.batch_alter_table('evaluation_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('fatal', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('bonus', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('review', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('reviewed_points', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('comment', sa.Text(), nullable=True))

    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_rules', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('signed_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('history', sa.JSON(), nullable=False, server_default='[]'))



def downgrade() -> None:
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_column('history')
        batch_op.drop_column('signed_at')
        batch_op.drop_column('signed_by')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by')
        batch_op.drop_column('failed_rules')

    with op.batch_alter_table('evaluation_items', schema=None) as batch_op:
        batch_op.drop_column('comment')
        batch_op.drop_column('reason')
        batch_op.drop_column('reviewed_points')
        batch_op.drop_column('review')
        batch_op.drop_column('bonus')
        batch_op.drop_column('fatal')
        batch_op.drop_column('name')

    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_calls_current_evaluation_id_evaluations'), type_='foreignkey')
        batch_op.drop_column('current_evaluation_id')

