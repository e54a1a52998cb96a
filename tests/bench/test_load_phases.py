"""bench/load.py puts each request in the phase it started in (issue 17 item 1): a page that queued
behind the login storm and ended after the window opened is the storm's, not the window's."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _load():
    spec = importlib.util.spec_from_file_location("bench_load_phases", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _request(start, ms, name="trang nhập số liệu", error=None):
    return {"start": start, "method": "GET", "name": name, "ms": ms, "error": error}


def test_a_request_belongs_to_the_phase_it_started_in(tmp_path):
    load = _load()
    storm_file = tmp_path / "storm.json"
    storm_file.write_text(json.dumps({"window_start": 100.0, "users_started": 2}))
    requests_file = tmp_path / "requests.jsonl"
    queued = _request(98.0, 4000)  # started in the storm, ended at 102 s: inside the window's time
    rows = [_request(90.0, 800, "đăng nhập (POST)"), queued, _request(100.0, 50), _request(101.5, 70, error="HTTP 500")]
    requests_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    storm, window, start = load.split_phases(load.read_requests(requests_file), storm_file)

    assert start == 100.0
    assert storm == rows[:2] and window == rows[2:]
    errors, worst = load.print_client_table("cửa sổ", window)
    assert errors == 1 and worst == 70  # the 4 s request is not the window's worst page


def test_without_the_storm_file_every_request_is_the_storms(tmp_path):
    load = _load()
    rows = [_request(1.0, 10)]
    storm, window, start = load.split_phases(rows, tmp_path / "missing.json")
    assert (storm, window, start) == (rows, [], None)
    access_log = tmp_path / "access.log"
    access_log.write_text("")
    assert load.print_storm(storm, start, access_log, 0, None) == 1  # locust never opened the window: an error
