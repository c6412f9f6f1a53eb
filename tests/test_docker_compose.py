"""docker-compose.yml cannot be run here (no Docker): check that it runs what the CI smoke test runs, and that
every command of the shared entry point exists in the project."""

import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


ENTRYPOINT = ROOT / "scripts" / "entrypoint.sh"


def _entrypoint_roles() -> dict[str, str]:
    """{role: its shell body} of scripts/entrypoint.sh's case statement."""
    text = ENTRYPOINT.read_text(encoding="utf-8")
    body = text[text.index('case "${1:-}" in'):text.index("esac")]
    return {m.group(1): m.group(2) for m in re.finditer(r"^  (\w+)\)\n(.*?)^    ;;", body, re.S | re.M)}


def _smoke_roles() -> list[str]:
    """The roles scripts/smoke.sh starts, in order."""
    text = (ROOT / "scripts" / "smoke.sh").read_text(encoding="utf-8")
    return re.findall(r"^[^#\n]*bash scripts/entrypoint\.sh (\w+)", text, re.M)


def test_the_stack_has_every_service(compose):
    assert set(compose["services"]) == {"migrate", "web", "worker", "beat", "postgres", "redis"}
    assert "pgdata" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in compose["services"]["postgres"]["volumes"])


def test_compose_and_dockerfile_run_exactly_what_the_smoke_test_runs(compose):
    """One entry point: the image's ENTRYPOINT is scripts/entrypoint.sh, each app service names one of its roles,
    and the roles are the ones the CI smoke test starts, so the untested file cannot drift from the tested one."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["bash", "scripts/entrypoint.sh"]' in dockerfile
    default_role = re.search(r'^CMD \["(\w+)"\]$', dockerfile, re.M).group(1)
    roles = _entrypoint_roles()
    assert set(roles) == {"prepare", "web", "worker", "beat"}
    app_services = {name: s for name, s in compose["services"].items() if s.get("build") == "."}
    compose_roles = {}
    for name, service in app_services.items():
        assert "entrypoint" not in service, f"{name} overrides the entry point"
        command = service["command"]
        assert isinstance(command, list) and len(command) == 1, f"{name}: command must be one role, not a shell"
        compose_roles[name] = command[0]
    assert set(compose_roles.values()) == set(roles)
    assert default_role == compose_roles["web"] == "web"
    smoke = _smoke_roles()
    assert smoke[0] == "prepare" and set(smoke) == set(roles)
    # Everything they depend on: migrations first, the others after they succeeded.
    for name in set(app_services) - {"migrate"}:
        assert app_services[name]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}


def test_every_role_runs_what_exists():
    django_commands = set(get_commands())
    seen = set()
    for role, body in _entrypoint_roles().items():
        for line in body.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            words = [w for w in words if w != "exec"]
            if not words or words[0].startswith(("#", "mkdir", "-")):
                continue
            program = words[0].replace('${bin}', '')
            if program == "python" and words[1] == "manage.py":
                assert words[2] in django_commands, f"{role}: manage.py {words[2]} does not exist"
                seen.add(f"manage.py {words[2]}")
            elif program == "gunicorn":
                module, _, attr = words[1].partition(":")
                assert (ROOT / Path(*module.split("."))).with_suffix(".py").exists()
                assert attr == "application" and "application =" in (ROOT / "thanhson" / "wsgi.py").read_text()
                seen.add("gunicorn")
            elif program == "celery":
                assert words[1:3] == ["-A", "thanhson"] and (ROOT / "thanhson" / "celery.py").exists()
                seen.add(f"celery {words[3]}")
            else:
                pytest.fail(f"{role}: unknown program {program!r}")
    assert {"manage.py migrate", "manage.py collectstatic", "gunicorn", "celery worker", "celery beat"} <= seen


def test_environment_keys_are_documented_in_env_example(compose):
    example = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    # Every ${VAR} the file interpolates must be set in .env.
    assert set(re.findall(r"\$\{(\w+)\}", text)) <= example
    production = (ROOT / "thanhson" / "settings" / "production.py").read_text(encoding="utf-8")
    # Production refuses to start without these; the example must name them.
    for required in re.findall(r'env\("(\w+)"\)', production):
        assert required in example, required
    for service in ("migrate", "web", "worker", "beat"):
        assert compose["services"][service]["env_file"] == ".env"


def test_dockerfile_installs_weasyprint_libraries_and_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-liberation2",
                    "postgresql-client"):
        assert package in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
