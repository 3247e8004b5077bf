"""Decisions on applications (allocate, staff changes, confirmation, letters) and the emails that tell them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("programme", sa.String(100), nullable=False),
        sa.Column("year", sa.String(7), nullable=False),
        sa.Column("hub", sa.String(8), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column(
            "application_id",
            sa.Integer(),
            sa.ForeignKey("applications.id", ondelete="CASCADE", name="fk_decisions_application_id_applications"),
            nullable=True,
        ),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("urn", sa.String(6), nullable=True),
        sa.Column("school", sa.String(500), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(320), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("letter_sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_decisions"),
    )
    op.create_index("ix_decisions_application_id", "decisions", ["application_id"])
    op.create_index(
        "ix_decisions_programme_year_hub_reference",
        "decisions",
        ["programme", "year", "hub", "reference"],
        unique=True,
    )
    op.create_index("ix_decisions_programme_year_hub", "decisions", ["programme", "year", "hub"])
    with op.batch_alter_table("emails") as batch:
        batch.add_column(sa.Column("decision_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_emails_decision_id_decisions", "decisions", ["decision_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_emails_decision_id", ["decision_id"])


def downgrade() -> None:
    with op.batch_alter_table("emails") as batch:
        batch.drop_index("ix_emails_decision_id")
        batch.drop_constraint("fk_emails_decision_id_decisions", type_="foreignkey")
        batch.drop_column("decision_id")
    op.drop_table("decisions")
