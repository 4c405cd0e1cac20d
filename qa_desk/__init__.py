"""QA Desk: call-center quality inspection and training on the desktop."""

__version__ = "0.1.0"
