#!/usr/bin/env python
"""Django's command-line utility for the Plan 808 portal."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plan808.settings")
    # Imported once the settings module is named, as Django's own manage.py does.
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
