"""`python -m haymaker.cli` runs the `haymaker` command."""

import sys

from haymaker.cli.main import main

sys.exit(main())
