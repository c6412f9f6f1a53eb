from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico whatever the page says: send them to the static (hashed, cached) icon.

    Resolved per request: the hashed name is known only once collectstatic has written the manifest.
    """
    return HttpResponseRedirect(static("favicon.svg"))
