"""HayMaker: benign, realistic Azure activity on a schedule, and nothing left behind."""

__version__ = "0.1.0"
