"""The permission matrix walks the URLconf itself.

Every URL pattern (django.urls.get_resolver, recursively, the admin aside) needs an expectation for GET and for
POST: a row of a role matrix (tests/test_permission_matrix.py for plans and units, campaigns/tests/
test_permissions.py, awards/tests/test_permissions.py; each row has an expected answer for canbo, vhxh, chutich,
the superior office, anonymous and another commune's user, and a GET row also checks that nothing was written),
the names-only matrices of notifications and reminders (their own tests), or a 405: a method the view refuses
(require_POST, require_safe) is checked here by asking it. A new URL without an expectation fails.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from awards.tests import test_permissions as awards_matrix
from campaigns.tests import test_permissions as campaigns_matrix
from tests import test_permission_matrix as plans_matrix

# Outside every role matrix on purpose: the authentication pages and the health check are the same for everyone.
PUBLIC_MECHANICS = {"login", "logout", "healthz", "readyz", "favicon", "password_change", "password_reset_confirm",
                    # Anyone may upload a PDF they received to check its signature (documents/signing).
                    "signing:verify_check"}
NAMES_ONLY = {"notifications": "notifications.tests.test_notifications",
              "reminders": "notifications.tests.test_reminder_views"}


def walk(patterns=None, namespace: str = "", route: str = ""):
    """(qualified name, route, pattern) of every URL pattern, nested includes and namespaces followed."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin" or getattr(pattern, "app_name", None) == "admin":
                continue
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            yield from walk(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            yield name, route + str(pattern.pattern), pattern


def _rows() -> set[tuple[str, str]]:
    """(url name, method) of every row of the role matrices."""
    rows = set()
    def fake(world_class, obj_class):
        return world_class(**{f: obj_class() for f in world_class.__dataclass_fields__ if f != "users"})

    fakes = [
        (plans_matrix.MATRIX, fake(plans_matrix.World, plans_matrix._Obj), 0, 1),
        (campaigns_matrix.MATRIX, fake(campaigns_matrix.W, campaigns_matrix._Obj), 0, 1),
    ]
    for matrix, fake, method_at, url_at in fakes:
        for param in matrix:
            match = resolve(param.values[url_at](fake).split("?")[0])
            rows.add((f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name,
                      param.values[method_at]))
    for param in awards_matrix.MATRIX:
        name, method = param.values[0], param.values[1]
        rows.add((f"awards:{name.split('-')[0]}", method))
    return rows


def _dummy_url(name: str, pattern: URLPattern) -> str:
    converters = pattern.pattern.converters
    kwargs = {key: ("ABCDEF123456" if converter.__class__.__name__ == "StringConverter" else 999999)
              for key, converter in converters.items()}
    return reverse(name, kwargs=kwargs)


def test_the_walk_finds_nested_patterns():
    names = {name for name, _, _ in walk()}
    assert {"plans:detail", "campaigns:registration", "awards:dossier_detail", "dashboard"} <= names
    assert len(names) > 100


def test_every_pattern_is_named():
    assert [route for name, route, _ in walk() if not name] == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_url_has_an_expectation_for_every_method(client, vhxh, method):
    rows = _rows()
    names_only = set()
    for namespace, module in NAMES_ONLY.items():
        names_only |= {n for n in importlib.import_module(module).MATRIX_URL_NAMES if n.startswith(f"{namespace}:")}
    client.force_login(vhxh)
    missing = []
    for name, route, pattern in walk():
        if name in PUBLIC_MECHANICS or name in names_only or (name, method) in rows:
            continue
        # No row: the view must refuse the method outright (405), before any lookup or write.
        response = getattr(client, method)(_dummy_url(name, pattern))
        if response.status_code != 405:
            missing.append(f"{method.upper()} {name} ({route}) → {response.status_code}")
    assert missing == [], "URLs without an expectation in a role matrix:\n" + "\n".join(missing)


def test_the_matrices_hold_no_stale_rows():
    names = {name for name, _, _ in walk()}
    assert {name for name, _ in _rows()} - names == set()
