"""The staffing app's reporting interface (DESIGN §2, §6): its providers, through the report kit only.

    "1. Về tổ chức bộ máy và biên chế"                    to-chuc-bo-may.bien-che   organisation(ctx)
    "2. Về quản lý đội ngũ cán bộ, công chức, viên chức"  can-bo-cong-chuc.quan-ly  civil_servants(ctx)
    "4. Về chính sách tiền lương"                          tien-luong.che-do         salary(ctx)
    "6. Về đào tạo bồi dưỡng"                              dao-tao.boi-duong         training(ctx)
    appendix of the annual report                          bien-che.phu-luc          quota_tables(ctx)

Each returns `core.reporting` blocks; every sentence is a phrase (mẫu câu) declared below, which the
province may reword on the portal. Case counts are `{cases:n}`: the assembly words them once per
document, in outline order («74 trường hợp (TH)» the first time, «46 (TH)» after), and the
document's rule turns notes into footnotes or parentheses; no section decides either.

Wording follows the Hậu Giang H1/2021 report in the corrected style of DESIGN §3: counts padded
("06 (TH)"), thousands "1.360", money "20.412.619.000 đồng"; a type with no case is dropped from
its list and an empty list drops its sentence — never "0 (TH)".
"""

from __future__ import annotations

from core import formatting as f
from core.reporting import (
    Paragraph,
    Phrase,
    Table,
    capitalize_first,
    join_list,
    names_in,
    period_phrase,
    phrase,
    phrase_family,
    provider,
    unit_breakdown,
)
from core.reporting import in_sentence as _in_sentence
from core.models import OrgUnitKind, PeriodType
from staffing import selectors
from staffing.models import (
    ACTION_PHRASE_NAMES,
    ActionGroup,
    ActionType,
    ExamKind,
    Handling,
    Level,
    QuotaKind,
    RestructuringKind,
    RestructuringTarget,
    StreamliningStage,
    action_kinds,
    action_label,
)

PROVINCE_LEVELS = (Level.PROVINCE, Level.DISTRICT)
COMMUNE_LEVELS = (Level.COMMUNE,)

# Section 2: personnel actions of province- and district-level staff, in the reference's order.
PERSONNEL_PHRASES = [
    (ActionType.RETIREMENT, "nghỉ hưu {}"),
    (ActionType.RESIGNATION, "thôi việc {}"),
    (ActionType.TRANSFER, "số lượng công chức, viên chức thuyên chuyển: {}"),
    (ActionType.SECONDMENT, "biệt phái công chức {}"),
    (ActionType.TO_CIVIL_SERVANT, "xét chuyển viên chức sang công chức: {}"),
    (ActionType.REDEPLOYMENT, "điều động {}"),
    (ActionType.APPOINTMENT, "bổ nhiệm, bổ nhiệm lại: {}"),
    (ActionType.RECEPTION, "tiếp nhận {}"),
    (ActionType.RECRUITMENT, "tuyển dụng {}"),
    (ActionType.MILITARY_COMMANDER, "bổ nhiệm Chỉ huy trưởng Ban Chỉ huy quân sự {}"),
]

# Section 4: salary actions of province- and district-level staff ("{rank}" for the ngạch types).
SALARY_PHRASES = [
    (ActionType.EARLY_RAISE, "nâng lương trước thời hạn {}"),
    (ActionType.REGULAR_RAISE, "nâng lương thường xuyên {}"),
    (ActionType.RANK_APPOINTMENT, "bổ nhiệm ngạch {rank}{}"),
    (ActionType.RANK_DISMISSAL, "miễn nhiệm ngạch {rank}{}"),
    (ActionType.RANK_PROMOTION, "nâng ngạch {rank}{}"),
    (ActionType.RETIREMENT_RAISE, "nâng bậc lương trước thời hạn nghỉ hưu {}"),
    # The combined decision (regular step raise, then the allowance past the top step), as the reference says it.
    (ActionType.SENIORITY_ALLOWANCE, "nâng bậc lương thường xuyên và phụ cấp thâm niên vượt khung {}"),
    (ActionType.SALARY_GRADING, "xếp lương {}"),
]

# Cases that got a decision issued for them follow their type's clause as an item of their own
# ("nâng lương trước thời hạn 1.360 (TH); Quyết định nâng lương trước hạn 95 (TH); …").
DECISION_PHRASES = {
    ActionType.EARLY_RAISE: "Quyết định nâng lương trước hạn {}",
    ActionType.REGULAR_RAISE: "Quyết định nâng lương thường xuyên {}",
}

# Section 4, commune level: salary first (early raise and rank promotion said together, as the
# reference does), then the personnel decisions about commune staff.
COMMUNE_PHRASES = [
    ((ActionType.EARLY_RAISE, ActionType.RANK_PROMOTION), "nâng lương trước hạn, nâng ngạch lương {}"),
    ((ActionType.EARLY_RAISE,), "nâng lương trước hạn {}"),
    ((ActionType.RANK_PROMOTION,), "nâng ngạch lương {}"),
    ((ActionType.REGULAR_RAISE,), "nâng lương thường xuyên {}"),
    ((ActionType.RETIREMENT_RAISE,), "nâng bậc lương trước thời hạn nghỉ hưu {}"),
    ((ActionType.SENIORITY_ALLOWANCE,), "phụ cấp thâm niên vượt khung {}"),
    ((ActionType.SALARY_GRADING,), "xếp lương {}"),
    ((ActionType.RECEPTION,), "thống nhất tiếp nhận cán bộ, công chức cấp xã {}"),
    ((ActionType.MILITARY_COMMANDER,), "bổ nhiệm Chỉ huy trưởng Ban Chỉ huy quân sự {}"),
    ((ActionType.RETIREMENT,), "nghỉ hưu {}"),
    ((ActionType.RESIGNATION,), "thôi việc {}"),
    ((ActionType.TRANSFER,), "thuyên chuyển {}"),
    ((ActionType.REDEPLOYMENT,), "điều động {}"),
    ((ActionType.APPOINTMENT,), "bổ nhiệm, bổ nhiệm lại {}"),
    ((ActionType.RECRUITMENT,), "tuyển dụng {}"),
]

STAGE_PHRASES = {
    StreamliningStage.APPROVED: "thực hiện tinh giản biên chế đợt {text:dot} năm {text:nam} có {cases:n}",
    StreamliningStage.FUNDING: "rà soát thẩm định kinh phí tinh giản biên chế đợt {text:dot} năm {text:nam}: {cases:n}",
    StreamliningStage.REVIEW: "rà soát tinh giản biên chế đợt {text:dot} năm {text:nam}: {cases:n}",
}

# ---------------------------------------------------------------------------------------------
# Phrases (mẫu câu): every sentence below is one; the province may reword each on the portal.
# The lists above give the defaults; "{}" is where the case count goes.
# ---------------------------------------------------------------------------------------------

CASES_N = ("number", "số trường hợp")
ITEMS = ("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)")
RANK = ("text", "tên ngạch (có thể trống)")


def _slug(value):
    return str(value).replace("_", "-")


def _case_phrase(template):
    return template.replace("{rank}{}", "[{text:ngach} ]{cases:n}").replace("{}", "{cases:n}")


def personnel_key(action_type):
    return f"can-bo-cong-chuc.quan-ly.{_slug(action_type)}"


def salary_key(action_type, handling):
    decided = "quyet-dinh." if handling == Handling.DECISION else ""
    return f"tien-luong.che-do.{decided}{_slug(action_type)}"


def commune_key(types):
    return "tien-luong.che-do.cap-xa." + "+".join(_slug(t) for t in types)


# Every type clause may also say the decisions ({count:qd|quyết định}) or each separately decided
# group ({items:nhom}, instead of the sum): the phrase chooses; the defaults say the sum only.
for _type, _template in PERSONNEL_PHRASES:
    phrase(personnel_key(_type), f"Cán bộ, công chức: vế {ActionType(_type).label.lower()}", _case_phrase(_template),
           **ACTION_PHRASE_NAMES)
for _type, _template in SALARY_PHRASES:
    phrase(salary_key(_type, Handling.APPRAISAL), f"Tiền lương: vế {ActionType(_type).label.lower()} (thẩm định)",
           _case_phrase(_template), **ACTION_PHRASE_NAMES)
    phrase(salary_key(_type, Handling.DECISION), f"Tiền lương: vế quyết định {ActionType(_type).label.lower()}",
           _case_phrase(DECISION_PHRASES.get(_type, "Quyết định " + _template)), **ACTION_PHRASE_NAMES)
for _types, _template in COMMUNE_PHRASES:
    phrase(commune_key(_types), "Tiền lương cấp xã: vế " + ", ".join(ActionType(t).label.lower() for t in _types),
           _case_phrase(_template), **ACTION_PHRASE_NAMES)
LOAI = ("text", "tên loại quyết định (chữ thường)")
phrase("tien-luong.che-do.cap-xa.khac", "Tiền lương cấp xã: vế một loại khác", "{text:loai} {cases:n}",
       loai=LOAI, **ACTION_PHRASE_NAMES)
phrase("can-bo-cong-chuc.quan-ly.loai-khac", "Quyết định nhân sự: vế một loại không có mẫu câu riêng", "{text:loai} {cases:n}",
       loai=LOAI, **ACTION_PHRASE_NAMES)
phrase("can-bo-cong-chuc.quan-ly.nhom", "Quyết định nhân sự: một nhóm quyết định riêng (vế của «nhom»)",
       "[{count:qd|quyết định} cho ]{cases:n}", qd=ACTION_PHRASE_NAMES["qd"], n=CASES_N)

# The data types (`ActionKind`): their phrase is typed with the type by an admin; the province may
# still reword it on the portal under the same key.
KIND_PREFIX = "can-bo-cong-chuc.quan-ly.loai."


def kind_key(code):
    return f"{KIND_PREFIX}{code}"


def _kind_phrase(key):
    from staffing.models import ActionKind

    kind = ActionKind.objects.filter(code=key[len(KIND_PREFIX):]).first()
    if kind is None:
        return None
    return Phrase(key, f"Loại quyết định «{kind.name}»: vế câu", kind.phrase, dict(ACTION_PHRASE_NAMES))


phrase_family(KIND_PREFIX, _kind_phrase)
for _stage, _template in STAGE_PHRASES.items():
    phrase(f"to-chuc-bo-may.bien-che.tinh-gian.{_slug(_stage)}",
           f"Tinh giản biên chế: vế {StreamliningStage(_stage).label.lower()}", _template,
           dot=("text", "đợt (số La Mã)"), nam=("text", "năm"), n=CASES_N)
NO_ROUND_PHRASES = {
    StreamliningStage.APPROVED: "thực hiện tinh giản biên chế năm {text:nam}[ theo {text:nghi_dinh}] có {cases:n}",
    StreamliningStage.FUNDING: "rà soát thẩm định kinh phí tinh giản biên chế năm {text:nam}: {cases:n}",
    StreamliningStage.REVIEW: "rà soát tinh giản biên chế năm {text:nam}: {cases:n}",
}
for _stage, _template in NO_ROUND_PHRASES.items():
    phrase(f"to-chuc-bo-may.bien-che.tinh-gian.khong-dot.{_slug(_stage)}",
           f"Tinh giản biên chế (không chia đợt): vế {StreamliningStage(_stage).label.lower()}", _template,
           nam=("text", "năm"), nghi_dinh=("text", "các nghị định áp dụng"), n=CASES_N)
phrase("to-chuc-bo-may.bien-che.tinh-gian", "Tinh giản biên chế: câu nối các đợt", "{items:dot}.", dot=ITEMS)
phrase("can-bo-cong-chuc.quan-ly.giai-quyet", "Cán bộ, công chức: câu về các việc đã giải quyết",
       "Đảm bảo công tác quản lý cán bộ, công chức, viên chức đúng theo quy định và kịp thời, giải quyết: {items:viec}.",
       viec=ITEMS)
phrase("tien-luong.che-do.cap-tinh", "Tiền lương: câu về cấp tỉnh, cấp huyện",
       "Giải quyết chế độ chính sách và tiền lương đối với công chức, viên chức và người lao động kịp thời, "
       "đảm bảo đúng quy trình, thủ tục, cụ thể: {items:viec}.", viec=ITEMS)
phrase("tien-luong.che-do.cap-xa", "Tiền lương: câu về cấp xã",
       "Thực hiện giải quyết chế độ chính sách cán bộ, công chức cấp xã: {items:viec}.", viec=ITEMS)
TEXT = ("text", "chữ")
N = ("number", "số liệu")
phrase("to-chuc-bo-may.bien-che.sap-xep", "Tổ chức bộ máy: câu về sắp xếp, kiện toàn",
       "Trong {text:ky} {text:nam}, tiếp tục sắp xếp, kiện toàn tổ chức bộ máy {list:viec}.",
       ky=("text", "kỳ báo cáo"), nam=("text", "năm"), viec=ITEMS)
phrase("to-chuc-bo-may.bien-che.sap-xep.hanh-chinh", "Tổ chức bộ máy: vế cơ quan hành chính",
       "cơ quan hành chính ({count:so|đơn vị})", so=N)
phrase("to-chuc-bo-may.bien-che.sap-xep.su-nghiep-mot", "Tổ chức bộ máy: vế đơn vị sự nghiệp của một cơ quan",
       "đơn vị sự nghiệp công lập thuộc {text:co_quan} ({count:so|đơn vị})", co_quan=TEXT, so=N)
phrase("to-chuc-bo-may.bien-che.sap-xep.su-nghiep", "Tổ chức bộ máy: vế đơn vị sự nghiệp của nhiều cơ quan",
       "đơn vị sự nghiệp công lập ({count:so|đơn vị}){note:theo_co_quan}", so=N,
       theo_co_quan=("note", "số đơn vị của từng cơ quan"))
QUOTA_NAMES = dict(nam=TEXT, giao=N, thay_doi=N, nam_truoc=TEXT, tu_nam=TEXT, cat_giam=N, ty_le=N)
phrase("to-chuc-bo-may.bien-che.bien-che-cong-chuc", "Biên chế: câu về biên chế công chức được giao (báo cáo năm)",
       "Biên chế công chức năm {text:nam} được giao là {count:giao|biên chế}"
       "[ ({change:thay_doi|biên chế|không thay đổi} so với năm {text:nam_truoc})]"
       "[, theo đó giai đoạn {text:tu_nam} - {text:nam} đã cắt giảm {count:cat_giam|biên chế}, đạt tỷ lệ {percent:ty_le}].",
       **QUOTA_NAMES)
phrase("to-chuc-bo-may.bien-che.so-nguoi-lam-viec", "Biên chế: câu về số lượng người làm việc được giao (báo cáo năm)",
       "Số lượng người làm việc năm {text:nam} được giao là {count:giao|người}"
       "[ ({change:thay_doi|người|không thay đổi} so với năm {text:nam_truoc})]"
       "[, theo đó giai đoạn {text:tu_nam} - {text:nam} đã cắt giảm {count:cat_giam|biên chế}, đạt tỷ lệ {percent:ty_le}].",
       **QUOTA_NAMES)
phrase("can-bo-cong-chuc.quan-ly.thi-theo-van-ban", "Thi tuyển: câu về kỳ thi nâng ngạch theo văn bản",
       "Triển khai thực hiện {text:van_ban}, có {cases:n} tham gia.", van_ban=TEXT, n=CASES_N)
phrase("can-bo-cong-chuc.quan-ly.thi-to-chuc", "Thi tuyển: câu về một kỳ thi đã tổ chức",
       "Tổ chức {text:ky_thi}, có {cases:n} tham gia.", ky_thi=TEXT, n=CASES_N)
phrase("can-bo-cong-chuc.quan-ly.thi-cong-nhan", "Thi tuyển: câu về công nhận kết quả",
       "Thực hiện giám sát và công nhận kết quả {text:ky_thi} {text:doi_tuong} {cases:n}[ đối với {list:cap}{note:don_vi}].",
       ky_thi=TEXT, doi_tuong=TEXT, n=CASES_N, cap=ITEMS, don_vi=("note", "danh sách đơn vị"))
for _level, _noun in (("huyen", "đơn vị cấp huyện"), ("tinh", "đơn vị cấp tỉnh"), ("xa", "đơn vị cấp xã")):
    phrase(f"can-bo-cong-chuc.quan-ly.thi-cong-nhan.{_level}", f"Thi tuyển: vế số {_noun}", f"{{count:so|{_noun}}}", so=N)
phrase("dao-tao.boi-duong.ke-hoach", "Đào tạo: câu về kế hoạch đào tạo, bồi dưỡng",
       "Ban hành kế hoạch đào tạo, bồi dưỡng năm {text:nam} {text:dia_ban} theo quy định và nhu cầu đào tạo của địa phương"
       "[ (với {commas:chi_tiet})].", nam=TEXT, dia_ban=("text", "«trên địa bàn tỉnh» hoặc «của <đơn vị>»"),
       chi_tiet=ITEMS)
phrase("dao-tao.boi-duong.ke-hoach.lop", "Đào tạo: vế số lớp", "{count:so|lớp}", so=N)
phrase("dao-tao.boi-duong.ke-hoach.kinh-phi", "Đào tạo: vế kinh phí", "tổng kinh phí: {money:so|đồng}", so=N)
phrase("dao-tao.boi-duong.sau-dai-hoc", "Đào tạo: câu về chế độ sau đại học",
       "Trong {text:ky}, giải quyết các chế độ chính sách sau đại học theo quy định đối với {cases:n}.",
       ky=("text", "kỳ báo cáo"), n=CASES_N)


def _area(root):
    if root is None or root.kind == OrgUnitKind.PROVINCE:
        return "trên địa bàn tỉnh"
    return f"của {root.name}"


# ---------------------------------------------------------------------------------------------
# Figures (a fixed number of queries per section)
# ---------------------------------------------------------------------------------------------


def _streamlining(period, root):
    return [r for r in selectors.streamlining_counts(period, root=root) if r["total"]]


def _counts(period, root):
    return selectors.personnel_counts(period, root=root)


PROMOTION_EXAMS = (ExamKind.RANK_PROMOTION, ExamKind.GRADE_PROMOTION)


def _exams(period, root):
    """Exams with a figure: promotion exams first (as the reference reports), then recruitment."""
    exams = [e for e in selectors.exams_in(period, root=root) if (e.participants or e.passed)]
    return sorted(exams, key=lambda e: (e.kind not in PROMOTION_EXAMS, e.held_on, e.pk))


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


def _streamlining_of(ctx):
    return ctx.cached("staffing.streamlining", lambda: _streamlining(ctx.period, ctx.root))


def _counts_of(ctx):
    return ctx.cached("staffing.counts", lambda: _counts(ctx.period, ctx.root))


def _exams_of(ctx):
    return ctx.cached("staffing.exams", lambda: _exams(ctx.period, ctx.root))


def _kinds_of(ctx):
    return ctx.cached("staffing.kinds", action_kinds)


def _names_used(ctx, key):
    """The figure names the phrase `key` uses as this build words it (read once per build)."""
    from core.reporting import get_phrase

    def read():
        text = (ctx.wording or {}).get(key)
        if not text:
            try:
                text = get_phrase(key).default
            except KeyError:
                text = ""
        return set(names_in(text))

    return ctx.cached(f"staffing.names.{key}", read)


def _values(ctx, counts, action_type, levels, handling=None, rank=None, key=None):
    """A type clause's figures: the cases, and — when its phrase (`key`; any phrase when None) says
    them — the decisions and each separately decided group."""
    used = _names_used(ctx, key) if key else {"qd", "nhom"}
    values = {"n": counts.total(action_type, levels, rank_title=rank, handling=handling), "ngach": rank or ""}
    if "qd" in used:
        values["qd"] = counts.decisions(action_type, levels, rank_title=rank, handling=handling)
    if "nhom" in used:
        groups = counts.groups_of(action_type, levels, rank_title=rank, handling=handling)
        values["nhom"] = ctx.clauses(*(("can-bo-cong-chuc.quan-ly.nhom", {"qd": g["decisions"], "n": g["cases"]})
                                       for g in groups))
    return values


def _uses_rank(ctx, key, default):
    return "ngach" in names_in((ctx.wording or {}).get(key) or default)


def _kind_items(ctx, counts, group, levels):
    """Clauses of the data types of `group` with a case in `levels`, in their order."""
    items = []
    for kind in sorted(_kinds_of(ctx).values(), key=lambda k: (k.sort_order, k.name)):
        if kind.group != group or not counts.total(kind.code, levels):
            continue
        key = kind_key(kind.code)
        if _uses_rank(ctx, key, kind.phrase):
            items += [(key, _values(ctx, counts, kind.code, levels, rank=rank, key=key))
                      for rank, _n in counts.by_rank(kind.code, levels)]
        else:
            items.append((key, _values(ctx, counts, kind.code, levels, key=key)))
    return items


BUILTIN_KEYS = {**{t: personnel_key(t) for t, _ in PERSONNEL_PHRASES},
                **{t: salary_key(t, Handling.APPRAISAL) for t, _ in SALARY_PHRASES}}


def type_key(ctx, action_type):
    """The key of one type's own clause, wherever the type is said (built-in or data type)."""
    if action_type in BUILTIN_KEYS:
        return BUILTIN_KEYS[action_type]
    if action_type in _kinds_of(ctx):
        return kind_key(action_type)
    return "can-bo-cong-chuc.quan-ly.loai-khac"


def type_clause(ctx, action_type, values):
    """(key, values) of one type's own clause."""
    return type_key(ctx, action_type), {**values, "loai": action_label(action_type, _kinds_of(ctx)).lower()}


@provider("to-chuc-bo-may.bien-che", label="Tổ chức bộ máy, biên chế và tinh giản biên chế")
def organisation(ctx):
    """Section "1. Về tổ chức bộ máy và biên chế"."""
    period, root = ctx.period, ctx.root
    out = []

    events = selectors.restructuring_counts(period, root=root)
    if events:
        admin = sum(e["total"] for e in events if e["target"] == RestructuringTarget.ADMINISTRATIVE)
        public = [e for e in events if e["target"] == RestructuringTarget.PUBLIC_SERVICE]
        total_public = sum(e["total"] for e in public)
        items = [("to-chuc-bo-may.bien-che.sap-xep.hanh-chinh", {"so": admin})]
        if len(public) == 1:
            items.append(("to-chuc-bo-may.bien-che.sap-xep.su-nghiep-mot",
                          {"co_quan": public[0]["unit__name"], "so": total_public}))
        elif public:
            detail = capitalize_first(join_list(
                f"{_in_sentence(e['unit__name'])} {f.quantity(e['total'], 'đơn vị')}" for e in public)) + "."
            items.append(("to-chuc-bo-may.bien-che.sap-xep.su-nghiep", {"so": total_public, "theo_co_quan": detail}))
        out.append(ctx.sentence("to-chuc-bo-may.bien-che.sap-xep", ky=period_phrase(period), nam=str(period.year),
                                viec=ctx.clauses(*items)))

    if period.type == PeriodType.ANNUAL:
        for kind, key in ((QuotaKind.CIVIL_SERVANT, "to-chuc-bo-may.bien-che.bien-che-cong-chuc"),
                          (QuotaKind.PUBLIC_EMPLOYEE, "to-chuc-bo-may.bien-che.so-nguoi-lam-viec")):
            change = selectors.quota_change(period.year, kind, root=root)
            if not change["assigned"]:
                continue
            values = {"nam": str(period.year), "giao": change["assigned"], "thay_doi": change["change"],
                      "nam_truoc": str(period.year - 1)}
            # The cut since the first year on record ("theo đó giai đoạn 2015 - 2021 … cắt giảm 188
            # biên chế, đạt tỷ lệ 10,23%"), when that span is longer than the one-year change.
            first = selectors.first_quota_year(kind, root=root)
            if first is not None and first < period.year - 1:
                span = selectors.quota_cumulative(first, period.year, kind, root=root)
                if span["cut"] and span["cut"] > 0:
                    values.update(tu_nam=str(first), cat_giam=span["cut"], ty_le=span["percent"])
            out.append(ctx.sentence(key, **values))

    rounds = ctx.clauses(*(
        (f"to-chuc-bo-may.bien-che.tinh-gian.{_slug(r['stage'])}",
         {"dot": f.roman(r["round_number"]), "nam": str(r["year"]), "n": r["total"]})
        if r["round_number"] is not None else
        (f"to-chuc-bo-may.bien-che.tinh-gian.khong-dot.{_slug(r['stage'])}",
         {"nam": str(r["year"]), "n": r["total"], "nghi_dinh": _decrees(r.get("decrees"))})
        for r in _streamlining_of(ctx)))
    out.append(ctx.sentence("to-chuc-bo-may.bien-che.tinh-gian", dot=rounds))
    return [b for b in out if b]


@provider("can-bo-cong-chuc.quan-ly", label="Quản lý đội ngũ cán bộ, công chức, viên chức (thi tuyển, nhân sự)")
def civil_servants(ctx):
    """Section "2. Về quản lý đội ngũ cán bộ, công chức, viên chức"."""
    out = []

    exams = _exams_of(ctx)
    if exams:
        p = Paragraph()
        for exam in exams:
            if exam.kind in PROMOTION_EXAMS and exam.participants:
                said = (ctx.say("can-bo-cong-chuc.quan-ly.thi-theo-van-ban", van_ban=exam.document.citation(),
                                n=exam.participants) if exam.document else
                        ctx.say("can-bo-cong-chuc.quan-ly.thi-to-chuc", ky_thi=exam.name, n=exam.participants))
            elif exam.passed:
                levels = ctx.clauses(
                    ("can-bo-cong-chuc.quan-ly.thi-cong-nhan.huyen", {"so": exam.district_units}),
                    ("can-bo-cong-chuc.quan-ly.thi-cong-nhan.tinh", {"so": exam.province_units}),
                    ("can-bo-cong-chuc.quan-ly.thi-cong-nhan.xa", {"so": exam.commune_units}),
                )
                names = capitalize_first(join_list(_in_sentence(n) for n in exam.unit_names)) + "." \
                    if len(exam.unit_names) > 1 else ""
                said = ctx.say("can-bo-cong-chuc.quan-ly.thi-cong-nhan", ky_thi=exam.get_kind_display().lower(),
                               doi_tuong=exam.get_audience_display().lower(), n=exam.passed, cap=levels, don_vi=names)
            else:
                said = ctx.say("can-bo-cong-chuc.quan-ly.thi-to-chuc", ky_thi=exam.name, n=exam.participants)
            if said:
                if p.segments:
                    p.add(" ")
                p.extend(said)
        out.append(p)

    counts = _counts_of(ctx)
    done = ctx.clauses(*((personnel_key(t), _values(ctx, counts, t, PROVINCE_LEVELS, key=personnel_key(t)))
                         for t, _ in PERSONNEL_PHRASES),
                       *_kind_items(ctx, counts, ActionGroup.PERSONNEL, PROVINCE_LEVELS))
    out.append(ctx.sentence("can-bo-cong-chuc.quan-ly.giai-quyet", viec=done))
    return [b for b in out if b]


@provider("tien-luong.che-do", label="Chính sách tiền lương (cấp tỉnh, huyện và cấp xã)")
def salary(ctx):
    """Section "4. Về chính sách tiền lương"."""
    counts = _counts_of(ctx)
    out = []

    items = []
    for action_type, template in SALARY_PHRASES:
        for handling in (Handling.APPRAISAL, Handling.DECISION):
            key = salary_key(action_type, handling)
            if "{rank}" in template:
                items += [(key, _values(ctx, counts, action_type, PROVINCE_LEVELS, handling, rank, key))
                          for rank, _n in counts.by_rank(action_type, PROVINCE_LEVELS, handling=handling)]
            else:
                items.append((key, _values(ctx, counts, action_type, PROVINCE_LEVELS, handling, key=key)))
    items += _kind_items(ctx, counts, ActionGroup.SALARY, PROVINCE_LEVELS)
    out.append(ctx.sentence("tien-luong.che-do.cap-tinh", viec=ctx.clauses(*items)))

    commune = counts.by_type(COMMUNE_LEVELS)
    items = []
    said = set()
    for types, _template in COMMUNE_PHRASES:
        if any(t in said for t in types) or not all(commune.get(t) for t in types):
            continue
        said.update(types)
        items.append((commune_key(types), {"n": sum(commune[t] for t in types)}))
    kinds = _kinds_of(ctx)
    for action_type, n in commune.items():  # any other type at commune level
        if not n or action_type in said:
            continue
        if action_type in kinds:
            items.append((kind_key(action_type), _values(ctx, counts, action_type, COMMUNE_LEVELS,
                                                         key=kind_key(action_type))))
        else:
            items.append(("tien-luong.che-do.cap-xa.khac", {"loai": action_label(action_type, kinds).lower(), "n": n}))
    out.append(ctx.sentence("tien-luong.che-do.cap-xa", viec=ctx.clauses(*items)))
    return [b for b in out if b]


@provider("dao-tao.boi-duong", label="Đào tạo, bồi dưỡng cán bộ, công chức, viên chức")
def training(ctx):
    """Section "6. Về đào tạo bồi dưỡng cán bộ, công chức, viên chức"."""
    period, root = ctx.period, ctx.root
    out = []
    allowed = set(selectors.units_under(root, period.start, period.end).values_list("pk", flat=True)) if root else None
    for plan in selectors.training_plans_in(period):
        if allowed is not None and plan.unit_id is not None and plan.unit_id not in allowed:
            continue
        details = ctx.clauses(("dao-tao.boi-duong.ke-hoach.lop", {"so": plan.classes}),
                              ("dao-tao.boi-duong.ke-hoach.kinh-phi", {"so": plan.budget}))
        out.append(ctx.sentence("dao-tao.boi-duong.ke-hoach", nam=str(plan.year), dia_ban=_area(root),
                                chi_tiet=details))
    support = selectors.postgraduate_total(period, root=root)
    out.append(ctx.sentence("dao-tao.boi-duong.sau-dai-hoc", ky=ctx.period_phrase, n=support["total"]))
    return [b for b in out if b]


QUOTA_APPENDIX = (
    (QuotaKind.CIVIL_SERVANT, "Biên chế công chức năm {year} theo cơ quan, đơn vị"),
    (QuotaKind.PUBLIC_EMPLOYEE, "Số lượng người làm việc năm {year} theo đơn vị"),
    (QuotaKind.CONTRACT, "Hợp đồng lao động năm {year} theo cơ quan, đơn vị"),
)


def _cell(n):
    return "-" if n is None else f.number(n)


@provider("bien-che.phu-luc", label="Phụ lục: biên chế được giao, đã sử dụng theo cơ quan, đơn vị (năm của kỳ)")
def quota_tables(ctx):
    """Appendix of the annual report: per quota kind, each unit's assigned, used and difference
    (assigned − used; "-" where nothing was entered), then the total."""
    period, root = ctx.period, ctx.root
    tables = []
    for kind, caption in QUOTA_APPENDIX:
        table = selectors.quota_table(None, period.year, kind=kind, root=root)
        if not table["rows"]:
            continue
        rows = [[r["unit"].name, _cell(r["assigned"]), _cell(r["used"]), _cell(r["difference"])] for r in table["rows"]]
        totals = table["totals"]
        tables.append(Table(["Cơ quan, đơn vị", "Được giao", "Đã sử dụng", "Chênh lệch"], rows,
                            caption=caption.format(year=period.year),
                            totals=["Tổng cộng", _cell(totals["assigned"]), _cell(totals["used"]), _cell(totals["difference"])]))
    return tables


# ---------------------------------------------------------------------------------------------
# Sections a report kind may add to its outline (none is in the default outlines, so the
# reference report stays as it is): decisions by who decided and by level, term quotas, and the
# registers of job positions, training classes and restructuring by kind.
# ---------------------------------------------------------------------------------------------

TYPE_NAMES = dict(loai=LOAI, viec=("clauses", "vế của từng loại, mỗi vế theo mẫu câu của loại đó"),
                  loai_ds=("clauses", "tên các loại quyết định (không kèm số)"))
phrase("can-bo-cong-chuc.tham-quyen.cau", "Theo cơ quan quyết định: câu về một cơ quan quyết định",
       "Trình {text:co_quan} ban hành[ {count:qd|quyết định}] {list:loai_ds} cho {cases:n}.",
       co_quan=("text", "cơ quan quyết định"), qd=ACTION_PHRASE_NAMES["qd"], n=CASES_N,
       **{k: v for k, v in TYPE_NAMES.items() if k != "loai"})
phrase("can-bo-cong-chuc.tham-quyen.loai", "Theo cơ quan quyết định: tên một loại (vế của «loai_ds»)",
       "{text:loai}", loai=LOAI, n=CASES_N, qd=ACTION_PHRASE_NAMES["qd"])
phrase("can-bo-cong-chuc.theo-cap.cau", "Theo cấp: câu về các quyết định của một cấp",
       "Đối với {text:cap}, giải quyết: {items:viec}.", cap=("text", "«cấp tỉnh», «cấp huyện», «cấp xã»"),
       n=CASES_N, qd=ACTION_PHRASE_NAMES["qd"], viec=TYPE_NAMES["viec"])

def _type_order(ctx):
    """The order types are said in: the built-in outline order, then the data types."""
    order = [t for t, _ in PERSONNEL_PHRASES] + [t for t, _ in SALARY_PHRASES] + list(ActionType.values)
    kinds = sorted(_kinds_of(ctx).values(), key=lambda k: (k.group, k.sort_order, k.name))
    return {t: i for i, t in enumerate(dict.fromkeys(order + [k.code for k in kinds]))}


def _ordered(ctx, types):
    order = _type_order(ctx)
    return sorted(types, key=lambda t: (order.get(t, len(order)), t))


def _by_authority(ctx, group):
    counts = _counts_of(ctx)
    used = _names_used(ctx, "can-bo-cong-chuc.tham-quyen.cau")
    out = []
    for entry in counts.by_authority(group=group):
        authority = entry["authority"]
        if not authority:
            continue  # rows that do not say who decided are not attributed to anyone
        types = _ordered(ctx, entry["types"])
        viec = names = []
        if "viec" in used:  # each type with its own clause and figures (the type's phrase)
            viec = ctx.clauses(*(type_clause(ctx, t, {
                "n": entry["types"][t], "qd": counts.decisions(t, authority=authority),
                "nhom": ctx.clauses(*(("can-bo-cong-chuc.quan-ly.nhom", {"qd": g["decisions"], "n": g["cases"]})
                                      for g in counts.groups_of(t, authority=authority)))}) for t in types))
        if "loai_ds" in used:  # the types' names only
            names = ctx.clauses(*(("can-bo-cong-chuc.tham-quyen.loai", {
                "loai": action_label(t, _kinds_of(ctx)).lower(), "n": entry["types"][t],
                "qd": counts.decisions(t, authority=authority)}) for t in types))
        out.append(ctx.sentence("can-bo-cong-chuc.tham-quyen.cau", co_quan=authority, qd=entry["decisions"],
                                n=entry["cases"], viec=viec, loai_ds=names))
    return [b for b in out if b]


@provider("can-bo-cong-chuc.tham-quyen", label="Quyết định nhân sự, tiền lương theo cơ quan quyết định")
def by_authority(ctx):
    """One sentence per deciding authority: «Trình Chủ tịch UBND tỉnh ban hành 12 quyết định nghỉ
    hưu và điều động cho 13 trường hợp»; the phrase may list each type with its own figures."""
    return _by_authority(ctx, None)


@provider("can-bo-cong-chuc.theo-cap", label="Quyết định nhân sự, tiền lương theo cấp (tỉnh, huyện, xã)")
def by_level(ctx):
    """One sentence per level, each type in its own clause."""
    counts = _counts_of(ctx)
    per_level = counts.by_level()
    out = []
    for level, label in Level.choices:
        types = per_level.get(level)
        if not types:
            continue
        viec = ctx.clauses(*(type_clause(ctx, t, _values(ctx, counts, t, (level,), key=type_key(ctx, t)))
                             for t in _ordered(ctx, types)))
        out.append(ctx.sentence("can-bo-cong-chuc.theo-cap.cau", cap=label.lower(), n=sum(types.values()),
                                qd=counts.decisions(levels=(level,)), viec=viec))
    return [b for b in out if b]


TERM_NAMES = dict(giai_doan=TEXT, giao_gd=N, nam=TEXT, giao=N, thay_doi=N, nam_truoc=TEXT, lo_trinh=N,
                  cat_giam=N, ty_le=N)
for _kind, _label, _noun in ((QuotaKind.CIVIL_SERVANT, "Biên chế công chức", "biên chế"),
                             (QuotaKind.PUBLIC_EMPLOYEE, "Số lượng người làm việc", "người")):
    phrase(f"bien-che.giai-doan.{_slug(_kind)}", f"Biên chế theo giai đoạn: câu về {_label.lower()}",
           f"{_label}[ giai đoạn {{text:giai_doan}} được giao {{count:giao_gd|{_noun}}};] năm {{text:nam}} được giao "
           f"{{count:giao|{_noun}}}[ ({{change:thay_doi|{_noun}|không thay đổi}} so với năm {{text:nam_truoc}})]"
           f"[; từ đầu giai đoạn đã cắt giảm {{count:cat_giam|biên chế}}, đạt tỷ lệ {{percent:ty_le}}]"
           f"[; lộ trình tinh giản biên chế giai đoạn {{text:giai_doan}} là {{percent:lo_trinh}}].",
           **TERM_NAMES)


@provider("bien-che.giai-doan", label="Biên chế được giao theo giai đoạn và theo năm (kỳ nào cũng dùng được)")
def term_quotas(ctx):
    """Per quota kind: the term's total, the year's figure, the change against the previous year,
    the cut since the term's first year and the roadmap's cut (a percentage)."""
    period, root = ctx.period, ctx.root
    out = []
    for kind in (QuotaKind.CIVIL_SERVANT, QuotaKind.PUBLIC_EMPLOYEE):
        change = selectors.quota_change(period.year, kind, root=root)
        if not change["assigned"]:
            continue
        term = selectors.term_quota(period.year, kind, root=root)
        values = {"nam": str(period.year), "giao": change["assigned"], "thay_doi": change["change"],
                  "nam_truoc": str(period.year - 1), "giai_doan": term["term"], "giao_gd": term["assigned"],
                  "lo_trinh": term["roadmap"]}
        if term["first"] is not None and term["first"] < period.year:
            span = selectors.quota_cumulative(term["first"], period.year, kind, root=root)
            if span["cut"] and span["cut"] > 0:
                values.update(cat_giam=span["cut"], ty_le=span["percent"])
        out.append(ctx.sentence(f"bien-che.giai-doan.{_slug(kind)}", **values))
    return [b for b in out if b]


BREAKDOWN = ("note", "số liệu của từng đơn vị (chú thích)")
phrase("to-chuc-bo-may.vi-tri-viec-lam", "Vị trí việc làm: câu về các quyết định phê duyệt, điều chỉnh",
       "Trong {text:ky}, tham mưu phê duyệt danh mục vị trí việc làm của {count:so|cơ quan, đơn vị}"
       "[ (trong đó điều chỉnh danh mục của {count:dieu_chinh|cơ quan, đơn vị})]"
       "[ với {number:vi_tri|vị trí việc làm}]{note:theo_don_vi}.",
       ky=("text", "kỳ báo cáo"), so=N, dieu_chinh=N, vi_tri=N, theo_don_vi=BREAKDOWN)


@provider("to-chuc-bo-may.vi-tri-viec-lam", label="Phê duyệt, điều chỉnh vị trí việc làm (sổ theo dõi)")
def job_positions(ctx):
    rows = selectors.job_position_approvals(ctx.period, root=ctx.root)
    if not rows:
        return []
    units = {r["unit"]: _Named(r["unit__name"]) for r in rows}
    note = unit_breakdown([(units[r["unit"]], None, r["positions"] or 0) for r in rows], "vị trí việc làm")
    return [b for b in [ctx.sentence(
        "to-chuc-bo-may.vi-tri-viec-lam", ky=ctx.period_phrase, so=len(rows),
        dieu_chinh=sum(1 for r in rows if r["adjustments"]), vi_tri=sum(r["positions"] or 0 for r in rows),
        theo_don_vi=note)] if b]


phrase("dao-tao.boi-duong.lop", "Đào tạo: câu về các lớp đã tổ chức (sổ theo dõi lớp)",
       "Trong {text:ky}, tổ chức {count:lop|lớp} đào tạo, bồi dưỡng[ cho {number:hoc_vien|học viên}]"
       "[, kinh phí {money:kinh_phi|đồng}]{note:theo_don_vi}.",
       ky=("text", "kỳ báo cáo"), lop=N, hoc_vien=N, kinh_phi=N, theo_don_vi=BREAKDOWN)


@provider("dao-tao.boi-duong.lop", label="Lớp đào tạo, bồi dưỡng đã tổ chức (sổ theo dõi)")
def training_courses(ctx):
    rows = selectors.training_courses(ctx.period, root=ctx.root)
    if not rows:
        return []
    units = {r["unit"]: _Named(r["unit__name"]) for r in rows}
    note = unit_breakdown([(units[r["unit"]], None, r["courses"]) for r in rows], "lớp")
    return [b for b in [ctx.sentence(
        "dao-tao.boi-duong.lop", ky=ctx.period_phrase, lop=sum(r["courses"] for r in rows),
        hoc_vien=sum(r["participants"] or 0 for r in rows), kinh_phi=sum((r["budget"] or 0) for r in rows),
        theo_don_vi=note)] if b]


KIND_PHRASES = {
    RestructuringKind.ESTABLISH: "thành lập {count:so|đơn vị}{note:theo_don_vi}",
    RestructuringKind.REORGANISE: "tổ chức lại {count:so|đơn vị}{note:theo_don_vi}",
    RestructuringKind.MERGE: "sáp nhập, hợp nhất {count:so|đơn vị}{note:theo_don_vi}",
    RestructuringKind.DISSOLVE: "giải thể {count:so|đơn vị}{note:theo_don_vi}",
    RestructuringKind.CONSOLIDATE: "sắp xếp, kiện toàn {count:so|đơn vị}{note:theo_don_vi}",
    RestructuringKind.FUNCTIONS: "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của "
                                 "{count:so|cơ quan, đơn vị}{note:theo_don_vi}",
}
for _kind, _template in KIND_PHRASES.items():
    phrase(f"to-chuc-bo-may.hinh-thuc.{_slug(_kind)}", f"Sắp xếp bộ máy theo hình thức: vế {_kind.label.lower()}",
           _template, so=N, theo_don_vi=BREAKDOWN)
phrase("to-chuc-bo-may.hinh-thuc", "Sắp xếp bộ máy theo hình thức: câu nối các hình thức",
       "Trong {text:ky}, tham mưu cấp có thẩm quyền quyết định {items:viec}.", ky=("text", "kỳ báo cáo"), viec=ITEMS)


@provider("to-chuc-bo-may.hinh-thuc", label="Sắp xếp tổ chức bộ máy theo hình thức (thành lập, tổ chức lại, giải thể…)")
def restructuring_by_kind(ctx):
    rows = selectors.restructuring_by_kind(ctx.period, root=ctx.root)
    items = []
    for kind in RestructuringKind.values:
        mine = [r for r in rows if r["kind"] == kind]
        if not mine:
            continue
        note = unit_breakdown([(_Named(r["unit__name"]), None, r["total"]) for r in mine], "đơn vị")
        items.append((f"to-chuc-bo-may.hinh-thuc.{_slug(kind)}", {"so": sum(r["total"] for r in mine),
                                                                   "theo_don_vi": note}))
    return [b for b in [ctx.sentence("to-chuc-bo-may.hinh-thuc", ky=ctx.period_phrase, viec=ctx.clauses(*items))] if b]


class _Named:
    """A unit by its name, for `unit_breakdown` (which keys and prints by `.name`)."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        return isinstance(other, _Named) and other.name == self.name


def _decrees(codes):
    from staffing.models import StreamliningDecree

    labels = dict(StreamliningDecree.choices)
    return join_list(labels.get(c, c) for c in codes or ())
