"""Alembic's environment: migrations run on the connection packgen gives (web/db.py, upgrade)."""

from alembic import context

import packgen.schools.store  # noqa: F401  (the schools register's tables, on the same metadata)
from packgen.web.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
)
with context.begin_transaction():
    context.run_migrations()
