"""Signed client updates: the package format, trust, download, and installing with rollback.

Qt-free; the window (ui/update_actions.py), the CLI (cli/update_cmd.py) and the server
(ebranch_server/client_releases.py) use it. docs/installer.md ("Signed updates") has the whole picture.
"""
