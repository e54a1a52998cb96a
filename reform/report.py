"""The administrative reform (CCHC) app's reporting interface: its providers and indicators,
through the report kit only (`core.reporting`).

One builder per section of the Bộ Nội vụ CCHC outline, each registered twice:

    section                                   province (approved, over the root)   the unit's own form
    Công tác chỉ đạo, điều hành               cai-cach-hanh-chinh.chi-dao          cchc-don-vi.chi-dao
    Cải cách thể chế                          cai-cach-hanh-chinh.the-che          cchc-don-vi.the-che
    Cải cách thủ tục hành chính (+ hồ sơ)     cai-cach-hanh-chinh.thu-tuc          cchc-don-vi.thu-tuc
    Cải cách tổ chức bộ máy                   cai-cach-hanh-chinh.bo-may           cchc-don-vi.bo-may
    Cải cách chế độ công vụ                   cai-cach-hanh-chinh.cong-vu          cchc-don-vi.cong-vu
    Cải cách tài chính công                   cai-cach-hanh-chinh.tai-chinh        cchc-don-vi.tai-chinh
    Chính quyền điện tử, chính quyền số       cai-cach-hanh-chinh.chinh-quyen-so   cchc-don-vi.chinh-quyen-so

The province's figures are the approved forms of the units under the report's root (`ctx.figures`,
so the pipeline states the coverage); the unit's own report reads the issuing unit's own form in
whatever status, and its first section says which («đã được Sở Nội vụ phê duyệt ngày …» or not).
`cai-cach-hanh-chinh.tong-hop` is the six-month report's CCHC section (the index result, then the
dossiers); `cai-cach-hanh-chinh.ho-so` (the dossiers alone) stays for the outlines that name it.

The index results (PAR INDEX, SIPAS, PAPI) are the reform app's registers (`reform.selectors`):
read through `index_result` when that module exists, else the sentence is left out.
Rates (on time, online share, …) are computed in the database (`reform.submission`).
"""

from dataclasses import dataclass, field

from core import formatting as f
from core.reporting import Table, in_sentence, indicator, phrase, provider, unit_breakdown
from reform import submission as forms

DATA_SET = forms.DATA_SET
LEVELS = [("cap-tinh", "cấp tỉnh"), ("cap-huyen", "cấp huyện"), ("cap-xa", "cấp xã")]


def _value(figures, element, option=None):
    return figures.get((element, option))


def _positive(value):
    return value is not None and value > 0


N = ("number", "số liệu")
PCT = ("number", "tỷ lệ %")
KY = ("text", "kỳ báo cáo («6 tháng đầu năm»)")
WHO = ("text", "chủ thể («các cơ quan, đơn vị» hoặc tên đơn vị)")
LIST = ("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)")


@dataclass
class Figures:
    """What a section builder reads: values {(code, option): Decimal}, rates {name: Decimal}, who
    speaks («các cơ quan, đơn vị» for the province, the unit's name for its own report)."""

    values: dict = field(default_factory=dict)
    rates: dict = field(default_factory=dict)
    who: str = ""
    own: bool = False

    def get(self, code, option=None):
        return self.values.get((code, option))

    def levels(self, code):
        return [(label, self.get(code, option)) for option, label in LEVELS]


def province_figures(ctx):
    """The approved forms over the report's root (coverage noted by the pipeline). A year is its two
    six-month forms combined (`reform.submission.combine`), read without the pipeline's coverage,
    which counts forms of the report's own period."""
    if forms.form_periods(ctx.period) != [ctx.period]:
        values = ctx.cached("reform.year", lambda: forms.subtree_values(ctx.period, ctx.root))
    else:
        values = ctx.figures(DATA_SET)
    return Figures(values=values, rates=province_rates(ctx), who="các cơ quan, đơn vị")


def province_rates(ctx):
    """The rates over the root, from the database (none without a root: nothing to read them from)."""
    return ctx.cached("reform.rates", lambda: forms.subtree_rates(ctx.period, ctx.root) if ctx.root is not None else {})


def own_form(ctx):
    return ctx.cached("reform.own", lambda: forms.own_form(ctx.unit, ctx.period))


def own_figures(ctx):
    """The issuing unit's own form, in any status; a split element's total is the sum of its levels."""
    form = own_form(ctx)
    values = dict(form.values)
    for code in {c for (c, o) in form.values if o is not None}:
        values.setdefault((code, None), form.total(code))
    return Figures(values=values, rates=form.rates, who=in_sentence(ctx.unit.name) if ctx.unit else "", own=True)


# ---------------------------------------------------------------------------------------------
# Where the unit's figures come from (its own report says whether the Sở approved them)
# ---------------------------------------------------------------------------------------------

phrase("cchc-don-vi.nguon", "CCHC của đơn vị: câu nói số liệu lấy từ biểu của đơn vị và tình trạng của biểu",
       "Số liệu trong báo cáo lấy từ biểu {text:bieu_mau} {text:ky} của đơn vị, {text:tinh_trang}.",
       bieu_mau=("text", "mã biểu mẫu"), ky=("text", "kỳ báo cáo, có năm"),
       tinh_trang=("text", "tình trạng của biểu (một trong các mẫu câu «cchc-don-vi.nguon.*»)"))
phrase("cchc-don-vi.nguon.da-duyet", "CCHC của đơn vị: tình trạng — đã phê duyệt",
       "đã được Sở Nội vụ phê duyệt {text:ngay}", ngay=("text", "ngày phê duyệt («ngày 12 tháng 6 năm 2021»)"))
phrase("cchc-don-vi.nguon.cho-duyet", "CCHC của đơn vị: tình trạng — chờ xét duyệt",
       "đã gửi Sở Nội vụ, đang chờ xét duyệt (số liệu chưa được phê duyệt)")
phrase("cchc-don-vi.nguon.tra-lai", "CCHC của đơn vị: tình trạng — bị trả lại",
       "bị Sở Nội vụ trả lại, đơn vị đang chỉnh sửa (số liệu chưa được phê duyệt)")
phrase("cchc-don-vi.nguon.dang-nhap", "CCHC của đơn vị: tình trạng — đang nhập",
       "đơn vị đang nhập, chưa gửi Sở Nội vụ (số liệu chưa được phê duyệt)")
phrase("cchc-don-vi.chua-nhap", "CCHC của đơn vị: câu khi đơn vị chưa nhập biểu",
       "Đơn vị chưa nhập biểu {text:bieu_mau} {text:ky}; các số liệu của báo cáo sẽ có khi biểu được nhập.",
       bieu_mau=("text", "mã biểu mẫu"), ky=("text", "kỳ báo cáo, có năm"))

STATUS_PHRASES = {"approved": "cchc-don-vi.nguon.da-duyet", "submitted": "cchc-don-vi.nguon.cho-duyet",
                  "returned": "cchc-don-vi.nguon.tra-lai", "draft": "cchc-don-vi.nguon.dang-nhap"}


def _words(segments):
    return "".join(str(s) for s in segments or ())


def source_sentence(ctx):
    form = own_form(ctx)
    if form.submission is None:
        return ctx.sentence("cchc-don-vi.chua-nhap", bieu_mau=DATA_SET, ky=ctx.period.label)
    values = {}
    if form.status == "approved" and form.submission.reviewed_at:
        from django.utils import timezone

        values["ngay"] = f.long_date(timezone.localtime(form.submission.reviewed_at).date())
    state = _words(ctx.say(STATUS_PHRASES[form.status], **values))
    return ctx.sentence("cchc-don-vi.nguon", bieu_mau=DATA_SET, ky=ctx.period.label, tinh_trang=state)


# ---------------------------------------------------------------------------------------------
# I. Direction, inspection, communication
# ---------------------------------------------------------------------------------------------

phrase("cchc.chi-dao.van-ban", "CCHC: câu về văn bản chỉ đạo, điều hành",
       "Trong {text:ky}, {text:chu_the} đã ban hành {count:so|văn bản} chỉ đạo, điều hành về cải cách hành chính.",
       ky=KY, chu_the=WHO, so=N)
phrase("cchc.chi-dao.nhiem-vu", "CCHC: câu về nhiệm vụ của kế hoạch cải cách hành chính",
       "Kế hoạch cải cách hành chính năm có {count:so|nhiệm vụ}[, đến nay đã hoàn thành {count:xong|nhiệm vụ}"
       "[, đạt {percent:ty_le}]].", so=N, xong=N, ty_le=PCT)
phrase("cchc.chi-dao.kiem-tra", "CCHC: câu về kiểm tra công tác cải cách hành chính",
       "Tổ chức {count:cuoc|cuộc} kiểm tra công tác cải cách hành chính[ tại {count:don_vi|cơ quan, đơn vị}]"
       "[; qua kiểm tra phát hiện {count:ton_tai|tồn tại, hạn chế}[, đã khắc phục {count:xong|tồn tại, hạn chế}]].",
       cuoc=N, don_vi=N, ton_tai=N, xong=N)
phrase("cchc.chi-dao.tuyen-truyen", "CCHC: câu về tuyên truyền",
       "Thực hiện {count:so|tin, bài, hoạt động} tuyên truyền về cải cách hành chính.", so=N)
phrase("cchc.chi-dao.sang-kien", "CCHC: câu về sáng kiến được công nhận",
       "Có {count:so|sáng kiến, giải pháp} cải cách hành chính được công nhận.", so=N)


def direction(ctx, fig):
    return [
        ctx.sentence("cchc.chi-dao.van-ban", ky=ctx.period_phrase, chu_the=fig.who, so=fig.get("CD_VAN_BAN")),
        ctx.sentence("cchc.chi-dao.nhiem-vu", so=fig.get("CD_NHIEM_VU"), xong=fig.get("CD_NHIEM_VU_XONG"),
                     ty_le=fig.rates.get("nhiem_vu")),
        ctx.sentence("cchc.chi-dao.kiem-tra", cuoc=fig.get("CD_KIEM_TRA"), don_vi=fig.get("CD_DON_VI_KIEM_TRA"),
                     ton_tai=fig.get("CD_TON_TAI"), xong=fig.get("CD_TON_TAI_XONG")),
        ctx.sentence("cchc.chi-dao.tuyen-truyen", so=fig.get("CD_TUYEN_TRUYEN")),
        ctx.sentence("cchc.chi-dao.sang-kien", so=fig.get("CD_SANG_KIEN")),
    ]


# ---------------------------------------------------------------------------------------------
# II. Institutions
# ---------------------------------------------------------------------------------------------

phrase("cchc.the-che.cau", "CCHC: câu về cải cách thể chế",
       "Về cải cách thể chế, {text:chu_the} đã {list:viec}.", chu_the=WHO, viec=LIST)
phrase("cchc.the-che.ban-hanh", "CCHC: vế văn bản quy phạm pháp luật ban hành",
       "soạn thảo, ban hành {count:so|văn bản quy phạm pháp luật}", so=N)
phrase("cchc.the-che.ra-soat", "CCHC: vế văn bản rà soát", "rà soát, hệ thống hóa {count:so|văn bản}", so=N)
phrase("cchc.the-che.kiem-tra", "CCHC: vế văn bản kiểm tra", "kiểm tra {count:so|văn bản} theo thẩm quyền", so=N)
phrase("cchc.the-che.xu-ly", "CCHC: vế văn bản kiến nghị xử lý",
       "kiến nghị sửa đổi, bổ sung, thay thế, bãi bỏ {count:so|văn bản}", so=N)


def institutions(ctx, fig):
    done = ctx.clauses(
        ("cchc.the-che.ban-hanh", {"so": fig.get("TC_VB_BAN_HANH")}),
        ("cchc.the-che.ra-soat", {"so": fig.get("TC_VB_RA_SOAT")}),
        ("cchc.the-che.kiem-tra", {"so": fig.get("TC_VB_KIEM_TRA")}),
        ("cchc.the-che.xu-ly", {"so": fig.get("TC_VB_XU_LY")}),
    )
    return [ctx.sentence("cchc.the-che.cau", chu_the=fig.who, viec=done)]


# ---------------------------------------------------------------------------------------------
# III. Administrative procedures and dossiers
# ---------------------------------------------------------------------------------------------

phrase("cchc.thu-tuc.cau", "CCHC: câu về công bố, công khai, rà soát thủ tục hành chính",
       "Về thủ tục hành chính, {list:viec}.", viec=LIST)
phrase("cchc.thu-tuc.cong-bo", "CCHC: vế thủ tục được công bố", "công bố {count:so|thủ tục hành chính}", so=N)
phrase("cchc.thu-tuc.cong-khai", "CCHC: vế thủ tục được công khai",
       "công khai đầy đủ {count:so|thủ tục} tại nơi tiếp nhận và trên Cổng dịch vụ công", so=N)
phrase("cchc.thu-tuc.ra-soat", "CCHC: vế thủ tục được rà soát", "rà soát, đánh giá {count:so|thủ tục}", so=N)
phrase("cchc.thu-tuc.don-gian-hoa", "CCHC: vế thủ tục được đơn giản hóa", "đơn giản hóa {count:so|thủ tục}", so=N)
phrase("cchc.thu-tuc.mot-cua", "CCHC: câu về cơ chế một cửa, một cửa liên thông",
       "Có {count:mot_cua|thủ tục hành chính} được giải quyết theo cơ chế một cửa"
       "[ và {count:lien_thong|thủ tục} theo cơ chế một cửa liên thông].", mot_cua=N, lien_thong=N)
phrase("cchc.thu-tuc.phan-anh", "CCHC: câu về phản ánh, kiến nghị",
       "Tiếp nhận {count:tiep_nhan|phản ánh, kiến nghị} về quy định, thủ tục hành chính"
       "[, đã xử lý {count:xu_ly|phản ánh, kiến nghị}].", tiep_nhan=N, xu_ly=N)
phrase("cchc.ho-so.tiep-nhan", "CCHC: câu về hồ sơ tiếp nhận (theo hình thức) và kỳ trước chuyển sang",
       "Tổng số hồ sơ thủ tục hành chính tiếp nhận trong kỳ là {count:tiep_nhan|hồ sơ}{note:theo_don_vi}"
       "[, trong đó {commas:hinh_thuc}][; kỳ trước chuyển sang {count:ky_truoc|hồ sơ}].",
       tiep_nhan=N, theo_don_vi=("note", "số hồ sơ của từng đơn vị"), hinh_thuc=LIST, ky_truoc=N)
phrase("cchc.ho-so.truc-tiep", "CCHC: vế hồ sơ tiếp nhận trực tiếp", "trực tiếp {count:so|hồ sơ}", so=N)
phrase("cchc.ho-so.truc-tuyen", "CCHC: vế hồ sơ tiếp nhận trực tuyến",
       "trực tuyến {count:so|hồ sơ}[ (chiếm {percent:ty_le})]", so=N, ty_le=PCT)
phrase("cchc.ho-so.buu-chinh", "CCHC: vế hồ sơ tiếp nhận qua bưu chính",
       "qua dịch vụ bưu chính công ích {count:so|hồ sơ}", so=N)
phrase("cchc.ho-so.giai-quyet", "CCHC: câu về hồ sơ đã giải quyết",
       "Đã giải quyết {count:so|hồ sơ}[, trong đó {commas:ket_qua}][; tỷ lệ giải quyết trước hạn và đúng hạn đạt "
       "{percent:ty_le}].", so=N, ket_qua=LIST, ty_le=PCT)
phrase("cchc.ho-so.som-han", "CCHC: vế hồ sơ giải quyết trước hạn", "trước hạn {count:so|hồ sơ}", so=N)
phrase("cchc.ho-so.dung-han", "CCHC: vế hồ sơ giải quyết đúng hạn", "đúng hạn {count:so|hồ sơ}", so=N)
phrase("cchc.ho-so.tre-han", "CCHC: vế hồ sơ giải quyết trễ hạn", "trễ hạn {count:so|hồ sơ}", so=N)
phrase("cchc.ho-so.khong-tre-han", "CCHC: vế khi không có hồ sơ trễ hạn", "không có hồ sơ trễ hạn")
phrase("cchc.ho-so.con-lai", "CCHC: câu về hồ sơ rút, từ chối, đang giải quyết, văn bản xin lỗi",
       "Ngoài ra, {list:viec}.", viec=LIST)
phrase("cchc.ho-so.rut", "CCHC: vế hồ sơ rút", "tổ chức, cá nhân rút lại {count:so|hồ sơ}", so=N)
phrase("cchc.ho-so.tu-choi", "CCHC: vế hồ sơ từ chối", "từ chối giải quyết {count:so|hồ sơ} (có thông báo lý do)", so=N)
phrase("cchc.ho-so.dang-trong-han", "CCHC: vế hồ sơ đang giải quyết trong hạn",
       "đang giải quyết {count:so|hồ sơ} còn trong hạn", so=N)
phrase("cchc.ho-so.dang-qua-han", "CCHC: vế hồ sơ đang giải quyết quá hạn",
       "{count:so|hồ sơ} đang giải quyết đã quá hạn", so=N)
phrase("cchc.ho-so.xin-loi", "CCHC: vế văn bản xin lỗi",
       "ban hành {count:so|văn bản} xin lỗi tổ chức, cá nhân do giải quyết trễ hạn", so=N)
phrase("cchc.ho-so.theo-cap", "CCHC: câu về hồ sơ của một cấp giải quyết",
       "Ở {text:cap}: tiếp nhận {count:tiep_nhan|hồ sơ}[ (trực tuyến {count:truc_tuyen|hồ sơ})]"
       "[, đã giải quyết {count:giai_quyet|hồ sơ}][, trễ hạn {count:tre_han|hồ sơ}]"
       "[; cung cấp {count:dvc|dịch vụ công trực tuyến}].",
       cap=("text", "cấp («cấp huyện»)"), tiep_nhan=N, truc_tuyen=N, giai_quyet=N, tre_han=N, dvc=N)


def procedures(ctx, fig, breakdown=""):
    blocks = [
        ctx.sentence("cchc.thu-tuc.cau", viec=ctx.clauses(
            ("cchc.thu-tuc.cong-bo", {"so": fig.get("TTHC_CONG_BO")}),
            ("cchc.thu-tuc.cong-khai", {"so": fig.get("TTHC_CONG_KHAI")}),
            ("cchc.thu-tuc.ra-soat", {"so": fig.get("TTHC_RA_SOAT")}),
            ("cchc.thu-tuc.don-gian-hoa", {"so": fig.get("TTHC_DON_GIAN_HOA")}),
        )),
        ctx.sentence("cchc.thu-tuc.mot-cua", mot_cua=fig.get("TTHC_MOT_CUA"), lien_thong=fig.get("TTHC_LIEN_THONG")),
        ctx.sentence("cchc.thu-tuc.phan-anh", tiep_nhan=fig.get("PAKN_TIEP_NHAN"), xu_ly=fig.get("PAKN_DA_XU_LY")),
    ]
    return blocks + dossiers(ctx, fig, breakdown)


def dossiers(ctx, fig, breakdown=""):
    late = fig.get("HS_TRE_HAN")
    results = ctx.clauses(
        ("cchc.ho-so.som-han", {"so": fig.get("HS_SOM_HAN")}),
        ("cchc.ho-so.dung-han", {"so": fig.get("HS_DUNG_HAN")}),
        ("cchc.ho-so.tre-han", {"so": late}),
    )
    if late is not None and not _positive(late):
        results += ctx.clauses(("cchc.ho-so.khong-tre-han", {}))
    blocks = [
        ctx.sentence("cchc.ho-so.tiep-nhan", tiep_nhan=fig.get("HS_TIEP_NHAN"), theo_don_vi=breakdown,
                     ky_truoc=fig.get("HS_KY_TRUOC"), hinh_thuc=ctx.clauses(
                         ("cchc.ho-so.truc-tiep", {"so": fig.get("HS_TRUC_TIEP")}),
                         ("cchc.ho-so.truc-tuyen", {"so": fig.get("HS_TRUC_TUYEN"), "ty_le": fig.rates.get("truc_tuyen")}),
                         ("cchc.ho-so.buu-chinh", {"so": fig.get("HS_BUU_CHINH")}),
                     )),
        ctx.sentence("cchc.ho-so.giai-quyet", so=fig.get("HS_DA_GIAI_QUYET"), ket_qua=results,
                     ty_le=fig.rates.get("dung_han")),
        ctx.sentence("cchc.ho-so.con-lai", viec=ctx.clauses(
            ("cchc.ho-so.rut", {"so": fig.get("HS_RUT")}),
            ("cchc.ho-so.tu-choi", {"so": fig.get("HS_TU_CHOI")}),
            ("cchc.ho-so.dang-trong-han", {"so": fig.get("HS_DANG_TRONG_HAN")}),
            ("cchc.ho-so.dang-qua-han", {"so": fig.get("HS_DANG_QUA_HAN")}),
            ("cchc.ho-so.xin-loi", {"so": fig.get("HS_XIN_LOI")}),
        )),
    ]
    # By level only where the figures have more than one level (a commune's one level is its total).
    levels = [(option, label) for option, label in LEVELS if _positive(fig.get("HSC_TIEP_NHAN", option))
              or _positive(fig.get("HSC_DVC", option))]
    if len(levels) > 1:
        blocks += [ctx.sentence("cchc.ho-so.theo-cap", cap=label, tiep_nhan=fig.get("HSC_TIEP_NHAN", option),
                                truc_tuyen=fig.get("HSC_TRUC_TUYEN", option), giai_quyet=fig.get("HSC_DA_GIAI_QUYET", option),
                                tre_han=fig.get("HSC_TRE_HAN", option), dvc=fig.get("HSC_DVC", option))
                   for option, label in levels]
    return blocks


# ---------------------------------------------------------------------------------------------
# IV.–VI. Apparatus, civil service, public finance
# ---------------------------------------------------------------------------------------------

phrase("cchc.bo-may.cau", "CCHC: câu về cải cách tổ chức bộ máy", "Về tổ chức bộ máy, {list:viec}.", viec=LIST)
phrase("cchc.bo-may.sap-xep", "CCHC: vế cơ quan, đơn vị được sắp xếp",
       "sắp xếp, kiện toàn {count:so|cơ quan, đơn vị}", so=N)
phrase("cchc.bo-may.giam", "CCHC: vế đầu mối giảm", "giảm {count:so|đầu mối}", so=N)
phrase("cchc.bo-may.vi-tri", "CCHC: vế vị trí việc làm", "phê duyệt, điều chỉnh {count:so|vị trí việc làm}", so=N)
phrase("cchc.cong-vu.cau", "CCHC: câu về cải cách chế độ công vụ", "Về chế độ công vụ, {list:viec}.", viec=LIST)
phrase("cchc.cong-vu.tuyen-dung", "CCHC: vế tuyển dụng", "tuyển dụng {count:so|công chức, viên chức}", so=N)
phrase("cchc.cong-vu.dao-tao", "CCHC: vế đào tạo, bồi dưỡng",
       "cử {count:so|lượt cán bộ, công chức, viên chức} tham gia đào tạo, bồi dưỡng", so=N)
phrase("cchc.cong-vu.kiem-tra", "CCHC: vế kiểm tra công vụ",
       "tổ chức {count:so|cuộc} kiểm tra công vụ, kỷ luật, kỷ cương hành chính", so=N)
phrase("cchc.cong-vu.ky-luat", "CCHC: vế kỷ luật", "xử lý kỷ luật {count:so|cán bộ, công chức, viên chức}", so=N)
phrase("cchc.cong-vu.khong-ky-luat", "CCHC: vế khi không có kỷ luật",
       "không có cán bộ, công chức, viên chức bị xử lý kỷ luật")
phrase("cchc.tai-chinh.tu-chu", "CCHC: câu về tự chủ của đơn vị sự nghiệp công lập",
       "Trong tổng số {count:tong|đơn vị sự nghiệp công lập}, có {count:tu_chu|đơn vị} tự bảo đảm chi thường xuyên"
       "[, chiếm {percent:ty_le}].", tong=N, tu_chu=N, ty_le=PCT)
phrase("cchc.tai-chinh.von", "CCHC: câu về giải ngân vốn đầu tư công",
       "Kế hoạch vốn đầu tư công được giao {money:giao}[, đã giải ngân {money:giai_ngan}[, đạt {percent:ty_le} kế hoạch]].",
       giao=N, giai_ngan=N, ty_le=PCT)


def apparatus(ctx, fig):
    return [ctx.sentence("cchc.bo-may.cau", viec=ctx.clauses(
        ("cchc.bo-may.sap-xep", {"so": fig.get("BM_SAP_XEP")}),
        ("cchc.bo-may.giam", {"so": fig.get("BM_GIAM_DAU_MOI")}),
        ("cchc.bo-may.vi-tri", {"so": fig.get("BM_VI_TRI_VIEC_LAM")}),
    ))]


def civil_service(ctx, fig):
    discipline = fig.get("CV_KY_LUAT")
    done = ctx.clauses(
        ("cchc.cong-vu.tuyen-dung", {"so": fig.get("CV_TUYEN_DUNG")}),
        ("cchc.cong-vu.dao-tao", {"so": fig.get("CV_DAO_TAO")}),
        ("cchc.cong-vu.kiem-tra", {"so": fig.get("CV_KIEM_TRA_CONG_VU")}),
        ("cchc.cong-vu.ky-luat", {"so": discipline}),
    )
    if discipline is not None and not _positive(discipline) and done:
        done += ctx.clauses(("cchc.cong-vu.khong-ky-luat", {}))
    return [ctx.sentence("cchc.cong-vu.cau", viec=done)]


def public_finance(ctx, fig):
    return [
        ctx.sentence("cchc.tai-chinh.tu-chu", tong=fig.get("TCC_DVSN_TONG"), tu_chu=fig.get("TCC_DVSN_TU_CHU"),
                     ty_le=fig.rates.get("tu_chu")),
        ctx.sentence("cchc.tai-chinh.von", giao=fig.get("TCC_VON_GIAO"), giai_ngan=fig.get("TCC_VON_GIAI_NGAN"),
                     ty_le=fig.rates.get("giai_ngan")),
    ]


# ---------------------------------------------------------------------------------------------
# VII. E-government, digital government
# ---------------------------------------------------------------------------------------------

phrase("cchc.chinh-quyen-so.van-ban", "CCHC: câu về văn bản điện tử",
       "Gửi, nhận {count:so|văn bản} trên phần mềm quản lý văn bản và điều hành.", so=N)
phrase("cchc.chinh-quyen-so.ky-so", "CCHC: câu về tỷ lệ văn bản đi được ký số",
       "Tỷ lệ văn bản đi được ký số đạt {percent:ty_le}.", ty_le=PCT)
phrase("cchc.chinh-quyen-so.chu-ky-so", "CCHC: câu về chứng thư chữ ký số",
       "Được cấp {count:cap|chứng thư chữ ký số chuyên dùng}[, đang sử dụng {count:dung|chứng thư}].", cap=N, dung=N)
phrase("cchc.chinh-quyen-so.thu-cong-vu", "CCHC: câu về thư điện tử công vụ",
       "Cấp {count:so|hộp thư điện tử công vụ} cho cán bộ, công chức, viên chức.", so=N)
phrase("cchc.chinh-quyen-so.dvc", "CCHC: câu về dịch vụ công trực tuyến và thanh toán trực tuyến",
       "Cung cấp {list:dich_vu}[; {count:thanh_toan|hồ sơ} được thanh toán trực tuyến[, chiếm {percent:ty_le} hồ sơ "
       "trực tuyến]].", dich_vu=LIST, thanh_toan=N, ty_le=PCT)
phrase("cchc.chinh-quyen-so.iso", "CCHC: câu về ISO 9001 (một đơn vị)",
       "Đơn vị áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015"
       "[ với {count:quy_trinh|quy trình} nội bộ].", quy_trinh=N)
phrase("cchc.chinh-quyen-so.iso-don-vi", "CCHC: câu về ISO 9001 (tổng hợp)",
       "Có {count:so|cơ quan, đơn vị} áp dụng Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015"
       "[ với {count:quy_trinh|quy trình} nội bộ].", so=N, quy_trinh=N)


def digital(ctx, fig):
    services = ctx.clauses(
        ("cai-cach-hanh-chinh.ho-so.dvc-toan-trinh", {"so": fig.get("DVC_TOAN_TRINH")}),
        ("cai-cach-hanh-chinh.ho-so.dvc-mot-phan", {"so": fig.get("DVC_MOT_PHAN")}),
    )
    iso, routines = fig.get("ISO_AP_DUNG"), fig.get("ISO_QUY_TRINH")
    if fig.own:
        iso_sentence = ctx.sentence("cchc.chinh-quyen-so.iso", quy_trinh=routines) if _positive(iso) else None
    else:
        iso_sentence = ctx.sentence("cchc.chinh-quyen-so.iso-don-vi", so=iso, quy_trinh=routines)
    return [
        ctx.sentence("cchc.chinh-quyen-so.van-ban", so=fig.get("VB_DIEN_TU")),
        ctx.sentence("cchc.chinh-quyen-so.ky-so", ty_le=fig.get("VB_KY_SO_TY_LE")),
        ctx.sentence("cchc.chinh-quyen-so.chu-ky-so", cap=fig.get("CKS_CAP"), dung=fig.get("CKS_SU_DUNG")),
        ctx.sentence("cchc.chinh-quyen-so.thu-cong-vu", so=fig.get("THU_CONG_VU")),
        ctx.sentence("cchc.chinh-quyen-so.dvc", dich_vu=services, thanh_toan=fig.get("TT_TRUC_TUYEN"),
                     ty_le=fig.rates.get("thanh_toan")),
        iso_sentence,
    ]


# ---------------------------------------------------------------------------------------------
# The providers: each section for the province and for the unit's own report
# ---------------------------------------------------------------------------------------------

SECTIONS = [
    ("chi-dao", "Công tác chỉ đạo, điều hành, kiểm tra, tuyên truyền", direction),
    ("the-che", "Cải cách thể chế", institutions),
    ("thu-tuc", "Cải cách thủ tục hành chính, tiếp nhận và giải quyết hồ sơ", procedures),
    ("bo-may", "Cải cách tổ chức bộ máy", apparatus),
    ("cong-vu", "Cải cách chế độ công vụ", civil_service),
    ("tai-chinh", "Cải cách tài chính công", public_finance),
    ("chinh-quyen-so", "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", digital),
]


def _kept(blocks):
    return [b for b in blocks if b]


def _received_breakdown(ctx):
    rows = ctx.by_unit(DATA_SET, ["HS_TIEP_NHAN"]).get("HS_TIEP_NHAN", [])
    return unit_breakdown(rows, "hồ sơ")


def _province_provider(build):
    def run(ctx):
        fig = province_figures(ctx)
        if not fig.values:
            return []
        if build is procedures:
            return _kept(build(ctx, fig, _received_breakdown(ctx)))
        return _kept(build(ctx, fig))
    return run


def _own_provider(build, first=False):
    def run(ctx):
        fig = own_figures(ctx)
        blocks = [source_sentence(ctx)] if first else []
        return _kept(blocks + (build(ctx, fig) if fig.values else []))
    return run


for _i, (_key, _label, _build) in enumerate(SECTIONS):
    provider(f"cai-cach-hanh-chinh.{_key}", label=f"CCHC của tỉnh — {_label} (biểu CCHC-DV đã duyệt)")(
        _province_provider(_build))
    provider(f"cchc-don-vi.{_key}", label=f"CCHC của đơn vị — {_label} (biểu CCHC-DV của đơn vị)")(
        _own_provider(_build, first=_i == 0))


# ---------------------------------------------------------------------------------------------
# Index results (PAR INDEX, SIPAS, PAPI): the reform app's register, through its selector
# ---------------------------------------------------------------------------------------------

INDICES = [("PAR_INDEX", "Chỉ số cải cách hành chính (PAR INDEX)"),
           ("SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"),
           ("PAPI", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)")]

phrase("cai-cach-hanh-chinh.chi-so.cau", "CCHC: câu về kết quả một chỉ số của tỉnh (PAR INDEX, SIPAS, PAPI)",
       "Kết quả {text:chi_so} năm {text:nam} của tỉnh đạt {number:diem} điểm, xếp thứ {count:hang}/{number:tren}"
       "[, {change:thay_doi|bậc|giữ nguyên thứ hạng} so với năm {text:nam_truoc}].",
       chi_so=("text", "tên chỉ số"), nam=("text", "năm đánh giá"), diem=N, hang=N, tren=N,
       thay_doi=("number", "số bậc tăng (+) hoặc giảm (−)"), nam_truoc=("text", "năm trước"))


def index_result(province, code, year):
    """Hook: the reform app's `selectors.index_result(province, code, year)` (score, rank, of_n,
    change), or None while that register is not installed."""
    try:
        from reform import selectors
    except ImportError:
        return None
    read = getattr(selectors, "index_result", None)
    return read(province, code, year) if read else None


def _province_of(unit):
    while unit is not None and unit.parent_id:
        unit = unit.parent
    return unit


@provider("cai-cach-hanh-chinh.chi-so", label="Kết quả PAR INDEX, SIPAS, PAPI của tỉnh (năm trước kỳ báo cáo)")
def index_results(ctx):
    province = _province_of(ctx.root or ctx.unit)
    year = ctx.period.year - 1  # the indices of year N are published in the first half of N + 1
    blocks = []
    for code, label in INDICES:
        found = index_result(province, code, year)
        if found is None:
            continue
        blocks.append(ctx.sentence("cai-cach-hanh-chinh.chi-so.cau", chi_so=label, nam=str(year), diem=found.score,
                                   hang=found.rank, tren=found.of_n, thay_doi=getattr(found, "change", None),
                                   nam_truoc=str(year - 1)))
    return _kept(blocks)


# ---------------------------------------------------------------------------------------------
# Appendix of the annual report: the province's CCHC index of its departments and districts
# ---------------------------------------------------------------------------------------------

phrase("cai-cach-hanh-chinh.chi-so-don-vi.tieu-de", "CCHC: tiêu đề bảng chỉ số cải cách hành chính theo đơn vị",
       "Kết quả Chỉ số cải cách hành chính năm {text:nam} của các sở, ban, ngành tỉnh và UBND cấp huyện",
       nam=("text", "năm đánh giá"))
phrase("cai-cach-hanh-chinh.chi-so-don-vi.cau", "CCHC: câu mở đầu phụ lục chỉ số cải cách hành chính theo đơn vị",
       "Năm {text:nam}, tỉnh xác định Chỉ số cải cách hành chính của {count:so|cơ quan, đơn vị}"
       "[; so với năm {text:nam_truoc}, {list:thay_doi}] (chi tiết tại bảng dưới đây).",
       nam=("text", "năm đánh giá"), so=N, nam_truoc=("text", "năm trước"),
       thay_doi=("clauses", "số đơn vị tăng bậc, giảm bậc (mẫu câu «…tang», «…giam»)"))
phrase("cai-cach-hanh-chinh.chi-so-don-vi.tang", "CCHC: vế số đơn vị tăng bậc", "{count:so|đơn vị} tăng bậc", so=N)
phrase("cai-cach-hanh-chinh.chi-so-don-vi.giam", "CCHC: vế số đơn vị giảm bậc", "{count:so|đơn vị} giảm bậc", so=N)
INDEX_COLUMNS = ["STT", "Cơ quan, đơn vị", "Điểm năm {nam}", "Xếp hạng năm {nam}", "Điểm năm {truoc}",
                 "Xếp hạng năm {truoc}", "Tăng, giảm bậc"]


def _index_year(period):
    """The index a year's report prints: the newest one evaluated up to the report's year (the index
    of year N is scored early in N + 1, so the 2021 report may print 2020's)."""
    from reform import selectors

    return selectors.latest_index_year(until=period.year)


def _cell(value, write):
    return "-" if value is None else write(value)


@provider("cai-cach-hanh-chinh.chi-so-don-vi", label="Phụ lục: Chỉ số cải cách hành chính theo đơn vị (năm nay, năm trước)")
def unit_index_appendix(ctx):
    from reform import selectors

    year = ctx.cached(("cchc", "index-year"), lambda: _index_year(ctx.period))
    if year is None:
        return []
    groups = ctx.cached(("cchc", "index", year), lambda: selectors.unit_index_comparison(year))
    lines = [line for _audience, group in groups for line in group]
    if not lines:
        return []
    rows = []
    for number, (audience, group) in enumerate(groups, start=1):
        rows.append([f.roman(number), audience.label, "", "", "", "", ""])
        for i, line in enumerate(group, start=1):
            rows.append([str(i), line.unit.name, _cell(line.score, f.number), _cell(line.rank, str),
                         _cell(line.previous_score, f.number), _cell(line.previous_rank, str),
                         _cell(line.change, lambda c: f.delta(c, "bậc", same="giữ nguyên"))])
    changes = [line.change for line in lines if line.change is not None]
    intro = ctx.sentence("cai-cach-hanh-chinh.chi-so-don-vi.cau", nam=str(year), so=len(lines),
                         nam_truoc=str(year - 1), thay_doi=ctx.clauses(
                             ("cai-cach-hanh-chinh.chi-so-don-vi.tang", {"so": sum(1 for c in changes if c > 0)}),
                             ("cai-cach-hanh-chinh.chi-so-don-vi.giam", {"so": sum(1 for c in changes if c < 0)})))
    caption = "".join(str(s) for s in ctx.say("cai-cach-hanh-chinh.chi-so-don-vi.tieu-de", nam=str(year)) or ())
    columns = [c.format(nam=year, truoc=year - 1) for c in INDEX_COLUMNS]
    return [b for b in (intro, Table(columns, rows, caption=caption)) if b]


# ---------------------------------------------------------------------------------------------
# The six-month report's CCHC section, and the dossiers alone (kept for outlines that name it)
# ---------------------------------------------------------------------------------------------

# The annual report compares with the year before; the clause drops out elsewhere (`ctx.versus`).
CHANGE = ("number", "tăng (+) hoặc giảm (−) so với năm trước (chỉ báo cáo năm)")
YEAR_BEFORE = ("text", "năm trước")
phrase("cai-cach-hanh-chinh.ho-so.cau", "CCHC: câu về tiếp nhận, giải quyết hồ sơ",
       "Kết quả tiếp nhận, giải quyết thủ tục hành chính của các cơ quan, đơn vị: tiếp nhận {count:nhan|hồ sơ}"
       "{note:theo_don_vi}[, {change:nhan_thay_doi|hồ sơ|không thay đổi} so với năm {text:nam_truoc}]"
       "[ (trong đó tiếp nhận trực tuyến {count:truc_tuyen|hồ sơ}, chiếm {percent:ty_le_truc_tuyen})]"
       "[; đã giải quyết {count:giai_quyet|hồ sơ}[, trong đó {commas:ket_qua}]].",
       nhan=N, theo_don_vi=("note", "số hồ sơ của từng đơn vị"), truc_tuyen=N, ty_le_truc_tuyen=PCT,
       giai_quyet=N, ket_qua=LIST, nhan_thay_doi=CHANGE, nam_truoc=YEAR_BEFORE)
phrase("cai-cach-hanh-chinh.ho-so.dung-han", "CCHC: vế hồ sơ trước hạn và đúng hạn",
       "trước hạn và đúng hạn {count:dung_han|hồ sơ}, đạt {percent:ty_le}"
       "[ ({change:ty_le_thay_doi|%|không thay đổi} so với năm {text:nam_truoc})][ (trước hạn {count:som_han|hồ sơ})]",
       dung_han=N, ty_le=PCT, som_han=N, ty_le_thay_doi=CHANGE, nam_truoc=YEAR_BEFORE)
phrase("cai-cach-hanh-chinh.ho-so.tre-han", "CCHC: vế hồ sơ trễ hạn", "trễ hạn {count:tre_han|hồ sơ}", tre_han=N)
phrase("cai-cach-hanh-chinh.ho-so.khong-tre-han", "CCHC: vế khi không có hồ sơ trễ hạn", "không có hồ sơ trễ hạn")
phrase("cai-cach-hanh-chinh.ho-so.dvc", "CCHC: câu về dịch vụ công trực tuyến",
       "Các cơ quan, đơn vị cung cấp {list:dich_vu}.", dich_vu=LIST)
phrase("cai-cach-hanh-chinh.ho-so.dvc-toan-trinh", "CCHC: vế dịch vụ công toàn trình",
       "{count:so|dịch vụ công trực tuyến} toàn trình", so=N)
phrase("cai-cach-hanh-chinh.ho-so.dvc-mot-phan", "CCHC: vế dịch vụ công một phần",
       "{count:so|dịch vụ công trực tuyến} một phần", so=N)
phrase("cai-cach-hanh-chinh.ho-so.con-lai", "CCHC: câu về hồ sơ đang giải quyết và văn bản xin lỗi (tổng hợp)",
       "Hiện còn {list:viec}.", viec=LIST)
phrase("cai-cach-hanh-chinh.ho-so.dang-giai-quyet", "CCHC: vế hồ sơ đang giải quyết (tổng hợp)",
       "{count:so|hồ sơ} đang giải quyết[, trong đó {count:qua_han|hồ sơ} đã quá hạn]", so=N, qua_han=N)
phrase("cai-cach-hanh-chinh.ho-so.xin-loi", "CCHC: vế văn bản xin lỗi (tổng hợp)",
       "các cơ quan, đơn vị đã ban hành {count:so|văn bản} xin lỗi tổ chức, cá nhân do giải quyết trễ hạn", so=N)


@provider("cai-cach-hanh-chinh.ho-so", label="Tiếp nhận, giải quyết hồ sơ thủ tục hành chính (biểu CCHC-DV)")
def administrative_dossiers(ctx):
    fig = province_figures(ctx)
    figures = fig.values
    received = _value(figures, "HS_TIEP_NHAN")
    blocks = []
    if _positive(received):
        online, solved = _value(figures, "HS_TRUC_TUYEN"), _value(figures, "HS_DA_GIAI_QUYET")
        early, on_time, late = (_value(figures, "HS_SOM_HAN") or 0), _value(figures, "HS_DUNG_HAN"), _value(figures, "HS_TRE_HAN")
        in_time = None if on_time is None else early + on_time
        results = ctx.clauses(
            ("cai-cach-hanh-chinh.ho-so.dung-han", {"dung_han": in_time, "ty_le": fig.rates.get("dung_han"),
                                                     "som_han": early,
                                                     **ctx.versus("cchc.ty-le-dung-han", "ty_le_thay_doi")}),
            ("cai-cach-hanh-chinh.ho-so.tre-han", {"tre_han": late}),
        )
        if late is not None and not _positive(late):
            results += ctx.clauses(("cai-cach-hanh-chinh.ho-so.khong-tre-han", {}))
        blocks.append(ctx.sentence(
            "cai-cach-hanh-chinh.ho-so.cau", nhan=received, theo_don_vi=_received_breakdown(ctx),
            truc_tuyen=online if _positive(online) else None, ty_le_truc_tuyen=fig.rates.get("truc_tuyen"),
            giai_quyet=solved if _positive(solved) else None, ket_qua=results,
            **ctx.versus("cchc.ho-so-tiep-nhan", "nhan_thay_doi")))
        pending = (_value(figures, "HS_DANG_TRONG_HAN") or 0) + (_value(figures, "HS_DANG_QUA_HAN") or 0)
        blocks.append(ctx.sentence("cai-cach-hanh-chinh.ho-so.con-lai", viec=ctx.clauses(
            ("cai-cach-hanh-chinh.ho-so.dang-giai-quyet", {"so": pending, "qua_han": _value(figures, "HS_DANG_QUA_HAN")}),
            ("cai-cach-hanh-chinh.ho-so.xin-loi", {"so": _value(figures, "HS_XIN_LOI")}),
        )))
    services = ctx.clauses(
        ("cai-cach-hanh-chinh.ho-so.dvc-toan-trinh", {"so": _value(figures, "DVC_TOAN_TRINH")}),
        ("cai-cach-hanh-chinh.ho-so.dvc-mot-phan", {"so": _value(figures, "DVC_MOT_PHAN")}),
    )
    blocks.append(ctx.sentence("cai-cach-hanh-chinh.ho-so.dvc", dich_vu=services))
    return _kept(blocks)


phrase("cai-cach-hanh-chinh.sang-kien", "CCHC: câu về sáng kiến được công nhận trong kỳ",
       "Xem xét, công nhận {list:theo_nam}.",
       theo_nam=("clauses", "số sáng kiến theo năm (mẫu câu «cai-cach-hanh-chinh.sang-kien.nam»)"))
phrase("cai-cach-hanh-chinh.sang-kien.nam", "CCHC: vế số sáng kiến của một năm",
       "{count:so|sáng kiến} trong công tác cải cách hành chính năm {text:nam}",
       so=("number", "số sáng kiến được công nhận"), nam=("text", "năm của sáng kiến"))


def initiatives(ctx):
    """«Xem xét, công nhận 04 sáng kiến trong công tác cải cách hành chính năm 2020.»: the initiatives
    recognised in the period (the register of reform.selectors), by the year they belong to."""
    from reform import selectors

    counts = ctx.cached(("cchc", "sang-kien"), lambda: selectors.initiatives_recognised(
        ctx.period.start, ctx.period.end, ctx.root))
    return ctx.sentence("cai-cach-hanh-chinh.sang-kien", theo_nam=ctx.clauses(
        *(("cai-cach-hanh-chinh.sang-kien.nam", {"so": n, "nam": str(year)}) for year, n in counts.items())))


@provider("cai-cach-hanh-chinh.tong-hop", label="Cải cách hành chính: chỉ số của tỉnh, thủ tục hành chính và hồ sơ "
          "(tổng hợp biểu CCHC-DV)")
def six_month_summary(ctx):
    fig = province_figures(ctx)
    blocks = index_results(ctx) + _kept([initiatives(ctx)])
    if fig.values:
        blocks += _kept([
            ctx.sentence("cchc.thu-tuc.cau", viec=ctx.clauses(
                ("cchc.thu-tuc.cong-bo", {"so": fig.get("TTHC_CONG_BO")}),
                ("cchc.thu-tuc.ra-soat", {"so": fig.get("TTHC_RA_SOAT")}),
                ("cchc.thu-tuc.don-gian-hoa", {"so": fig.get("TTHC_DON_GIAN_HOA")}),
            )),
        ])
    return blocks + administrative_dossiers(ctx)


# ---------------------------------------------------------------------------------------------
# Indicators (comparisons and the leaders' dashboard): rates computed in the database
# ---------------------------------------------------------------------------------------------


@indicator("cchc.ho-so-tiep-nhan", "Hồ sơ thủ tục hành chính tiếp nhận", "hồ sơ")
def dossiers_received(ctx):
    # Through province_figures: a year's figure is its two six-month forms combined.
    return province_figures(ctx).get("HS_TIEP_NHAN")


@indicator("cchc.ho-so-dung-han", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "hồ sơ")
def dossiers_on_time(ctx):
    return province_figures(ctx).get("HS_DUNG_HAN")


@indicator("cchc.ty-le-dung-han", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn", "%")
def on_time_rate(ctx):
    return province_rates(ctx).get("dung_han")


@indicator("cchc.ty-le-truc-tuyen", "Tỷ lệ hồ sơ tiếp nhận trực tuyến", "%")
def online_share(ctx):
    return province_rates(ctx).get("truc_tuyen")
