"""Writes of the staffing app.

Excel imports of the staffing registers run on the shared engine (`core.imports`; the kinds and
their columns are declared in `staffing.resources`); the names below are the engine's, kept here
for staffing's callers (`bench/`, scripts):

    outcome = run_import("cong_chuc", data, dry_run=True)   # preview
    job = start_import(user, "cong_chuc", uploaded)           # the portal's job flow
"""

from __future__ import annotations

from core.imports.jobs import (  # noqa: F401 - the engine's API under the names staffing's callers know
    ASYNC_THRESHOLD,
    ImportOutcome,
    apply_job,
    check_job,
    confirm_import,
    rerun_import,
    run_import,
    start_import,
)
from core.errors import InvalidFile, InvalidState, PermissionDenied  # noqa: F401
from core.errors import UserError as StaffingError  # noqa: F401
from core.registers.services import RegisterConflict, delete_register_row, register_fingerprint, save_register_row  # noqa: F401
from core.imports.workbook import build_feedback, build_template, export_workbook, read_workbook, safe_text  # noqa: F401
from staffing import resources  # noqa: F401 - declares the staffing import kinds



# The personnel and salary types issue 18 added as data (migration 0010 seeds the same rows).
# Bổ nhiệm, thăng hạng, xét chuyển chức danh nghề nghiệp are viên chức titles, never «ngạch».
STANDARD_KINDS = [
    # code, name, group, phrase, ends service, order
    ("thoi_giu_chuc_vu", "Thôi giữ chức vụ", "nhan_su", "thôi giữ chức vụ {cases:n}", False, 10),
    ("mien_nhiem_chuc_vu", "Miễn nhiệm chức vụ", "nhan_su", "miễn nhiệm chức vụ {cases:n}", False, 20),
    ("keo_dai_cong_tac", "Kéo dài thời gian công tác", "nhan_su", "kéo dài thời gian công tác {cases:n}", False, 30),
    ("nghi_huu_truoc_tuoi", "Nghỉ hưu trước tuổi", "nhan_su", "nghỉ hưu trước tuổi {cases:n}", True, 40),
    ("cu_di_hoc", "Cử đi học", "nhan_su", "cử đi học {cases:n}", False, 50),
    ("bo_nhiem_cdnn", "Bổ nhiệm chức danh nghề nghiệp", "tien_luong",
     "bổ nhiệm chức danh nghề nghiệp [{text:ngach} ]{cases:n}", False, 10),
    ("thang_hang_cdnn", "Thăng hạng chức danh nghề nghiệp", "tien_luong",
     "thăng hạng chức danh nghề nghiệp [{text:ngach} ]{cases:n}", False, 20),
    ("xet_chuyen_cdnn", "Xét chuyển chức danh nghề nghiệp", "tien_luong",
     "xét chuyển chức danh nghề nghiệp [{text:ngach} ]{cases:n}", False, 30),
]


def ensure_action_kinds():
    """The standard data types, for a database emptied since its migrations ran (the demo, tests);
    a type an admin reworded keeps its wording."""
    from staffing.models import ActionKind

    for code, name, group, phrase, ends, order in STANDARD_KINDS:
        ActionKind.objects.get_or_create(code=code, defaults=dict(
            name=name, group=group, phrase=phrase, ends_service=ends, sort_order=order))
