"""The emulation app's reporting interface (DESIGN §2, §6), through the report kit only.

    six-month / annual report, section «Công tác thi đua, khen thưởng»   thi-dua-khen-thuong.ket-qua
    annual TĐKT report: movements, clusters and blocs                  thi-dua-khen-thuong.phong-trao
    annual TĐKT report: awards by level (Nhà nước, tỉnh)               thi-dua-khen-thuong.theo-cap
    appendix: recipients by award type × collective/individual/household, decisions by occasion
                                                                        thi-dua-khen-thuong.phu-luc

Figures come from the registers (`emulation.selectors`): decisions đã khen by their date, what the
province sent up (trình cấp trên) by the day it was sent. Every sentence is a phrase below; a figure
that is zero drops its clause or sentence, never «0».
"""

from core import formatting as f
from core.reporting import Table, in_sentence, indicator, phrase, provider
from emulation import selectors
from emulation.models import AwardCategory, AwardKind, AwardLevel, ClusterRole, EmulationCluster, EmulationMovement, \
    Occasion, RecipientKind

N = ("number", "số liệu")
TEXT = ("text", "chữ")
ITEMS = ("clauses", "các vế câu (mỗi vế một mẫu câu riêng; vế có số 0 bị bỏ)")

K = "thi-dua-khen-thuong.ket-qua"

# How each occasion is said inside «khen thưởng thành tích …».
OCCASION_WORDS = {
    Occasion.ANNUAL: "tổng kết kinh tế - xã hội",
    Occasion.SUDDEN: "đột xuất",
    Occasion.THEMATIC: "chuyên đề",
    Occasion.RESISTANCE: "kháng chiến",
    Occasion.DEDICATION: "quá trình cống hiến",
}
# The reference lists them in this order.
OCCASION_ORDER = [Occasion.ANNUAL, Occasion.SUDDEN, Occasion.THEMATIC, Occasion.RESISTANCE, Occasion.DEDICATION]
for _occasion, _words in OCCASION_WORDS.items():
    phrase(f"{K}.dip.{_occasion.value.replace('_', '-')}", f"Thi đua, khen thưởng: dịp khen «{_occasion.label}»", _words)

RECIPIENT_NOUNS = {RecipientKind.COLLECTIVE: "tập thể", RecipientKind.INDIVIDUAL: "cá nhân",
                   RecipientKind.HOUSEHOLD: "hộ gia đình"}
for _kind, _noun in RECIPIENT_NOUNS.items():
    phrase(f"{K}.doi-tuong.{_kind.value.replace('_', '-')}", f"Thi đua, khen thưởng: vế số {_noun}",
           f"{{count:so|{_noun}}}", so=N)

# The annual report compares with the year before («(tăng 12 Quyết định so với năm 2020)»); the
# clause drops out in other reports or when a year has no figure (`ctx.versus`).
CHANGE = ("number", "tăng (+) hoặc giảm (−) so với năm trước (chỉ báo cáo năm)")
YEAR_BEFORE = ("text", "năm trước")
phrase(K, "Thi đua, khen thưởng: câu về quyết định và Bằng khen của tỉnh trong kỳ",
       "Trong kỳ, thực hiện khen thưởng thành tích {commas:dip}: {count:quyet_dinh|Quyết định}"
       "[ ({change:qd_thay_doi|Quyết định|không thay đổi} so với năm {text:nam_truoc})]"
       "[, tặng {count:bang_khen|Bằng khen}[ ({change:bk_thay_doi|Bằng khen|không thay đổi} so với năm "
       "{text:nam_truoc})][, trong đó: {list:doi_tuong}]].",
       dip=("clauses", "các dịp khen có quyết định (mỗi dịp một mẫu câu)"), quyet_dinh=N, bang_khen=N,
       doi_tuong=("clauses", "số tập thể, cá nhân, hộ gia đình được tặng Bằng khen"),
       qd_thay_doi=CHANGE, bk_thay_doi=CHANGE, nam_truoc=YEAR_BEFORE)
phrase(f"{K}.danh-hieu", "Thi đua, khen thưởng: câu về cờ thi đua, danh hiệu cấp tỉnh và hồ sơ kháng chiến",
       "{items:danh_hieu}[ và xác nhận {count:khang_chien|hồ sơ thành tích kháng chiến}].",
       danh_hieu=ITEMS, khang_chien=N)
phrase(f"{K}.khang-chien", "Thi đua, khen thưởng: câu về hồ sơ kháng chiến (khi không có danh hiệu cấp tỉnh)",
       "Xác nhận {count:khang_chien|hồ sơ thành tích kháng chiến}.", khang_chien=N)
phrase(f"{K}.tang", "Thi đua, khen thưởng: vế tặng một hình thức (cờ thi đua, Kỷ niệm chương…)",
       "tặng {count:so} {text:loai}", so=N, loai=TEXT)
phrase(f"{K}.cong-nhan", "Thi đua, khen thưởng: vế công nhận một danh hiệu thi đua",
       "công nhận {count:so} {text:loai}", so=N, loai=TEXT)
phrase(f"{K}.hinh-thuc", "Thi đua, khen thưởng: vế một hình thức cho các đối tượng",
       "{text:loai} cho {list:doi_tuong}", loai=TEXT, doi_tuong=ITEMS)
phrase(f"{K}.cap-nha-nuoc", "Thi đua, khen thưởng: câu về khen thưởng cấp Nhà nước trong kỳ",
       "Khen thưởng cấp Nhà nước: {items:hinh_thuc}.", hinh_thuc=ITEMS)
phrase(f"{K}.cap-tren", "Thi đua, khen thưởng: câu về hồ sơ trình cấp trên trong kỳ",
       "Xét đề nghị cấp trên khen thưởng: {items:hinh_thuc}.", hinh_thuc=ITEMS)

P = "thi-dua-khen-thuong.phong-trao"
phrase(P, "Thi đua, khen thưởng: câu về các phong trào thi đua trong năm",
       "Triển khai thực hiện {count:thu_tuong|phong trào thi đua} do Thủ tướng Chính phủ phát động"
       "[; phát động {count:theo_dot|phong trào thi đua theo đợt}][ và {count:chuyen_de|phong trào thi đua chuyên đề}].",
       thu_tuong=N, theo_dot=N, chuyen_de=N)
phrase(f"{P}.tinh", "Thi đua, khen thưởng: câu về phong trào do tỉnh phát động (khi không có phong trào của Thủ tướng)",
       "Phát động {list:phong_trao}.", phong_trao=ITEMS)
phrase(f"{P}.theo-dot", "Thi đua, khen thưởng: vế phong trào theo đợt", "{count:so|phong trào thi đua theo đợt}", so=N)
phrase(f"{P}.chuyen-de", "Thi đua, khen thưởng: vế phong trào chuyên đề", "{count:so|phong trào thi đua chuyên đề}", so=N)
phrase(f"{P}.cum-khoi", "Thi đua, khen thưởng: câu về cụm, khối thi đua của năm",
       "Năm {text:nam}, tỉnh có {count:cum|Cụm thi đua} và {count:khoi|Khối thi đua} với {count:don_vi|cơ quan, đơn vị} "
       "thành viên[; Trưởng, Phó các cụm, khối: {text:truong_pho}].",
       nam=TEXT, cum=N, khoi=N, don_vi=N, truong_pho=TEXT)

L = "thi-dua-khen-thuong.theo-cap"
phrase(f"{L}.nha-nuoc", "Thi đua, khen thưởng: câu về kết quả khen thưởng cấp Nhà nước (báo cáo năm)",
       "Kết quả khen thưởng cấp Nhà nước: {items:hinh_thuc}.", hinh_thuc=ITEMS)
phrase(f"{L}.tinh", "Thi đua, khen thưởng: câu về kết quả khen thưởng cấp tỉnh (báo cáo năm)",
       "Kết quả khen thưởng cấp tỉnh: {items:hinh_thuc}.", hinh_thuc=ITEMS)
phrase(f"{L}.tinh.hinh-thuc", "Thi đua, khen thưởng: vế cấp tỉnh, một hình thức cho các đối tượng",
       "{text:loai} cho {list:doi_tuong}", loai=TEXT, doi_tuong=ITEMS)
phrase(f"{L}.quyet-dinh", "Thi đua, khen thưởng: câu về số quyết định khen thưởng của tỉnh (báo cáo năm)",
       "Chủ tịch Ủy ban nhân dân tỉnh đã ban hành {count:so|Quyết định} khen thưởng"
       "[ ({change:thay_doi|Quyết định|không thay đổi} so với năm {text:nam_truoc})].", so=N,
       thay_doi=CHANGE, nam_truoc=YEAR_BEFORE)
phrase(f"{L}.tap-the-lao-dong-xuat-sac", "Thi đua, khen thưởng: câu về Tập thể lao động xuất sắc (báo cáo năm)",
       "Công nhận danh hiệu «Tập thể lao động xuất sắc» cho {count:so|tập thể}"
       "[ ({change:thay_doi|tập thể|không thay đổi} so với năm {text:nam_truoc})].", so=N,
       thay_doi=CHANGE, nam_truoc=YEAR_BEFORE)

STATE_LEVELS = (AwardLevel.STATE, AwardLevel.GOVERNMENT)


def _slug(value):
    return str(value).replace("_", "-")


def _counts(ctx, forwarded=False, exclude_occasions=()):
    key = f"emulation.counts.{forwarded}.{','.join(exclude_occasions)}"
    return ctx.cached(key, lambda: selectors.award_counts(ctx.period.start, ctx.period.end, forwarded=forwarded,
                                                          root=ctx.root, exclude_occasions=exclude_occasions))


def _recipients(ctx, by_kind):
    return ctx.clauses(*((f"{K}.doi-tuong.{_slug(k)}", {"so": by_kind.get(k)}) for k in RECIPIENT_NOUNS))


def _forms_for(ctx, rows, key):
    return ctx.clauses(*((key, {"loai": t.name, "doi_tuong": _recipients(ctx, by_kind)}) for t, by_kind in rows))


@provider(K, label="Thi đua, khen thưởng: kết quả khen thưởng trong kỳ (quyết định, Bằng khen, cờ thi đua, danh hiệu)")
def results(ctx):
    counts = _counts(ctx)
    out = []
    bang_khen = [(t, k) for t, k in counts.by_type(levels=(AwardLevel.PROVINCE,)) if t.kind == AwardKind.CERTIFICATE]
    by_kind = {}
    for _t, kinds in bang_khen:
        for k, n in kinds.items():
            by_kind[k] = by_kind.get(k, 0) + n
    occasions = ctx.clauses(*((f"{K}.dip.{_slug(o)}", {}) for o in OCCASION_ORDER if o in counts.occasions))
    out.append(ctx.sentence(K, dip=occasions, quyet_dinh=counts.decisions_by_level.get(AwardLevel.PROVINCE),
                            bang_khen=sum(by_kind.values()), doi_tuong=_recipients(ctx, by_kind),
                            **{**ctx.versus("tdkt.quyet-dinh", "qd_thay_doi"),
                               **ctx.versus("tdkt.bang-khen-tinh", "bk_thay_doi")}))

    titles = ctx.clauses(*(
        (f"{K}.tang" if (t.category == AwardCategory.FORM or t.kind == AwardKind.FLAG) else f"{K}.cong-nhan",
         {"so": sum(kinds.values()), "loai": t.name})
        for t, kinds in counts.by_type(levels=(AwardLevel.PROVINCE,), exclude_kinds=(AwardKind.CERTIFICATE,))))
    resistance = ctx.cached("emulation.resistance", lambda: selectors.resistance_confirmations(
        ctx.period.start, ctx.period.end, root=ctx.root))
    out.append(ctx.sentence(f"{K}.danh-hieu", danh_hieu=titles, khang_chien=resistance) if titles else
               ctx.sentence(f"{K}.khang-chien", khang_chien=resistance))

    out.append(ctx.sentence(f"{K}.cap-nha-nuoc", hinh_thuc=_forms_for(ctx, counts.by_type(levels=STATE_LEVELS),
                                                                        f"{K}.hinh-thuc")))
    forwarded = _counts(ctx, forwarded=True, exclude_occasions=(Occasion.RESISTANCE,))
    out.append(ctx.sentence(f"{K}.cap-tren", hinh_thuc=_forms_for(ctx, forwarded.by_type(), f"{K}.hinh-thuc")))
    return [b for b in out if b]


@provider(P, label="Thi đua, khen thưởng: phong trào thi đua, cụm và khối thi đua của năm")
def movements(ctx):
    start, end = ctx.period.start, ctx.period.end
    counts = selectors.movement_counts(start, end)
    by_pm = sum(n for (by, _k), n in counts.items() if by in STATE_LEVELS)
    campaign = sum(n for (by, k), n in counts.items() if by not in STATE_LEVELS and k == EmulationMovement.Kind.CAMPAIGN)
    thematic = sum(n for (by, k), n in counts.items() if by not in STATE_LEVELS and k == EmulationMovement.Kind.THEMATIC)
    out = [ctx.sentence(P, thu_tuong=by_pm, theo_dot=campaign, chuyen_de=thematic) if by_pm else
           ctx.sentence(f"{P}.tinh", phong_trao=ctx.clauses((f"{P}.theo-dot", {"so": campaign}),
                                                           (f"{P}.chuyen-de", {"so": thematic})))]
    year = end.year
    groups = selectors.clusters(year)
    if groups:
        kinds = {EmulationCluster.Kind.CLUSTER: 0, EmulationCluster.Kind.BLOC: 0}
        units, heads = set(), []
        for cluster, members in groups:
            kinds[cluster.kind] += 1
            units.update(m.unit_id for m in members)
            lead = [m.unit.name for m in members if m.role == ClusterRole.LEADER]
            deputy = [m.unit.name for m in members if m.role == ClusterRole.DEPUTY]
            if lead:
                heads.append(f"{cluster.name}: Trưởng {in_sentence(lead[0])}"
                             + (f", Phó {in_sentence(deputy[0])}" if deputy else ""))
        out.append(ctx.sentence(f"{P}.cum-khoi", nam=str(year), cum=kinds[EmulationCluster.Kind.CLUSTER],
                                khoi=kinds[EmulationCluster.Kind.BLOC], don_vi=len(units), truong_pho="; ".join(heads)))
    return [b for b in out if b]


@provider(L, label="Thi đua, khen thưởng: kết quả khen thưởng cấp Nhà nước và cấp tỉnh (báo cáo năm)")
def by_level(ctx):
    counts = _counts(ctx)
    state = _forms_for(ctx, counts.by_type(levels=STATE_LEVELS), f"{K}.hinh-thuc")
    province = _forms_for(ctx, counts.by_type(levels=(AwardLevel.PROVINCE,)), f"{L}.tinh.hinh-thuc")
    out = [ctx.sentence(f"{L}.nha-nuoc", hinh_thuc=state), ctx.sentence(f"{L}.tinh", hinh_thuc=province),
           ctx.sentence(f"{L}.quyet-dinh", so=counts.decisions_by_level.get(AwardLevel.PROVINCE),
                        **ctx.versus("tdkt.quyet-dinh"))]
    if ctx.versus("tdkt.tap-the-lao-dong-xuat-sac"):  # stated apart only where it compares
        out.append(ctx.sentence(f"{L}.tap-the-lao-dong-xuat-sac", so=ctx.value("tdkt.tap-the-lao-dong-xuat-sac"),
                                **ctx.versus("tdkt.tap-the-lao-dong-xuat-sac")))
    return [b for b in out if b]


def _cell(n):
    return f.number(n) if n else "-"


@provider("thi-dua-khen-thuong.phu-luc", label="Phụ lục: kết quả khen thưởng theo hình thức, cấp, đối tượng và dịp khen")
def appendix(ctx):
    period = ctx.period
    stats = ctx.cached("emulation.stats", lambda: selectors.statistics(period.start, period.end, scope=None,
                                                                        root=ctx.root))
    if not stats.rows:
        return []
    kinds = list(RECIPIENT_NOUNS)
    rows = [[r["type"].name, r["level"], *(_cell(r["kinds"].get(k)) for k in kinds), _cell(r["total"])] for r in stats.rows]
    by_type = Table(["Danh hiệu, hình thức khen thưởng", "Cấp quyết định", "Tập thể", "Cá nhân", "Hộ gia đình", "Tổng số"],
                    rows, caption=f"Kết quả khen thưởng {ctx.period.label} theo danh hiệu, hình thức",
                    totals=["Tổng cộng", "", *(_cell(stats.totals.get(k)) for k in kinds), _cell(stats.totals.get("total"))])
    occasions = [o for o, _label in stats.occasions]
    rows = [[r["type"].name, *(_cell(sum(r["occasions"].get(o, {}).values())) for o in occasions), _cell(r["total"])]
            for r in stats.rows]
    sums = [sum(sum(r["occasions"].get(o, {}).values()) for r in stats.rows) for o in occasions]
    by_occasion = Table(["Danh hiệu, hình thức khen thưởng", *(label for _o, label in stats.occasions), "Tổng số"], rows,
                        caption=f"Kết quả khen thưởng {ctx.period.label} theo dịp khen thưởng",
                        totals=["Tổng cộng", *(_cell(n) for n in sums), _cell(stats.totals.get("total"))])
    return [by_type, by_occasion]


# ---------------------------------------------------------------------------------------------
# Indicators (comparisons, the leaders' dashboard)
# ---------------------------------------------------------------------------------------------


@indicator("tdkt.quyet-dinh", "Quyết định khen thưởng của tỉnh", "quyết định")
def decisions_indicator(ctx):
    return _counts(ctx).decisions_by_level.get(AwardLevel.PROVINCE) or None


@indicator("tdkt.bang-khen-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen")
def certificates_indicator(ctx):
    return _counts(ctx).of_kind(AwardKind.CERTIFICATE, AwardLevel.PROVINCE) or None


@indicator("tdkt.tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", "tập thể")
def excellent_collectives_indicator(ctx):
    counts = _counts(ctx)
    return sum(n for (t, _k), n in counts.recipients.items() if counts.types[t].code == "tap-the-lao-dong-xuat-sac") or None
