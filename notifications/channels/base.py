"""The channel interface. A channel knows whether it can reach a person and how to send one message to them."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..models import Delivery, NotificationPreference, OutboxMessage


class DeliveryError(Exception):
    """A send that failed. `permanent` errors are not retried (a wrong template id, a number Zalo does not know)."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Channel:
    name: str = ""
    label: str = ""

    def configured(self) -> bool:
        """Whether the deployment can use this channel at all (credentials present)."""
        return True

    def reaches(self, *, user, preference: "NotificationPreference") -> bool:
        """Whether `user` can and wants to get messages here (an address, their own switch)."""
        raise NotImplementedError

    def send(self, *, message: "OutboxMessage") -> str:
        """Send one message; returns the channel's id for it ('' if none). Raises DeliveryError."""
        raise NotImplementedError

    def gave_up(self, *, delivery: "Delivery", error: str) -> None:
        """Every attempt failed: remember it where people can see it."""
