"""Registration's HTTP API: routes only translate between HTTP and the domain."""
