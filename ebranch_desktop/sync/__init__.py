"""Synchronization with the provincial server: wire format, HTTP client, engine, merge."""
