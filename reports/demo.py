"""Demo: the six-month report kind with the canonical outline (DESIGN §6) and SNV's 2021-H1 report,
its narrative taken from the Hậu Giang reference (figures come from the providers, not from here)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from core.models import DocumentType, LegalDocument, OrgUnit, Period
from reports.models import (
    NarrativeStatus,
    OutlineSection,
    Report,
    ReportKind,
    SectionNarrative,
    SignerAuthority,
)

SIX_MONTH = {
    "code": "six_month",
    "name": "Báo cáo sơ kết công tác 6 tháng của Sở Nội vụ",
    "title_template": "Sơ kết công tác Sở Nội vụ {period_no_year} và chương trình công tác {next_period}",
    "intro_template": "{basis}{unit_short} báo cáo kết quả công tác {period} và chương trình công tác {next_period} như sau:",
    "closing_template": "Trên đây là báo cáo sơ kết công tác {period_no_year} và chương trình công tác {next_period} của {unit_name}./.",
    "uses_parts": True,
    "default_recipients": "\n".join([
        "Bộ Nội vụ (b/c)", "Thường trực Tỉnh ủy (b/c)", "UBND tỉnh (b/c)", "Ban Giám đốc Sở",
        "Các phòng, đơn vị thuộc Sở", "Lưu: VT, VP",
    ]),
    "issuer_kinds": ["home_affairs"],
    "period_types": ["six_month"],
}

# The year-end report is its own kind (never «6 tháng cuối năm … và 6 tháng đầu năm» of the next year).
ANNUAL = {
    **SIX_MONTH,
    "code": "annual",
    "name": "Báo cáo tổng kết công tác năm của Sở Nội vụ",
    "title_template": "Tổng kết công tác Sở Nội vụ {period} và phương hướng, nhiệm vụ {next_period}",
    "intro_template": "{basis}{unit_short} báo cáo kết quả công tác {period} và phương hướng, nhiệm vụ {next_period} như sau:",
    "closing_template": "Trên đây là báo cáo tổng kết công tác {period} và phương hướng, nhiệm vụ {next_period} của {unit_name}./.",
    "period_types": ["annual"],
}

# A department's, district's or commune's own report to the province: every figure of its CCHC-DV
# form in sentences (reform/report.py «cchc-don-vi.*»), each section's narrative by its officers.
UNIT_CCHC = {
    "code": "unit_cchc",
    "name": "Báo cáo công tác cải cách hành chính của đơn vị",
    "title_template": "Kết quả thực hiện công tác cải cách hành chính {period} và phương hướng, nhiệm vụ {next_period}",
    "intro_template": "",
    "closing_template": "",
    "uses_parts": False,
    "default_recipients": "\n".join(["Sở Nội vụ (b/c)", "Lưu: VT"]),
    "issuer_kinds": ["department", "district", "commune"],
    "period_types": ["six_month", "annual"],
}

# The Bộ Nội vụ outline of a CCHC report; `prefix` picks the unit's own form or the province's.
def cchc_outline(prefix, unit=True):
    k = "u" if unit else "t"
    return [
        (f"{k}.kq", "Kết quả thực hiện công tác cải cách hành chính {period}", None, "", [
            (f"{k}.chidao", "Công tác chỉ đạo, điều hành", None if unit else "CCHC", f"{prefix}.chi-dao", []),
            (f"{k}.theche", "Cải cách thể chế", None if unit else "CCHC", f"{prefix}.the-che", []),
            (f"{k}.thutuc", "Cải cách thủ tục hành chính", None if unit else "CCHC", f"{prefix}.thu-tuc", []),
            (f"{k}.bomay", "Cải cách tổ chức bộ máy", None if unit else "TCBC", f"{prefix}.bo-may", []),
            (f"{k}.congvu", "Cải cách chế độ công vụ", None if unit else "CCVC", f"{prefix}.cong-vu", []),
            (f"{k}.taichinh", "Cải cách tài chính công", None if unit else "CCHC", f"{prefix}.tai-chinh", []),
            (f"{k}.cpso", "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", None if unit else "CCHC",
             f"{prefix}.chinh-quyen-so", []),
        ]),
        (f"{k}.danhgia", "Nhận xét, đánh giá", None, "", [
            (f"{k}.uudiem", "Ưu điểm", None if unit else "CCHC", "", []),
            (f"{k}.hanche", "Hạn chế và nguyên nhân", None if unit else "CCHC", "", []),
        ]),
        (f"{k}.nhiemvu", "Phương hướng, nhiệm vụ {next_period}", None if unit else "CCHC", "", []),
    ]


UNIT_OUTLINE = cchc_outline("cchc-don-vi")

# The province's CCHC report (shaped like Hưng Yên's annual CCHC report): the index results first.
PROVINCE_CCHC = {
    **UNIT_CCHC,
    "code": "province_cchc",
    "name": "Báo cáo công tác cải cách hành chính của tỉnh",
    "intro_template": "{basis}{unit_short} báo cáo kết quả thực hiện công tác cải cách hành chính {period} "
                      "và phương hướng, nhiệm vụ {next_period} như sau:",
    "default_recipients": "\n".join(["Bộ Nội vụ (b/c)", "Thường trực Tỉnh ủy (b/c)", "UBND tỉnh (b/c)",
                                      "Các sở, ban, ngành tỉnh", "Lưu: VT, CCHC"]),
    "issuer_kinds": ["home_affairs"],
    "coverage_note": "sentence",  # figures summed from the units' forms say how many units sent theirs
}
PROVINCE_OUTLINE = [("t.chiso", "Kết quả Chỉ số cải cách hành chính và các chỉ số của tỉnh", "CCHC",
                     "cai-cach-hanh-chinh.chi-so", [])] + cchc_outline("cai-cach-hanh-chinh", unit=False)

# The annual emulation report (UBND tỉnh, drafted by Ban TĐKT), shaped like Hưng Yên's 2021 report.
TDKT_ANNUAL = {
    "code": "tdkt_annual",
    "name": "Báo cáo tổng kết công tác thi đua, khen thưởng năm",
    "title_template": "Tổng kết công tác thi đua, khen thưởng {period}, phương hướng, nhiệm vụ {next_period}",
    "intro_template": "{basis}{unit_short} báo cáo công tác thi đua, khen thưởng {period}; phương hướng, nhiệm vụ "
                      "công tác {next_period} như sau:",
    "closing_template": "Trên đây là báo cáo tổng kết công tác thi đua, khen thưởng {period}, phương hướng, nhiệm vụ "
                        "{next_period} của {unit_name}./.",
    "uses_parts": True,
    "default_recipients": "\n".join(["Ban Thi đua - Khen thưởng Trung ương (b/c)", "Thường trực Tỉnh ủy (b/c)",
                                     "Hội đồng Thi đua - Khen thưởng tỉnh", "Lưu: VT, TĐKT"]),
    "issuer_kinds": ["home_affairs", "province"],
    "period_types": ["annual", "emulation_year"],
}

TDKT_OUTLINE = [
    ("t1", "Kết quả thực hiện nhiệm vụ công tác thi đua, khen thưởng {period}", None, "", [
        ("t1.dd", "Đặc điểm, tình hình", "TDKT", "", []),
        ("t1.kq", "Kết quả thực hiện", None, "", [
            ("t1.cd", "Lãnh đạo, chỉ đạo thực hiện công tác thi đua, khen thưởng", "TDKT", "", []),
            ("t1.pt", "Kết quả tổ chức phong trào thi đua", "TDKT", "thi-dua-khen-thuong.phong-trao", []),
            ("t1.kt", "Công tác khen thưởng", "TDKT", "thi-dua-khen-thuong.theo-cap", []),
            ("t1.tt", "Công tác tuyên truyền, nhân rộng các điển hình tiên tiến", "TDKT", "", []),
            ("t1.bm", "Tổ chức bộ máy; tập huấn, bồi dưỡng chuyên môn, nghiệp vụ công tác thi đua, khen thưởng", "TDKT", "", []),
            ("t1.ttr", "Công tác thanh tra, kiểm tra, giải quyết đơn thư khiếu nại, tố cáo", "TDKT", "", []),
            ("t1.quy", "Quỹ thi đua, khen thưởng", "TDKT", "", []),
            ("t1.cchc", "Công tác cải cách hành chính, ứng dụng công nghệ thông tin", "TDKT", "", []),
        ]),
        ("t1.dg", "Đánh giá kết quả thực hiện", None, "", [
            ("t1.dg.uu", "Ưu điểm", "TDKT", "", []),
            ("t1.dg.han", "Những khó khăn, hạn chế, bất cập", "TDKT", "", []),
            ("t1.dg.ng", "Nguyên nhân tồn tại, hạn chế", "TDKT", "", []),
        ]),
        ("t1.kn", "Kiến nghị, đề xuất", "TDKT", "", []),
    ]),
    ("t2", "Phương hướng, nhiệm vụ công tác {next_period}", None, "", [
        ("t2.ph", "Phương hướng", "TDKT", "", []),
        ("t2.nv", "Nhiệm vụ", "TDKT", "", []),
    ]),
    ("pl.tdkt", "Kết quả khen thưởng năm {year} theo danh hiệu, hình thức, đối tượng và dịp khen thưởng", "TDKT",
     "thi-dua-khen-thuong.phu-luc", []),
]

# (key, title, office suffix, provider key, children)
OUTLINE = [
    ("p1", "Kết quả công tác {period}", None, "", [
        ("p1.1", "Công tác tổ chức nhà nước", None, "", [
            ("tcbm", "Về tổ chức bộ máy và biên chế", "TCBC", "to-chuc-bo-may.bien-che", []),
            ("cbccvc", "Về quản lý đội ngũ cán bộ, công chức, viên chức", "CCVC", "can-bo-cong-chuc.quan-ly", []),
            ("cqdp", "Về xây dựng chính quyền địa phương, địa giới hành chính", "XDCQ", "chinh-quyen.bau-cu", []),
            ("luong", "Về chính sách tiền lương", "CCVC", "tien-luong.che-do", []),
            ("cchc", "Về công tác cải cách hành chính", "CCHC", "cai-cach-hanh-chinh.tong-hop", []),
            ("daotao", "Về đào tạo, bồi dưỡng cán bộ, công chức, viên chức", "CCVC", "dao-tao.boi-duong", []),
        ]),
        ("tdkt", "Công tác thi đua, khen thưởng", "TDKT", "thi-dua-khen-thuong.ket-qua", []),
        ("tongiao", "Công tác tín ngưỡng, tôn giáo", "TG", "ton-giao.tinh-hinh", []),
        ("vtlt", "Công tác văn thư, lưu trữ", "TTLT", "luu-tru.trung-tam, van-thu-luu-tru.don-vi", []),
        ("khac", "Một số nhiệm vụ trọng tâm khác", None, "", [
            ("thanhnien", "Về công tác thanh niên", "XDCQ", "", []),
            ("hoiquy", "Về công tác quản lý hội, quỹ và tổ chức phi chính phủ", "TCBC", "hoi-quy.ket-qua", []),
            ("nhanluc", "Về công tác chiến lược phát triển và quy hoạch phát triển nguồn nhân lực ngành Nội vụ; "
                        "cán bộ nữ, bình đẳng giới; dân vận, dân chủ và phối hợp với các tổ chức chính trị - xã hội",
             "CCVC", "", []),
            ("thanhtra", "Về công tác thanh tra, pháp chế, hoạt động đối ngoại, nghiên cứu khoa học và thông tin báo chí",
             "TTR", "thanh-tra.don-thu", []),
        ]),
        ("danhgia", "Đánh giá chung", None, "", [
            ("ketqua", "Kết quả đạt được", "VP", "", []),
            ("hanche", "Hạn chế", "VP", "", []),
        ]),
    ]),
    ("p2", "Chương trình công tác {next_period}", None, "", [
        ("nhiemvu", "Phương hướng, nhiệm vụ", "VP", "", []),
        ("giaiphap", "Giải pháp thực hiện", "VP", "", []),
    ]),
]

# Narrative of the 2021-H1 report (from the reference, corrected style; no provider figures here).
NARRATIVE_2021_H1 = {
    "tcbm": [
        "Trên cơ sở kết quả hoàn thành nhiệm vụ đổi mới, sắp xếp, kiện toàn tổ chức bộ máy cơ quan hành chính trên địa bàn tỉnh trong năm 2020 (18/19 đơn vị), tỉnh tiếp tục thực hiện Nghị quyết số 19-NQ/TW, rà soát chức năng, nhiệm vụ của các cơ quan, đơn vị sau sắp xếp.",
        "Thực hiện tốt công tác quản lý, sử dụng biên chế công chức và số lượng người làm việc trên địa bàn tỉnh; thực hiện nghiêm việc giao biên chế, quy định số lượng người làm việc và tinh giản biên chế đúng lộ trình được Bộ Nội vụ thẩm định, phê duyệt hằng năm. Tham mưu Hội đồng nhân dân tỉnh ban hành Nghị quyết giao biên chế công chức, số lượng người làm việc, hợp đồng lao động và số lượng người làm việc trong các hội có tính chất đặc thù năm 2021; ban hành Kế hoạch biên chế công chức năm 2022.",
    ],
    "cbccvc": [
        "Thực hiện đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức năm 2020 và cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh theo hướng dẫn của Bộ Nội vụ.",
    ],
    "cqdp": [
        "Được sự quan tâm, chỉ đạo của Tỉnh ủy, Ủy ban nhân dân tỉnh, ngành Nội vụ đã triển khai và thực hiện thành công công tác bầu cử đại biểu Quốc hội khóa XV và đại biểu Hội đồng nhân dân các cấp, nhiệm kỳ 2021 - 2026, bảo đảm kịp thời, đúng tiến độ theo quy định của Hội đồng bầu cử quốc gia.",
        "Phê chuẩn kết quả bầu bổ sung chức danh Chủ tịch Ủy ban nhân dân thành phố Ngã Bảy, nhiệm kỳ 2016 - 2021. Đánh giá tiêu chí số 15 trong Bộ tiêu chí xã nông thôn mới nâng cao tỉnh Hậu Giang giai đoạn 2018 - 2020 thuộc 04 đơn vị.",
    ],
    "luong": [
        "Hướng dẫn các cơ quan, đơn vị rà soát, lập danh sách nâng bậc lương năm 2021 và thực hiện các quy định mới về chế độ phụ cấp theo hướng dẫn của Bộ Nội vụ.",
    ],
    "cchc": [
        "Ban hành và triển khai thực hiện Kế hoạch cải cách hành chính nhà nước tỉnh Hậu Giang năm 2021; Kế hoạch cải cách hành chính nhà nước giai đoạn 2021 - 2030; Kế hoạch kiểm tra công tác cải cách hành chính và công vụ năm 2021.",
        "Tổ chức thành công Hội nghị công bố kết quả đánh giá, xếp loại công tác cải cách hành chính năm 2020 và Hội thi tuyên truyền cải cách hành chính năm 2021 gắn với tuyên truyền cuộc bầu cử.",
    ],
    "daotao": [
        "Tham mưu trình Ban Cán sự Đảng Ủy ban nhân dân tỉnh ban hành Nghị quyết về phát triển nguồn nhân lực tỉnh Hậu Giang giai đoạn 2021 - 2025, tầm nhìn đến năm 2030.",
    ],
    "tdkt": [
        "Ban hành và triển khai thực hiện Kế hoạch phát động phong trào thi đua yêu nước năm 2021; tổ chức thành công Hội nghị tổng kết thực hiện giao ước thi đua năm 2020 Cụm thi đua các tỉnh Tây Nam Bộ; thống nhất kết quả cụm, khối thi đua của tỉnh năm 2020.",
        "Tiếp và làm việc với đoàn kiểm tra, giám sát việc thực hiện phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” của Ban Thi đua - Khen thưởng Trung ương. Tổ chức Lễ đón nhận danh hiệu Anh hùng lao động thời kỳ đổi mới, kỷ niệm 20 năm tái lập huyện Châu Thành A.",
    ],
    "tongiao": [
        "Về cơ bản, tình hình hoạt động tôn giáo trên địa bàn tỉnh tương đối ổn định, ngày càng đi vào nền nếp; các cơ sở tôn giáo được hướng dẫn tổ chức Đại lễ Phật đản và các nghi lễ khác đúng quy định phòng, chống dịch Covid-19.",
        "Thường xuyên gặp gỡ, thăm hỏi, tìm hiểu tâm tư, nguyện vọng của chức sắc, chức việc các tổ chức tôn giáo; ban hành danh mục các tổ chức tôn giáo, tổ chức được cấp chứng nhận đăng ký hoạt động tôn giáo trên địa bàn tỉnh; báo cáo sơ kết 03 năm thực hiện Luật Tín ngưỡng, tôn giáo và Nghị định số 162/2017/NĐ-CP.",
    ],
    "vtlt": [
        "Ban hành và triển khai thực hiện Kế hoạch công tác văn thư, lưu trữ năm 2021; Kế hoạch kiểm tra công tác văn thư, lưu trữ, hoạt động và sử dụng dịch vụ lưu trữ năm 2021; Kế hoạch thu thập tài liệu lưu trữ vào Lưu trữ lịch sử tỉnh giai đoạn 2021 - 2025.",
        "Báo cáo kết quả thực hiện Kế hoạch công tác văn thư, lưu trữ năm 2020 và báo cáo về quản lý chứng chỉ hành nghề lưu trữ, hoạt động dịch vụ lưu trữ theo Thông tư số 09/2014/TT-BNV.",
    ],
    "thanhnien": [
        "Triển khai thực hiện một số nhiệm vụ trọng tâm trong công tác quản lý nhà nước về thanh niên năm 2021; tham gia góp ý dự thảo Chiến lược phát triển thanh niên Việt Nam giai đoạn 2021 - 2030.",
    ],
    "hoiquy": [
        "Các tổ chức hội trên địa bàn tỉnh hoạt động đúng quy định của pháp luật về hội; nhiều hoạt động thiết thực như hỗ trợ, thăm hỏi, tặng quà, giúp đỡ hội viên được tổ chức thường xuyên.",
    ],
    "nhanluc": [
        "Tiếp tục rà soát và xây dựng Kế hoạch đào tạo và phát triển nguồn nhân lực ngành Nội vụ giai đoạn 2021 - 2025. Sự tham gia bình đẳng của phụ nữ trong các vị trí lãnh đạo, quản lý ở các cấp có nhiều chuyển biến tích cực.",
    ],
    "thanhtra": [
        "Ban hành Kế hoạch thanh tra, kiểm tra năm 2021, Kế hoạch thực hiện công tác phòng, chống tham nhũng năm 2021, Kế hoạch tiếp công dân, xử lý đơn thư và giải quyết khiếu nại, tố cáo năm 2021.",
        "Triển khai cuộc thanh tra việc chấp hành các quy định của pháp luật trong công tác văn thư, lưu trữ tại Ủy ban nhân dân huyện Châu Thành.",
    ],
    "ketqua": [
        "Được sự quan tâm lãnh đạo, chỉ đạo sâu sát, kịp thời của Tỉnh ủy, Hội đồng nhân dân, Ủy ban nhân dân tỉnh, Sở Nội vụ đã phối hợp nhịp nhàng với các sở, ban, ngành tỉnh, Ủy ban nhân dân các huyện, thị xã, thành phố; các nhiệm vụ của ngành Nội vụ 6 tháng đầu năm đạt được nhiều kết quả quan trọng.",
        "Đặc biệt, cuộc bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp thành công tốt đẹp; Hậu Giang là đơn vị báo cáo kết quả bầu cử về Trung ương sớm nhất trong cả nước.",
    ],
    "hanche": [
        "- Công tác phối hợp với các sở, ban, ngành tỉnh và các huyện, thị xã, thành phố có lúc, có nơi chưa nhịp nhàng, hiệu quả chưa cao.",
        "- Tài liệu tồn đọng, tích đống chưa được chỉnh lý còn nhiều; tài liệu bảo quản còn phân tán do chưa có phương tiện, kho lưu trữ tập trung.",
    ],
    "nhiemvu": [
        "- Thẩm định Đề án sắp xếp tổ chức bộ máy cơ quan chuyên môn, đơn vị sự nghiệp thuộc Ủy ban nhân dân cấp huyện; thẩm định, tổng hợp hồ sơ tinh giản biên chế đợt II năm 2021.",
        "- Tiếp tục ban hành các văn bản sau bầu cử; tổ chức tập huấn đối với đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026.",
        "- Báo cáo kết quả công tác cải cách hành chính năm 2021 và xây dựng kế hoạch cải cách hành chính năm 2022.",
    ],
    "giaiphap": [
        "- Cấp ủy đảng, chính quyền các cấp tập trung chỉ đạo sâu sát công tác tham mưu, phối hợp đối với ngành Nội vụ.",
        "- Phát huy vai trò, trách nhiệm của người đứng đầu; nâng cao chất lượng tham mưu và ứng dụng công nghệ thông tin trong nghiệp vụ chuyên môn.",
    ],
}


# The annual report's appendices (printed after the signature; a key starting «pl.» marks an appendix).
ANNUAL_APPENDICES = [
    ("pl.bienche", "Biên chế được giao và đã sử dụng năm {year} của các cơ quan, đơn vị", "TCBC", "bien-che.phu-luc", []),
    ("pl.qppl", "Danh mục văn bản quy phạm pháp luật do Hội đồng nhân dân, Ủy ban nhân dân tỉnh ban hành năm {year}",
     "VP", "van-ban.qppl", []),
    ("pl.tdkt", "Kết quả công tác khen thưởng năm {year}", "TDKT", "thi-dua-khen-thuong.phu-luc", []),
    ("pl.cchc", "Kết quả Chỉ số cải cách hành chính của các cơ quan, đơn vị", "CCHC", "cai-cach-hanh-chinh.chi-so-don-vi",
     []),
    ("pl.nhiemvu", "Nhiệm vụ trọng tâm {next_period}", "VP", "ke-hoach.nhiem-vu-trong-tam", []),
]


def _annual_body(items=OUTLINE):
    """The six-month outline with the year's key-task results under «Kết quả đạt được»."""
    return [(key, title, office, "ke-hoach.ket-qua" if key == "ketqua" else provider, _annual_body(children))
            for key, title, office, provider, children in items]


def build_outline(kind, outline=OUTLINE, so_code="SNV"):
    """Create the kind's outline once; returns {key: OutlineSection}."""
    offices = {u.code: u for u in OrgUnit.objects.filter(code__startswith=f"{so_code}-")}
    created = {}
    counter = [0]

    def add(items, parent):
        for key, title, office, provider, children in items:
            counter[0] += 1
            section = OutlineSection.objects.create(
                kind=kind, parent=parent, title=title, provider_key=provider, is_appendix=key.startswith("pl."),
                office=offices.get(f"{so_code}-{office}") if office else None, order=counter[0] * 10,
            )
            created[key] = section
            add(children, section)

    add(outline, None)
    return created


def six_month_kind():
    kind, _ = ReportKind.objects.get_or_create(code=SIX_MONTH["code"], defaults=SIX_MONTH)
    sections = {}
    if not kind.sections.exists():
        sections = build_outline(kind)
    return kind, sections


def other_kinds():
    """The annual kind (the six-month outline and its appendices), the units' own CCHC report kind and the
    annual TĐKT kind."""
    annual, _ = ReportKind.objects.get_or_create(code=ANNUAL["code"], defaults=ANNUAL)
    if not annual.sections.exists():
        build_outline(annual, _annual_body() + ANNUAL_APPENDICES)
    unit_kind, _ = ReportKind.objects.get_or_create(code=UNIT_CCHC["code"], defaults=UNIT_CCHC)
    if not unit_kind.sections.exists():
        build_outline(unit_kind, UNIT_OUTLINE)
    tdkt, _ = ReportKind.objects.get_or_create(code=TDKT_ANNUAL["code"], defaults=TDKT_ANNUAL)
    if not tdkt.sections.exists():
        build_outline(tdkt, TDKT_OUTLINE)
    province_kind, _ = ReportKind.objects.get_or_create(code=PROVINCE_CCHC["code"], defaults=PROVINCE_CCHC)
    if not province_kind.sections.exists():
        build_outline(province_kind, PROVINCE_OUTLINE)
    return annual, unit_kind


@transaction.atomic
def seed(until_year=None):
    from reports.services import snapshot_outline

    kind, sections = six_month_kind()
    other_kinds()
    period = Period.objects.filter(code="2021-H1").first()
    unit = OrgUnit.objects.filter(code="SNV").first()
    if period is None or unit is None:
        return {"loại báo cáo": 1, "báo cáo": 0}
    if Report.objects.filter(kind=kind, period=period, unit=unit).exists():
        return {"loại báo cáo": 1, "báo cáo": 0}
    titles = {title: key for key, title in _flatten_titles(OUTLINE)}
    basis = LegalDocument.objects.filter(doc_type=DocumentType.PLAN, number="97", symbol="KH-UBND").first()
    report = Report.objects.create(
        kind=kind, period=period, unit=unit, number="15", symbol="BC-SNV", place="Hậu Giang",
        issued_on=datetime.date(2021, 6, 14), basis=basis, recipients=kind.default_recipients,
        signer_authority=SignerAuthority.DIRECTOR, signer_name="Nguyễn Văn Minh", is_draft=True,
    )
    copies = snapshot_outline(report, kind)  # the report's own sections: narratives hang on them
    sections = {titles[c.title]: c for c in copies.values() if c.title in titles}
    author = get_user_model().objects.filter(username="cv.tcbc").first()
    narratives = [
        SectionNarrative(report=report, section=sections[key], text="\n".join(lines),
                         status=NarrativeStatus.READY, updated_by=author)
        for key, lines in NARRATIVE_2021_H1.items() if key in sections
    ]
    SectionNarrative.objects.bulk_create(narratives)
    return {"loại báo cáo": 1, "báo cáo": 1, "mục có nội dung": len(narratives)}


def _flatten_titles(items):
    for key, title, _office, _provider, children in items:
        yield key, title
        yield from _flatten_titles(children)
