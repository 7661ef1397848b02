"""Shared test settings."""
from hypothesis import settings

# The same examples on every run and machine: a red CI is then a real regression, reproducible at
# once, never a rare draw. No example database is written.
settings.register_profile("hw1", derandomize=True, deadline=None, database=None)
settings.load_profile("hw1")
