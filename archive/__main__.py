"""`python -m archive` runs the `archive` command."""

from indexer.cli import main

main(prog_name="archive")
