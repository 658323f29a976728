"""Benchmarks that print figures (``make bench``); never run by ``make test``."""
