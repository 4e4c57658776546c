"""`python -m paperaudit.check` is the `paperaudit` command."""

from ._cli import main

main()
