"""Application services: what the GUI and the CLI both call. No Qt, no network.

Each function takes an open `WorkspaceSession` from `Workspace.read()`/`write()`; write
functions validate with the shared domain rules and raise ValidationError for bad input.
"""
