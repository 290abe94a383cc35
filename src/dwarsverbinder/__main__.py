"""The ``dwarsverbinder`` console command: the project's manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwarsverbinder.conf.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line
        from django.db.utils import OperationalError

        try:
            execute_from_command_line(sys.argv)
        except OperationalError as exc:
            # One clear sentence instead of a traceback; the driver's message names
            # host and database but never the password.
            sys.stderr.write(
                f"Dwarsverbinder cannot reach its database (check DATABASE_URL): {exc}\n".replace(
                    "\n\n", "\n"
                )
            )
            sys.exit(2)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"Dwarsverbinder cannot start: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
