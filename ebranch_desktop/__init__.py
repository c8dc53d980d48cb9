"""ebranch-desktop: offline-first client for branch organizational life (新时代e支部)."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("ebranch-desktop")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
