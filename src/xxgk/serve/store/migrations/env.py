"""Alembic's environment for the service's database: run with the connection ``database.migrate`` opens."""

from alembic import context

from xxgk.serve.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
