"""Child process of tests/collection/test_races.py: the two races on a fresh SQLite file database
(SQLITE_PATH), with the project's settings; prints the outcomes and the stored state as JSON."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

# Only auth, the collection app and what they depend on: the races touch nothing else, and the whole
# project's migrations cost ~50 s of CPU on a fresh file (one CreateModel re-renders every related model).
for app in ("auth", "collection"):
    call_command("migrate", app, verbosity=0)

from tests.collection import race_setup, races  # noqa: E402

form, users = race_setup.prepare()
saves = races.save_race(form, users["officer"], users["officer2"])
stored = race_setup.stored(form)
race_setup.submit(form, users["officer"])
reviews = races.review_race(form, users["staff"], users["staff2"])
print(json.dumps({"saves": saves, "stored": stored, "reviews": reviews, "after": race_setup.state(form)},
                 ensure_ascii=False))
