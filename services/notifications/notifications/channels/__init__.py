"""Delivery channels behind one interface: e-mail over SMTP and signed webhooks."""

from notifications.channels.base import Channel, DeliveryFailed, OutgoingMessage
from notifications.channels.email import EmailChannel
from notifications.channels.webhook import WebhookChannel

__all__ = ["Channel", "DeliveryFailed", "EmailChannel", "OutgoingMessage", "WebhookChannel"]
