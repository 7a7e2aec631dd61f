"""Alembic environment: always given a live connection by `iro_desktop.store.migrations`."""

from alembic import context

from iro_desktop.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("IRO Desktop runs migrations on an open store connection only.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
