"""Local storage: ORM models, the one engine factory, migrations and change tracking."""
