from support.amqp import fresh_queues  # noqa: F401 (an autouse fixture)
