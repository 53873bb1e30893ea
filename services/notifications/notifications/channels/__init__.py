"""Delivery channels behind one interface: e-mail over SMTP and signed webhooks."""

from .base import Channel, DeliveryFailed, OutgoingMessage
from .email import EmailChannel
from .webhook import WebhookChannel

__all__ = ["Channel", "DeliveryFailed", "EmailChannel", "OutgoingMessage", "WebhookChannel"]
