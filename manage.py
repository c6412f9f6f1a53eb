#!/usr/bin/env python
import os
import sys


def main() -> None:
    # Same settings as `make run` unless told otherwise, so the README's admin commands just work.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanhson.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
