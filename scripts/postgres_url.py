"""Print the PostgreSQL URL the test suite should use, or nothing when none is reachable.

DATABASE_URL wins; otherwise the local server on 127.0.0.1:5432. With CI=true an unreachable
PostgreSQL is an error (exit 1), never a silent skip.
"""

from __future__ import annotations

import os
import sys

import psycopg


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith(("postgres://", "postgresql://")):
        url = ""
    url = url or "postgresql://postgres@127.0.0.1:5432/postgres"
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        if os.environ.get("CI", "").lower() == "true":
            sys.stderr.write(f"CI=true and PostgreSQL is not reachable at {url}: {exc}\n")
            return 1
        return 0
    sys.stdout.write(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
