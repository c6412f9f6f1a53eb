"""`python manage.py backup [--dir FOLDER] [--keep N]`: one archive of the database and the media files.

The last line printed is the archive's path, so scripts can copy it (README: "Sao lưu và khôi phục").
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp (mặc định trong BACKUP_DIR, var/backups/)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dir", help="Thư mục lưu bản sao lưu (mặc định: BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="Sau khi sao lưu, chỉ giữ N bản mới nhất trong thư mục")

    def handle(self, *args, **options) -> None:
        directory = Path(options["dir"]) if options["dir"] else None
        try:
            result = backup.backup_create(directory=directory)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(result.tables.values())
        self.stdout.write(
            f"Đã sao lưu {result.engine}: {len(result.tables)} bảng, {rows} dòng, {len(result.files)} tệp đính kèm "
            f"({result.path.stat().st_size / 1024 / 1024:.1f} MB)."
        )
        if options["keep"]:
            removed = backup.backup_prune(keep=options["keep"], directory=result.path.parent)
            self.stdout.write(f"Đã xóa {len(removed)} bản cũ, giữ {options['keep']} bản mới nhất.")
        self.stdout.write(str(result.path))
