"""Test support: the real servers the suite runs against, and ways to watch them."""
