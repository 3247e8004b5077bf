"""What an email about no application says, and its hub: invitations move out of the settings table.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

PREFIX = "invitation:"


def upgrade() -> None:
    with op.batch_alter_table("emails") as batch:
        batch.add_column(sa.Column("content", sa.Text(), nullable=True))
        batch.add_column(sa.Column("hub", sa.String(8), nullable=True))
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    emails = sa.table("emails", sa.column("id", sa.Integer), sa.column("content", sa.Text))
    bind = op.get_bind()
    moved = bind.execute(sa.select(settings.c.key, settings.c.value).where(settings.c.key.like(f"{PREFIX}%")))
    for key, value in list(moved):
        bind.execute(sa.update(emails).where(emails.c.id == int(key[len(PREFIX) :])).values(content=value))
    bind.execute(sa.delete(settings).where(settings.c.key.like(f"{PREFIX}%")))


def downgrade() -> None:
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))
    emails = sa.table("emails", sa.column("id", sa.Integer), sa.column("content", sa.Text))
    bind = op.get_bind()
    for email_id, content in list(
        bind.execute(sa.select(emails.c.id, emails.c.content).where(emails.c.content.isnot(None)))
    ):
        bind.execute(sa.insert(settings).values(key=f"{PREFIX}{email_id}", value=content))
    with op.batch_alter_table("emails") as batch:
        batch.drop_column("hub")
        batch.drop_column("content")
