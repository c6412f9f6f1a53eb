"""The channels a message can go out on. Each is a `Channel` (channels/base.py); CHANNELS lists them in order."""

from .base import Channel, DeliveryError
from .bell import BellChannel
from .email import EmailChannel
from .zalo import ZaloChannel

CHANNELS: dict[str, Channel] = {c.name: c for c in (BellChannel(), EmailChannel(), ZaloChannel())}

__all__ = ["CHANNELS", "Channel", "DeliveryError"]
