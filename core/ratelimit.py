"""Per-IP rate limits on views named in settings.RATE_LIMITS ({url_name: "requests/seconds"}).

Keyed on the URL name rather than the path or the app namespace, so a view keeps its limit when it moves
(the public /verify/ pages are moving from plans/ to documents/). Counters live in the default cache: a fixed
window per name and IP. `rate_limited("name")` applies the same limit to a view that is not routed by name.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _parse(rate: str) -> tuple[int, int]:
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def client_ip(request: HttpRequest) -> str:
    header = settings.RATE_LIMIT_IP_HEADER
    value = request.META.get(header, "") if header else ""
    # X-Forwarded-For may list several hops: the first one is the client.
    return value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request: HttpRequest, name: str) -> int:
    """0 when the request may go on, else the seconds until the window resets (for Retry-After)."""
    rate = settings.RATE_LIMITS.get(name)
    if not rate:
        return 0
    allowed, seconds = _parse(rate)
    now = time.time()
    window = int(now // seconds)
    key = f"ratelimit:{name}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    if count <= allowed:
        return 0
    return max(1, int((window + 1) * seconds - now))


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    html = render_to_string("429.html", {"retry_after": retry_after}, request=request)
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.url_name not in settings.RATE_LIMITS:
            return None
        retry_after = over_limit(request, match.url_name)
        return too_many_requests(request, retry_after) if retry_after else None


def rate_limited(name: str):
    """The same limit as a decorator, for a view reached without a URL name of RATE_LIMITS."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            retry_after = over_limit(request, name)
            return too_many_requests(request, retry_after) if retry_after else view(request, *args, **kwargs)

        return wrapped

    return decorator
