"""Issue 17 item 6: two sessions saving the same form, and two staff approving and returning the same
submission at once: exactly one wins, the other is told in Vietnamese; nothing half-saved. On the
suite's database (PostgreSQL in CI) in this process, and on an SQLite file database in a child process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.collection import race_setup, races

ROOT = Path(__file__).resolve().parents[2]
CONFLICT = "Không lưu được:"
NOT_WAITING = ("Chỉ phê duyệt được biểu mẫu đã gửi", "Chỉ trả lại được biểu mẫu đã gửi")


def check_saves(saves, stored):
    assert sorted(saves) == ["first", "second"]
    winners = [n for n, r in saves.items() if r == "ok"]
    assert len(winners) == 1, saves
    [loser] = [r for n, r in saves.items() if n not in winners]
    assert loser.startswith(CONFLICT) and "tải lại trang" in loser, loser
    assert stored == {"version": 1, "values": ["100" if winners == ["first"] else "200"]}


def check_reviews(reviews, after):
    winners = [n for n, r in reviews.items() if r == "ok"]
    assert len(winners) == 1, reviews
    [loser] = [r for n, r in reviews.items() if n not in winners]
    assert loser.startswith(NOT_WAITING), loser
    assert after == {"status": "approved" if winners == ["approve"] else "returned", "reviews": 1}


@pytest.mark.django_db(transaction=True)
def test_on_the_suite_database_one_save_and_one_review_win(monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database has no real locking: see the SQLite test below")
    from core import access

    real_today = access.today
    try:
        form, users = race_setup.prepare()
        check_saves(races.save_race(form, users["officer"], users["officer2"]), race_setup.stored(form))
        race_setup.submit(form, users["officer"])
        check_reviews(races.review_race(form, users["staff"], users["staff2"]), race_setup.state(form))
    finally:
        access.today = real_today


def test_on_an_sqlite_file_one_save_and_one_review_win(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SQLITE_PATH=str(tmp_path / "dua.sqlite3"), MEDIA_ROOT=str(tmp_path / "media"))
    done = subprocess.run([sys.executable, "tests/collection/race_probe.py"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    check_saves(result["saves"], result["stored"])
    check_reviews(result["reviews"], result["after"])
