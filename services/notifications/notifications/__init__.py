"""Notifications service: tells participants and organizers, in Russian, what happened."""
