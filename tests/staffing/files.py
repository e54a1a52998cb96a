"""Excel files for the import tests (also used by the browser test)."""

import io

import openpyxl

from core.imports.resources import columns
from staffing import resources

CS_HEADERS = [h for h, _ in columns(resources.CivilServantResource)]
PA_HEADERS = [h for h, _ in columns(resources.PersonnelActionResource)]
QUOTA_HEADERS = [h for h, _ in columns(resources.QuotaResource)]

# Units open today (a person «đang công tác» may not be put in a unit closed before the import).
UNITS = ["SYT", "SGDDT", "STP", "P-VITHANH", "P-NGABAY", "SNV-TCBC", "X-HOALUU"]
# Units of the action rows (dated 2023, when the districts still existed).
ACTION_UNITS = ["SYT", "SGDDT", "STP", "VITHANH", "NGABAY"]
CATEGORIES = ["Công chức", "Viên chức", "Cán bộ", "Công chức", "Viên chức", "Công chức", "Cán bộ, công chức cấp xã"]


def workbook(headers, rows, sheet="Dữ liệu"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def civil_servant_rows(n, start=0, prefix="TEST"):
    rows = []
    for i in range(start, start + n):
        k = i % len(UNITS)
        rows.append([
            f"{prefix}{i:05d}", f"Nguyễn Văn Thử {i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1970 + i % 30}",
            "Nữ" if i % 2 else "Nam", "Kinh", UNITS[k], CATEGORIES[k], "Chuyên viên", "", "Đại học", "Trung cấp",
            f"01/09/{2000 + i % 20}", "Có",
        ])
    return rows


def action_rows(n, start=0):
    """Bulk salary rows and a few personal ones (no person needed)."""
    rows = []
    for i in range(start, start + n):
        rows.append([
            "Nâng lương trước thời hạn" if i % 3 else "Nâng lương thường xuyên", "", ACTION_UNITS[i % 5], "",
            f"{1 + i % 40}", "", f"{500 + i}/QĐ-TEST", "Giám đốc Sở Nội vụ",
            "Ban hành quyết định" if i % 7 == 0 else "", f"{1 + i % 28:02d}/03/2023", "",
        ])
    return rows
