#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if (
        os.environ["DJANGO_SETTINGS_MODULE"] == "config.settings"
        and "DEBUG" not in os.environ
        and "SECRET_KEY" not in os.environ
    ):
        # Run from a checkout with nothing configured: development, like `make run` (the key is
        # made in var/). A production environment sets SECRET_KEY, so it never lands here, and
        # DEBUG=0 without a SECRET_KEY still refuses to start.
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
