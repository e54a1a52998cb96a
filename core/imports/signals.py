"""Signals of the import engine.

`rows_written` is sent once per committed import (not a dry run, not a refused file) that added
or changed rows, after its transaction commits, with `model=` the written model (also the
sender), `kind=` the import kind's key and `rows=` the rows added or changed. Receivers drop
what they derived from those rows (the report page's content cache, reports/cache.py)."""

import django.dispatch

rows_written = django.dispatch.Signal()
