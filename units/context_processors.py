
from .permissions import can_edit_plans, can_manage_accounts, can_manage_communes, can_manage_people


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # The same functions that guard the views decide which links the menu shows.
    return {"can_edit_plans": can_edit_plans(user), "can_manage_accounts": can_manage_accounts(user),
            "can_manage_people": can_manage_people(user), "can_manage_communes": can_manage_communes(user),
            "current_org": user.organization}

