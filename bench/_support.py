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
