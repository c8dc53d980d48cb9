"""`python -m ebranch_server`: the same as the `ebranch-server` command."""

import sys

from .cli import main

sys.exit(main())
