"""The religion app's reporting interface (DESIGN §2, §6), through the report kit only.

    "III. Công tác tín ngưỡng, tôn giáo"    ton-giao.tinh-hinh    situation(ctx)

Sentences, in the reference's order (Hậu Giang H1/2021), each a phrase the province may reword:
- (annual reports) the landscape: organizations, facilities, groups, dignitaries and followers;
- incidents: the zero wording «không xảy ra vụ việc phức tạp liên quan đến hoạt động tín ngưỡng,
  tôn giáo» when no complex incident happened in the period, else their count with a note;
- the dossiers resolved in the period: one clause per dossier type, naming the dossiers that have
  a subject («chấp thuận nhân sự Ban Trị sự Phật giáo thành phố Ngã Bảy …») and counting the others
  by religion or organization («tiếp nhận thông báo thuyên chuyển chức sắc của Phật giáo 02 (TH)»);
  founding and renaming affiliated organizations make their own «Thống nhất …» sentence;
- refused and still pending (overdue) dossiers; visits and support money.
Case counts are `{cases:n}` segments: the assembly words «(TH)» once per document.
"""

from core.models import OrgUnitKind, PeriodType
from core.reporting import in_sentence, indicator, phrase, provider
from religion import selectors
from religion.models import DossierType

TEXT = ("text", "chữ")
N = ("number", "số liệu")
CASES_N = ("number", "số trường hợp")
ITEMS = ("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)")
NAMES = ("clauses", "các hồ sơ được nêu tên (nội dung của hồ sơ)")
KY = ("text", "kỳ báo cáo («6 tháng đầu năm»)")
NAM = ("text", "năm")
DIA_BAN = ("text", "«trên địa bàn tỉnh» hoặc «trên địa bàn <đơn vị>»")
CUA = ("text", "tên tổ chức tôn giáo, hoặc tên tôn giáo")

# type → (the sentence its clauses join, clause naming dossiers, clause counting dossiers)
GIAI_QUYET, THONG_NHAT = "giai-quyet", "thong-nhat"
DOSSIER_CLAUSES = {
    DossierType.PERSONNEL: (GIAI_QUYET, "chấp thuận nhân sự {list:ten}",
                            "chấp thuận nhân sự của {text:cua} {cases:n}"),
    DossierType.ABBOT: (GIAI_QUYET, "chấp thuận đăng ký bổ nhiệm trụ trì {list:ten}",
                        "chấp thuận đăng ký bổ nhiệm trụ trì của {text:cua} {cases:n}"),
    DossierType.ORDINATION: (GIAI_QUYET, "tiếp nhận thông báo phong phẩm của {list:ten}",
                             "tiếp nhận thông báo phong phẩm chức sắc của {text:cua} {cases:n}"),
    DossierType.TRANSFER: (GIAI_QUYET, "tiếp nhận thông báo thuyên chuyển chức sắc {list:ten}",
                           "tiếp nhận thông báo thuyên chuyển chức sắc của {text:cua} {cases:n}"),
    DossierType.REGISTRATION: (GIAI_QUYET, "cấp chứng nhận đăng ký hoạt động tôn giáo cho {list:ten}",
                               "cấp chứng nhận đăng ký hoạt động tôn giáo của {text:cua} {cases:n}"),
    DossierType.CEREMONY: (GIAI_QUYET, "chấp thuận tổ chức {list:ten}",
                           "chấp thuận tổ chức lễ, cuộc lễ của {text:cua} {cases:n}"),
    DossierType.OTHER: (GIAI_QUYET, "{list:ten}", "giải quyết đề nghị khác của {text:cua} {cases:n}"),
    DossierType.RENAME: (THONG_NHAT, "việc thay đổi tên tổ chức tôn giáo trực thuộc, thuộc {list:ten}",
                         "việc thay đổi tên {count:n|tổ chức tôn giáo trực thuộc} của {text:cua}"),
    DossierType.AFFILIATE: (THONG_NHAT, "thành lập {list:ten}",
                            "thành lập {count:n|tổ chức tôn giáo trực thuộc} của {text:cua}"),
}
# The order clauses are said in (the reference's): as DossierType lists them, affiliates before renames.
SAID_ORDER = [DossierType.PERSONNEL, DossierType.ABBOT, DossierType.ORDINATION, DossierType.TRANSFER,
              DossierType.REGISTRATION, DossierType.CEREMONY, DossierType.OTHER, DossierType.RENAME,
              DossierType.AFFILIATE]

PREFIX = "ton-giao.tinh-hinh"


def _slug(value):
    return str(value).replace("_", "-")


def named_key(dossier_type):
    return f"{PREFIX}.ho-so.{_slug(dossier_type)}.neu-ten"


def counted_key(dossier_type):
    return f"{PREFIX}.ho-so.{_slug(dossier_type)}.dem"


for _type, (_group, _named, _counted) in DOSSIER_CLAUSES.items():
    _label = DossierType(_type).label.lower()
    phrase(named_key(_type), f"Tôn giáo: vế hồ sơ {_label} (nêu tên)", _named, ten=NAMES)
    phrase(counted_key(_type), f"Tôn giáo: vế hồ sơ {_label} (đếm theo tôn giáo, tổ chức)", _counted, cua=CUA, n=CASES_N)

# The annual report compares with the year before; the clause drops out elsewhere (`ctx.versus`).
CHANGE = ("number", "tăng (+) hoặc giảm (−) so với năm trước (chỉ báo cáo năm)")
NAM_TRUOC = ("text", "năm trước")
phrase(f"{PREFIX}.giai-quyet", "Tôn giáo: câu về các hồ sơ đã xem xét giải quyết",
       "Xem xét giải quyết các trường hợp {items:viec}.", viec=ITEMS)
phrase(f"{PREFIX}.thong-nhat", "Tôn giáo: câu về thành lập, đổi tên tổ chức tôn giáo trực thuộc",
       "Thống nhất {list:viec}.", viec=ITEMS)
phrase(f"{PREFIX}.khong-phuc-tap", "Tôn giáo: câu khi không có vụ việc phức tạp",
       "Trong {text:ky} {text:nam}, {text:dia_ban} không xảy ra vụ việc phức tạp liên quan đến hoạt động tín ngưỡng, "
       "tôn giáo[, {count:da_xu_ly|vụ việc} mới phát sinh được phát hiện và phối hợp xử lý kịp thời, hiệu quả ngay tại cơ sở]"
       "[, {count:dang_xu_ly|vụ việc} đang tiếp tục theo dõi, xử lý].",
       ky=KY, nam=NAM, dia_ban=DIA_BAN, da_xu_ly=N, dang_xu_ly=N)
phrase(f"{PREFIX}.phuc-tap", "Tôn giáo: câu khi có vụ việc phức tạp",
       "Trong {text:ky} {text:nam}, {text:dia_ban} xảy ra {count:so|vụ việc} phức tạp liên quan đến hoạt động tín ngưỡng, "
       "tôn giáo{note:chi_tiet}[; {count:khac|vụ việc} khác được phát hiện và phối hợp xử lý ngay tại cơ sở].",
       ky=KY, nam=NAM, dia_ban=DIA_BAN, so=N, khac=N, chi_tiet=("note", "từng vụ việc: nội dung, địa bàn, cách xử lý"))
phrase(f"{PREFIX}.khong-chap-thuan", "Tôn giáo: câu về hồ sơ không chấp thuận",
       "Trả lời không chấp thuận {cases:n} do chưa đủ điều kiện theo quy định.", n=CASES_N)
phrase(f"{PREFIX}.dang-giai-quyet", "Tôn giáo: câu về hồ sơ đang giải quyết cuối kỳ",
       "Đến cuối kỳ, còn {count:dang|hồ sơ} đang giải quyết[, trong đó {count:qua_han|hồ sơ} quá hạn luật định].",
       dang=N, qua_han=N)
phrase(f"{PREFIX}.tham-hoi", "Tôn giáo: câu về thăm hỏi, chúc mừng",
       "Tổ chức thăm hỏi, chúc mừng chức sắc, chức việc và cơ sở tôn giáo {count:luot|lượt}[ nhân {list:dip}].",
       luot=N, dip=("clauses", "các dịp lễ, tết"))
phrase(f"{PREFIX}.ho-tro", "Tôn giáo: câu về hỗ trợ kinh phí",
       "Hỗ trợ kinh phí hoạt động, xây dựng, sửa chữa cơ sở tôn giáo với tổng số tiền {money:tien}[ ({count:so|lượt})]"
       "[, {change:thay_doi|đồng|không thay đổi} so với năm {text:nam_truoc}].",
       tien=N, so=N, thay_doi=CHANGE, nam_truoc=NAM_TRUOC)
phrase(f"{PREFIX}.tong-quan", "Tôn giáo: câu về tình hình chung (báo cáo năm)",
       "Đến cuối năm {text:nam}, {text:dia_ban} có {count:to_chuc|tổ chức tôn giáo}[, {count:truc_thuoc|tổ chức tôn giáo trực thuộc}]"
       "[, {count:dang_ky|tổ chức được cấp chứng nhận đăng ký hoạt động tôn giáo}][, {count:co_so|cơ sở thờ tự}"
       "[ ({change:co_so_thay_doi|cơ sở|không thay đổi} so với năm {text:nam_truoc})]]"
       "[, {count:nhom|nhóm sinh hoạt tôn giáo tập trung}][; {number:chuc_sac|chức sắc}][, {number:chuc_viec|chức việc}]"
       "[, {number:nha_tu_hanh|nhà tu hành}][, {number:tin_do|tín đồ}"
       "[ ({change:tin_do_thay_doi|người|không thay đổi} so với năm {text:nam_truoc})]].",
       nam=NAM, dia_ban=DIA_BAN, to_chuc=N, truc_thuoc=N, dang_ky=N, co_so=N, nhom=N, chuc_sac=N, chuc_viec=N,
       nha_tu_hanh=N, tin_do=N, co_so_thay_doi=CHANGE, tin_do_thay_doi=CHANGE, nam_truoc=NAM_TRUOC)


def _area(root):
    if root is None or root.kind == OrgUnitKind.PROVINCE:
        return "trên địa bàn tỉnh"
    return f"trên địa bàn {in_sentence(root.name)}"


def _window(ctx):
    return ctx.period.start, ctx.period.end


def dossier_clauses(ctx):
    """{sentence group: [(key, values)]} of the dossiers resolved in the period."""
    start, end = _window(ctx)
    found = ctx.cached("religion.resolved", lambda: selectors.resolved_dossiers(start, end, ctx.root))
    named = {}
    for dossier_type, subject, _n in found["named"]:
        named.setdefault(dossier_type, []).append(subject)
    counted = {}
    for row in found["counted"]:
        counted.setdefault(row["type"], []).append(row)
    groups = {GIAI_QUYET: [], THONG_NHAT: []}
    for dossier_type in SAID_ORDER:
        group = DOSSIER_CLAUSES[dossier_type][0]
        if dossier_type in named:
            groups[group].append((named_key(dossier_type), {"ten": named[dossier_type]}))
        for row in counted.get(dossier_type, ()):
            groups[group].append((counted_key(dossier_type), {"cua": row["organization"] or row["religion"],
                                                              "n": row["n"]}))
    return groups


def _incident_note(incidents):
    parts = []
    for incident in incidents:
        text = f"{incident.description} ({incident.unit.name})"
        if incident.handling:
            text += f": {incident.handling}"
        parts.append(text.rstrip("."))
    return "; ".join(parts) + "." if parts else ""


@provider(PREFIX, label="Công tác tín ngưỡng, tôn giáo (vụ việc, hồ sơ quản lý nhà nước, thăm hỏi, hỗ trợ)")
def situation(ctx):
    """Section "Công tác tín ngưỡng, tôn giáo"."""
    start, end = _window(ctx)
    root, area = ctx.root, _area(ctx.root)
    out = []

    if ctx.period.type == PeriodType.ANNUAL:
        o = selectors.overview(ctx.period.year, root)
        out.append(ctx.sentence(f"{PREFIX}.tong-quan", nam=str(ctx.period.year), dia_ban=area,
                                to_chuc=o["organizations"], truc_thuoc=o["affiliated"], dang_ky=o["registered"],
                                co_so=o["facilities"], nhom=o["groups"], chuc_sac=o["dignitaries"],
                                chuc_viec=o["officials"], nha_tu_hanh=o["clergy"], tin_do=o["believers"],
                                **{**ctx.versus("ton-giao.co-so-tho-tu", "co_so_thay_doi"),
                                   **ctx.versus("ton-giao.tin-do", "tin_do_thay_doi")}))

    incidents = selectors.incident_counts(start, end, root)
    when = {"ky": ctx.period_phrase, "nam": str(ctx.period.year), "dia_ban": area}
    if incidents["complex"]:
        out.append(ctx.sentence(f"{PREFIX}.phuc-tap", **when, so=incidents["complex"], khac=incidents["other"],
                                chi_tiet=_incident_note(selectors.complex_incidents(start, end, root))))
    else:
        out.append(ctx.sentence(f"{PREFIX}.khong-phuc-tap", **when, da_xu_ly=incidents["handled"],
                                dang_xu_ly=incidents["other"] - incidents["handled"]))

    groups = dossier_clauses(ctx)
    out.append(ctx.sentence(f"{PREFIX}.giai-quyet", viec=ctx.clauses(*groups[GIAI_QUYET])))
    out.append(ctx.sentence(f"{PREFIX}.thong-nhat", viec=ctx.clauses(*groups[THONG_NHAT])))
    totals = selectors.dossier_totals(start, end, root)
    out.append(ctx.sentence(f"{PREFIX}.khong-chap-thuan", n=totals["refused"]))
    out.append(ctx.sentence(f"{PREFIX}.dang-giai-quyet", dang=totals["pending"], qua_han=totals["overdue"]))

    support = selectors.support_totals(start, end, root)
    out.append(ctx.sentence(f"{PREFIX}.tham-hoi", luot=support["visits"], dip=support["occasions"]))
    out.append(ctx.sentence(f"{PREFIX}.ho-tro", tien=support["money"], so=support["money_rows"],
                            **ctx.versus("ton-giao.kinh-phi-ho-tro")))
    return [b for b in out if b]


# ---------------------------------------------------------------------------------------------
# Indicators (comparisons and the leaders' dashboard)
# ---------------------------------------------------------------------------------------------


@indicator("ton-giao.vu-viec-phuc-tap", "Vụ việc phức tạp liên quan đến tôn giáo", "vụ việc")
def complex_incidents(ctx):
    return selectors.incident_counts(*_window(ctx), ctx.root)["complex"]


@indicator("ton-giao.ho-so-giai-quyet", "Hồ sơ tôn giáo đã giải quyết", "trường hợp")
def resolved_cases(ctx):
    found = selectors.resolved_dossiers(*_window(ctx), ctx.root)
    return sum(n for _t, _s, n in found["named"]) + sum(r["n"] for r in found["counted"])


@indicator("ton-giao.ho-so-qua-han", "Hồ sơ tôn giáo quá hạn luật định cuối kỳ", "hồ sơ")
def overdue_cases(ctx):
    return selectors.dossier_totals(*_window(ctx), ctx.root)["overdue"]


@indicator("ton-giao.kinh-phi-ho-tro", "Kinh phí hỗ trợ các cơ sở tôn giáo", "đồng")
def support_money(ctx):
    return selectors.support_totals(*_window(ctx), ctx.root)["money"]


@indicator("ton-giao.co-so-tho-tu", "Cơ sở thờ tự cuối năm", "cơ sở")
def facilities(ctx):
    return selectors.overview(ctx.period.year, ctx.root)["facilities"]


@indicator("ton-giao.tin-do", "Tín đồ các tôn giáo", "người")
def believers(ctx):
    return selectors.overview(ctx.period.year, ctx.root)["believers"]
