
from .permissions import can_edit_plans


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_edit_plans": can_edit_plans(user), "current_org": user.organization}

