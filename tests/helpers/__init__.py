"""Helpers shared by the tests: the command line, template ledgers, UI actions."""
