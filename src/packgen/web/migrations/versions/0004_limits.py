"""Limits shared by every server process, the per-account sign-in lockout, and emails about an
account (no application).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "limit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),  # UTC
        sa.PrimaryKeyConstraint("id", name=op.f("pk_limit_events")),
    )
    op.create_index(op.f("ix_limit_events_key_at"), "limit_events", ["key", "at"], unique=False)
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))  # UTC
    with op.batch_alter_table("emails") as batch:
        batch.alter_column("application_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("emails") as batch:
        batch.alter_column("application_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_sign_ins")
    op.drop_index(op.f("ix_limit_events_key_at"), table_name="limit_events")
    op.drop_table("limit_events")
