"""`python manage.py restore ARCHIVE [--noinput]`: put back the database and the media files of a backup.

Stop the web server and the worker first. Every hash is checked before anything is replaced; the current data is
saved to a new backup first, so a restore of the wrong file can itself be undone.
"""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp đính kèm từ một bản sao lưu (thay thế toàn bộ dữ liệu hiện tại)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="Tệp sao lưu tdkt-backup-….tar.gz")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Không hỏi xác nhận")

    def handle(self, *args, **options) -> None:
        archive = Path(options["archive"])
        try:
            # Read and verify first: a damaged file is refused before the question is even asked.
            with tempfile.TemporaryDirectory() as work:
                manifest = backup.backup_read(archive, Path(work))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        when = backup.created_at(manifest)
        self.stdout.write(
            f"Bản sao lưu {archive.name}: {manifest['engine']}, lập lúc {when:%d/%m/%Y %H:%M}, "
            f"{len(manifest['tables'])} bảng, {sum(manifest['tables'].values())} dòng, "
            f"{len(manifest['media'])} tệp đính kèm; mã băm khớp."
        )
        if options["interactive"]:
            answer = input(
                "Toàn bộ dữ liệu hiện tại sẽ bị thay bằng bản sao lưu này. Hãy dừng máy chủ web và tiến trình nền "
                "trước. Gõ 'co' để tiếp tục: "
            )
            if answer.strip().lower() not in {"co", "có", "yes", "y"}:
                raise CommandError("Đã hủy, không thay đổi gì.")
        try:
            safety = None
            if self._has_data():
                safety = backup.backup_create()
                self.stdout.write(f"Dữ liệu trước khi khôi phục đã được sao lưu vào {safety.path}")
            report = backup.backup_restore(archive=archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục: {report.tables} bảng, {report.rows} dòng, {report.files} tệp; số dòng và mã băm khớp."
        ))

    @staticmethod
    def _has_data() -> bool:
        try:
            return bool(backup.table_counts())
        except Exception:  # no database yet (a new machine): nothing to keep
            return False
