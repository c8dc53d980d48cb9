"""Frozen entry of the command-line program `ebranch`."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from ebranch_desktop.ui.single_instance import hold_app_mutex

    # The CLI holds the same mutex: uninstalling while it runs would leave files behind too.
    hold_app_mutex()
    from ebranch_desktop.cli.main import main

    sys.exit(main())
