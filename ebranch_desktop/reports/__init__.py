"""Report computations over a workspace: plain dataclasses, no Qt."""
