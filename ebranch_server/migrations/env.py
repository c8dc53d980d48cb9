"""Alembic environment: always run on the connection handed over by ebranch_server.schema."""

from alembic import context

from ebranch_server.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite can only ALTER by table copies
)
with context.begin_transaction():
    context.run_migrations()
