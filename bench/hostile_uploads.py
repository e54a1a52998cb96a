"""Bench: every hostile file × every upload path, each in a fresh process (issue 10, item 1).

    .venv/bin/python bench/hostile_uploads.py [--only far_cell,deflate_bomb] [--paths register,form]

Budget: any file ≤ 5 MB is accepted or refused with a Vietnamese reason within 5 s and 300 MB.
Builds the full-size hostile files of `tests/core/hostile.py` (far cell, deflate bomb, rows without
`r`, huge shared strings, macros, corrupt zip, duplicated `r`, hostile JSON) plus two honest files,
then runs each through each path in a child process:

- register: `staffing.services.read_workbook` (what `start_import` runs on an upload);
- form: `collection.excel.read_upload` for a seeded form (rolled back);
- template: `reports.services.validate_template` (report template .docx);
- json: `manage.py import_values FILE` (call_command, rolled back).

Prints, per file and path: the time of the call itself (in the child), the child's wall time
(with Python/Django start-up), its peak RSS (os.wait4 → ru_maxrss), and the verdict. A child runs
under RLIMIT_AS 4 GB and a 120 s timeout, so a blow-up shows as a failed row, not a dead machine.
Uses a throwaway SQLite database (migrated and seeded once). A figure-printing script, not a test.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_SECONDS = 5.0
BUDGET_MB = 300
PATHS = ("register", "form", "template", "json")


def setup_django(workdir):
    os.environ["DJANGO_SETTINGS_MODULE"] = "homeaffairs.settings"
    os.environ["SQLITE_PATH"] = str(Path(workdir) / "bench.sqlite3")
    os.environ["MEDIA_ROOT"] = str(Path(workdir) / "media")
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


# --------------------------------------------------------------------------------------------- files


def build_files(workdir, only=None):
    """{name: path} of the full-size hostile files (and two honest ones for comparison)."""
    from tests.core import hostile
    from tests.staffing.files import CS_HEADERS, civil_servant_rows, workbook

    makers = {
        "far_cell": lambda: hostile.far_cell(),
        "rows_without_r": lambda: hostile.rows_without_r(rows=1_048_000, cells=16_000),
        "deflate_bomb": lambda: hostile.deflate_bomb(4 * 1024 ** 3),
        "huge_shared_strings": lambda: hostile.huge_shared_strings(5_000_000),
        "macro": lambda: hostile.macro(),
        "corrupt_zip": lambda: hostile.corrupt_zip(),
        "duplicated_r": lambda: hostile.duplicated_r(),
        "docx_bomb": lambda: hostile.docx_bomb(4 * 1024 ** 3),
        "docx_7mb_paragraphs": lambda: hostile.docx_paragraphs(7 * 1024 ** 2),  # just under the part cap
        "shared_strings_1200k": lambda: hostile.huge_shared_strings(1_200_000),  # over the count, under the cap
        "shared_strings_900k": lambda: hostile.huge_shared_strings(900_000),  # within every limit
        "shared_string_copies": lambda: hostile.shared_string_copies(100_000, 2_000),
        "dense_cells": lambda: hostile.dense_cells(100_000, 15),  # at the register's cell limit
        "long_texts": lambda: hostile.package(
            b'<row r="%d">' % r + b"".join(b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
                                           % (bytes([65 + c]), r, b"Nguy\xe1\xbb\x85n V\xc4\x83n " * 6) for c in range(13))
            + b"</row>" for r in range(1, 34_001)),  # just under the 64 MB sheet cap
        "nested.json": lambda: hostile.nested_json(1_000_000),
        "digits.json": lambda: hostile.long_number_json(5_000),
        "surrogate.json": lambda: hostile.surrogate_json("comment"),
        "register_20k_ok": lambda: workbook(CS_HEADERS, civil_servant_rows(20_000)),
        "form_ok": None,  # built by the child that seeds (needs the database)
    }
    files = {}
    for name, make in makers.items():
        if only and name not in only:
            continue
        path = Path(workdir) / (name if "." in name else f"{name}.xlsx")
        if make is not None:
            path.write_bytes(make())
        files[name] = path
    return files


def seed(workdir, form_path):
    """Migrate and seed the throwaway database; write an honest filled form workbook."""
    setup_django(workdir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from collection import catalogue, excel, services
    from collection.models import DataSet
    from core import demo
    from core.models import Membership, OrgUnit, Period, Role

    call_command("migrate", verbosity=0)
    demo.seed_org_tree()
    demo.seed_periods(2021)
    catalogue.load_catalogue("SNV")
    DataSet.objects.filter(code="CCHC-DV").update(expiry_days=None)
    officer = get_user_model().objects.create_user("bench-officer")
    Membership.objects.create(user=officer, unit=OrgUnit.objects.get(code="VITHANH"), role=Role.OFFICER)
    submission = services.get_submission(DataSet.objects.get(code="CCHC-DV"), OrgUnit.objects.get(code="VITHANH"),
                                         Period.objects.get(code="2021-H1"))
    form_path.write_bytes(excel.build_workbook(submission))


# --------------------------------------------------------------------------------------------- child


def child(workdir, path_name, file_path):
    setup_django(workdir)
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command
    from django.db import transaction

    data = Path(file_path).read_bytes()
    name = Path(file_path).name
    started = time.perf_counter()
    verdict = "nhận"
    try:
        with transaction.atomic():
            if path_name == "register":
                from staffing import services

                try:
                    services.read_workbook(data, "cong_chuc")
                except services.InvalidFile as exc:
                    verdict = f"từ chối: {exc.message}"
            elif path_name == "form":
                from collection import excel, services
                from collection.models import Submission
                from django.contrib.auth import get_user_model

                submission = Submission.objects.get(data_set__code="CCHC-DV", unit__code="VITHANH", period__code="2021-H1")
                officer = get_user_model().objects.get(username="bench-officer")
                try:
                    excel.read_upload(SimpleUploadedFile(name, data), submission, officer)
                except services.CollectionError as exc:
                    verdict = f"từ chối: {exc.message}"
            elif path_name == "template":
                from reports import services

                try:
                    services.validate_template(SimpleUploadedFile(name.rsplit(".", 1)[0] + ".docx", data))
                except ValidationError as exc:
                    verdict = f"từ chối: {exc.messages[0]}"
            elif path_name == "json":
                try:
                    call_command("import_values", str(file_path), stdout=open(os.devnull, "w"))
                except CommandError as exc:
                    verdict = f"từ chối: {str(exc).splitlines()[-1].strip(' -')}"
            transaction.set_rollback(True)
    except BaseException as exc:  # noqa: BLE001 - what the bench is looking for
        verdict = f"LỖI {type(exc).__name__}: {str(exc)[:60]}"
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "verdict": verdict}, ensure_ascii=False))


def run_child(workdir, path_name, file_path):
    out = tempfile.TemporaryFile()

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (4 * 1024 ** 3, 4 * 1024 ** 3))

    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", workdir, path_name, str(file_path)],
                            stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit)
    deadline = started + 120
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    out.seek(0)
    text = out.read().decode("utf-8", "replace").strip().splitlines()
    try:
        result = json.loads(text[-1])
    except (IndexError, ValueError):
        result = {"seconds": None, "verdict": f"CHẾT (mã {proc.returncode}): {(text[-1] if text else '')[:60]}"}
    result["wall"] = wall
    result["rss_mb"] = usage.ru_maxrss / 1024
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--paths", default=",".join(PATHS))
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    only = {n for n in args.only.split(",") if n}
    paths = [p for p in args.paths.split(",") if p]
    with tempfile.TemporaryDirectory(prefix="hostile-") as workdir:
        # Files are built in a child too: this process stays small, so a child's ru_maxrss (which
        # Linux carries over from the parent at fork) is the child's own peak.
        t0 = time.perf_counter()
        built = subprocess.run([sys.executable, __file__, "--child", workdir, "build", ",".join(sorted(only))],
                               capture_output=True, text=True)
        if built.returncode:
            sys.exit(built.stdout + built.stderr)
        files = {name: Path(path) for name, path in json.loads(built.stdout.strip().splitlines()[-1]).items()}
        print(f"Tệp thử tạo trong {time.perf_counter() - t0:.1f} s")
        seed_proc = subprocess.run([sys.executable, __file__, "--child", workdir, "seed",
                                    str(Path(workdir) / "form_ok.xlsx")], capture_output=True, text=True)
        if seed_proc.returncode:
            sys.exit(seed_proc.stdout + seed_proc.stderr)
        print(f"{'tệp':<22}{'KB':>8}  {'đường':<9}{'gọi s':>7}{'tổng s':>8}{'RSS MB':>8}  kết quả")
        over = 0
        for name, path in files.items():
            size = path.stat().st_size / 1024
            for path_name in paths:
                r = run_child(workdir, path_name, path)
                ok = (r["seconds"] is not None and r["seconds"] <= BUDGET_SECONDS and r["rss_mb"] <= BUDGET_MB
                      and not r["verdict"].startswith(("LỖI", "CHẾT")))
                over += not ok and size <= 5 * 1024
                seconds = f"{r['seconds']:.2f}" if r["seconds"] is not None else "—"
                flag = "" if ok else "  ← NGOÀI NGÂN SÁCH"
                print(f"{name:<22}{size:>8.0f}  {path_name:<9}{seconds:>7}{r['wall']:>8.2f}{r['rss_mb']:>8.0f}  "
                      f"{r['verdict'][:90]}{flag}")
        print(f"Ngân sách: ≤ {BUDGET_SECONDS:.0f} s và ≤ {BUDGET_MB} MB cho mỗi tệp ≤ 5 MB; ngoài ngân sách: {over}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child" and sys.argv[3] == "seed":
        seed(sys.argv[2], Path(sys.argv[4]))
    elif len(sys.argv) > 2 and sys.argv[1] == "--child" and sys.argv[3] == "build":
        setup_django(sys.argv[2])  # the honest register file is built with the project's helpers
        made = build_files(sys.argv[2], {n for n in sys.argv[4].split(",") if n})
        print(json.dumps({name: str(path) for name, path in made.items()}))
    else:
        main()
