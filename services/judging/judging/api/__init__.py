"""Judging's HTTP API: routes only translate between HTTP, the commands and the standings."""
