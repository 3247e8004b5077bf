"""`packgen serve`: each hub's application form online, over the same library as the documents.

A thin ASGI layer (Starlette on uvicorn): the pages draw the form from the form specification,
answers are checked by forms/validate.py as `packgen collect` checks returned files, and
applications are kept in SQLite (the default, in the project's var/) or PostgreSQL through
SQLAlchemy, with the schema kept by Alembic migrations. Nothing here is imported by the other
commands: the web stack is loaded only when a web command runs.
"""
