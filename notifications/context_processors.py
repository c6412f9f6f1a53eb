from django.utils.functional import SimpleLazyObject

from .services.bell import unread_count


def notifications(request) -> dict:
    """The bell's unread count: one COUNT query, and only on pages that render it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
