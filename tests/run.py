#!/usr/bin/env python
"""Run the whole pytest suite against throwaway services (what `make test` calls).

When their binaries exist, this starts a fresh PostgreSQL cluster and a Redis server on free
loopback ports inside temporary directories, points the suite at them through the environment,
runs `python -m pytest <args>` as a subprocess, and always stops both services and removes the
temporary directories afterwards (also on Ctrl-C / SIGTERM). It exits with pytest's exit code.

Environment it sets for pytest:
  DATABASE_URL=postgres://postgres@127.0.0.1:<port>/homeaffairs   (when PostgreSQL started)
  TEST_REDIS_URL=redis://127.0.0.1:<port>/0                       (when Redis started; Celery stays eager,
                                                                   only the round-trip test uses it)
  TEST_SERVICES=postgres,redis                                    (what actually started)
  DJANGO_ALLOW_ASYNC_UNSAFE=true                                  (Playwright's sync API runs an event loop)

Without the binaries the suite runs on SQLite, unless REQUIRE_SERVICES=1 (CI): then a missing
PostgreSQL, Redis or Chromium is reported and the script exits with code 6 before pytest runs.

Overrides (mostly for tests of this script): TEST_PG_BINDIR (directory holding initdb and
postgres), TEST_REDIS_SERVER (redis-server path), TEST_CHROMIUM (browser path), TEST_SOFFICE.
A value that is not an executable counts as "missing".

Deliberately no Django import here: settings must be read by pytest after the environment is set.
"""

import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_GLOB = "/usr/lib/postgresql/*/bin"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
DB_NAME = "homeaffairs"
PG_USER = "postgres"
UNPRIVILEGED_USER = "nobody"
SERVICES_MISSING_EXIT = 6  # pytest itself uses 0-5
PREFIX = "Dịch vụ kiểm thử:"


def say(message):
    print(f"{PREFIX} {message}", flush=True)


# --------------------------------------------------------------------------- discovery


def is_executable(path):
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def _version_key(path):
    """Sort key for /usr/lib/postgresql/<version>/bin: numeric version, non-numeric last."""
    name = Path(path).parent.name
    parts = re.findall(r"\d+", name)
    return tuple(int(p) for p in parts) if parts else (-1,)


def _pg_bindir_ok(bindir):
    return all(is_executable(os.path.join(bindir, tool)) for tool in ("initdb", "postgres"))


def find_pg_bindir(pattern=PG_GLOB, environ=None):
    """Directory with initdb and postgres: TEST_PG_BINDIR, else `pattern` newest first, else PATH.

    Returns (bindir or None, reason when None).
    """
    environ = os.environ if environ is None else environ
    override = environ.get("TEST_PG_BINDIR")
    if override:
        if _pg_bindir_ok(override):
            return override, None
        return None, f"TEST_PG_BINDIR={override} không chứa initdb và postgres"
    for bindir in sorted(glob.glob(pattern), key=_version_key, reverse=True):
        if _pg_bindir_ok(bindir):
            return bindir, None
    initdb = shutil.which("initdb", path=environ.get("PATH", os.defpath))
    if initdb:
        # Follow /usr/local/bin symlinks to the real bin directory, where postgres lives too.
        for candidate in (os.path.dirname(os.path.realpath(initdb)), os.path.dirname(initdb)):
            if _pg_bindir_ok(candidate):
                return candidate, None
    return None, f"không tìm thấy initdb/postgres trong {pattern} hay PATH"


def find_executable(names, override_var, default=None, environ=None):
    """Path of a program: $override_var, else `default` if it exists, else the first of `names` on PATH.

    Returns (path or None, reason when None).
    """
    environ = os.environ if environ is None else environ
    override = environ.get(override_var)
    if override:
        if is_executable(override):
            return override, None
        return None, f"{override_var}={override} không phải tệp thực thi"
    if default and is_executable(default):
        return default, None
    for name in names:
        found = shutil.which(name, path=environ.get("PATH", os.defpath))
        if found:
            return found, None
    return None, f"không tìm thấy {'/'.join(names)} trong PATH"


def find_redis_server(environ=None):
    return find_executable(["redis-server"], "TEST_REDIS_SERVER", environ=environ)


def find_chromium(environ=None):
    return find_executable(["chromium", "chromium-browser"], "TEST_CHROMIUM", DEFAULT_CHROMIUM, environ=environ)


def find_soffice(environ=None):
    return find_executable(["soffice", "libreoffice"], "TEST_SOFFICE", "/usr/bin/soffice", environ=environ)


def free_port(host="127.0.0.1"):
    """A TCP port that was free on `host` a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def requirement_failures(found):
    """Reasons REQUIRE_SERVICES=1 must refuse to run, from {"postgres"/"redis"/"chromium": (path, reason)}."""
    labels = {"postgres": "PostgreSQL", "redis": "Redis", "chromium": "Chromium"}
    return [f"{labels[name]}: {reason}" for name, (path, reason) in found.items() if name in labels and not path]


# --------------------------------------------------------------------------- services


class ServiceError(RuntimeError):
    pass


def _tail(path, lines=15):
    try:
        text = Path(path).read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return "\n".join(text[-lines:])


def _unprivileged_ids():
    """(uid, gid) to run PostgreSQL as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(UNPRIVILEGED_USER)
    except KeyError as exc:
        raise ServiceError(f"đang chạy bằng root và không có người dùng {UNPRIVILEGED_USER!r} để chạy PostgreSQL") from exc
    return entry.pw_uid, entry.pw_gid


def _stop_process(proc, sig, timeout):
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.send_signal(sig)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    except ProcessLookupError:
        pass


class Postgres:
    """A throwaway cluster: initdb in a fresh temp dir, postgres on a free loopback port."""

    def __init__(self, bindir, autovacuum=True):
        self.bindir = bindir
        # The suite turns autovacuum off: tests roll back or flush what they write, so statistics
        # gathered mid-run describe some earlier test's rows and gave plans that ran for minutes.
        self.autovacuum = autovacuum
        self.tmp = None
        self.proc = None
        self.port = None
        self.version = None

    def _run_as(self):
        ids = _unprivileged_ids()
        if ids is None:
            return {}
        uid, gid = ids
        return {"user": uid, "group": gid, "extra_groups": []}

    def start(self, timeout=30):
        try:
            import psycopg2  # noqa: F401  (the suite needs it too)
        except ImportError as exc:
            raise ServiceError("psycopg2 chưa được cài trong môi trường Python này") from exc
        run_as = self._run_as()
        self.tmp = tempfile.mkdtemp(prefix="homeaffairs-pg-")
        if run_as:
            os.chown(self.tmp, run_as["user"], run_as["group"])
            # The parents must be traversable by that user (e.g. not under /root).
            if not _traversable_by_others(self.tmp):
                raise ServiceError(f"{self.tmp} không truy cập được với người dùng {UNPRIVILEGED_USER}; đặt TMPDIR=/tmp")
        data = os.path.join(self.tmp, "data")
        env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C", "LANG": "C", "HOME": self.tmp}
        initdb = subprocess.run(
            [os.path.join(self.bindir, "initdb"), "-D", data, "-U", PG_USER, "-A", "trust", "-E", "UTF8",
             "--locale=C", "--no-sync", "--no-instructions"],
            cwd=self.tmp, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **run_as,
        )
        if initdb.returncode != 0:
            raise ServiceError(f"initdb thất bại (mã {initdb.returncode}):\n{initdb.stdout.strip()[-2000:]}")
        log = os.path.join(self.tmp, "postgres.log")
        last_error = None
        for _attempt in range(3):  # the free port can be taken between probing and binding
            self.port = free_port()
            with open(log, "ab") as logfile:
                self.proc = subprocess.Popen(
                    [os.path.join(self.bindir, "postgres"), "-D", data, "-p", str(self.port), "-k", self.tmp,
                     "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                     "-c", "full_page_writes=off", "-c", "max_connections=100",
                     "-c", f"autovacuum={'on' if self.autovacuum else 'off'}"],
                    cwd=self.tmp, env=env, stdout=logfile, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True,  # Ctrl-C goes to pytest; we shut the server down ourselves
                    **run_as,
                )
            try:
                self._wait_ready(timeout)
                break
            except ServiceError as exc:
                last_error = exc
                _stop_process(self.proc, signal.SIGQUIT, 5)
                self.proc = None
        else:
            raise ServiceError(f"{last_error}\n{_tail(log)}".rstrip())
        self._create_database()

    def _connect(self, dbname="postgres"):
        import psycopg2

        return psycopg2.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname=dbname, connect_timeout=2)

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServiceError(f"postgres dừng ngay khi khởi động (mã {self.proc.returncode})")
            try:
                conn = self._connect()
            except Exception as exc:  # noqa: BLE001 - not up yet
                error = exc
                time.sleep(0.05)
                continue
            try:
                with conn.cursor() as cur:
                    cur.execute("SHOW server_version")
                    self.version = cur.fetchone()[0].split()[0]
            finally:
                conn.close()
            return
        raise ServiceError(f"postgres không nhận kết nối sau {timeout} s: {error}")

    def _create_database(self):
        conn = self._connect()
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{DB_NAME}"')
        finally:
            conn.close()

    @property
    def url(self):
        return f"postgres://{PG_USER}@127.0.0.1:{self.port}/{DB_NAME}"

    def stop(self):
        # SIGINT = fast shutdown: disconnect clients, no checkpoint wait worth mentioning (fsync is off).
        _stop_process(self.proc, signal.SIGINT, 15)
        self.proc = None
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


class Redis:
    """A throwaway redis-server on a free loopback port, no persistence."""

    def __init__(self, binary):
        self.binary = binary
        self.tmp = None
        self.proc = None
        self.port = None
        self.version = None

    def start(self, timeout=15):
        self.version = _redis_version(self.binary)
        self.tmp = tempfile.mkdtemp(prefix="homeaffairs-redis-")
        log = os.path.join(self.tmp, "redis.log")
        last_error = None
        for _attempt in range(3):
            self.port = free_port()
            with open(log, "ab") as logfile:
                self.proc = subprocess.Popen(
                    [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                     "no", "--dir", self.tmp],
                    cwd=self.tmp, stdout=logfile, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )
            try:
                self._wait_ready(timeout)
                return
            except ServiceError as exc:
                last_error = exc
                _stop_process(self.proc, signal.SIGKILL, 5)
                self.proc = None
        raise ServiceError(f"{last_error}\n{_tail(log)}".rstrip())

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServiceError(f"redis-server dừng ngay khi khởi động (mã {self.proc.returncode})")
            try:
                if redis_ping("127.0.0.1", self.port):
                    return
            except OSError as exc:
                error = exc
            time.sleep(0.02)
        raise ServiceError(f"redis-server không trả lời PING sau {timeout} s: {error}")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        _stop_process(self.proc, signal.SIGTERM, 10)
        self.proc = None
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def redis_ping(host, port, timeout=1.0):
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(64).startswith(b"+PONG")


def _redis_version(binary):
    out = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout
    match = re.search(r"v=(\S+)", out)
    return match.group(1) if match else out.strip()


def _traversable_by_others(path):
    """True when every parent directory of `path` lets other users through (o+x)."""
    for parent in Path(path).resolve().parents:
        if not os.stat(parent).st_mode & 0o001:
            return False
    return True


# --------------------------------------------------------------------------- main


class Terminated(KeyboardInterrupt):
    """SIGTERM (e.g. a cancelled CI job): only this process got it, not pytest."""


def _raise_terminated(signum, frame):
    raise Terminated


def _stop_pytest(proc, forward):
    """After an interrupt, make sure pytest is gone (5 s per step).

    Ctrl-C reached pytest too (same process group): let it finish its own report first. A SIGTERM
    reached only us: forward it as SIGINT, not SIGTERM, so pytest's finalizers still run (e.g. the
    round-trip test stops its Celery worker). Either way, escalate to SIGTERM, then SIGKILL.
    """
    steps = [signal.SIGINT, signal.SIGTERM, signal.SIGKILL] if forward else [None, signal.SIGTERM, signal.SIGKILL]
    for sig in steps:
        if proc is None or proc.poll() is not None:
            return
        if sig is not None:
            proc.send_signal(sig)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    required = os.environ.get("REQUIRE_SERVICES", "").strip().lower() in ("1", "true", "yes", "on")
    signal.signal(signal.SIGTERM, _raise_terminated)  # CI cancel: clean up like Ctrl-C

    found = {
        "postgres": find_pg_bindir(),
        "redis": find_redis_server(),
        "chromium": find_chromium(),
    }
    try:
        import playwright  # noqa: F401
    except ImportError:
        if found["chromium"][0]:
            found["chromium"] = (None, "gói Python playwright chưa được cài")

    if required:
        failures = requirement_failures(found)
        if failures:
            for failure in failures:
                say(f"THIẾU {failure}")
            say("REQUIRE_SERVICES=1: dừng trước khi chạy pytest.")
            return SERVICES_MISSING_EXIT

    env = os.environ.copy()
    env["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    env.pop("TEST_REDIS_URL", None)
    started = []
    services = []
    pytest_proc = None
    try:
        for name, label, factory, env_var, fallback in (
            ("postgres", "PostgreSQL", lambda bindir: Postgres(bindir, autovacuum=False), "DATABASE_URL", "chạy trên SQLite"),
            ("redis", "Redis", Redis, "TEST_REDIS_URL", "bỏ qua các kiểm thử cần Redis"),
        ):
            binary, reason = found[name]
            if not binary:
                say(f"{label} không có ({reason}) — {fallback}")
                continue
            t0 = time.monotonic()
            service = factory(binary)
            services.append(service)
            try:
                service.start()
            except ServiceError as exc:
                say(f"KHÔNG khởi động được {label}: {exc}")
                if required:
                    say("REQUIRE_SERVICES=1: dừng trước khi chạy pytest.")
                    return SERVICES_MISSING_EXIT
                say(f"Tiếp tục không có {label} — {fallback}")
                continue
            env[env_var] = service.url
            started.append(name)
            say(f"{label} {service.version} tại 127.0.0.1:{service.port} (khởi động {time.monotonic() - t0:.2f} s)")

        chromium, reason = found["chromium"]
        say(f"Chromium tại {chromium}" if chromium else f"Chromium không có ({reason}) — bỏ qua kiểm thử trình duyệt")
        soffice, reason = find_soffice()
        say(f"LibreOffice tại {soffice}" if soffice else f"LibreOffice không có ({reason})")

        env["TEST_SERVICES"] = ",".join(started)
        pytest_proc = subprocess.Popen([sys.executable, "-m", "pytest", *argv], cwd=ROOT, env=env)
        return pytest_proc.wait()
    except KeyboardInterrupt as exc:
        say("Bị ngắt — đang dừng dịch vụ.")
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip the cleanup
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # A terminal Ctrl-C reached pytest too (same process group); a SIGTERM sent to us did not.
        # The services are thrown away, so pytest need not finish its teardown either way.
        _stop_pytest(pytest_proc, forward=isinstance(exc, Terminated))
        return 143 if isinstance(exc, Terminated) else 130
    finally:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip the cleanup
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for service in reversed(services):
            service.stop()
        signal.signal(signal.SIGINT, previous if previous is not signal.SIG_IGN else signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


if __name__ == "__main__":
    sys.exit(main())
