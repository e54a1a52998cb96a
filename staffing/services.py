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

