from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def campaigns_for_user(context) -> list[selectors.DashboardItem]:
    """The running campaigns for the dashboard card: keeps plans' dashboard view unaware of campaigns."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return selectors.dashboard_campaigns(user=request.user)
