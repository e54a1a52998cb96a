"""Demo archives data (DESIGN §8): the registers behind every archives figure of the Hậu Giang
H1/2021 report, kept by the historical archive centre (SNV-TTLT).

2021-H1 (15/12/2020 – 14/6/2021) holds exactly:
- kiểm tra công tác văn thư, lưu trữ: 06 đơn vị;
- hồ sơ đề nghị thẩm tra tài liệu hết giá trị: 02 đơn vị, 46,4 mét (30,15 + 16,25); thẩm tra xong: 03 đơn vị;
- thay hộp, bìa hồ sơ: 3.316 hộp của 07 đơn vị;
- khai thác: 14 lượt (04 chứng thực, 09 bản sao, 01 trả lời bằng văn bản);
- chỉnh lý: hoàn chỉnh và bàn giao 39 mét (03 đơn vị); đang chỉnh lý 02 đơn vị (11 mét, 11 phông;
  both handed over later in 2021, so the H1 report sees them in progress); tiếp nhận 01 đơn vị, 2,65 mét;
- khảo sát tài liệu tồn đọng: 02 đơn vị cấp huyện và 01 đơn vị cấp tỉnh, 18 mét.
Rows just outside the window (14/12/2020, 15/6/2021) prove the window is exact.

Idempotent: each row has a natural key (kind, unit, start date; service, requester, date; fonds code).
"""

import datetime
from decimal import Decimal

from django.db import transaction

D = datetime.date
M = Decimal

CENTRE = "SNV-TTLT"

# code, name, unit, metres, boxes, from, to
FONDS = [
    ("01", "Phông Ủy ban nhân dân tỉnh Hậu Giang", "HG", M("182.5"), 1460, 2004, 2015),
    ("02", "Phông Văn phòng Ủy ban nhân dân tỉnh", "VPUB", M("96.25"), 770, 2004, 2015),
    ("05", "Phông Sở Tài chính", "STC", M("64.4"), 515, 2004, 2014),
    ("07", "Phông Sở Y tế", "SYT", M("58.75"), 470, 2004, 2014),
    ("09", "Phông Sở Giáo dục và Đào tạo", "SGDDT", M("55.1"), 441, 2004, 2013),
    ("11", "Phông Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", M("50.3"), 402, 2004, 2013),
    ("14", "Phông Sở Tài nguyên và Môi trường", "STNMT", M("41.65"), 333, 2004, 2012),
    ("21", "Phông Ủy ban nhân dân thành phố Vị Thanh", "VITHANH", M("48.2"), 386, 2004, 2012),
]

# kind, status, unit, started, finished, metres, fonds count, boxes, note
WORK = [
    # Inspections (06 đơn vị) — and one finished the day before the window.
    ("kiem_tra", "hoan_thanh", "SYT", D(2021, 3, 2), D(2021, 3, 4), None, None, None, ""),
    ("kiem_tra", "hoan_thanh", "SGDDT", D(2021, 3, 16), D(2021, 3, 18), None, None, None, ""),
    ("kiem_tra", "hoan_thanh", "SXD", D(2021, 4, 6), D(2021, 4, 8), None, None, None, ""),
    ("kiem_tra", "hoan_thanh", "NGABAY", D(2021, 4, 20), D(2021, 4, 22), None, None, None, ""),
    ("kiem_tra", "hoan_thanh", "CHAUTHANHA", D(2021, 5, 11), D(2021, 5, 13), None, None, None, ""),
    ("kiem_tra", "hoan_thanh", "LONGMY", D(2021, 6, 8), D(2021, 6, 14), None, None, None, ""),
    ("kiem_tra", "hoan_thanh", "VITHUY", D(2020, 12, 10), D(2020, 12, 14), None, None, None, "kỳ trước"),
    # Appraisal of expired records: dossiers received (02 đơn vị, 46,4 mét), appraisals done (03 đơn vị).
    ("tham_tra", "tiep_nhan", "STNMT", D(2021, 2, 22), None, M("30.15"), None, None, ""),
    ("tham_tra", "tiep_nhan", "PHUNGHIEP", D(2021, 5, 24), None, M("16.25"), None, None, ""),
    ("tham_tra", "hoan_thanh", "SCT", D(2021, 1, 11), D(2021, 1, 29), None, None, None, ""),
    ("tham_tra", "hoan_thanh", "SLDTBXH", D(2021, 3, 1), D(2021, 3, 19), None, None, None, ""),
    ("tham_tra", "hoan_thanh", "TXLONGMY", D(2021, 4, 12), D(2021, 4, 30), None, None, None, ""),
    ("tham_tra", "tiep_nhan", "SKHCN", D(2021, 6, 15), None, M("4.5"), None, None, "kỳ sau"),
    # Boxes replaced in the centre's fonds (3.316 hộp, 07 đơn vị).
    ("thay_hop", "hoan_thanh", "HG", D(2021, 1, 4), D(2021, 2, 5), None, None, 612, ""),
    ("thay_hop", "hoan_thanh", "VPUB", D(2021, 2, 22), D(2021, 3, 12), None, None, 538, ""),
    ("thay_hop", "hoan_thanh", "STC", D(2021, 3, 15), D(2021, 4, 2), None, None, 471, ""),
    ("thay_hop", "hoan_thanh", "SYT", D(2021, 4, 5), D(2021, 4, 23), None, None, 455, ""),
    ("thay_hop", "hoan_thanh", "SGDDT", D(2021, 4, 26), D(2021, 5, 14), None, None, 430, ""),
    ("thay_hop", "hoan_thanh", "SNNPTNT", D(2021, 5, 17), D(2021, 5, 28), None, None, 420, ""),
    ("thay_hop", "hoan_thanh", "STNMT", D(2021, 5, 31), D(2021, 6, 11), None, None, 390, ""),
    # Arrangement: handed over (39 mét, 03 đơn vị), in progress at the end of H1 (02 đơn vị, 11 mét,
    # 11 phông; handed over in H2), received (01 đơn vị, 2,65 mét).
    ("chinh_ly", "ban_giao", "STP", D(2020, 10, 5), D(2021, 1, 20), M("15.5"), 1, None, ""),
    ("chinh_ly", "ban_giao", "CHAUTHANH", D(2020, 11, 2), D(2021, 3, 26), M("12.25"), 4, None, ""),
    ("chinh_ly", "ban_giao", "SVHTTDL", D(2021, 1, 18), D(2021, 5, 21), M("11.25"), 1, None, ""),
    ("chinh_ly", "ban_giao", "VITHANH", D(2021, 3, 8), D(2021, 10, 15), M("6.5"), 7, None, ""),
    ("chinh_ly", "ban_giao", "SKHDT", D(2021, 4, 19), D(2021, 11, 30), M("4.5"), 4, None, ""),
    ("chinh_ly", "tiep_nhan", "TTRT", D(2021, 6, 1), None, M("2.65"), None, None, ""),
    # Backlog survey (02 đơn vị cấp huyện, 01 đơn vị cấp tỉnh; 18 mét).
    ("khao_sat", "hoan_thanh", "CHAUTHANHA", D(2021, 2, 1), D(2021, 2, 5), M("7.5"), None, None, ""),
    ("khao_sat", "hoan_thanh", "VITHUY", D(2021, 3, 22), D(2021, 3, 26), M("6"), None, None, ""),
    ("khao_sat", "hoan_thanh", "SXD", D(2021, 5, 3), D(2021, 5, 7), M("4.5"), None, None, ""),
]

# service, requester, date, quantity, purpose — 14 lượt in H1/2021 (04 + 09 + 01), one on each side.
ACCESS = [
    ("chung_thuc", "Ông Nguyễn Văn Hùng", D(2021, 1, 12), 1, "Chứng thực quyết định nghỉ hưu"),
    ("chung_thuc", "Bà Trần Thị Thu", D(2021, 3, 3), 1, "Chứng thực quyết định tuyển dụng"),
    ("chung_thuc", "Ủy ban nhân dân xã Hỏa Lựu", D(2021, 5, 19), 2, "Chứng thực hồ sơ đất đai"),
    ("ban_sao", "Bà Lê Thị Hạnh", D(2020, 12, 15), 2, "Bản sao quyết định nâng lương"),
    ("ban_sao", "Ông Phạm Quốc Bảo", D(2021, 1, 26), 1, "Bản sao hồ sơ cán bộ"),
    ("ban_sao", "Sở Tài nguyên và Môi trường", D(2021, 2, 24), 3, "Bản sao hồ sơ giao đất"),
    ("ban_sao", "Ông Võ Minh Tâm", D(2021, 4, 7), 1, "Bản sao quyết định khen thưởng"),
    ("ban_sao", "Bà Huỳnh Ngọc Mai", D(2021, 5, 12), 1, "Bản sao giấy chứng nhận"),
    ("ban_sao", "Ông Đặng Văn Long", D(2021, 6, 14), 1, "Bản sao quyết định điều động"),
    ("tra_loi", "Tòa án nhân dân tỉnh Hậu Giang", D(2021, 4, 28), 1, "Xác minh hồ sơ vụ án"),
    ("doc_tai_cho", "Ông Ngô Thanh Sơn", D(2020, 12, 14), 1, "Nghiên cứu lịch sử địa phương"),
    ("ban_sao", "Bà Dương Thị Yến", D(2021, 6, 15), 1, "Bản sao quyết định nghỉ việc"),
]

# unit, fonds code, received on, metres, boxes
ACCESSIONS = [
    ("SKHCN", None, D(2021, 9, 14), M("8.4"), 67),
]


@transaction.atomic
def seed(until_year=None):
    """The archives demo data. Needs the core demo (org tree). Safe to run again."""
    from archives.models import AccessRequest, Accession, Fonds, WorkItem
    from core.models import OrgUnit

    units = {u.code: u for u in OrgUnit.objects.all()}
    if CENTRE not in units:
        return {"phông": 0}
    created = {"phông": 0, "công việc lưu trữ": 0, "lượt khai thác": 0, "giao nộp": 0}
    fonds = {}
    for code, name, unit, metres, boxes, start, end in FONDS:
        fonds[code], new = Fonds.objects.get_or_create(
            code=code, defaults=dict(name=name, unit=units.get(unit), metres=metres, boxes=boxes,
                                     start_year=start, end_year=end))
        created["phông"] += new
    for kind, status, unit, started, finished, metres, fonds_count, boxes, note in WORK:
        _row, new = WorkItem.objects.get_or_create(
            kind=kind, unit=units[unit], started_on=started,
            defaults=dict(status=status, finished_on=finished, metres=metres, fonds_count=fonds_count, boxes=boxes,
                          note=note))
        created["công việc lưu trữ"] += new
    for service, requester, day, quantity, purpose in ACCESS:
        _row, new = AccessRequest.objects.get_or_create(
            service=service, requester=requester, requested_on=day,
            defaults=dict(unit=units[CENTRE], quantity=quantity, purpose=purpose))
        created["lượt khai thác"] += new
    for unit, code, day, metres, boxes in ACCESSIONS:
        _row, new = Accession.objects.get_or_create(
            unit=units[unit], received_on=day, defaults=dict(fonds=fonds.get(code), metres=metres, boxes=boxes))
        created["giao nộp"] += new
    return created
