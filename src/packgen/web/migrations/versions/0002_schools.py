"""The schools register from GIAS: the establishments, and which file they came from.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = ("name", "type", "type_group")
    op.create_table(
        "schools",
        sa.Column("urn", sa.Integer(), autoincrement=False, nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in text),
        sa.Column("status", sa.String(length=64), nullable=False),
        sa.Column("phase", sa.String(length=64), nullable=False),
        sa.Column("low_age", sa.Integer(), nullable=True),
        sa.Column("high_age", sa.Integer(), nullable=True),
        sa.Column("la_code", sa.String(length=16), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in ("la_name", "region", "street", "locality")),
        *(sa.Column(name, sa.Text(), nullable=False) for name in ("address3", "town", "county")),
        sa.Column("postcode", sa.String(length=16), nullable=False),
        sa.Column("telephone", sa.String(length=32), nullable=False),
        sa.Column("website", sa.Text(), nullable=False),
        *(sa.Column(name, sa.Text(), nullable=False) for name in ("head_title", "head_first_name", "head_last_name")),
        sa.Column("trust", sa.Text(), nullable=False),
        sa.Column("open_date", sa.Date(), nullable=True),
        sa.Column("close_date", sa.Date(), nullable=True),
        sa.Column("search", sa.Text(), nullable=False),  # name, town, postcode and LA folded, for find
        sa.PrimaryKeyConstraint("urn", name=op.f("pk_schools")),
    )
    op.create_table(
        "school_register",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("schools", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),  # UTC
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_register")),
    )


def downgrade() -> None:
    op.drop_table("school_register")
    op.drop_table("schools")
