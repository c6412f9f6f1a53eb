"""Shared by the permission matrices: a GET never writes (no row of any project table appears, changes count or
disappears)."""

from django.apps import apps

PROJECT_APPS = {"core", "units", "documents", "notifications", "plans", "campaigns", "awards"}


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()
            if m._meta.app_label in PROJECT_APPS and not m._meta.proxy}


def request_checked(client, method: str, url: str, payload):
    """Send the request; for a GET, fail if any project table's row count changed."""
    if method != "get":
        return getattr(client, method)(url, payload)
    before = row_counts()
    response = client.get(url, payload)
    after = row_counts()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    assert changed == {}, f"GET {url} wrote rows: {changed}"
    return response
