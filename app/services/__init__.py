"""Use cases: the only API the window and the command line call."""
