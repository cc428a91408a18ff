"""`python -m simulation` is the `copsim` command."""

from simulation.cli import main

main()
