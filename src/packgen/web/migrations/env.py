"""Alembic's environment: migrations run on the connection packgen gives (web/db.py, upgrade)."""

from alembic import context
from sqlalchemy import inspect

import packgen.schools.store  # noqa: F401  (the schools register's tables, on the same metadata)
from packgen.web.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
)
migrations = context.get_context()
# A new database (none of our tables, no revision) brought to the head is made from the models at
# once and stamped: the same schema as the migrations make step by step, SQLite copying each table
# it alters (tests/web/test_web_db.py compares the two), in about 40% of the CPU. A migration's data
# (rows it inserts) is not made this way: see README. With two heads get_current_head raises, and
# every start fails until they are merged (`alembic merge`), as the history is a straight line.
new = (
    migrations.get_current_revision() is None
    and context.get_revision_argument() == context.script.get_current_head()
    and not set(Base.metadata.tables) & set(inspect(connection).get_table_names())
)
with context.begin_transaction():
    if new:
        Base.metadata.create_all(connection)
        migrations.stamp(context.script, "heads")
    else:
        context.run_migrations()
