"""A plan's appendix table shaped like the Hưng Yên 2022 appendix (145 tasks in nine fields, with
its sub-headings and its kinds of deadlines), as rows of cells and as an .xlsx file."""

import io

# (Roman number, field, tasks, lead office as typed: a name, a short name or a code)
HUNGYEN_2022 = [
    ("I", "Lĩnh vực Công chức, viên chức", 13, "Phòng Công chức, viên chức"),
    ("II", "Lĩnh vực Thanh tra", 23, "Thanh tra Sở"),
    ("III", "Lĩnh vực Lưu trữ lịch sử", 8, "TT Lưu trữ"),
    ("IV", "Lĩnh vực Xây dựng chính quyền", 13, "Phòng XDCQ"),
    ("V", "Lĩnh vực Tín ngưỡng - Tôn giáo", 12, "Ban Tôn giáo"),
    ("VI", "Lĩnh vực Văn phòng", 17, "SNV-VP"),
    ("VII", "Lĩnh vực Tổ chức, biên chế", 20, "Phòng Tổ chức - Biên chế"),
    ("VIII", "Lĩnh vực Cải cách hành chính - Văn thư lưu trữ", 23, "Phòng CCHC-VTLT"),
    ("IX", "Lĩnh vực Thi đua - Khen thưởng", 16, "Ban TĐKT"),
]
# Sub-headings of the appendix: (field number, before task n, text, typed in the STT column?)
SUBHEADINGS = [
    ("II", 1, "<i>Công tác thanh tra, kiểm tra</i>", False),
    ("II", 14, "<i>Công tác tiếp công dân; giải quyết đơn thư khiếu nại, tố cáo</i>", False),
    ("II", 18, "<i>Công tác pháp chế</i>", False),
    ("VII", 1, "Tổ chức bộ máy", False),
    ("VII", 6, "Quản lý biên chế", False),
    ("VII", 16, "Quản lý Hội và Tổ chức phi chính phủ", True),
    ("VIII", 1, "<i>Công tác Cải cách hành chính</i>", False),
    ("VIII", 18, "Công tác Văn thư, lưu trữ", False),
]
DEADLINES = [
    "Quý I", "Quý II", "Quý II, III", "Tháng 5", "Thường xuyên", "Quý IV", "28/02/2022",
    "Từ tháng 5 đến tháng 7/2022", "Sau khi có hướng dẫn của Bộ, ngành Trung ương", "Quý III, IV", "Trong năm 2022",
    "", "Tháng 12/2022", "1 lần/ Quý",
]
PRODUCTS = ["Kế hoạch", "Tờ trình", "Báo cáo", "Quyết định", "Công văn", ""]
HEADER = ["STT", "Nội dung", "Thời gian hoàn thành", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp"]


def appendix_rows(fields=HUNGYEN_2022, stated=True):
    """[(Excel row number, [cells])]: two title rows, the header, then the fields, sub-headings and tasks."""
    cells = [["Phụ lục"], [f"{sum(n for _r, _f, n, _o in fields)} NHIỆM VỤ TRỌNG TÂM CÔNG TÁC NGÀNH NỘI VỤ NĂM 2022"],
             HEADER]
    i = 0
    for roman, name, count, office in fields:
        cells.append([roman, f"{name} ({count:02d} nhiệm vụ)" if stated else name, "", "", "", ""])
        for n in range(1, count + 1):
            for field, before, text, in_stt in SUBHEADINGS:
                if field == roman and before == n:
                    cells.append([text, "", "", "", "", ""] if in_stt else ["", text, "", "", "", ""])
            deadline = DEADLINES[i % len(DEADLINES)]
            cells.append([n, f"Nhiệm vụ {n} của {name.lower()}: tham mưu, triển khai thực hiện", deadline,
                          PRODUCTS[i % len(PRODUCTS)], office, "Các sở, ban, ngành" if i % 3 == 0 else ""])
            i += 1
    return [(number, row) for number, row in enumerate(cells, start=1)]


def appendix_xlsx(rows=None):
    """The rows as the .xlsx a province would type (field rows bold)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for _number, row in rows if rows is not None else appendix_rows():
        ws.append(row)
        if row and isinstance(row[0], str) and row[0].isupper() and len(row) > 1:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
