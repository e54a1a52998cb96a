"""The unit CCHC submission (biểu CCHC-DV) as data, installed by `collection.catalogue.load_catalogue`.

Its sections follow the outline every CCHC report uses (Bộ Nội vụ's): direction, institutions,
administrative procedures, dossiers (with their split by level), apparatus, civil service, public
finance, e-government. The fifteen codes of the first version (TTHC_CONG_BO … VB_KY_SO_TY_LE) keep
their meaning, so stored values and the six-month report's sentence stay as they were.

Totals and parts are both typed. Where a part could only be derived (the balance of dossiers, the
split by channel or by level), a difference is a warning the unit must explain before sending
(`needs_explanation`), never a silent recomputation; a rule over figures a unit may not keep (the
level split of a department) runs only when every figure it names was typed (`skip_if_any_missing`).
"""

from collection.models import Aggregation, Severity, ValueType
from core.models import PeriodType

I, D, P, M = ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT, ValueType.MONEY
S = Aggregation.SUM
LEVEL = "cap-hanh-chinh"
EXPLAIN = {"needs_explanation": True, "skip_if_any_missing": True}
WHEN_FILLED = {"skip_if_any_missing": True}

COMBOS = {
    LEVEL: ("Cấp giải quyết", [("cap-tinh", "Cấp tỉnh"), ("cap-huyen", "Cấp huyện"), ("cap-xa", "Cấp xã")]),
}


def _count(code, name, unit):
    return (code, name, unit, I, S, None, 0, None)


def _level(code, name, unit):
    return (code, name, unit, I, S, LEVEL, 0, None)


CCHC_DV = {
    "code": "CCHC-DV",
    "name": "Báo cáo kết quả cải cách hành chính của đơn vị",
    "period_type": PeriodType.SIX_MONTH,
    "reporting_kinds": ["department", "district", "commune"],
    "units": [],
    "office": "CCHC",
    "expiry_days": 30,
    "sort_order": 0,
    "description": (
        "Số liệu cải cách hành chính của đơn vị trong kỳ, theo đề cương báo cáo của Bộ Nội vụ: chỉ đạo, điều hành; "
        "thể chế; thủ tục hành chính và hồ sơ (theo cấp giải quyết nếu đơn vị có nhiều cấp); bộ máy; công vụ; "
        "tài chính công; chính quyền điện tử, chính quyền số. Số liệu có mốc thời gian riêng thì ghi vào ô ghi chú "
        "(ví dụ «tính đến ngày 15/6»)."
    ),
    "sections": [
        ("chi-dao", "I. Công tác chỉ đạo, điều hành, kiểm tra và tuyên truyền", [
            _count("CD_VAN_BAN", "Số văn bản chỉ đạo, điều hành về cải cách hành chính được ban hành", "văn bản"),
            _count("CD_NHIEM_VU", "Số nhiệm vụ trong kế hoạch cải cách hành chính năm", "nhiệm vụ"),
            _count("CD_NHIEM_VU_XONG", "Trong đó: số nhiệm vụ đã hoàn thành", "nhiệm vụ"),
            _count("CD_KIEM_TRA", "Số cuộc kiểm tra công tác cải cách hành chính", "cuộc"),
            _count("CD_DON_VI_KIEM_TRA", "Số cơ quan, đơn vị được kiểm tra", "đơn vị"),
            _count("CD_TON_TAI", "Số tồn tại, hạn chế phát hiện qua kiểm tra", "vấn đề"),
            _count("CD_TON_TAI_XONG", "Trong đó: đã khắc phục", "vấn đề"),
            _count("CD_TUYEN_TRUYEN", "Số tin, bài, hoạt động tuyên truyền về cải cách hành chính", "tin, bài"),
            _count("CD_SANG_KIEN", "Số sáng kiến, giải pháp cải cách hành chính được công nhận", "sáng kiến"),
        ]),
        ("the-che", "II. Cải cách thể chế", [
            _count("TC_VB_BAN_HANH", "Số văn bản quy phạm pháp luật được soạn thảo, ban hành", "văn bản"),
            _count("TC_VB_RA_SOAT", "Số văn bản quy phạm pháp luật được rà soát, hệ thống hóa", "văn bản"),
            _count("TC_VB_KIEM_TRA", "Số văn bản được kiểm tra theo thẩm quyền", "văn bản"),
            _count("TC_VB_XU_LY", "Số văn bản kiến nghị sửa đổi, bổ sung, thay thế, bãi bỏ", "văn bản"),
        ]),
        ("tthc", "III. Cải cách thủ tục hành chính", [
            ("TTHC_CONG_BO", "Số thủ tục hành chính được công bố, công khai", "thủ tục", I, S, None, 0, 3000),
            _count("TTHC_CONG_KHAI", "Số thủ tục hành chính được công khai đầy đủ tại nơi tiếp nhận và trên Cổng dịch vụ công", "thủ tục"),
            _count("TTHC_RA_SOAT", "Số thủ tục hành chính được rà soát, đánh giá", "thủ tục"),
            ("TTHC_DON_GIAN_HOA", "Số thủ tục hành chính được đơn giản hóa", "thủ tục", I, S, None, 0, 500),
            ("TTHC_MOT_CUA", "Số thủ tục hành chính giải quyết theo cơ chế một cửa", "thủ tục", I, S, None, 0, 3000),
            ("TTHC_LIEN_THONG", "Số thủ tục hành chính giải quyết theo cơ chế một cửa liên thông", "thủ tục", I, S, None, 0, 1000),
            _count("PAKN_TIEP_NHAN", "Số phản ánh, kiến nghị về quy định, thủ tục hành chính tiếp nhận", "phản ánh"),
            _count("PAKN_DA_XU_LY", "Trong đó: đã xử lý", "phản ánh"),
        ]),
        ("ho-so", "IV. Tiếp nhận và giải quyết hồ sơ thủ tục hành chính", [
            _count("HS_KY_TRUOC", "Số hồ sơ kỳ trước chuyển sang", "hồ sơ"),
            ("HS_TIEP_NHAN", "Tổng số hồ sơ tiếp nhận", "hồ sơ", I, S, None, 0, None),
            _count("HS_TRUC_TIEP", "Trong đó: tiếp nhận trực tiếp", "hồ sơ"),
            ("HS_TRUC_TUYEN", "Trong đó: tiếp nhận trực tuyến", "hồ sơ", I, S, None, 0, None),
            _count("HS_BUU_CHINH", "Trong đó: tiếp nhận qua dịch vụ bưu chính công ích", "hồ sơ"),
            ("HS_DA_GIAI_QUYET", "Số hồ sơ đã giải quyết", "hồ sơ", I, S, None, 0, None),
            _count("HS_SOM_HAN", "Giải quyết trước hạn", "hồ sơ"),
            ("HS_DUNG_HAN", "Giải quyết đúng hạn", "hồ sơ", I, S, None, 0, None),
            ("HS_TRE_HAN", "Giải quyết trễ hạn", "hồ sơ", I, S, None, 0, None),
            _count("HS_RUT", "Số hồ sơ tổ chức, cá nhân rút lại", "hồ sơ"),
            _count("HS_TU_CHOI", "Số hồ sơ từ chối giải quyết (trả lại, có nêu lý do)", "hồ sơ"),
            _count("HS_DANG_TRONG_HAN", "Số hồ sơ đang giải quyết, còn trong hạn", "hồ sơ"),
            _count("HS_DANG_QUA_HAN", "Số hồ sơ đang giải quyết, đã quá hạn", "hồ sơ"),
            ("HS_XIN_LOI", "Số văn bản xin lỗi do trễ hạn", "văn bản", I, S, None, 0, None),
        ]),
        ("ho-so-cap", "V. Hồ sơ thủ tục hành chính theo cấp giải quyết (đơn vị có nhiều cấp)", [
            _level("HSC_TIEP_NHAN", "Hồ sơ tiếp nhận (theo cấp)", "hồ sơ"),
            _level("HSC_TRUC_TUYEN", "Hồ sơ tiếp nhận trực tuyến (theo cấp)", "hồ sơ"),
            _level("HSC_DA_GIAI_QUYET", "Hồ sơ đã giải quyết (theo cấp)", "hồ sơ"),
            _level("HSC_TRE_HAN", "Hồ sơ giải quyết trễ hạn (theo cấp)", "hồ sơ"),
            _level("HSC_DVC", "Dịch vụ công trực tuyến cung cấp (theo cấp)", "dịch vụ"),
        ]),
        ("bo-may", "VI. Cải cách tổ chức bộ máy", [
            _count("BM_SAP_XEP", "Số cơ quan, đơn vị được sắp xếp, kiện toàn", "đơn vị"),
            _count("BM_GIAM_DAU_MOI", "Số đầu mối giảm sau sắp xếp", "đầu mối"),
            _count("BM_VI_TRI_VIEC_LAM", "Số vị trí việc làm được phê duyệt, điều chỉnh", "vị trí"),
        ]),
        ("cong-vu", "VII. Cải cách chế độ công vụ", [
            _count("CV_TUYEN_DUNG", "Số công chức, viên chức được tuyển dụng", "người"),
            _count("CV_DAO_TAO", "Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng", "lượt người"),
            _count("CV_KY_LUAT", "Số cán bộ, công chức, viên chức bị xử lý kỷ luật", "người"),
            _count("CV_KIEM_TRA_CONG_VU", "Số cuộc kiểm tra công vụ, kỷ luật, kỷ cương hành chính", "cuộc"),
        ]),
        ("tai-chinh", "VIII. Cải cách tài chính công", [
            _count("TCC_DVSN_TONG", "Tổng số đơn vị sự nghiệp công lập", "đơn vị"),
            _count("TCC_DVSN_TU_CHU", "Trong đó: tự bảo đảm chi thường xuyên (và chi đầu tư)", "đơn vị"),
            ("TCC_VON_GIAO", "Kế hoạch vốn đầu tư công được giao", "đồng", M, S, None, 0, None),
            ("TCC_VON_GIAI_NGAN", "Vốn đầu tư công đã giải ngân", "đồng", M, S, None, 0, None),
        ]),
        ("dvc", "IX. Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", [
            _count("VB_DIEN_TU", "Số văn bản đi gửi, nhận trên phần mềm quản lý văn bản", "văn bản"),
            ("VB_KY_SO_TY_LE", "Tỷ lệ văn bản đi được ký số", "%", P, Aggregation.AVERAGE, None, None, None),
            ("CKS_CAP", "Số chứng thư chữ ký số chuyên dùng được cấp", "chứng thư", I, S, None, 0, None),
            _count("CKS_SU_DUNG", "Trong đó: đang sử dụng", "chứng thư"),
            _count("THU_CONG_VU", "Số hộp thư điện tử công vụ được cấp", "hộp thư"),
            ("DVC_TOAN_TRINH", "Số dịch vụ công trực tuyến toàn trình", "dịch vụ", I, S, None, 0, 3000),
            ("DVC_MOT_PHAN", "Số dịch vụ công trực tuyến một phần", "dịch vụ", I, S, None, 0, 3000),
            _count("TT_TRUC_TUYEN", "Số hồ sơ thanh toán trực tuyến", "hồ sơ"),
            ("ISO_AP_DUNG", "Đơn vị áp dụng ISO 9001:2015 (1 = có, 0 = không)", "đơn vị", I, S, None, 0, 1),
            _count("ISO_QUY_TRINH", "Số quy trình nội bộ theo ISO 9001:2015 được xây dựng, áp dụng", "quy trình"),
        ]),
    ],
    "rules": [
        # The first rule's name is kept: it is the rule's key in a province's database.
        ("Đúng hạn + trễ hạn = đã giải quyết", "#{HS_SOM_HAN} + #{HS_DUNG_HAN} + #{HS_TRE_HAN}", "==", "#{HS_DA_GIAI_QUYET}",
         Severity.ERROR, "Số hồ sơ giải quyết trước hạn, đúng hạn cộng trễ hạn phải bằng số hồ sơ đã giải quyết."),
        ("Đã giải quyết ≤ tiếp nhận", "#{HS_DA_GIAI_QUYET}", "<=", "#{HS_KY_TRUOC} + #{HS_TIEP_NHAN}", Severity.ERROR,
         "Số hồ sơ đã giải quyết không được lớn hơn số hồ sơ kỳ trước chuyển sang cộng số tiếp nhận trong kỳ."),
        ("Trực tuyến ≤ tiếp nhận", "#{HS_TRUC_TUYEN}", "<=", "#{HS_TIEP_NHAN}", Severity.ERROR,
         "Số hồ sơ tiếp nhận trực tuyến không được lớn hơn tổng số hồ sơ tiếp nhận."),
        ("Xin lỗi ≤ trễ hạn", "#{HS_XIN_LOI}", "<=", "#{HS_TRE_HAN} + #{HS_DANG_QUA_HAN}", Severity.WARNING,
         "Số văn bản xin lỗi lớn hơn số hồ sơ trễ hạn: kiểm tra lại."),
        ("Cân đối hồ sơ", "#{HS_DA_GIAI_QUYET} + #{HS_RUT} + #{HS_TU_CHOI} + #{HS_DANG_TRONG_HAN} + #{HS_DANG_QUA_HAN}",
         "==", "#{HS_KY_TRUOC} + #{HS_TIEP_NHAN}", Severity.WARNING,
         "Hồ sơ đã giải quyết, rút, từ chối và đang giải quyết chưa bằng hồ sơ kỳ trước chuyển sang cộng hồ sơ tiếp nhận.",
         EXPLAIN),
        ("Tiếp nhận theo hình thức", "#{HS_TRUC_TIEP} + #{HS_TRUC_TUYEN} + #{HS_BUU_CHINH}", "==", "#{HS_TIEP_NHAN}",
         Severity.WARNING, "Hồ sơ tiếp nhận trực tiếp, trực tuyến và qua bưu chính chưa bằng tổng số hồ sơ tiếp nhận.",
         EXPLAIN),
        ("Tiếp nhận theo cấp", "#{HSC_TIEP_NHAN}", "==", "#{HS_TIEP_NHAN}", Severity.WARNING,
         "Hồ sơ tiếp nhận theo cấp cộng lại chưa bằng tổng số hồ sơ tiếp nhận.", EXPLAIN),
        ("Trực tuyến theo cấp", "#{HSC_TRUC_TUYEN}", "==", "#{HS_TRUC_TUYEN}", Severity.WARNING,
         "Hồ sơ trực tuyến theo cấp cộng lại chưa bằng tổng số hồ sơ tiếp nhận trực tuyến.", EXPLAIN),
        ("Đã giải quyết theo cấp", "#{HSC_DA_GIAI_QUYET}", "==", "#{HS_DA_GIAI_QUYET}", Severity.WARNING,
         "Hồ sơ đã giải quyết theo cấp cộng lại chưa bằng tổng số hồ sơ đã giải quyết.", EXPLAIN),
        ("Trễ hạn theo cấp", "#{HSC_TRE_HAN}", "==", "#{HS_TRE_HAN}", Severity.WARNING,
         "Hồ sơ trễ hạn theo cấp cộng lại chưa bằng tổng số hồ sơ trễ hạn.", EXPLAIN),
        ("Dịch vụ công theo cấp", "#{HSC_DVC}", "==", "#{DVC_TOAN_TRINH} + #{DVC_MOT_PHAN}", Severity.WARNING,
         "Dịch vụ công trực tuyến theo cấp cộng lại chưa bằng số dịch vụ toàn trình cộng một phần.", EXPLAIN),
        ("Phản ánh đã xử lý ≤ tiếp nhận", "#{PAKN_DA_XU_LY}", "<=", "#{PAKN_TIEP_NHAN}", Severity.ERROR,
         "Số phản ánh, kiến nghị đã xử lý không được lớn hơn số tiếp nhận."),
        ("Nhiệm vụ hoàn thành ≤ kế hoạch", "#{CD_NHIEM_VU_XONG}", "<=", "#{CD_NHIEM_VU}", Severity.ERROR,
         "Số nhiệm vụ đã hoàn thành không được lớn hơn số nhiệm vụ trong kế hoạch.", WHEN_FILLED),
        ("Tồn tại đã khắc phục ≤ phát hiện", "#{CD_TON_TAI_XONG}", "<=", "#{CD_TON_TAI}", Severity.ERROR,
         "Số tồn tại, hạn chế đã khắc phục không được lớn hơn số phát hiện qua kiểm tra.", WHEN_FILLED),
        ("Đơn vị tự chủ ≤ tổng số", "#{TCC_DVSN_TU_CHU}", "<=", "#{TCC_DVSN_TONG}", Severity.ERROR,
         "Số đơn vị sự nghiệp tự chủ không được lớn hơn tổng số đơn vị sự nghiệp công lập.", WHEN_FILLED),
        ("Giải ngân ≤ kế hoạch vốn", "#{TCC_VON_GIAI_NGAN}", "<=", "#{TCC_VON_GIAO}", Severity.WARNING,
         "Vốn đã giải ngân lớn hơn kế hoạch vốn được giao: kiểm tra lại.", WHEN_FILLED),
        ("Chữ ký số đang dùng ≤ được cấp", "#{CKS_SU_DUNG}", "<=", "#{CKS_CAP}", Severity.WARNING,
         "Số chứng thư chữ ký số đang sử dụng lớn hơn số được cấp: kiểm tra lại.", WHEN_FILLED),
    ],
}

# Reference windows: most figures are «trong kỳ» (a year adds its two halves); these are «tính đến»
# the end of the period (a year takes its second half's) or «đầu kỳ» (a year takes its first half's).
AS_OF_END = {
    "CD_NHIEM_VU", "CD_NHIEM_VU_XONG", "HS_DANG_TRONG_HAN", "HS_DANG_QUA_HAN", "HSC_DVC", "DVC_TOAN_TRINH",
    "DVC_MOT_PHAN", "CKS_SU_DUNG", "TCC_DVSN_TONG", "TCC_DVSN_TU_CHU", "TCC_VON_GIAO", "TCC_VON_GIAI_NGAN",
    "ISO_AP_DUNG", "ISO_QUY_TRINH", "VB_KY_SO_TY_LE",
}
AS_OF_START = {"HS_KY_TRUOC"}

DATA_SETS = [CCHC_DV]
