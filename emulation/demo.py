"""Demo emulation data (DESIGN §8): the registers behind every TĐKT figure of the Hậu Giang H1/2021
report, and a plausible rest of 2021.

2021-H1 (15/12/2020 – 14/6/2021) holds exactly:
- 150 decisions of the Chủ tịch UBND tỉnh (đã khen), for tổng kết, đột xuất and chuyên đề achievements,
  proposed by the departments, the districts and the Sở's offices;
- 1.122 Bằng khen of the Chủ tịch UBND tỉnh: 396 tập thể and 726 cá nhân (bulk rows and named people);
- 08 Cờ thi đua of the UBND tỉnh and 134 Tập thể lao động xuất sắc;
- 01 resistance dossier confirmed and sent up (trình cấp trên);
- 03 units proposed for the Cờ thi đua của Chính phủ (sent up in H1, awarded by the Prime Minister in H2).
Decisions on 14/12/2020 and 15/6/2021 prove the window is exact. The rest of 2021 adds decisions of
the province and the state's awards (Huân chương, Bằng khen của Thủ tướng) for the annual TĐKT report.
Clusters and blocs of 2020–2021 with their leaders and deputies, the year's movements, and two
proposals (one accepted in 2021, one waiting from Phường Vị Thanh) complete it.

Idempotent: nothing is added when the demo decisions are already there.
"""

import datetime

from django.db import transaction

from core.models import OrgUnit
from emulation import catalogue
from emulation.models import (
    AwardDecision,
    AwardItem,
    AwardLevel,
    AwardType,
    ClusterMembership,
    ClusterRole,
    DecisionStatus,
    EmulationCluster,
    EmulationMovement,
    Occasion,
    Proposal,
    ProposalItem,
    ProposalStatus,
    RecipientKind,
    recipient_key,
)

D = datetime.date
H1_START, H1_END = D(2020, 12, 15), D(2021, 6, 14)
H2_START, H2_END = D(2021, 6, 15), D(2021, 12, 14)
PROVINCE_AUTHORITY = "Chủ tịch Ủy ban nhân dân tỉnh"

DEPARTMENTS = ["VPUB", "STC", "SKHDT", "STP", "SYT", "SGDDT", "SNNPTNT", "STNMT", "SXD", "SCT", "SLDTBXH",
               "SVHTTDL", "SKHCN", "TTRT"]
DISTRICTS = ["VITHANH", "NGABAY", "TXLONGMY", "CHAUTHANH", "CHAUTHANHA", "PHUNGHIEP", "VITHUY", "LONGMY"]
PROPOSERS = DISTRICTS + DEPARTMENTS + ["SNV"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Ngô", "Dương", "Lý", "Trương"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Kim"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hà", "Hạnh", "Hiếu", "Hoa", "Khang", "Lan", "Long", "Mai", "Nam", "Ngân",
         "Phúc", "Quang", "Sơn", "Thảo", "Trang", "Tuấn", "Vân", "Vinh", "Yến"]

CLUSTERS = [
    ("Cụm thi đua các thành phố, thị xã", "cum", ["VITHANH", "NGABAY", "TXLONGMY"]),
    ("Cụm thi đua các huyện", "cum", ["CHAUTHANH", "CHAUTHANHA", "PHUNGHIEP", "VITHUY", "LONGMY"]),
    ("Khối thi đua Kinh tế - Tổng hợp", "khoi", ["VPUB", "STC", "SKHDT", "SXD", "SCT", "SNNPTNT", "STNMT"]),
    ("Khối thi đua Văn hóa - Xã hội", "khoi", ["SYT", "SGDDT", "SLDTBXH", "SVHTTDL", "SKHCN"]),
    ("Khối thi đua Nội chính", "khoi", ["STP", "TTRT", "SNV"]),
]
# (leader, deputy) per cluster and year; the 2020 leaders are the three proposed for the Government's flag.
HEADS = {
    2020: [("NGABAY", "VITHANH"), ("CHAUTHANHA", "PHUNGHIEP"), ("SKHDT", "STC"), ("SYT", "SGDDT"), ("STP", "SNV")],
    2021: [("VITHANH", "TXLONGMY"), ("VITHUY", "LONGMY"), ("SCT", "SXD"), ("SLDTBXH", "SYT"), ("SNV", "TTRT")],
}
GOVERNMENT_FLAG = ["NGABAY", "CHAUTHANHA", "SYT"]

MOVEMENTS = [
    ("Cả nước chung sức xây dựng nông thôn mới", "thuong_xuyen", "thu_tuong", D(2009, 8, 5), None),
    ("Doanh nghiệp Việt Nam hội nhập và phát triển", "thuong_xuyen", "thu_tuong", D(2010, 3, 10), None),
    ("Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau", "thuong_xuyen", "thu_tuong",
     D(2016, 11, 16), None),
    ("Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở giai đoạn 2019 - 2025", "thuong_xuyen",
     "thu_tuong", D(2019, 4, 23), D(2025, 12, 31)),
    ("Thi đua đặc biệt lập thành tích chào mừng Đại hội đại biểu toàn quốc lần thứ XIII của Đảng và cuộc bầu cử "
     "đại biểu Quốc hội, Hội đồng nhân dân các cấp nhiệm kỳ 2021 - 2026", "theo_dot", "tinh", D(2021, 1, 8), D(2021, 6, 30)),
    ("Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2021", "theo_dot", "tinh",
     D(2021, 2, 25), D(2021, 11, 30)),
    ("Hậu Giang chung sức phòng, chống dịch Covid-19", "chuyen_de", "tinh", D(2021, 5, 12), D(2021, 12, 31)),
    ("Chuyển đổi số trong cơ quan nhà nước tỉnh Hậu Giang", "chuyen_de", "tinh", D(2021, 3, 18), D(2021, 12, 31)),
    ("Xây dựng đô thị văn minh, nông thôn mới nâng cao", "chuyen_de", "tinh", D(2020, 3, 2), D(2020, 12, 31)),
]


def _split(total, n, seed=0):
    """`total` over `n` parts, uneven but deterministic, each ≥ 1 (total ≥ n); the parts sum to total."""
    weights = [2 + (i * 5 + seed) % 7 for i in range(n)]
    parts = [max(1, total * w // sum(weights)) for w in weights]
    parts[0] += total - sum(parts)
    assert sum(parts) == total and min(parts) >= 1, (total, n, parts)
    return parts


def _day(start, end, i, n):
    return start + datetime.timedelta(days=(end - start).days * (i + 1) // (n + 1))


def _person(i):
    return f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i * 3) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}"


class _Builder:
    def __init__(self, units, types):
        self.units, self.types = units, types
        self.decisions, self.items = [], []
        self.counter = {}

    def decision(self, unit_code, occasion, decided_on, *, level=AwardLevel.PROVINCE, authority=PROVINCE_AUTHORITY,
                 status=DecisionStatus.AWARDED, forwarded_on=None, subject="", period="năm 2020"):
        year = (decided_on or forwarded_on).year
        self.counter[year] = self.counter.get(year, 0) + 1
        number = str(self.counter[year] * 7 + 11) if status == DecisionStatus.AWARDED else ""
        symbol = {AwardLevel.PROVINCE: "QĐ-UBND", AwardLevel.GOVERNMENT: "QĐ-TTg", AwardLevel.STATE: "QĐ-CTN"}[level] \
            if number else ""
        received = (forwarded_on or decided_on) - datetime.timedelta(days=12)
        decision = AwardDecision(number=number, symbol=symbol, decided_on=decided_on if number else None,
                                 forwarded_on=forwarded_on, received_on=received, level=level, authority=authority,
                                 occasion=occasion, proposing_unit=self.units[unit_code], status=status,
                                 subject=subject or f"Về việc khen thưởng thành tích {Occasion(occasion).label.lower()}",
                                 achievement_period=period)
        self.decisions.append(decision)
        return decision

    def item(self, decision, type_code, kind, *, quantity=1, name="", unit=None, achievement=""):
        self.items.append(AwardItem(decision=decision, award_type=self.types[type_code], recipient_kind=kind,
                                    recipient_name=name, recipient_unit=unit, quantity=quantity,
                                    achievement=achievement, achievement_period=decision.achievement_period,
                                    recipient_key=recipient_key(kind, name, unit.pk if unit else None)))

    def save(self):
        AwardDecision.objects.bulk_create(self.decisions)
        AwardItem.objects.bulk_create(self.items)


T, C = RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL


def _h1(b):
    """The 150 decisions of 2021-H1 and the dossiers sent up."""
    occasions = [Occasion.ANNUAL] * 96 + [Occasion.SUDDEN] * 30 + [Occasion.THEMATIC] * 24
    decisions = []
    for i, occasion in enumerate(occasions):
        unit = PROPOSERS[i % len(PROPOSERS)]
        period = "năm 2020" if occasion == Occasion.ANNUAL else "6 tháng đầu năm 2021"
        subject = {Occasion.ANNUAL: "Về việc khen thưởng thành tích tổng kết năm 2020",
                   Occasion.SUDDEN: "Về việc khen thưởng đột xuất",
                   Occasion.THEMATIC: "Về việc khen thưởng thành tích trong công tác bầu cử"}[occasion]
        decisions.append(b.decision(unit, occasion, _day(H1_START, H1_END, i, len(occasions)), subject=subject,
                                    period=period))
    # 08 Cờ thi đua: the units leading their cluster or bloc in 2020 and three runners-up.
    for d, code in zip(decisions[:8], ["NGABAY", "CHAUTHANHA", "SKHDT", "SYT", "STP", "VITHANH", "PHUNGHIEP", "SGDDT"]):
        b.item(d, "co-thi-dua-tinh", T, name=b.units[code].name, unit=b.units[code],
               achievement="Dẫn đầu phong trào thi đua năm 2020")
    # 134 Tập thể lao động xuất sắc, one bulk row per proposer of the year-end round.
    for d, n in zip(decisions[8:31], _split(134, 23, seed=3)):
        b.item(d, "tap-the-lao-dong-xuat-sac", T, quantity=n)
    # Bằng khen: 396 collectives over 120 decisions, 726 individuals over all 150.
    for d, n in zip(decisions[30:], _split(396, 120, seed=1)):
        b.item(d, "bang-khen-chu-tich-tinh", T, quantity=n)
    named = 0
    for i, (d, n) in enumerate(zip(decisions, _split(726, 150, seed=5))):
        if d.occasion == Occasion.SUDDEN and n <= 6:  # sudden awards name their people
            for j in range(n):
                b.item(d, "bang-khen-chu-tich-tinh", C, name=_person(named), unit=d.proposing_unit,
                       achievement="Có thành tích xuất sắc đột xuất")
                named += 1
        else:
            b.item(d, "bang-khen-chu-tich-tinh", C, quantity=n)
    # Sent up: 01 resistance dossier confirmed; the Government's flag for 03 cluster leaders (awarded in H2).
    kc = b.decision("LONGMY", Occasion.RESISTANCE, None, level=AwardLevel.STATE, authority="Chủ tịch nước",
                    status=DecisionStatus.SUBMITTED, forwarded_on=D(2021, 5, 20),
                    subject="Đề nghị tặng thưởng Huân chương Kháng chiến", period="kháng chiến chống Mỹ cứu nước")
    b.item(kc, "huan-chuong-khang-chien-hang-ba", C, name="Trần Văn Sáu", unit=b.units["LONGMY"],
           achievement="Có thành tích trong kháng chiến chống Mỹ cứu nước")
    flag = b.decision("SNV", Occasion.ANNUAL, D(2021, 9, 14), level=AwardLevel.GOVERNMENT,
                      authority="Thủ tướng Chính phủ", forwarded_on=D(2021, 3, 26),
                      subject="Tặng Cờ thi đua của Chính phủ năm 2020")
    for code in GOVERNMENT_FLAG:
        b.item(flag, "co-thi-dua-chinh-phu", T, name=b.units[code].name, unit=b.units[code],
               achievement="Dẫn đầu phong trào thi đua Cụm, Khối thi đua năm 2020")


def _edges(b):
    """One decision each side of the H1 window (the window is exact)."""
    before = b.decision("PHUNGHIEP", Occasion.SUDDEN, D(2020, 12, 14), period="năm 2020")
    b.item(before, "bang-khen-chu-tich-tinh", C, quantity=4)
    after = b.decision("VITHUY", Occasion.THEMATIC, D(2021, 6, 15), period="6 tháng đầu năm 2021")
    b.item(after, "bang-khen-chu-tich-tinh", T, quantity=3)
    b.item(after, "bang-khen-chu-tich-tinh", C, quantity=9)


def _h2(b):
    """The rest of 2021: 63 more decisions of the province (with the two edges and the flag above)."""
    n = 60
    for i in range(n):
        unit = PROPOSERS[(i * 5) % len(PROPOSERS)]
        occasion = [Occasion.THEMATIC, Occasion.SUDDEN, Occasion.DEDICATION][i % 3]
        d = b.decision(unit, occasion, _day(D(2021, 6, 20), D(2021, 12, 10), i, n), period="năm 2021")
        b.item(d, "bang-khen-chu-tich-tinh", T, quantity=1 + (i * 7) % 5)
        b.item(d, "bang-khen-chu-tich-tinh", C, quantity=2 + (i * 11) % 9)
    cstd = b.decision("SNV", Occasion.ANNUAL, D(2021, 7, 2), subject="Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh")
    for i in range(10):
        code = PROPOSERS[(i * 3) % len(PROPOSERS)]
        b.item(cstd, "chien-si-thi-dua-tinh", C, name=_person(300 + i), unit=b.units[code],
               achievement="Hoàn thành xuất sắc nhiệm vụ 03 năm liền (2018 - 2020)", )
    state = b.decision("SNV", Occasion.ANNUAL, D(2021, 8, 27), level=AwardLevel.STATE, authority="Chủ tịch nước",
                       forwarded_on=D(2021, 6, 30), subject="Tặng thưởng Huân chương Lao động")
    b.item(state, "huan-chuong-lao-dong-hang-nhi", T, name=b.units["SYT"].name, unit=b.units["SYT"])
    for code in ("VITHANH", "SGDDT"):
        b.item(state, "huan-chuong-lao-dong-hang-ba", T, name=b.units[code].name, unit=b.units[code])
    for i in range(5):
        b.item(state, "huan-chuong-lao-dong-hang-ba", C, name=_person(400 + i), unit=b.units[DISTRICTS[i]])
    pm = b.decision("SNV", Occasion.ANNUAL, D(2021, 10, 19), level=AwardLevel.GOVERNMENT,
                    authority="Thủ tướng Chính phủ", forwarded_on=D(2021, 7, 22),
                    subject="Tặng Bằng khen của Thủ tướng Chính phủ")
    for code in ("CHAUTHANH", "SNNPTNT", "STC", "SLDTBXH", "TXLONGMY", "SCT"):
        b.item(pm, "bang-khen-thu-tuong", T, name=b.units[code].name, unit=b.units[code])
    for i in range(12):
        b.item(pm, "bang-khen-thu-tuong", C, name=_person(500 + i), unit=b.units[PROPOSERS[i % len(PROPOSERS)]])


def _clusters(units):
    for order, (name, kind, members) in enumerate(CLUSTERS):
        cluster, _ = EmulationCluster.objects.get_or_create(name=name, defaults={"kind": kind, "sort_order": order})
        for year, heads in HEADS.items():
            leader, deputy = heads[order]
            ClusterMembership.objects.bulk_create([
                ClusterMembership(cluster=cluster, unit=units[code], year=year,
                                  role=ClusterRole.LEADER if code == leader else
                                  ClusterRole.DEPUTY if code == deputy else ClusterRole.MEMBER)
                for code in members], ignore_conflicts=True)


def _proposals(units, types, decisions):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    officer = User.objects.filter(username="cb.vithanh").first()
    board = User.objects.filter(username="cv.tdkt").first()
    old = next(d for d in decisions if d.proposing_unit.code == "VITHANH" and d.occasion == Occasion.SUDDEN)
    accepted = Proposal.objects.create(
        unit=units["VITHANH"], title="Đề nghị khen thưởng đột xuất cá nhân có thành tích phòng, chống dịch Covid-19",
        occasion=Occasion.SUDDEN, achievement_period=old.achievement_period, status=ProposalStatus.ACCEPTED,
        submitted_by=officer, submitted_at=datetime.datetime(2021, 3, 2, 9, 0, tzinfo=datetime.timezone.utc),
        reviewed_by=board, reviewed_at=datetime.datetime(2021, 3, 9, 15, 0, tzinfo=datetime.timezone.utc),
        decision=old)
    ProposalItem.objects.bulk_create([
        ProposalItem(proposal=accepted, award_type=i.award_type, recipient_kind=i.recipient_kind,
                     recipient_name=i.recipient_name, achievement=i.achievement)
        for i in old.items.exclude(recipient_name="")])
    if "P-VITHANH" in units:
        waiting = Proposal.objects.create(
            unit=units["P-VITHANH"], title="Đề nghị tặng Bằng khen thành tích tổng kết năm 2025",
            occasion=Occasion.ANNUAL, achievement_period="năm 2025", submitted_by=officer,
            submitted_at=datetime.datetime(2026, 1, 5, 8, 30, tzinfo=datetime.timezone.utc))
        ProposalItem.objects.bulk_create([
            ProposalItem(proposal=waiting, award_type=types["bang-khen-chu-tich-tinh"], recipient_kind=T,
                         recipient_name="Văn phòng HĐND và UBND phường Vị Thanh", achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025"),
            ProposalItem(proposal=waiting, award_type=types["bang-khen-chu-tich-tinh"], recipient_kind=C,
                         recipient_name="Nguyễn Thị Bích Ngọc", achievement="Hoàn thành xuất sắc nhiệm vụ 02 năm liên tục"),
        ])


@transaction.atomic
def seed(until_year=None):
    catalogue.install(AwardType)  # also done by migration 0002; a flushed test database needs it again
    codes = set(PROPOSERS) | {"P-VITHANH"}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    if not set(PROPOSERS) <= set(units):
        return {"quyết định": 0}
    for name, kind, launched_by, start, end in MOVEMENTS:
        EmulationMovement.objects.get_or_create(name=name, defaults={"kind": kind, "launched_by": launched_by,
                                                                     "launched_on": start, "ends_on": end})
    _clusters(units)
    if AwardDecision.objects.filter(decided_on__year=2021).exists():
        return {"quyết định": 0}
    types = {t.code: t for t in AwardType.objects.all()}
    b = _Builder(units, types)
    _h1(b)
    _edges(b)
    _h2(b)
    b.save()
    _proposals(units, types, b.decisions)
    return {"quyết định": len(b.decisions), "dòng khen thưởng": len(b.items),
            "cụm, khối": EmulationCluster.objects.count(), "phong trào": EmulationMovement.objects.count()}
