"""calls, turns, events, agents, evaluations

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 01:27:02.897193
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agents'))
    )
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.String(length=200), nullable=False),
    sa.Column('agent_id', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('utc_offset_minutes', sa.Integer(), nullable=True),
    sa.Column('duration', sa.Float(), nullable=True),
    sa.Column('audio_path', sa.Text(), nullable=True),
    sa.Column('source_path', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('turn_count', sa.Integer(), nullable=False),
    sa.Column('char_count', sa.Integer(), nullable=False),
    sa.Column('has_timestamps', sa.Boolean(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_calls_agent_id_agents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls')),
    sa.UniqueConstraint('call_id', name=op.f('uq_calls_call_id'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_agent_started', ['agent_id', 'started_at'], unique=False)

    op.create_table('call_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_pk', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('start', sa.Float(), nullable=True),
    sa.Column('end', sa.Float(), nullable=True),
    sa.Column('at', sa.Float(), nullable=True),
    sa.Column('by', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['call_pk'], ['calls.id'], name=op.f('fk_call_events_call_pk_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_events'))
    )
    with op.batch_alter_table('call_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_events_call_pk'), ['call_pk'], unique=False)

    op.create_table('evaluations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_pk', sa.Integer(), nullable=False),
    sa.Column('pack_id', sa.String(length=100), nullable=False),
    sa.Column('pack_version', sa.String(length=64), nullable=False),
    sa.Column('auto_score', sa.Float(), nullable=False),
    sa.Column('reviewed_score', sa.Float(), nullable=True),
    sa.Column('fatal', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['call_pk'], ['calls.id'], name=op.f('fk_evaluations_call_pk_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluations'))
    )
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.create_index('ix_evaluations_call_created', ['call_pk', 'created_at'], unique=False)

    op.create_table('turns',
    sa.Column('call_pk', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('speaker', sa.String(length=16), nullable=False),
    sa.Column('start', sa.Float(), nullable=True),
    sa.Column('end', sa.Float(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['call_pk'], ['calls.id'], name=op.f('fk_turns_call_pk_calls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('call_pk', 'idx', name=op.f('pk_turns')),
    sqlite_with_rowid=False
    )
    op.create_table('evaluation_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=100), nullable=False),
    sa.Column('section', sa.String(length=100), nullable=True),
    sa.Column('result', sa.String(length=8), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('max_points', sa.Float(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluations.id'], name=op.f('fk_evaluation_items_evaluation_id_evaluations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_items'))
    )
    with op.batch_alter_table('evaluation_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_items_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index('ix_evaluation_items_rule_result', ['rule_id', 'result'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evaluation_items', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_items_rule_result')
        batch_op.drop_index(batch_op.f('ix_evaluation_items_evaluation_id'))

    op.drop_table('evaluation_items')
    op.drop_table('turns')
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluations_call_created')

    op.drop_table('evaluations')
    with op.batch_alter_table('call_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_events_call_pk'))

    op.drop_table('call_events')
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index('ix_calls_agent_started')

    op.drop_table('calls')
    op.drop_table('agents')
