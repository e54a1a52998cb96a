"""Demo religion data (DESIGN §8): the registers behind every religion figure of the Hậu Giang
H1/2021 report, and a plausible landscape of organizations, facilities and followers.

2021-H1 (15/12/2020 – 14/6/2021) holds exactly:
- no complex incident; 02 incidents that arose and were handled at the grassroots;
- dossiers resolved: chấp thuận nhân sự Ban Trị sự Phật giáo thành phố Ngã Bảy and huyện Phụng
  Hiệp (nhiệm kỳ 2021-2026); bổ nhiệm trụ trì chùa Mahamenkol Rang Sây (Vị Thanh) and Tịnh xá
  Ngọc Long (Vị Thủy); thông báo phong phẩm of Hội thánh Cao đài Ban Chỉnh Đạo; thông báo thuyên
  chuyển chức sắc of Phật giáo (02 TH); đổi tên a tổ chức trực thuộc of hệ Cao đài Tây Ninh;
  thành lập 01 tổ chức trực thuộc of Ban Trị sự Phật giáo tỉnh;
- no visit or support money (the reference states none for the half-year).
Rows just outside the window (resolved 14/12/2020 and 15/6/2021, visits in the second half) prove
the window is exact; one dossier of the current year is still pending past its deadline, so the
office's page has an overdue dossier to flag.

Idempotent: every row has a natural key and is only created when missing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

D = datetime.date


def _ensure(model, lookup, **defaults):
    _row, created = model.objects.get_or_create(**lookup, defaults=defaults)
    return _row, created


@transaction.atomic
def seed(until_year=None):
    """The religion demo data. Needs the core demo (org tree). Safe to run again."""
    from core.models import OrgUnit
    from religion import services
    from religion.models import (
        Dossier,
        DossierResult,
        DossierType,
        Facility,
        Followers,
        Incident,
        Organization,
        OrganizationKind,
        RegisteredGroup,
        Religion,
        Support,
        SupportKind,
    )

    units = {u.code: u for u in OrgUnit.objects.all()}
    if "HG" not in units:
        return {"hồ sơ tôn giáo": 0}
    services.ensure_religions()
    rel = {r.code: r for r in Religion.objects.all()}
    created = {"org": 0, "facility": 0, "dossier": 0, "other": 0}

    def org(name, religion, unit, kind=OrganizationKind.ORGANIZATION, short="", parent=None, on=None):
        row, was = _ensure(Organization, dict(religion=rel[religion], name=name, unit=units[unit]),
                           kind=kind, short_name=short, parent=parent, recognized_on=on)
        created["org"] += was
        return row

    btspg = org("Ban Trị sự Giáo hội Phật giáo Việt Nam tỉnh Hậu Giang", "phat-giao", "HG",
                short="Ban Trị sự Phật giáo tỉnh", on=D(2004, 3, 1))
    bcd = org("Hội thánh Cao Đài Ban Chỉnh Đạo", "cao-dai", "HG", short="Hội thánh Cao đài Ban Chỉnh Đạo")
    tayninh = org("Hội thánh Cao Đài Tây Ninh", "cao-dai", "HG", short="hệ Cao đài Tây Ninh")
    hoahao = org("Ban Trị sự Phật giáo Hòa Hảo tỉnh Hậu Giang", "hoa-hao", "HG", short="Ban Trị sự Phật giáo Hòa Hảo tỉnh")
    tinlanh = org("Hội thánh Tin lành Việt Nam (miền Nam)", "tin-lanh", "HG")
    congiao = org("Giáo phận Cần Thơ", "cong-giao", "HG")
    affiliates = [
        org("Họ đạo Cao Đài Tây Ninh Vị Thanh", "cao-dai", "VITHANH-P3", OrganizationKind.AFFILIATED, parent=tayninh),
        org("Chi hội Tin lành Vị Thanh", "tin-lanh", "VITHANH-P1", OrganizationKind.AFFILIATED, parent=tinlanh),
        org("Giáo xứ Vị Thanh", "cong-giao", "VITHANH-P5", OrganizationKind.AFFILIATED, parent=congiao),
        org("Giáo xứ Ngã Bảy", "cong-giao", "NGABAY-NGABAY", OrganizationKind.AFFILIATED, parent=congiao),
        # The affiliate founded in H1/2021 (its dossier below).
        org("Ban Trị sự Giáo hội Phật giáo Việt Nam huyện Châu Thành A", "phat-giao", "CHAUTHANHA",
            OrganizationKind.AFFILIATED, parent=btspg, on=D(2021, 4, 20)),
    ]
    org("Tịnh độ Cư sĩ Phật hội Việt Nam - Hậu Giang", "tinh-do-cu-si", "HG", OrganizationKind.REGISTERED)

    facilities = [
        ("Chùa Mahamenkol Rang Sây", "Chùa", "phat-giao", btspg, "VITHANH-HOALUU"),
        ("Tịnh xá Ngọc Long", "Tịnh xá", "phat-giao", btspg, "VITHUY-NANGMAU"),
        ("Chùa Phổ Minh", "Chùa", "phat-giao", btspg, "NGABAY-LAIHIEU"),
        ("Chùa Khánh Hưng", "Chùa", "phat-giao", btspg, "PHUNGHIEP-CAYDUONG"),
        ("Thánh thất Cao Đài Vị Thanh", "Thánh thất", "cao-dai", affiliates[0], "VITHANH-P3"),
        ("Thánh thất Ban Chỉnh Đạo Long Mỹ", "Thánh thất", "cao-dai", bcd, "LONGMY-VINHVIEN"),
        ("Nhà thờ Vị Thanh", "Nhà thờ", "cong-giao", affiliates[2], "VITHANH-P5"),
        ("Nhà thờ Ngã Bảy", "Nhà thờ", "cong-giao", affiliates[3], "NGABAY-NGABAY"),
        ("Nhà nguyện Tin lành Vị Thanh", "Nhà nguyện", "tin-lanh", affiliates[1], "VITHANH-P1"),
        ("Văn phòng Ban Trị sự Phật giáo Hòa Hảo xã Lương Tâm", "Văn phòng", "hoa-hao", hoahao, "LONGMY-LUONGTAM"),
    ]
    for name, kind, religion, owner, unit in facilities:
        created["facility"] += _ensure(Facility, dict(name=name, unit=units[unit]), kind=kind, religion=rel[religion],
                                       organization=owner)[1]
    for name, religion, owner, unit, day, members in (
        ("Nhóm Tin lành xã Tân Tiến", "tin-lanh", tinlanh, "VITHANH-TANTIEN", D(2019, 5, 6), 35),
        ("Nhóm Tin lành thị trấn Một Ngàn", "tin-lanh", tinlanh, "CHAUTHANHA-MOTNGAN", D(2020, 9, 14), 28),
    ):
        created["other"] += _ensure(RegisteredGroup, dict(name=name, unit=units[unit]), religion=rel[religion],
                                    organization=owner, registered_on=day, members=members)[1]

    for owner, year, dignitaries, officials, clergy, believers in (
        (btspg, 2021, 180, 95, 420, 86_000), (bcd, 2021, 64, 210, 0, 12_500), (tayninh, 2021, 52, 180, 0, 9_800),
        (hoahao, 2021, 0, 320, 0, 41_000), (tinlanh, 2021, 12, 30, 0, 2_100), (congiao, 2021, 18, 60, 25, 15_300),
        (btspg, 2022, 184, 97, 431, 86_400),
    ):
        created["other"] += _ensure(Followers, dict(organization=owner, year=year), dignitaries=dignitaries,
                                    officials=officials, clergy=clergy, believers=believers)[1]

    def dossier(dtype, religion, applicant, unit, received, resolved, result, subject="", owner=None, quantity=1,
                deadline=None):
        row, was = _ensure(
            Dossier, dict(type=dtype, applicant=applicant, received_on=received, subject=subject),
            religion=rel[religion], organization=owner, unit=units[unit], quantity=quantity,
            deadline=deadline or Dossier.default_deadline(dtype, received), resolved_on=resolved, result=result)
        created["dossier"] += was
        return row

    T, R = DossierType, DossierResult
    # 2021-H1: what the reference states.
    dossier(T.PERSONNEL, "phat-giao", "Ban Trị sự Phật giáo thành phố Ngã Bảy", "NGABAY", D(2021, 2, 1), D(2021, 2, 26),
            R.APPROVED, "Ban Trị sự Phật giáo thành phố Ngã Bảy nhiệm kỳ 2021-2026", btspg)
    dossier(T.PERSONNEL, "phat-giao", "Ban Trị sự Phật giáo huyện Phụng Hiệp", "PHUNGHIEP", D(2021, 3, 3), D(2021, 3, 30),
            R.APPROVED, "Ban Trị sự Phật giáo huyện Phụng Hiệp nhiệm kỳ 2021-2026", btspg)
    dossier(T.ABBOT, "phat-giao", "Ban Trị sự Phật giáo thành phố Vị Thanh", "VITHANH-HOALUU", D(2021, 3, 15),
            D(2021, 4, 2), R.APPROVED, "chùa Mahamenkol Rang Sây thuộc thành phố Vị Thanh", btspg)
    dossier(T.ABBOT, "phat-giao", "Ban Trị sự Phật giáo huyện Vị Thủy", "VITHUY-NANGMAU", D(2021, 4, 5), D(2021, 4, 22),
            R.APPROVED, "Tịnh xá Ngọc Long, huyện Vị Thủy", btspg)
    dossier(T.ORDINATION, "cao-dai", "Hội thánh Cao Đài Ban Chỉnh Đạo", "HG", D(2021, 1, 11), D(2021, 1, 25),
            R.ACKNOWLEDGED, "Hội thánh Cao đài Ban Chỉnh Đạo", bcd)
    dossier(T.TRANSFER, "phat-giao", "Đại đức Thích Minh Tâm", "VITHANH", D(2021, 2, 22), D(2021, 3, 5), R.ACKNOWLEDGED)
    dossier(T.TRANSFER, "phat-giao", "Đại đức Thích Thiện Phước", "LONGMY", D(2021, 5, 10), D(2021, 5, 24), R.ACKNOWLEDGED)
    dossier(T.RENAME, "cao-dai", "Hội thánh Cao Đài Tây Ninh", "VITHANH-P3", D(2021, 3, 22), D(2021, 4, 20), R.APPROVED,
            "hệ Cao đài Tây Ninh", tayninh)
    dossier(T.AFFILIATE, "phat-giao", "Ban Trị sự Phật giáo tỉnh", "CHAUTHANHA", D(2021, 2, 18), D(2021, 4, 16),
            R.APPROVED, owner=btspg)
    # Just outside the half-year, on both sides.
    dossier(T.TRANSFER, "phat-giao", "Đại đức Thích Quảng Đức Minh", "NGABAY", D(2020, 11, 30), D(2020, 12, 14),
            R.ACKNOWLEDGED)
    dossier(T.CEREMONY, "cong-giao", "Giáo xứ Vị Thanh", "VITHANH-P5", D(2021, 6, 15), D(2021, 6, 25), R.APPROVED,
            "lễ Mình Máu Thánh Chúa ngoài cơ sở của Giáo xứ Vị Thanh", affiliates[2])
    dossier(T.REGISTRATION, "tin-lanh", "Nhóm Tin lành thị trấn Một Ngàn", "CHAUTHANHA-MOTNGAN", D(2021, 8, 9),
            D(2021, 9, 30), R.APPROVED, owner=tinlanh)
    if until_year:
        # Still pending past its legal deadline: the office's page flags it.
        dossier(T.PERSONNEL, "hoa-hao", "Ban Trị sự Phật giáo Hòa Hảo tỉnh", "HG", D(until_year, 1, 12), None, "",
                "Ban Trị sự Phật giáo Hòa Hảo tỉnh nhiệm kỳ mới", hoahao)

    for day, unit, religion, text, handling in (
        (D(2021, 3, 9), "VITHANH-TANTIEN", "tin-lanh", "Một số người truyền đạo trái phép tại hộ gia đình",
         "Chính quyền xã vận động, nhắc nhở, chấm dứt hoạt động"),
        (D(2021, 5, 18), "LONGMY-XAPHIEN", "hoa-hao", "Tranh chấp nhỏ về sử dụng đất của cơ sở thờ tự",
         "Hòa giải thành tại cơ sở"),
    ):
        created["other"] += _ensure(Incident, dict(occurred_on=day, unit=units[unit], description=text),
                                    religion=rel[religion], is_complex=False, handling=handling,
                                    resolved_on=day + datetime.timedelta(days=10))[1]

    for kind, occasion, owner, unit, day, n, amount in (
        (SupportKind.VISIT, "lễ Vu lan", btspg, "HG", D(2021, 8, 20), 12, None),
        (SupportKind.VISIT, "lễ Sene Dolta", btspg, "VITHANH", D(2021, 10, 5), 8, None),
        (SupportKind.CONSTRUCTION, "", btspg, "VITHUY-NANGMAU", D(2021, 9, 14), 1, Decimal(150_000_000)),
        (SupportKind.VISIT, "Tết Nguyên đán", None, "HG", D(2022, 1, 25), 20, None),
    ):
        created["other"] += _ensure(Support, dict(kind=kind, given_on=day, unit=units[unit], occasion=occasion),
                                    organization=owner, quantity=n, amount=amount)[1]

    return {
        "tổ chức tôn giáo": created["org"],
        "cơ sở thờ tự": created["facility"],
        "hồ sơ tôn giáo": created["dossier"],
        "bản ghi khác": created["other"],
    }
