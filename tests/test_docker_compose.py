"""docker-compose.yml cannot be run here (no Docker): check that every command it runs exists in the project."""

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


def _commands(service: dict) -> list[list[str]]:
    """Each shell-level command of a service, split into words (handles `sh -c "a && b"`)."""
    command = service.get("command") or service.get("entrypoint")
    if command is None:
        return []
    words = command if isinstance(command, list) else shlex.split(command)
    if words[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in re.split(r"&&|;", words[2]) if part.strip()]
    return [words]


def test_the_stack_has_every_service(compose):
    assert set(compose["services"]) == {"web", "worker", "beat", "postgres", "redis"}
    assert "pgdata" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in compose["services"]["postgres"]["volumes"])


def test_every_command_refers_to_what_exists(compose):
    django_commands = set(get_commands())
    seen = set()
    for name, service in compose["services"].items():
        for words in _commands(service):
            program = words[0]
            if program == "python" and words[1] == "manage.py":
                assert words[2] in django_commands, f"{name}: manage.py {words[2]} does not exist"
                seen.add(f"manage.py {words[2]}")
            elif program == "gunicorn":
                module, _, attr = words[1].partition(":")
                assert (ROOT / Path(*module.split("."))).with_suffix(".py").exists()
                assert attr == "application" and "application =" in (ROOT / "thanhson" / "wsgi.py").read_text()
                seen.add("gunicorn")
            elif program == "celery":
                assert words[1:3] == ["-A", "thanhson"] and (ROOT / "thanhson" / "celery.py").exists()
                assert words[3] in {"worker", "beat"}
                seen.add(f"celery {words[3]}")
            elif program in {"redis-server", "postgres"}:
                continue  # provided by the official images
            else:
                pytest.fail(f"{name}: unknown program {program!r}")
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
    for service in ("web", "worker", "beat"):
        assert compose["services"][service]["env_file"] == ".env"


def test_dockerfile_installs_weasyprint_libraries_and_requirements():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-liberation2"):
        assert package in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
