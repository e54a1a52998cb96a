"""Issue 17 item 7: `manage.py backup` / `restore`. A report rebuilt on the restored database is the
same document as the one built before the backup; a damaged, hostile or misdirected archive is refused
before anything is written. Each step runs as the real command, in its own process."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("DATABASE_URL", "")


def manage(env, *args, ok=True, timeout=900):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)
    if ok:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def sqlite_env(tmp, name):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SQLITE_PATH=str(tmp / f"{name}.sqlite3"), MEDIA_ROOT=str(tmp / f"media-{name}"))
    return env


def pg_env(tmp, name, template=None):
    """A fresh database on the test PostgreSQL server: empty, or a copy of `template`."""
    import psycopg2

    parts = urlsplit(PG_URL)
    database = f"bk_{name}_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))
    admin.close()
    env = dict(os.environ)
    env.update(DATABASE_URL=urlunsplit(parts._replace(path=f"/{database}")), MEDIA_ROOT=str(tmp / f"media-{name}"))
    return env


def document_parts(path):
    with zipfile.ZipFile(path) as docx:
        return {name: docx.read(name) for name in ("word/document.xml", "word/footnotes.xml") if name in docx.namelist()}


def test_a_report_rebuilt_after_restore_is_the_same_document(tmp_path, migrated_template):
    make_env = pg_env if PG_URL.startswith("postgres") else sqlite_env
    if migrated_template:  # the suite's database as `migrate` left it (tests/conftest.py §6)
        source = pg_env(tmp_path, "nguon", template=migrated_template)
    else:
        source = make_env(tmp_path, "nguon")
        manage(source, "migrate", "-v0")
    manage(source, "seed_demo")
    uploaded = Path(source["MEDIA_ROOT"]) / "reports" / "templates" / "mau-thu.docx"
    uploaded.parent.mkdir(parents=True)
    uploaded.write_bytes(b"noi dung tep da tai len \x00\xff")
    before = tmp_path / "truoc.docx"
    manage(source, "build_report", "--kind", "six_month", "--period", "2021-H1", "--unit", "SNV", "--out", str(before))
    archive = tmp_path / "sao-luu.tar.gz"
    out = manage(source, "backup", "--out", str(archive)).stdout
    assert "Đã sao lưu" in out and (tmp_path / "sao-luu.tar.gz.sha256").is_file()

    target = make_env(tmp_path, "dich")
    assert "Đã khôi phục" in manage(target, "restore", str(archive)).stdout
    after = tmp_path / "sau.docx"
    manage(target, "build_report", "--kind", "six_month", "--period", "2021-H1", "--unit", "SNV", "--out", str(after))
    assert document_parts(after) == document_parts(before)  # the same text, figures and footnotes, byte for byte
    assert (Path(target["MEDIA_ROOT"]) / "reports" / "templates" / "mau-thu.docx").read_bytes() == uploaded.read_bytes()
    # Restoring a second time over the now-filled database is refused.
    again = manage(target, "restore", str(archive), ok=False)
    assert again.returncode != 0 and "Cơ sở dữ liệu đích đã có dữ liệu" in again.stderr


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sao-luu")
    env = sqlite_env(tmp, "nho")
    # A real but small database: these archives are refused before any table is read, and the whole
    # project's migrations cost ~50 s of CPU on a fresh file.
    manage(env, "migrate", "sessions", "-v0")
    archive = tmp / "nho.tar.gz"
    manage(env, "backup", "--out", str(archive))
    return archive


def _empty_target(tmp_path):
    env = sqlite_env(tmp_path, "trong")
    return env, Path(env["SQLITE_PATH"])


def test_a_damaged_archive_is_refused_before_anything_is_written(small_archive, tmp_path):
    damaged = tmp_path / "hong.tar.gz"
    data = bytearray(small_archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    (tmp_path / "hong.tar.gz.sha256").write_text(Path(f"{small_archive}.sha256").read_text())
    env, database = _empty_target(tmp_path)
    done = manage(env, "restore", str(damaged), ok=False)
    assert done.returncode != 0 and "không khớp mã kiểm tra" in done.stderr
    assert not database.exists() or database.stat().st_size == 0


def _rewrite(archive, out, edit):
    """A copy of `archive` with members changed by `edit(name, bytes) -> [(name, bytes)]`."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            for name, data in edit(member.name, src.extractfile(member).read()):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                dst.addfile(info, io.BytesIO(data))


def test_a_member_that_does_not_match_the_manifest_is_refused(small_archive, tmp_path):
    def tamper(name, data):
        return [(name, data + b"\x00" if name != "manifest.json" else data)]

    forged = tmp_path / "sua.tar.gz"
    _rewrite(small_archive, forged, tamper)
    env, database = _empty_target(tmp_path)
    done = manage(env, "restore", str(forged), ok=False)
    assert "không khớp mã kiểm tra" in done.stderr
    assert not database.exists() or database.stat().st_size == 0


def test_a_path_leaving_the_archive_is_refused(small_archive, tmp_path):
    def escape(name, data):
        if name != "manifest.json":
            return [(name, data)]
        manifest = json.loads(data)
        manifest["files"]["../../thoat.txt"] = {"sha256": "0" * 64, "size": 2}
        return [(name, json.dumps(manifest).encode()), ("../../thoat.txt", b"hi")]

    hostile = tmp_path / "doc.tar.gz"
    _rewrite(small_archive, hostile, escape)
    env, _database = _empty_target(tmp_path)
    done = manage(env, "restore", str(hostile), ok=False)
    assert "mục không hợp lệ" in done.stderr
    assert not (tmp_path.parent / "thoat.txt").exists()


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    junk = tmp_path / "khong-phai.tar.gz"
    junk.write_bytes(b"PK\x03\x04 day la tep zip")
    env, _database = _empty_target(tmp_path)
    done = manage(env, "restore", str(junk), ok=False)
    assert "không phải bản sao lưu hợp lệ" in done.stderr
