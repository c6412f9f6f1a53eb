"""One archive holding the database and the media files, and its restore (`manage.py backup` / `restore`).

The archive (tdkt-backup-YYYYMMDD-HHMMSS.tar.gz) holds:
  manifest.json      engine, every table's row count, the SHA-256 of the database file and of every media file
  database.sqlite3   SQLite: a consistent copy made with the online backup API, while the app keeps running
  database.pgdump    PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`
  media/...          the uploaded and issued files, as under MEDIA_ROOT
Restore checks every hash before touching anything, replaces the database and the media folder, then checks the
row counts and the hashes again. docs/adr/0010-production-office-server.md explains the choices.
"""

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
PREFIX = "tdkt-backup-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese and says what to do."""


@dataclass
class BackupResult:
    path: Path
    engine: str
    tables: dict[str, int]
    files: dict[str, str]


@dataclass
class RestoreReport:
    manifest: dict
    tables: int = 0
    rows: int = 0
    files: int = 0
    dropped_tables: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_hashes(root: Path) -> dict[str, str]:
    """{relative posix path: sha256} of every file under `root` (the backups folder itself excluded)."""
    root = Path(root)
    if not root.is_dir():
        return {}
    # BACKUP_DIR inside MEDIA_ROOT must not back itself up; an archive extracted under BACKUP_DIR is scanned whole.
    backup_dir = Path(settings.BACKUP_DIR).resolve()
    skip = backup_dir if root.resolve() in backup_dir.parents else None
    hashes = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and (skip is None or skip not in path.resolve().parents):
            hashes[path.relative_to(root).as_posix()] = sha256_file(path)
    return hashes


def table_counts() -> dict[str, int]:
    """Every table's row count in the configured database."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 (introspected)
            counts[name] = cursor.fetchone()[0]
    return counts


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


# --- PostgreSQL tools ------------------------------------------------------------------------------------------

def _pg_tool(name: str) -> str:
    """pg_dump/pg_restore whose major version is at least the server's (an older one refuses to dump)."""
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    candidates = []
    if settings.PG_BIN_DIR:
        candidates.append(Path(settings.PG_BIN_DIR) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin/{name}"))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    found = []
    for candidate in candidates:
        if not candidate.exists():
            continue
        output = subprocess.run(  # noqa: S603 (fixed program, no shell)
            [str(candidate), "--version"], capture_output=True, text=True, check=False
        ).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", output)
        major = int(match.group(1)) if match else 0
        found.append(f"{candidate} ({major})")
        if major >= server_major:
            return str(candidate)
    raise BackupError(
        f"Không tìm thấy {name} phiên bản {server_major} trở lên (máy chủ PostgreSQL {server_major}; "
        f"đã thử: {', '.join(found) or 'không có'}). Cài gói postgresql-client-{server_major} "
        "hoặc đặt PG_BIN_DIR."
    )


def _pg_args_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} thất bại: {result.stderr.strip()[-2000:]}")


# --- backup ----------------------------------------------------------------------------------------------------

def _dump_database(engine: str, target_dir: Path) -> Path:
    if engine == "sqlite":
        target = target_dir / "database.sqlite3"
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            # The online backup API: a consistent copy even while the web server and the worker write.
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    target = target_dir / "database.pgdump"
    args, env = _pg_args_env()
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args],
         env)
    return target


def _archive_path(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"{PREFIX}{stamp}{SUFFIX}"
    n = 2
    while path.exists():
        path = directory / f"{PREFIX}{stamp}-{n}{SUFFIX}"
        n += 1
    return path


def backup_create(*, directory: Path | None = None) -> BackupResult:
    """Write one archive into `directory` (BACKUP_DIR). It appears under its final name only once complete."""
    engine = _engine()
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work_dir = Path(work)
        database = _dump_database(engine, work_dir)
        tables = table_counts()
        media_root = Path(settings.MEDIA_ROOT)
        files = media_hashes(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "database": {"file": database.name, "sha256": sha256_file(database)},
            "tables": tables,
            "media": files,
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = work_dir / "archive.partial"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            tar.add(database, arcname=database.name)
            for relative in files:
                tar.add(media_root / relative, arcname=f"{MEDIA}/{relative}")
        path = _archive_path(directory)
        os.replace(partial, path)
    return BackupResult(path=path, engine=engine, tables=tables, files=files)


def backup_list(*, directory: Path | None = None) -> list[Path]:
    """The archives of `directory`, oldest first (their names sort by time)."""
    directory = Path(directory or settings.BACKUP_DIR)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.name.startswith(PREFIX) and p.name.endswith(SUFFIX))


def backup_prune(*, keep: int, directory: Path | None = None) -> list[Path]:
    """Delete all but the newest `keep` archives; returns those deleted."""
    archives = backup_list(directory=directory)
    doomed = archives[: max(0, len(archives) - max(1, keep))]
    for path in doomed:
        path.unlink()
    return doomed


# --- restore ---------------------------------------------------------------------------------------------------

def backup_read(archive: Path, into: Path) -> dict:
    """Extract `archive` into `into` and check it whole: format, engine, the hash of every member."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không có tệp sao lưu {archive}.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"Tệp sao lưu {archive.name} bị hỏng hoặc không đúng định dạng ({error}).") from error
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"Tệp sao lưu {archive.name} không có {MANIFEST} hợp lệ.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Tệp sao lưu {archive.name} có định dạng {manifest.get('format')!r}, cần {FORMAT}.")
    database = into / manifest["database"]["file"]
    if not database.is_file() or sha256_file(database) != manifest["database"]["sha256"]:
        raise BackupError(f"Cơ sở dữ liệu trong {archive.name} không khớp mã băm: tệp đã bị hỏng.")
    extracted = media_hashes(into / MEDIA)
    bad = sorted(name for name, digest in manifest["media"].items() if extracted.get(name) != digest)
    extra = sorted(set(extracted) - set(manifest["media"]))
    if bad or extra:
        raise BackupError(f"Tệp đính kèm trong {archive.name} không khớp mã băm: {', '.join((bad + extra)[:5])}.")
    return manifest


def _restore_database(manifest: dict, source: Path, report: RestoreReport) -> None:
    engine = manifest["engine"]
    if engine != _engine():
        raise BackupError(
            f"Bản sao lưu là của {engine}, còn hệ thống đang dùng {connection.vendor}: không khôi phục chéo được."
        )
    if engine == "sqlite":
        target = str(connection.settings_dict["NAME"])
        connections.close_all()
        backup = sqlite3.connect(str(source))
        live = sqlite3.connect(target)
        try:
            backup.backup(live)  # replaces every page of the live file, in one step
        finally:
            live.close()
            backup.close()
        return
    before = set(table_counts())
    args, env = _pg_args_env()
    connections.close_all()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, str(source)], env)
    # Tables created after the backup (a newer migration) are not in the dump: drop them, or `migrate` would
    # find them already there.
    report.dropped_tables = sorted(before - set(manifest["tables"]))
    if report.dropped_tables:
        with connection.cursor() as cursor:
            for name in report.dropped_tables:
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(name)} CASCADE")


def _restore_media(manifest: dict, source: Path) -> None:
    """Make MEDIA_ROOT hold exactly the archive's files (in place: it may be a mounted volume)."""
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    wanted = set(manifest["media"])
    for name in media_hashes(root):
        if name not in wanted:
            (root / name).unlink()
    for name in sorted(wanted):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target)
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()) and Path(settings.BACKUP_DIR).resolve() != folder.resolve():
            folder.rmdir()


def backup_restore(*, archive: Path) -> RestoreReport:
    """Replace the database and the media files with the archive's, then check that nothing was lost."""
    directory = Path(settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".restore-") as work:
        work_dir = Path(work)
        manifest = backup_read(Path(archive), work_dir)
        report = RestoreReport(manifest=manifest)
        _restore_database(manifest, work_dir / manifest["database"]["file"], report)
        _restore_media(manifest, work_dir / MEDIA)
    counts = table_counts()
    wrong = {name: (rows, counts.get(name)) for name, rows in manifest["tables"].items() if counts.get(name) != rows}
    if wrong:
        raise BackupError(f"Số dòng sau khi khôi phục không khớp: {wrong}.")
    files = media_hashes(Path(settings.MEDIA_ROOT))
    if files != manifest["media"]:
        raise BackupError("Tệp đính kèm sau khi khôi phục không khớp mã băm.")
    report.tables, report.rows, report.files = len(counts), sum(counts.values()), len(files)
    return report


def created_at(manifest: dict) -> dt.datetime:
    return timezone.localtime(dt.datetime.fromisoformat(manifest["created_at"]))
