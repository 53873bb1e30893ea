"""The notifications service's HTTP API, for the organizers: the delivery log and webhooks."""
