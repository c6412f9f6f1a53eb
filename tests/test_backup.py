"""`manage.py backup` then `manage.py restore` on SQLite and on PostgreSQL: nothing lost, nothing extra.

Each round trip runs the real commands in a subprocess against a database of its own (a file for SQLite, a
throwaway database on the PostgreSQL server of DATABASE_URL or 127.0.0.1), then damages the data (rows deleted and
added, files deleted, changed and added) and restores: every table's row count and every file's hash must be
what they were when the backup was taken.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from core import backup

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="thanhson.settings.test", DATABASE_URL=database_url,
               MEDIA_ROOT=str(tmp_path / "media"), BACKUP_DIR=str(tmp_path / "backups"))
    return env


def _manage(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, input=stdin,
        timeout=600, check=False,
    )
    return result


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _seed_media(root: Path) -> None:
    (root / "issued" / "2024").mkdir(parents=True)
    (root / "issued" / "2024" / "ke-hoach.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2048))
    (root / "updates" / "tệp đính kèm.docx").parent.mkdir(parents=True)
    (root / "updates" / "tệp đính kèm.docx").write_bytes(os.urandom(4096))
    (root / "empty.txt").write_bytes(b"")


def _damage_media(root: Path) -> None:
    (root / "issued" / "2024" / "ke-hoach.pdf").unlink()
    (root / "updates" / "tệp đính kèm.docx").write_bytes(b"changed")
    (root / "added-later.png").write_bytes(b"\x89PNG\r\n\x1a\n")


SEED_ROWS = (
    "from units.tests.factories import OrganizationFactory, UnitFactory;"
    "o = OrganizationFactory(slug='xa-sao-luu');"
    "[UnitFactory(organization=o, name=f'Thôn {i}') for i in range(7)]"
)
DAMAGE_ROWS = (
    "from units.models import Unit;"
    "from units.tests.factories import UnitFactory;"
    "Unit.objects.filter(name__in=['Thôn 1', 'Thôn 2']).delete();"
    "UnitFactory(organization=Unit.objects.first().organization, name='Thêm sau khi sao lưu')"
)


def _round_trip(tmp_path: Path, env: dict, counts) -> None:
    media = tmp_path / "media"
    _ok(_manage(env, "migrate", "--noinput", "-v0"))
    _ok(_manage(env, "shell", "-c", SEED_ROWS))
    _seed_media(media)
    before_counts, before_files = counts(), _hashes(media)
    assert before_counts["units_unit"] == 7 and len(before_files) == 3

    output = _ok(_manage(env, "backup"))
    archive = Path(output.strip().splitlines()[-1])  # the last line is the archive's path
    assert archive.parent == tmp_path / "backups" and archive.name.startswith("tdkt-backup-")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert "manifest.json" in names and {f"media/{n}" for n in before_files} <= names

    _ok(_manage(env, "shell", "-c", DAMAGE_ROWS))
    _damage_media(media)
    assert counts() != before_counts and _hashes(media) != before_files

    # Without --noinput it asks; anything but "co" changes nothing.
    refused = _manage(env, "restore", str(archive), stdin="khong\n")
    assert refused.returncode != 0 and "Đã hủy" in refused.stderr
    assert counts()["units_unit"] == 6

    output = _ok(_manage(env, "restore", str(archive), "--noinput"))
    assert "số dòng và mã băm khớp" in output
    assert counts() == before_counts
    assert _hashes(media) == before_files
    # The data replaced by the restore was itself saved first.
    assert "Dữ liệu trước khi khôi phục đã được sao lưu vào" in output
    assert len(list((tmp_path / "backups").glob("tdkt-backup-*.tar.gz"))) == 2


@pytest.mark.slow_subprocess
def test_round_trip_on_sqlite(tmp_path):
    db = tmp_path / "db.sqlite3"
    env = _env(tmp_path, f"sqlite:///{db}")

    def counts() -> dict[str, int]:
        with sqlite3.connect(db) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
            return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608

    _round_trip(tmp_path, env, counts)


def _postgres_server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"
    return "postgres://postgres@127.0.0.1:5432"


@pytest.mark.slow_subprocess
def test_round_trip_on_postgresql(tmp_path):
    import psycopg2

    server = _postgres_server()
    name = f"thanhson_prod_backup_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg2.connect(f"{server}/postgres", connect_timeout=5)
    except psycopg2.OperationalError as error:
        pytest.fail(f"PostgreSQL is not running at {server} ({error}): start it or run .ci/run.")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')

    def counts() -> dict[str, int]:
        with psycopg2.connect(f"{server}/{name}") as conn, conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            names = [r[0] for r in cursor.fetchall()]
            result = {}
            for table in names:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
                result[table] = cursor.fetchone()[0]
        conn.close()
        return result

    try:
        _round_trip(tmp_path, _env(tmp_path, f"{server}/{name}"), counts)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# --- in-process: refusals and pruning -------------------------------------------------------------------------

def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "manifest.json").write_text(
        '{"format": 1, "created_at": "2026-03-02T09:00:00+00:00", "engine": "sqlite",'
        ' "database": {"file": "database.sqlite3", "sha256": "' + "0" * 64 + '"}, "tables": {}, "media": {}}',
        encoding="utf-8",
    )
    (work / "database.sqlite3").write_bytes(b"not what the manifest says")
    archive = tmp_path / "tdkt-backup-20260302-090000.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for path in work.iterdir():
            tar.add(path, arcname=path.name)
    with pytest.raises(backup.BackupError, match="không khớp mã băm"):
        backup.backup_read(archive, tmp_path / "out")


def test_an_archive_escaping_its_folder_is_refused(tmp_path):
    evil = tmp_path / "evil.tar.gz"
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(payload, arcname="../../escaped.txt")
    with pytest.raises(backup.BackupError, match="bị hỏng hoặc không đúng định dạng"):
        backup.backup_read(evil, tmp_path / "out")
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_prune_keeps_the_newest(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    names = [f"tdkt-backup-2026030{d}-023000.tar.gz" for d in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "other.txt").write_bytes(b"kept")
    removed = backup.backup_prune(keep=2)
    assert [p.name for p in removed] == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*names[3:], "other.txt"])


@pytest.mark.django_db
def test_the_daily_task_backs_up_and_keeps_the_last_n(tmp_path, settings, monkeypatch):
    from core import tasks

    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP = 2
    for day in range(1, 4):
        (tmp_path / f"tdkt-backup-2020010{day}-023000.tar.gz").write_bytes(b"old")
    made = tmp_path / "tdkt-backup-20260302-023000.tar.gz"

    def fake_create(**kwargs):  # the database of the test run is in memory: the round trips above cover the dump
        made.write_bytes(b"new")
        return backup.BackupResult(path=made, engine="sqlite", tables={}, files={})

    monkeypatch.setattr(backup, "backup_create", fake_create)
    assert tasks.backup_daily.apply().get() == str(made)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tdkt-backup-20200103-023000.tar.gz", made.name]
