"""`python -m search` runs the newsidx command line."""

from search.cli import main

main()
