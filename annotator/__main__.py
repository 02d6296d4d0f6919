"""`python -m annotator` runs the command line."""

import sys

from annotator.cli.main import main

if __name__ == "__main__":  # not when a worker process of an export imports this module
    sys.exit(main())
