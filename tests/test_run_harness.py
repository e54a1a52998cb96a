"""Unit tests for tests/run.py: free ports, binary discovery, and the REQUIRE_SERVICES gate."""

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

from tests import run as harness

ROOT = Path(__file__).resolve().parent.parent


def make_exe(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def fake_pg(root, version, tools=("initdb", "postgres", "pg_ctl")):
    bindir = root / version / "bin"
    for tool in tools:
        make_exe(bindir / tool)
    return bindir


# --------------------------------------------------------------------------- free_port


def test_free_port_is_bindable_on_loopback():
    port = harness.free_port()
    assert 1024 < port < 65536
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))


def test_free_port_differs_between_calls_while_held():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        taken = held.getsockname()[1]
        assert harness.free_port() != taken


# --------------------------------------------------------------------------- PostgreSQL discovery


def test_pg_newest_version_first_numerically(tmp_path):
    fake_pg(tmp_path, "9")
    fake_pg(tmp_path, "10")
    newest = fake_pg(tmp_path, "16")
    found, reason = harness.find_pg_bindir(str(tmp_path / "*" / "bin"), environ={"PATH": ""})
    assert (found, reason) == (str(newest), None)


def test_pg_skips_incomplete_install(tmp_path):
    complete = fake_pg(tmp_path, "14")
    fake_pg(tmp_path, "17", tools=("initdb",))  # client-only leftovers: no server binary
    found, _ = harness.find_pg_bindir(str(tmp_path / "*" / "bin"), environ={"PATH": ""})
    assert found == str(complete)


def test_pg_falls_back_to_path_following_symlinks(tmp_path):
    real = fake_pg(tmp_path / "lib", "15")
    local_bin = tmp_path / "usr-local-bin"
    local_bin.mkdir()
    (local_bin / "initdb").symlink_to(real / "initdb")  # postgres itself is not linked
    found, _ = harness.find_pg_bindir(str(tmp_path / "none" / "*"), environ={"PATH": str(local_bin)})
    assert found == str(real)


def test_pg_missing_explains_why(tmp_path):
    found, reason = harness.find_pg_bindir(str(tmp_path / "*" / "bin"), environ={"PATH": str(tmp_path)})
    assert found is None
    assert "initdb" in reason


def test_pg_override(tmp_path):
    chosen = fake_pg(tmp_path, "13")
    assert harness.find_pg_bindir(environ={"TEST_PG_BINDIR": str(chosen)}) == (str(chosen), None)
    found, reason = harness.find_pg_bindir(environ={"TEST_PG_BINDIR": "/nonexistent"})
    assert found is None and "TEST_PG_BINDIR=/nonexistent" in reason


# --------------------------------------------------------------------------- other binaries


def test_redis_found_on_path(tmp_path):
    exe = make_exe(tmp_path / "redis-server")
    assert harness.find_redis_server(environ={"PATH": str(tmp_path)}) == (str(exe), None)


def test_redis_override_wins_and_nonexistent_means_missing(tmp_path):
    exe = make_exe(tmp_path / "custom-redis")
    assert harness.find_redis_server(environ={"TEST_REDIS_SERVER": str(exe), "PATH": ""}) == (str(exe), None)
    found, reason = harness.find_redis_server(environ={"TEST_REDIS_SERVER": "/nonexistent", "PATH": os.defpath})
    assert found is None and "TEST_REDIS_SERVER=/nonexistent" in reason


def test_non_executable_file_is_not_a_binary(tmp_path):
    (tmp_path / "redis-server").write_text("not a program")
    found, _ = harness.find_redis_server(environ={"PATH": str(tmp_path)})
    assert found is None


def test_requirement_failures_lists_each_missing_service():
    found = {"postgres": ("/pg/bin", None), "redis": (None, "no redis"), "chromium": (None, "no chromium")}
    assert harness.requirement_failures(found) == ["Redis: no redis", "Chromium: no chromium"]
    assert harness.requirement_failures({"postgres": ("/pg", None), "redis": ("/r", None)}) == []


# --------------------------------------------------------------------------- the gate, end to end


def test_require_services_fails_before_pytest_when_redis_missing():
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEST_")}
    env.update(REQUIRE_SERVICES="1", TEST_REDIS_SERVER="/nonexistent")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "run.py"), "--collect-only", "-q", "tests/test_run_harness.py"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60,
    )
    assert proc.returncode == harness.SERVICES_MISSING_EXIT, proc.stdout
    assert "THIẾU Redis" in proc.stdout
    assert "test_free_port" not in proc.stdout  # pytest never ran
