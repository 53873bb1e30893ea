"""The judging service: jurors, criteria, scorecards, rankings and the winners' announcement."""
