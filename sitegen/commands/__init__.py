"""The command line: the ``sitegen`` group with build and check, the small commands (new, init,
next-change), and what every command shares (options, the progress bar, the result's wording)."""
