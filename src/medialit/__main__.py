"""``python -m medialit``: the same as the ``medialit`` command."""

import sys

from medialit.cli import main

sys.exit(main())
