"""Demo data of the CCHC indices, inspections and initiatives for Hậu Giang (DESIGN §8).

- national indices of the province for 2019–2021: PAR INDEX 2020 xếp thứ 27/63, tăng 02 bậc so
  với năm 2019 (29/63); SIPAS, PAPI and PCI alongside;
- the province's CCHC index of its departments and districts for 2020 (Bộ Nội vụ's eight fields,
  100 points), scores that look like a real appraisal (not steps), two departments tied on the
  same total and a few units under 80 points for the dashboard to highlight;
- the 2020 and 2021 inspection plans with their visits (2021-H1: four units);
- 04 initiatives of 2020 recognised in March 2021 (H1/2021 report), one of 2019 recognised in 2020.

Idempotent: rows are looked up by their natural keys and only created when missing. Called by
`reform.demo.seed` (`seed_index(until_year)`).
"""

import datetime
import random
from decimal import Decimal

D = datetime.date

# index: {year: (score, rank)} — of 63 provinces.
NATIONAL = {
    "PAR_INDEX": {2019: ("80.45", 29), 2020: ("84.71", 27), 2021: ("85.12", 30)},
    "SIPAS": {2019: ("80.12", 37), 2020: ("82.63", 31), 2021: ("84.90", 24)},
    "PAPI": {2019: ("42.67", 40), 2020: ("43.21", 33), 2021: ("42.88", 35)},
    "PCI": {2019: ("64.39", 33), 2020: ("65.82", 27), 2021: ("64.21", 35)},
}
SOURCES = {
    "PAR_INDEX": "Quyết định công bố Chỉ số cải cách hành chính của Bộ Nội vụ",
    "SIPAS": "Quyết định công bố Chỉ số SIPAS của Bộ Nội vụ",
    "PAPI": "Báo cáo PAPI của UNDP",
    "PCI": "Báo cáo PCI của VCCI",
}

# The eight fields of the CCHC index (code, title, maximum, [(sub-criterion, maximum)]).
FIELDS = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "12", [
        ("Kế hoạch cải cách hành chính năm", "3"), ("Báo cáo cải cách hành chính", "2"),
        ("Kiểm tra công tác cải cách hành chính", "3"), ("Công tác tuyên truyền cải cách hành chính", "2"),
        ("Sáng kiến, giải pháp mới trong cải cách hành chính", "2")]),
    ("2", "Cải cách thể chế", "8", [
        ("Xây dựng, ban hành văn bản quy phạm pháp luật", "3"), ("Rà soát, hệ thống hóa văn bản", "3"),
        ("Kiểm tra, xử lý văn bản", "2")]),
    ("3", "Cải cách thủ tục hành chính", "16", [
        ("Rà soát, đơn giản hóa thủ tục hành chính", "4"), ("Công khai thủ tục hành chính", "3"),
        ("Thực hiện cơ chế một cửa, một cửa liên thông", "5"), ("Giải quyết hồ sơ đúng hạn", "4")]),
    ("4", "Cải cách tổ chức bộ máy", "10", [
        ("Sắp xếp tổ chức bộ máy", "4"), ("Quản lý biên chế", "3"), ("Phân cấp quản lý", "3")]),
    ("5", "Cải cách chế độ công vụ", "12", [
        ("Vị trí việc làm", "4"), ("Tuyển dụng, sử dụng công chức, viên chức", "4"), ("Kỷ luật, kỷ cương hành chính", "4")]),
    ("6", "Cải cách tài chính công", "10", [
        ("Quản lý, sử dụng ngân sách", "4"), ("Tự chủ của đơn vị sự nghiệp công lập", "3"), ("Giải ngân vốn đầu tư công", "3")]),
    ("7", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "14", [
        ("Ứng dụng công nghệ thông tin trong hoạt động", "4"), ("Dịch vụ công trực tuyến", "5"),
        ("Hệ thống quản lý chất lượng ISO 9001", "2"), ("Chữ ký số và văn bản điện tử", "3")]),
    ("8", "Tác động của cải cách hành chính đến người dân, tổ chức", "18", [
        ("Sự hài lòng của người dân, tổ chức", "10"), ("Phản ánh, kiến nghị được xử lý", "8")]),
]

DEPARTMENTS = ["VPUB", "STC", "SKHDT", "STP", "SYT", "SGDDT", "SNNPTNT", "STNMT", "SXD", "SCT", "SLDTBXH",
               "SVHTTDL", "SKHCN", "TTRT"]
DISTRICTS = ["VITHANH", "NGABAY", "TXLONGMY", "CHAUTHANH", "CHAUTHANHA", "PHUNGHIEP", "VITHUY", "LONGMY"]
# How well each unit did (share of the points it earns, before noise); STP and SCT end level.
STRENGTH = {
    "VPUB": 0.93, "STC": 0.88, "SKHDT": 0.90, "STP": 0.86, "SYT": 0.80, "SGDDT": 0.84, "SNNPTNT": 0.78,
    "STNMT": 0.81, "SXD": 0.74, "SCT": 0.86, "SLDTBXH": 0.83, "SVHTTDL": 0.79, "SKHCN": 0.87, "TTRT": 0.85,
    "VITHANH": 0.91, "NGABAY": 0.85, "TXLONGMY": 0.80, "CHAUTHANH": 0.88, "CHAUTHANHA": 0.84, "PHUNGHIEP": 0.76,
    "VITHUY": 0.82, "LONGMY": 0.73,
}
TIED = ("STP", "SCT")  # the second gets the first's appraised points: «đồng hạng»

PLANS = [
    (2020, "Kế hoạch kiểm tra công tác cải cách hành chính và công vụ năm 2020", "18/KH-UBND", D(2020, 2, 12), [
        ("SXD", D(2020, 6, 18), "Chưa cập nhật kịp thời quy trình nội bộ giải quyết thủ tục hành chính.",
         "Rà soát, cập nhật quy trình nội bộ trên phần mềm một cửa."),
        ("PHUNGHIEP", D(2020, 7, 9), "Tỷ lệ hồ sơ tiếp nhận trực tuyến còn thấp; một số hồ sơ trễ hạn chưa có văn bản xin lỗi.",
         "Tuyên truyền dịch vụ công trực tuyến; thực hiện văn bản xin lỗi đúng quy định."),
        ("LONGMY", D(2020, 8, 20), "Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa cấp xã chưa đầy đủ.",
         "Niêm yết đầy đủ, đúng thủ tục hành chính đã công bố."),
    ]),
    (2021, "Kế hoạch kiểm tra công tác cải cách hành chính và công vụ năm 2021", "25/KH-UBND", D(2021, 2, 3), [
        ("SNNPTNT", D(2021, 4, 14), "Một số thủ tục hành chính giải quyết quá hạn do lấy ý kiến liên ngành.",
         "Rút ngắn thời gian lấy ý kiến; theo dõi hồ sơ trên phần mềm."),
        ("CHAUTHANHA", D(2021, 5, 6), "Cơ bản thực hiện tốt; kỷ luật, kỷ cương hành chính được chấp hành nghiêm.", ""),
        ("VITHUY", D(2021, 5, 20), "Ứng dụng chữ ký số trong phát hành văn bản chưa đồng bộ ở cấp xã.",
         "Cấp đủ chứng thư số cho lãnh đạo cấp xã; ký số văn bản đi."),
        ("SVHTTDL", D(2021, 6, 3), "Chưa cập nhật đầy đủ hồ sơ, kết quả giải quyết lên Cổng dịch vụ công của tỉnh.",
         "Cập nhật, đồng bộ dữ liệu hồ sơ lên Cổng dịch vụ công."),
        ("SLDTBXH", D(2021, 9, 15), "Thực hiện tốt cơ chế một cửa; tỷ lệ hồ sơ trực tuyến tăng so với năm trước.", ""),
    ]),
]

INITIATIVE_DECISION_2021 = "Quyết định số 512/QĐ-UBND ngày 25/3/2021 của Chủ tịch Ủy ban nhân dân tỉnh"
INITIATIVES = [
    (2020, "VITHANH", "Ứng dụng Zalo trong tiếp nhận, trả lời phản ánh, kiến nghị về thủ tục hành chính",
     INITIATIVE_DECISION_2021, D(2021, 3, 25)),
    (2020, "CHAUTHANH", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa cấp xã",
     INITIATIVE_DECISION_2021, D(2021, 3, 25)),
    (2020, "SKHDT", "Đối thoại định kỳ với doanh nghiệp qua mô hình «Cà phê doanh nhân»",
     INITIATIVE_DECISION_2021, D(2021, 3, 25)),
    (2020, "SYT", "Liên thông cấp giấy khám sức khỏe lái xe điện tử với cơ quan cấp giấy phép lái xe",
     INITIATIVE_DECISION_2021, D(2021, 3, 25)),
    (2019, "NGABAY", "Tổ tư vấn thủ tục hành chính lưu động tại các ấp, khu vực",
     "Quyết định số 498/QĐ-UBND ngày 20/3/2020 của Chủ tịch Ủy ban nhân dân tỉnh", D(2020, 3, 20)),
]


def seed_index(until_year=None):
    """The CCHC index, inspection and initiative demo data. Needs the core demo. Safe to run again."""
    from core.models import OrgUnit

    units = {u.code: u for u in OrgUnit.objects.all()}
    if "HG" not in units:
        return {"kết quả chỉ số": 0}
    return {
        "kết quả chỉ số": _national(units["HG"]),
        "điểm chỉ số CCHC của đơn vị": _unit_index(units),
        "đợt kiểm tra CCHC": _inspections(units),
        "sáng kiến CCHC": _initiatives(units),
    }


def _national(province):
    from reform.models import IndexResult

    created = 0
    for index, years in NATIONAL.items():
        for year, (score, rank) in years.items():
            _, new = IndexResult.objects.get_or_create(
                unit=province, index=index, year=year,
                defaults={"score": Decimal(score), "rank": rank, "of_n": 63, "source": SOURCES[index]})
            created += new
    return created


def _unit_index(units):
    from reform.models import Audience, Criterion, UnitIndexSet, UnitScore

    created = 0
    for audience, codes, title in (
        (Audience.DEPARTMENT, DEPARTMENTS, "Bộ tiêu chí xác định Chỉ số cải cách hành chính các sở, ban, ngành tỉnh năm 2020"),
        (Audience.DISTRICT, DISTRICTS, "Bộ tiêu chí xác định Chỉ số cải cách hành chính UBND cấp huyện năm 2020"),
    ):
        index_set, new = UnitIndexSet.objects.get_or_create(
            year=2020, audience=audience,
            defaults={"title": title, "decision": "Quyết định số 2246/QĐ-UBND ngày 30/12/2019 của UBND tỉnh",
                      "unit": units["HG"]})
        if not new:
            continue
        leaves = []
        order = 0
        for code, name, maximum, subs in FIELDS:
            order += 1
            parent = Criterion.objects.create(index_set=index_set, code=code, title=name, max_points=Decimal(maximum),
                                              sort_order=order)
            for k, (sub, sub_max) in enumerate(subs, start=1):
                order += 1
                leaves.append(Criterion.objects.create(index_set=index_set, parent=parent, code=f"{code}.{k}", title=sub,
                                                       max_points=Decimal(sub_max), sort_order=order))
        rng = random.Random(f"chi-so-cchc-2020-{audience}")
        scores = {}
        for unit_code in codes:
            strength = STRENGTH[unit_code]
            scores[unit_code] = []
            for leaf in leaves:
                appraised = _quarter(leaf.max_points * Decimal(str(min(1.0, max(0.3, rng.gauss(strength, 0.08))))))
                self_score = min(leaf.max_points, appraised + _quarter(leaf.max_points * Decimal(str(rng.uniform(0, 0.12)))))
                scores[unit_code].append((leaf, self_score, appraised))
        if TIED[0] in scores and TIED[1] in scores:
            # The same appraised points per leaf: equal totals, so the table shows «đồng hạng».
            scores[TIED[1]] = [(leaf, max(s, a), a) for (leaf, s, _), (_, _, a) in zip(scores[TIED[1]], scores[TIED[0]])]
        rows = [UnitScore(criterion=leaf, unit=units[code], self_score=s, appraised_score=a)
                for code, entries in scores.items() for leaf, s, a in entries]
        UnitScore.objects.bulk_create(rows)
        created += len({code for code in scores})
    return created


def _quarter(value):
    """Points are given in quarters (0,25) in the appraisal."""
    return (Decimal(value) * 4).to_integral_value() / 4


def _inspections(units):
    from reform.models import InspectionPlan, InspectionVisit

    created = 0
    for year, title, document, issued_on, visits in PLANS:
        plan, _ = InspectionPlan.objects.get_or_create(year=year, document=document, defaults={
            "title": title, "issued_on": issued_on, "unit": units["HG"]})
        for unit_code, day, findings, recommendations in visits:
            _, new = InspectionVisit.objects.get_or_create(
                plan=plan, unit=units[unit_code], visited_on=day,
                defaults={"findings": findings, "recommendations": recommendations})
            created += new
    return created


def _initiatives(units):
    from reform.models import Initiative

    created = 0
    for year, unit_code, title, decision, day in INITIATIVES:
        _, new = Initiative.objects.get_or_create(year=year, unit=units[unit_code], title=title,
                                                  defaults={"decision": decision, "recognised_on": day})
        created += new
    return created
