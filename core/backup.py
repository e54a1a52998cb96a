"""Backup and restore: the database and the media files in one archive with checksums.

`backup(path)` writes a .tar.gz holding `manifest.json` (format, vendor, time, the latest migration
of each app, and the SHA-256 and size of every member), the database (`pg_dump --format=custom` on
PostgreSQL, SQLite's online backup API otherwise) and `media/…`; beside it `<archive>.sha256` holds
the archive's own checksum (the `sha256sum` format, so it can be checked by hand).

`restore(path)` checks before it writes anything: the archive's checksum (when its .sha256 is there),
every member's name (no absolute paths, no «..», regular files only), count and size (bounded), and
checksum against the manifest; the vendor matches; the target database is empty (restoring over live
data is refused, never merged); no media file would be overwritten with different content. Then it
restores the database (`pg_restore --single-transaction`, or the SQLite file put in place) and the media.
Errors are `BackupError` with a Vietnamese message.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_FILE = "database.sqlite3"
MEDIA = "media"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is Vietnamese."""


def _limits():
    return (getattr(settings, "BACKUP_MAX_MEMBERS", 200_000), getattr(settings, "BACKUP_MAX_BYTES", 50 * 1024 ** 3),
            getattr(settings, "BACKUP_TIMEOUT_SECONDS", 3600))


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor():
    return connection.vendor  # "postgresql" or "sqlite"


def _pg_env():
    db = connection.settings_dict
    env = dict(os.environ)
    for key, value in (("PGDATABASE", db["NAME"]), ("PGHOST", db.get("HOST")), ("PGPORT", db.get("PORT")),
                       ("PGUSER", db.get("USER")), ("PGPASSWORD", db.get("PASSWORD"))):
        if value:
            env[key] = str(value)
    return env


def _run(command, what):
    _members, _size, timeout = _limits()
    try:
        done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client).") from exc
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} quá {timeout} giây, đã dừng.") from exc
    if done.returncode != 0:
        raise BackupError(f"{what} không thành công: {done.stderr.strip()[:500]}")


def _migrations():
    latest = {}
    for app, name in MigrationRecorder.Migration.objects.order_by("app", "name").values_list("app", "name"):
        latest[app] = name
    return latest


def backup(path):
    """Write the archive at `path` (and `path`.sha256); returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sao-luu-") as work:
        work = Path(work)
        vendor = _vendor()
        if vendor == "postgresql":
            database = work / PG_DUMP
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database}"],
                 "Sao lưu cơ sở dữ liệu (pg_dump)")
        elif vendor == "sqlite":
            database = work / SQLITE_FILE
            source = sqlite3.connect(connection.settings_dict["NAME"])
            target = sqlite3.connect(database)
            try:
                source.backup(target)  # consistent even while the portal writes
            finally:
                target.close()
                source.close()
        else:
            raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
        files = {database.name: database}
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.is_dir():
            for file in sorted(media_root.rglob("*")):
                if file.is_file() and not file.is_symlink():
                    files[f"{MEDIA}/{file.relative_to(media_root).as_posix()}"] = file
        manifest = {
            "format": FORMAT, "vendor": vendor, "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "migrations": _migrations(),
            "files": {name: {"sha256": sha256_of(file), "size": file.stat().st_size} for name, file in files.items()},
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = path.with_name(path.name + ".dang-ghi")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, arcname=MANIFEST)
            for name, file in files.items():
                tar.add(file, arcname=name, recursive=False)
        os.replace(partial, path)  # a crash mid-write never leaves a truncated archive under the real name
    Path(f"{path}.sha256").write_text(f"{sha256_of(path)}  {path.name}\n", encoding="utf-8")
    return manifest


def _safe_name(name):
    parts = Path(name).parts
    return bool(parts) and not name.startswith(("/", "\\")) and ".." not in parts and ":" not in parts[0]


def _read_archive(path, work):
    """Extract and verify into `work`; returns the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu «{path}».")
    sidecar = Path(f"{path}.sha256")
    if sidecar.is_file():
        expected = sidecar.read_text(encoding="utf-8").split()[0]
        if sha256_of(path) != expected:
            raise BackupError("Tệp sao lưu không khớp mã kiểm tra (.sha256): tệp đã bị hỏng hoặc bị sửa.")
    max_members, max_bytes, _timeout = _limits()
    try:
        tar = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError("Tệp không phải bản sao lưu hợp lệ (.tar.gz).") from exc
    with tar:
        members, total = [], 0
        for member in tar:
            members.append(member)
            if len(members) > max_members:
                raise BackupError(f"Bản sao lưu có quá {max_members} tệp.")
            if not (member.isfile() or member.isdir()) or not _safe_name(member.name):
                raise BackupError(f"Bản sao lưu chứa mục không hợp lệ: «{member.name}».")
            total += member.size
            if total > max_bytes:
                raise BackupError("Bản sao lưu vượt dung lượng cho phép.")
        names = {m.name: m for m in members if m.isfile()}
        if MANIFEST not in names:
            raise BackupError("Bản sao lưu thiếu tệp manifest.json.")
        try:
            manifest = json.loads(tar.extractfile(names[MANIFEST]).read(10 * CHUNK).decode("utf-8"))
            files = manifest["files"]
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupError("manifest.json của bản sao lưu không đọc được.") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError("Bản sao lưu được tạo theo định dạng khác, không khôi phục được.")
        if set(files) != set(names) - {MANIFEST}:
            raise BackupError("Danh sách tệp trong bản sao lưu không khớp manifest.json.")
        for name, spec in files.items():
            target = work / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(names[name]) as src, open(target, "wb") as out:
                for block in iter(lambda: src.read(CHUNK), b""):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != spec.get("sha256"):
                raise BackupError(f"Tệp «{name}» trong bản sao lưu không khớp mã kiểm tra.")
    return manifest


def _database_is_empty():
    return not connection.introspection.table_names()


def _media_conflicts(work):
    media_root, source = Path(settings.MEDIA_ROOT), work / MEDIA
    if not source.is_dir():
        return []
    return [str(f.relative_to(source)) for f in source.rglob("*") if f.is_file()
            and (media_root / f.relative_to(source)).is_file()
            and sha256_of(media_root / f.relative_to(source)) != sha256_of(f)]


def restore(path):
    """Restore the archive at `path` into the (empty) configured database and MEDIA_ROOT; returns the manifest."""
    with tempfile.TemporaryDirectory(prefix="khoi-phuc-") as work:
        work = Path(work)
        manifest = _read_archive(path, work)
        vendor = _vendor()
        if manifest.get("vendor") != vendor:
            raise BackupError(f"Bản sao lưu là của cơ sở dữ liệu {manifest.get('vendor')}, "
                              f"không khôi phục vào {vendor} được.")
        if not _database_is_empty():
            raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu: chỉ khôi phục vào cơ sở dữ liệu trống "
                              "(tạo cơ sở dữ liệu mới, không chạy migrate, rồi khôi phục).")
        conflicts = _media_conflicts(work)
        if conflicts:
            raise BackupError("Các tệp sau đã có trong thư mục media với nội dung khác: "
                              f"{', '.join(conflicts[:5])}{'…' if len(conflicts) > 5 else ''}.")
        if vendor == "postgresql":
            connections.close_all()
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  f"--dbname={connection.settings_dict['NAME']}", str(work / PG_DUMP)],
                 "Khôi phục cơ sở dữ liệu (pg_restore)")
        else:
            name = connection.settings_dict["NAME"]
            connections.close_all()
            source, target = sqlite3.connect(work / SQLITE_FILE), sqlite3.connect(name)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        if (work / MEDIA).is_dir():
            shutil.copytree(work / MEDIA, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest
