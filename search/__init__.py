"""newsidx: a local, terminal-first search engine for saved news articles."""

__version__ = "0.1.0"
