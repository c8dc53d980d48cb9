"""The PySide6 window: a thin layer of Qt models, views and dialogs over the services."""
