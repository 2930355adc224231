"""``python -m qualepref``: the same as the ``qualepref`` command."""

import sys

from qualepref.cli import main

if __name__ == "__main__":
    sys.exit(main())
