"""The archives app's reporting interface, through the report kit only (`core.reporting`):

    luu-tru.trung-tam        the Sở's archive work from its registers (kiểm tra, thẩm tra, thay hộp,
                             khai thác, chỉnh lý, khảo sát, số hóa, giao nộp)            archives_work(ctx)
    van-thu-luu-tru.don-vi   units' own archive figures (biểu VTLT-DV)            archives_units(ctx)

The six-month section «Công tác văn thư, lưu trữ» lists both, in that order.

Every sentence is a phrase (mẫu câu) the province may reword. A work phrase per (kind, status)
gets the same figures: don_vi (distinct units), cap (those units by level), met (Decimal metres,
exact: «46,4 mét»), phong, hop, trang; a figure that is zero or missing drops its [ … ] clause,
or the sentence when it is outside one.
"""

from core.reporting import Paragraph, indicator, phrase, provider, unit_breakdown
from archives import selectors
from archives.models import HANDED_OVER_KINDS, AccessService, WorkKind, WorkStatus

DATA_SET = "VTLT-DV"


def _positive(value):
    return value is not None and value > 0


N = ("number", "số liệu")

phrase("van-thu-luu-tru.don-vi.cau", "Văn thư, lưu trữ: câu về các việc đã làm trong kỳ",
       "Theo báo cáo của các cơ quan, đơn vị, trong kỳ đã {items:viec}.",
       viec=("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)"))
CLAUSES = [
    ("giao-nop", "LT_NOP_LUU_MET", "vế giao nộp tài liệu", "giao nộp {number:so|mét} tài liệu vào Lưu trữ lịch sử"),
    ("chinh-ly", "LT_CHINH_LY_MET", "vế chỉnh lý tài liệu", "chỉnh lý hoàn chỉnh {number:so|mét} tài liệu"),
    ("tieu-huy", "LT_HUY_MET", "vế tiêu hủy tài liệu", "tiêu hủy {number:so|mét} tài liệu hết giá trị"),
    ("so-hoa", "LT_SO_HOA_TRANG", "vế số hóa tài liệu", "số hóa {count:so|trang tài liệu}"),
    ("khai-thac", "LT_KHAI_THAC_LUOT", "vế phục vụ khai thác", "phục vụ {count:so|lượt} khai thác, sử dụng tài liệu"),
]
for _slug, _element, _label, _default in CLAUSES:
    phrase(f"van-thu-luu-tru.don-vi.{_slug}", f"Văn thư, lưu trữ: {_label}", _default, so=N)
phrase("van-thu-luu-tru.don-vi.ton-dong", "Văn thư, lưu trữ: câu về tài liệu tồn đọng",
       "Tài liệu tồn đọng chưa được chỉnh lý còn {number:so|mét}{note:theo_don_vi}.",
       so=N, theo_don_vi=("note", "số mét của từng đơn vị"))


@provider("van-thu-luu-tru.don-vi", label="Công tác văn thư, lưu trữ của các cơ quan, đơn vị (biểu VTLT-DV)")
def archives_units(ctx):
    figures = ctx.figures(DATA_SET)

    def positive(code):
        value = figures.get((code, None))
        return value if _positive(value) else None

    done = ctx.clauses(*((f"van-thu-luu-tru.don-vi.{slug}", {"so": positive(element)})
                         for slug, element, _label, _default in CLAUSES))
    backlog = positive("LT_TON_DONG_MET")
    rows = ctx.by_unit(DATA_SET, ["LT_TON_DONG_MET"]).get("LT_TON_DONG_MET", []) if backlog else []
    blocks = [
        ctx.sentence("van-thu-luu-tru.don-vi.cau", viec=done),
        ctx.sentence("van-thu-luu-tru.don-vi.ton-dong", so=backlog, theo_don_vi=unit_breakdown(rows, "mét", measure=True)),
    ]
    return [b for b in blocks if b]


@indicator("vtlt.ton-dong-met", "Tài liệu tồn đọng chưa chỉnh lý", "mét")
def backlog_metres(ctx):
    return ctx.figures(DATA_SET).get(("LT_TON_DONG_MET", None))


# ---------------------------------------------------------------------------------------------
# The Sở's archive work (registers of archives/)
# ---------------------------------------------------------------------------------------------

PREFIX = "luu-tru.trung-tam"
WORK_NAMES = dict(
    don_vi=("number", "số đơn vị"),
    cap=("clauses", "số đơn vị theo cấp («02 đơn vị cấp huyện và 01 đơn vị cấp tỉnh»)"),
    met=("number", "số mét tài liệu"),
    phong=("number", "số phông"),
    hop=("number", "số hộp"),
    trang=("number", "số trang"),
)
S = WorkStatus
K = WorkKind

# Wording of the Hậu Giang H1/2021 report (corrected style). Box replacement is a clause of the
# sentence it shares with the access requests («…3.316 hộp (07 đơn vị); phục vụ 14 lượt khai thác…»).
WORK_DEFAULTS = {
    (K.INSPECTION, S.DONE): "Kiểm tra công tác văn thư, lưu trữ và hoạt động, sử dụng dịch vụ lưu trữ trên địa bàn tỉnh "
                            "({count:don_vi|đơn vị}).",
    (K.INSPECTION, S.IN_PROGRESS): "Đang kiểm tra công tác văn thư, lưu trữ tại {count:don_vi|đơn vị}.",
    (K.INSPECTION, S.PLANNED): "Xây dựng kế hoạch kiểm tra công tác văn thư, lưu trữ tại {count:don_vi|đơn vị}.",
    (K.APPRAISAL, S.RECEIVED): "Đối chiếu hồ sơ đề nghị thẩm tra tài liệu hết giá trị của {count:don_vi|đơn vị}"
                               "[ ({number:met|mét})].",
    (K.APPRAISAL, S.IN_PROGRESS): "Đang thẩm tra tài liệu hết giá trị của {count:don_vi|đơn vị}[ ({number:met|mét})].",
    (K.APPRAISAL, S.DONE): "Đối chiếu, thẩm tra tài liệu hết giá trị ({count:don_vi|đơn vị}[, {number:met|mét}]).",
    (K.DISPOSAL, S.DONE): "Tiêu hủy tài liệu hết giá trị của {count:don_vi|đơn vị}[ ({number:met|mét})].",
    (K.DISPOSAL, S.IN_PROGRESS): "Đang tiêu hủy tài liệu hết giá trị của {count:don_vi|đơn vị}[ ({number:met|mét})].",
    (K.ARRANGEMENT, S.HANDED_OVER): "Đối với công tác chỉnh lý, Trung tâm Lưu trữ lịch sử tỉnh đã hoàn chỉnh và bàn giao"
                                    "[ với tổng số là {number:met|mét}] ({count:don_vi|đơn vị}).",
    (K.ARRANGEMENT, S.DONE): "Chỉnh lý hoàn chỉnh tài liệu của {count:don_vi|đơn vị}[ ({number:met|mét})].",
    (K.ARRANGEMENT, S.IN_PROGRESS): "Đang tiếp tục thực hiện chỉnh lý, xử lý tài liệu của {count:don_vi|đơn vị}"
                                    "[ (tổng số {number:met|mét}[ và {count:phong|phông}])].",
    (K.ARRANGEMENT, S.RECEIVED): "Tiếp nhận hồ sơ chỉnh lý tài liệu của {count:don_vi|đơn vị}[, tổng số {number:met|mét}].",
    (K.ARRANGEMENT, S.PLANNED): "Xây dựng kế hoạch chỉnh lý tài liệu của {count:don_vi|đơn vị}[ ({number:met|mét})].",
    (K.BOX_REPLACEMENT, S.DONE): "thực hiện thay hộp, bìa hồ sơ và điều chỉnh hệ thống số hộp, hồ sơ các phông lưu trữ "
                                 "tại Trung tâm Lưu trữ lịch sử[, với tổng số {count:hop|hộp}] ({count:don_vi|đơn vị})",
    (K.BOX_REPLACEMENT, S.IN_PROGRESS): "đang thay hộp, bìa hồ sơ các phông lưu trữ của {count:don_vi|đơn vị}"
                                        "[ ({count:hop|hộp})]",
    (K.BACKLOG_SURVEY, S.DONE): "Tiến hành khảo sát tài liệu tồn đọng của {list:cap}[ (tổng số {number:met|mét})].",
    (K.BACKLOG_SURVEY, S.IN_PROGRESS): "Đang khảo sát tài liệu tồn đọng của {list:cap}[ (tổng số {number:met|mét})].",
    (K.DIGITIZATION, S.DONE): "Số hóa[ {count:trang|trang}] tài liệu của {count:don_vi|đơn vị}.",
    (K.DIGITIZATION, S.IN_PROGRESS): "Đang số hóa[ {count:trang|trang}] tài liệu của {count:don_vi|đơn vị}.",
}
CLAUSE_KINDS = (K.BOX_REPLACEMENT,)

# Paragraphs in the reference's order; within a kind, its statuses in this order.
STATUS_ORDER = (S.HANDED_OVER, S.DONE, S.IN_PROGRESS, S.RECEIVED, S.PLANNED)
KIND_STATUS_ORDER = {K.APPRAISAL: (S.RECEIVED, S.IN_PROGRESS, S.HANDED_OVER, S.DONE, S.PLANNED)}
PARAGRAPHS = [(K.INSPECTION,), (K.APPRAISAL, K.DISPOSAL), (K.BOX_REPLACEMENT,), (K.ARRANGEMENT,),
              (K.BACKLOG_SURVEY,), (K.DIGITIZATION,)]


def work_key(kind, status):
    return f"{PREFIX}.{kind.replace('_', '-')}.{status.replace('_', '-')}"


def _generic(kind, status):
    text = (f"{K(kind).label} ({S(status).label.lower()}): {{count:don_vi|đơn vị}}"
            "[, {number:met|mét}][, {count:phong|phông}][, {count:hop|hộp}][, {count:trang|trang}]")
    return text[:1].lower() + text[1:] if kind in CLAUSE_KINDS else text + "."


for _kind in K:
    for _status in S:
        if _status == S.HANDED_OVER and _kind not in HANDED_OVER_KINDS:
            continue
        _default = WORK_DEFAULTS.get((_kind, _status))
        _form = "vế câu" if _kind in CLAUSE_KINDS else "câu"
        phrase(work_key(_kind, _status), f"Lưu trữ: {_form} về {K(_kind).label.lower()} — {S(_status).label.lower()}",
               _default or _generic(_kind, _status), **WORK_NAMES)

for _level, _noun in (("huyen", "đơn vị cấp huyện"), ("tinh", "đơn vị cấp tỉnh"), ("xa", "đơn vị cấp xã")):
    phrase(f"{PREFIX}.cap.{_level}", f"Lưu trữ: vế số {_noun}", f"{{count:so|{_noun}}}", so=N)

# The annual report compares with the year before; the clause drops out elsewhere (`ctx.versus`).
CHANGE = ("number", "tăng (+) hoặc giảm (−) so với năm trước (chỉ báo cáo năm)")
YEAR_BEFORE = ("text", "năm trước")
SERVICE_NOUNS = {AccessService.CERTIFIED: "chứng thực", AccessService.COPY: "bản sao",
                 AccessService.WRITTEN_ANSWER: "trả lời bằng văn bản", AccessService.READING_ROOM: "lượt đọc tại chỗ"}
for _service, _noun in SERVICE_NOUNS.items():
    phrase(f"{PREFIX}.khai-thac.{_service.replace('_', '-')}", f"Lưu trữ: vế số lượt khai thác {AccessService(_service).label.lower()}",
           f"{{count:so|{_noun}}}", so=N)
phrase(f"{PREFIX}.khai-thac", "Lưu trữ: vế phục vụ khai thác tài liệu",
       "phục vụ {count:luot|lượt} khai thác[ ({list:dich_vu})]"
       "[, {change:thay_doi|lượt|không thay đổi} so với năm {text:nam_truoc}]",
       luot=("number", "tổng số lượt khai thác"), dich_vu=("clauses", "số lượt theo hình thức khai thác"),
       thay_doi=CHANGE, nam_truoc=YEAR_BEFORE)
phrase(f"{PREFIX}.bao-quan", "Lưu trữ: câu nối việc thay hộp và phục vụ khai thác", "{items:viec}.",
       viec=("clauses", "các vế câu (thay hộp, khai thác)"))
phrase(f"{PREFIX}.giao-nop", "Lưu trữ: câu về tiếp nhận tài liệu giao nộp",
       "Tiếp nhận tài liệu giao nộp vào Lưu trữ lịch sử của {count:don_vi|đơn vị}[, tổng số {number:met|mét}"
       "[ ({change:thay_doi|mét|không thay đổi} so với năm {text:nam_truoc})]]"
       "[ ({count:hop|hộp})].", don_vi=WORK_NAMES["don_vi"], met=WORK_NAMES["met"], hop=WORK_NAMES["hop"],
       thay_doi=CHANGE, nam_truoc=YEAR_BEFORE)


def _work(ctx):
    return ctx.cached("archives.work", lambda: selectors.work_figures(ctx.period, root=ctx.root))


def _access(ctx):
    return ctx.cached("archives.access", lambda: selectors.access_figures(ctx.period, root=ctx.root))


def _values(ctx, figure):
    levels = ctx.clauses(*((f"{PREFIX}.cap.{level}", {"so": figure.by_level.get(level)}) for level in selectors.LEVELS))
    return {"don_vi": figure.units, "cap": levels, "met": figure.metres, "phong": figure.fonds,
            "hop": figure.boxes, "trang": figure.pages}


def _join(sentences):
    """One paragraph of the sentences that did not drop out."""
    sentences = [s for s in sentences if s]
    if not sentences:
        return None
    p = Paragraph()
    for i, s in enumerate(sentences):
        if i:
            p.add(" ")
        p.extend(s.segments)
    return p


def _statuses(kind):
    return KIND_STATUS_ORDER.get(kind, STATUS_ORDER)


@provider(PREFIX, label="Công tác lưu trữ: công việc của Trung tâm Lưu trữ lịch sử (kiểm tra, thẩm tra, chỉnh lý, "
                        "thay hộp, khảo sát, số hóa, khai thác, giao nộp)")
def archives_work(ctx):
    """The Sở's archive work of the period from the registers, a paragraph per group of kinds."""
    work = _work(ctx)
    out = []
    for kinds in PARAGRAPHS:
        if kinds == (K.BOX_REPLACEMENT,):
            access = _access(ctx)
            items = [(work_key(K.BOX_REPLACEMENT, s), _values(ctx, work[(K.BOX_REPLACEMENT, s)]))
                     for s in STATUS_ORDER if (K.BOX_REPLACEMENT, s) in work]
            services = ctx.clauses(*((f"{PREFIX}.khai-thac.{s.replace('_', '-')}", {"so": n})
                                     for s, n in access.by_service.items()))
            items.append((f"{PREFIX}.khai-thac", {"luot": access.total, "dich_vu": services,
                                                  **ctx.versus("luu-tru.khai-thac")}))
            out.append(ctx.sentence(f"{PREFIX}.bao-quan", viec=ctx.clauses(*items)))
            continue
        out.append(_join(ctx.sentence(work_key(kind, s), **_values(ctx, work[(kind, s)]))
                         for kind in kinds for s in _statuses(kind) if (kind, s) in work))
    received = _accessions(ctx)
    out.append(ctx.sentence(f"{PREFIX}.giao-nop", don_vi=received["units"], met=received["metres"],
                            hop=received["boxes"], **ctx.versus("luu-tru.giao-nop-met")))
    return [b for b in out if b]


def _accessions(ctx):
    return ctx.cached("archives.accessions", lambda: selectors.accession_figures(ctx.period, root=ctx.root))


@indicator("luu-tru.giao-nop-met", "Tài liệu giao nộp vào Lưu trữ lịch sử", "mét")
def accession_metres(ctx):
    return _accessions(ctx)["metres"] or None


@indicator("luu-tru.khai-thac", "Lượt khai thác tài liệu lưu trữ", "lượt")
def access_total(ctx):
    return _access(ctx).total


@indicator("luu-tru.chinh-ly-ban-giao-met", "Tài liệu chỉnh lý hoàn chỉnh, bàn giao", "mét")
def arranged_metres(ctx):
    work = _work(ctx)
    figures = [work.get((K.ARRANGEMENT, s)) for s in (S.DONE, S.HANDED_OVER)]
    metres = [f.metres for f in figures if f and f.metres is not None]
    return sum(metres) if metres else None


@indicator("luu-tru.thay-hop", "Hộp tài liệu đã thay", "hộp")
def boxes_replaced(ctx):
    work = _work(ctx)
    boxes = [work[(K.BOX_REPLACEMENT, s)].boxes for s in (S.DONE, S.HANDED_OVER)
             if (K.BOX_REPLACEMENT, s) in work and work[(K.BOX_REPLACEMENT, s)].boxes]
    return sum(boxes) if boxes else None


@indicator("luu-tru.phong-met", "Tài liệu bảo quản tại Lưu trữ lịch sử", "mét")
def fonds_metres(ctx):
    return ctx.cached("archives.fonds", selectors.fonds_totals)["metres"] or None
