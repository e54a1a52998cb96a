"""Shared by the benchmarks: a throwaway PostgreSQL when DATABASE_URL is unset."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def start_postgres():
    from tests.run import Postgres, find_pg_bindir

    bindir, reason = find_pg_bindir()
    if not bindir:
        sys.exit(f"Không có PostgreSQL ({reason}); đặt DATABASE_URL hoặc cài PostgreSQL.")
    pg = Postgres(bindir)
    pg.start()
    print(f"PostgreSQL {pg.version} tạm thời tại 127.0.0.1:{pg.port}")
    return pg


def run_on_postgres(setup_django, run, args, *, only_postgresql=False):
    """`setup_django()` then `run(args)` on DATABASE_URL, or on a throwaway cluster stopped afterwards
    (also when `run` fails); `only_postgresql`: refuse a DATABASE_URL that is not PostgreSQL."""
    import os

    pg = None
    if not os.environ.get("DATABASE_URL"):
        pg = start_postgres()
        os.environ["DATABASE_URL"] = pg.url
    try:
        setup_django()
        if only_postgresql:
            from django.conf import settings

            if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
                sys.exit("Bench này cần PostgreSQL (DATABASE_URL=postgres://…).")
        return run(args)
    finally:
        if pg is not None:
            from django.db import connections

            connections.close_all()
            pg.stop()
