"""`python -m haymaker.agent`."""

import sys

from haymaker.agent.main import main

raise SystemExit(main(sys.argv[1:]))
