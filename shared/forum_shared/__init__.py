"""Event contracts and the small plumbing every service of the forum contests platform shares."""
