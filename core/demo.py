"""Demo logins of the demo province (demo only; `make run` prints them)."""

DEMO_PASSWORD = "SoNoiVu@2026"

# username, full name, role, unit code, position; "also": further memberships of the same login.
# Every office that reviews a standard form has a login (TCBC, CCHC-VTLT, XDCQ, Thanh tra), so
# every review queue can be walked; the officers of units that were merged or closed in 2025 also
# belong to today's successor, so they have a form to fill in the open period and keep their
# history (cb.hoaluu: Xã Hỏa Lựu of 2025 → the new Xã Hỏa Lựu; cb.vithanh: Vị Thanh → Phường Vị Thanh).
DEMO_USERS = [
    {"username": "quantri", "name": "Quản trị hệ thống", "role": "admin", "unit": "HG", "position": "Quản trị viên"},
    {"username": "giamdoc", "name": "Nguyễn Văn Minh", "role": "leader", "unit": "SNV", "position": "Giám đốc Sở"},
    {"username": "cv.tcbc", "name": "Trần Thị Lan", "role": "staff", "unit": "SNV-TCBC", "position": "Chuyên viên"},
    {"username": "cv.cchc", "name": "Huỳnh Thị Mai", "role": "staff", "unit": "SNV-CCHC", "position": "Chuyên viên"},
    {"username": "cv.xdcq", "name": "Ngô Quốc Bảo", "role": "staff", "unit": "SNV-XDCQ", "position": "Chuyên viên"},
    {"username": "cv.thanhtra", "name": "Trương Văn Hải", "role": "staff", "unit": "SNV-TTR", "position": "Thanh tra viên"},
    {"username": "cv.tdkt", "name": "Lê Hoàng Phúc", "role": "staff", "unit": "SNV-TDKT", "position": "Chuyên viên"},
    {"username": "cb.vithanh", "name": "Phạm Thị Hồng", "role": "officer", "unit": "VITHANH", "position": "Chuyên viên Phòng Nội vụ",
     "also": [{"unit": "P-VITHANH", "role": "officer", "position": "Công chức Văn phòng - Thống kê phường"}]},
    {"username": "cb.hoaluu", "name": "Võ Văn Tâm", "role": "officer", "unit": "VITHANH-HOALUU", "position": "Công chức Văn phòng - Thống kê",
     "also": [{"unit": "X-HOALUU", "role": "officer", "position": "Công chức Văn phòng - Thống kê"}]},
    {"username": "cb.soyte", "name": "Đặng Minh Khoa", "role": "officer", "unit": "SYT", "position": "Chuyên viên Phòng Tổ chức cán bộ"},
]


def memberships_of(spec):
    """(unit code, role, position) of every membership of a demo login, its main one first."""
    main = [(spec["unit"], spec["role"], spec["position"])]
    return main + [(m["unit"], m["role"], m["position"]) for m in spec.get("also", ())]


# ---------------------------------------------------------------------------------------------
# The demo province (DESIGN §8): Hậu Giang's 2021 structure, then the 2025 reform.
# ---------------------------------------------------------------------------------------------

PROVINCE = {
    "code": "HG",
    "name": "Ủy ban nhân dân tỉnh Hậu Giang",
    "short_name": "UBND tỉnh",
    "header_name": "ỦY BAN NHÂN DÂN TỈNH HẬU GIANG",
    "place_name": "Hậu Giang",
    "symbol": "UBND",
}

HOME_AFFAIRS = {
    "code": "SNV",
    "name": "Sở Nội vụ tỉnh Hậu Giang",
    "short_name": "Sở Nội vụ",
    "header_name": "SỞ NỘI VỤ",
    "place_name": "Hậu Giang",
    "symbol": "SNV",
}

# code suffix, name, short name
OFFICES = [
    ("VP", "Văn phòng Sở", "Văn phòng"),
    ("TCBC", "Phòng Tổ chức - Biên chế", "Phòng TCBC"),
    ("CCVC", "Phòng Công chức, viên chức", "Phòng CCVC"),
    ("XDCQ", "Phòng Xây dựng chính quyền và Công tác thanh niên", "Phòng XDCQ"),
    ("CCHC", "Phòng Cải cách hành chính - Văn thư lưu trữ", "Phòng CCHC-VTLT"),
    ("TDKT", "Ban Thi đua - Khen thưởng", "Ban TĐKT"),
    ("TG", "Ban Tôn giáo", "Ban Tôn giáo"),
    ("TTLT", "Trung tâm Lưu trữ lịch sử", "TT Lưu trữ"),
    ("TTR", "Thanh tra Sở", "Thanh tra"),
]

# code, name, short name, closed on (last day) or None
DEPARTMENTS = [
    ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", None),
    ("STC", "Sở Tài chính", "Sở Tài chính", None),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "2025-02-28"),
    ("STP", "Sở Tư pháp", "Sở Tư pháp", None),
    ("SYT", "Sở Y tế", "Sở Y tế", None),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", None),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "2025-02-28"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", "2025-02-28"),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng", None),
    ("SCT", "Sở Công Thương", "Sở Công Thương", None),
    ("SLDTBXH", "Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", None),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Sở VH-TT&DL", None),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", None),
    ("TTRT", "Thanh tra tỉnh", "Thanh tra tỉnh", None),
]

# The 8 district-level units of 2021 (abolished 1/7/2025) and a few of their communes.
DISTRICTS = [
    ("VITHANH", "Thành phố Vị Thanh", [
        ("P1", "Phường I"), ("P3", "Phường III"), ("P5", "Phường V"),
        ("HOALUU", "Xã Hỏa Lựu"), ("HOATIEN", "Xã Hỏa Tiến"), ("TANTIEN", "Xã Tân Tiến"),
    ]),
    ("NGABAY", "Thành phố Ngã Bảy", [
        ("NGABAY", "Phường Ngã Bảy"), ("LAIHIEU", "Phường Lái Hiếu"), ("DAITHANH", "Xã Đại Thành"),
    ]),
    ("TXLONGMY", "Thị xã Long Mỹ", [
        ("THUANAN", "Phường Thuận An"), ("BINHTHANH", "Phường Bình Thạnh"), ("LONGBINH", "Xã Long Bình"),
    ]),
    ("CHAUTHANH", "Huyện Châu Thành", [
        ("NGASAU", "Thị trấn Ngã Sáu"), ("MAIDAM", "Thị trấn Mái Dầm"), ("DONGTHANH", "Xã Đông Thạnh"),
    ]),
    ("CHAUTHANHA", "Huyện Châu Thành A", [
        ("MOTNGAN", "Thị trấn Một Ngàn"), ("BAYNGAN", "Thị trấn Bảy Ngàn"), ("TANHOA", "Xã Tân Hòa"),
    ]),
    ("PHUNGHIEP", "Huyện Phụng Hiệp", [
        ("CAYDUONG", "Thị trấn Cây Dương"), ("KINHCUNG", "Thị trấn Kinh Cùng"), ("PHUONGBINH", "Xã Phương Bình"),
    ]),
    ("VITHUY", "Huyện Vị Thủy", [
        ("NANGMAU", "Thị trấn Nàng Mau"), ("VITHANG", "Xã Vị Thắng"), ("VINHTHUANTAY", "Xã Vĩnh Thuận Tây"),
    ]),
    ("LONGMY", "Huyện Long Mỹ", [
        ("VINHVIEN", "Thị trấn Vĩnh Viễn"), ("LUONGTAM", "Xã Lương Tâm"), ("XAPHIEN", "Xã Xà Phiên"),
    ]),
]

DISTRICTS_LAST_DAY = "2025-06-30"
REFORM_DAY = "2025-07-01"

# 2025 commune reform: new commune (code, name) from 1/7/2025 directly under the province,
# merged from old communes (full codes). Communes listed in REPARENTED move unchanged.
MERGED_COMMUNES = [
    ("P-VITHANH", "Phường Vị Thanh", ["VITHANH-P1", "VITHANH-P3", "VITHANH-P5"]),
    ("X-HOALUU", "Xã Hỏa Lựu", ["VITHANH-HOALUU", "VITHANH-HOATIEN"]),
    ("P-NGABAY", "Phường Ngã Bảy", ["NGABAY-NGABAY", "NGABAY-LAIHIEU", "NGABAY-DAITHANH"]),
    ("P-LONGMY", "Phường Long Mỹ", ["TXLONGMY-THUANAN", "TXLONGMY-BINHTHANH", "TXLONGMY-LONGBINH"]),
    ("X-CHAUTHANH", "Xã Châu Thành", ["CHAUTHANH-NGASAU", "CHAUTHANH-MAIDAM", "CHAUTHANH-DONGTHANH"]),
    ("X-CHAUTHANHA", "Xã Châu Thành A", ["CHAUTHANHA-MOTNGAN", "CHAUTHANHA-BAYNGAN", "CHAUTHANHA-TANHOA"]),
    ("X-PHUNGHIEP", "Xã Phụng Hiệp", ["PHUNGHIEP-CAYDUONG", "PHUNGHIEP-KINHCUNG", "PHUNGHIEP-PHUONGBINH"]),
    ("X-VITHUY", "Xã Vị Thủy", ["VITHUY-NANGMAU", "VITHUY-VITHANG", "VITHUY-VINHTHUANTAY"]),
    ("X-LONGMY", "Xã Long Mỹ", ["LONGMY-VINHVIEN", "LONGMY-LUONGTAM", "LONGMY-XAPHIEN"]),
]
REPARENTED_COMMUNES = ["VITHANH-TANTIEN"]

# Departments merged on 1/3/2025: successor code, name, short name, predecessor codes.
MERGED_DEPARTMENTS = [
    ("SNNMT", "Sở Nông nghiệp và Môi trường", "Sở NN&MT", ["SNNPTNT", "STNMT"]),
]
# Sở Kế hoạch và Đầu tư was merged into the existing Sở Tài chính.
ABSORBED_DEPARTMENTS = [("SKHDT", "STC")]

FIRST_DEMO_YEAR = 2021


def _day(text):
    import datetime

    return datetime.date.fromisoformat(text)


def seed_org_tree():
    """Build the demo org tree with its 2025 history. Idempotent: existing codes are left alone."""
    from core import services
    from core.models import OrgUnit, OrgUnitKind

    existing = {u.code: u for u in OrgUnit.objects.all()}
    before = len(existing)

    def ensure(code, name, kind, parent, rebuild=False, **fields):
        if code not in existing:
            existing[code] = services.create_unit(code=code, name=name, kind=kind, parent=parent, rebuild=rebuild, **fields)
        return existing[code]

    province = ensure(kind=OrgUnitKind.PROVINCE, parent=None, sort_order=0, **PROVINCE)
    sonv = ensure(kind=OrgUnitKind.HOME_AFFAIRS, parent=province, sort_order=1, **HOME_AFFAIRS)
    for i, (suffix, name, short) in enumerate(OFFICES):
        ensure(f"SNV-{suffix}", name, OrgUnitKind.OFFICE, sonv, short_name=short, sort_order=i)
    for i, (code, name, short, closed) in enumerate(DEPARTMENTS):
        unit = ensure(code, name, OrgUnitKind.DEPARTMENT, province, short_name=short, sort_order=10 + i)
        if closed and not unit.is_closed:
            services.close_unit(unit, last_day=_day(closed), rebuild=False)
    for i, (code, name, communes) in enumerate(DISTRICTS):
        district = ensure(code, name, OrgUnitKind.DISTRICT, province, sort_order=100 + i)
        for j, (suffix, commune_name) in enumerate(communes):
            ensure(f"{code}-{suffix}", commune_name, OrgUnitKind.COMMUNE, district, sort_order=j)

    # 1/3/2025: departments merged.
    for code, name, short, sources in MERGED_DEPARTMENTS:
        if code not in existing:
            existing[code] = services.merge_units(
                [existing[c] for c in sources], on=_day("2025-03-01"), code=code, name=name,
                kind=OrgUnitKind.DEPARTMENT, parent=province, short_name=short, rebuild=False, sort_order=30,
            )
    for source, target in ABSORBED_DEPARTMENTS:
        existing[target].predecessors.add(existing[source])

    # 1/7/2025: districts abolished, communes merged or re-parented to the province.
    reform_day = _day(REFORM_DAY)
    for i, (code, name, sources) in enumerate(MERGED_COMMUNES):
        if code not in existing:
            existing[code] = services.merge_units(
                [existing[c] for c in sources], on=reform_day, code=code, name=name,
                kind=OrgUnitKind.COMMUNE, parent=province, rebuild=False, sort_order=200 + i,
            )
    for code in REPARENTED_COMMUNES:
        unit = existing[code]
        if unit.parent_id != province.pk:
            services.move_unit(unit, province, on=reform_day, rebuild=False)
    for code, _name, _communes in DISTRICTS:
        district = existing[code]
        if not district.is_closed:
            services.close_unit(district, last_day=_day(DISTRICTS_LAST_DAY), rebuild=False)

    services.rebuild_ancestry()
    return len(existing) - before


def seed_periods(until_year):
    from core import services

    created = 0
    for year in range(FIRST_DEMO_YEAR, until_year + 1):
        created += len(services.create_periods(year))
    return created


def seed_users():
    """One login per role (demo only). Re-running resets their passwords to DEMO_PASSWORD."""
    from django.contrib.auth import get_user_model

    from core.models import Membership, OrgUnit, Role

    User = get_user_model()
    codes = [code for spec in DEMO_USERS for code, _role, _position in memberships_of(spec)]
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    for spec in DEMO_USERS:
        last, _, first = spec["name"].rpartition(" ")
        user, _ = User.objects.get_or_create(username=spec["username"])
        user.first_name, user.last_name = first, last
        user.is_staff = user.is_superuser = spec["role"] == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        for code, role, position in memberships_of(spec):
            Membership.objects.update_or_create(user=user, unit=units[code], role=role, defaults={"position": position})
    return len(DEMO_USERS)


def seed_documents():
    """A few documents the demo reports cite."""
    import datetime

    from core.models import DocumentStyle, DocumentType, LegalDocument, OrgUnit

    d = datetime.date
    docs = [
        dict(doc_type=DocumentType.DECREE, style=DocumentStyle.NORMATIVE, number="09", year=2019, symbol="NĐ-CP",
             issued_on=d(2019, 1, 24), issuer="Chính phủ", subject="quy định về chế độ báo cáo của cơ quan hành chính nhà nước"),
        dict(doc_type=DocumentType.DECREE, style=DocumentStyle.NORMATIVE, number="30", year=2020, symbol="NĐ-CP",
             issued_on=d(2020, 3, 5), issuer="Chính phủ", subject="về công tác văn thư"),
        dict(doc_type=DocumentType.RESOLUTION, style=DocumentStyle.PARTY, number="19", symbol="NQ/TW",
             issued_on=d(2017, 10, 25), issuer="Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII",
             subject="về tiếp tục đổi mới hệ thống tổ chức và quản lý, nâng cao chất lượng và hiệu quả hoạt động của các đơn vị sự nghiệp công lập"),
        dict(doc_type=DocumentType.OFFICIAL_LETTER, style=DocumentStyle.ADMINISTRATIVE, number="1676", symbol="UBND-TH",
             issued_on=d(2021, 3, 31), issuer="UBND tỉnh Bến Tre",
             subject="về việc phối hợp tổ chức kỳ thi nâng ngạch công chức, thi thăng hạng viên chức hành chính lên chuyên viên chính năm 2020"),
        dict(doc_type=DocumentType.PLAN, style=DocumentStyle.ADMINISTRATIVE, number="97", symbol="KH-UBND",
             issued_on=d(2020, 12, 30), issuer="Ủy ban nhân dân tỉnh Hậu Giang",
             subject="về thực hiện công tác nội vụ năm 2021"),
    ]
    # The province's own normative documents of 2021 (the annual report's appendix lists them).
    province = OrgUnit.objects.filter(code=PROVINCE["code"]).first()
    council, committee = "Hội đồng nhân dân tỉnh Hậu Giang", "Ủy ban nhân dân tỉnh Hậu Giang"
    for doc_type, number, symbol, day, issuer, subject in [
        (DocumentType.RESOLUTION, "02", "NQ-HĐND", d(2021, 3, 12), council,
         "quy định số lượng, mức phụ cấp đối với người hoạt động không chuyên trách ở cấp xã, ở ấp, khu vực"),
        (DocumentType.DECISION, "05", "QĐ-UBND", d(2021, 3, 18), committee,
         "ban hành Quy chế công tác văn thư, lưu trữ trên địa bàn tỉnh Hậu Giang"),
        (DocumentType.DECISION, "11", "QĐ-UBND", d(2021, 5, 27), committee,
         "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Nội vụ tỉnh Hậu Giang"),
        (DocumentType.RESOLUTION, "09", "NQ-HĐND", d(2021, 7, 9), council,
         "về việc giao biên chế công chức trong cơ quan, tổ chức hành chính nhà nước tỉnh Hậu Giang năm 2022"),
        (DocumentType.DECISION, "27", "QĐ-UBND", d(2021, 10, 14), committee,
         "ban hành Quy chế thi đua, khen thưởng tỉnh Hậu Giang"),
    ]:
        docs.append(dict(doc_type=doc_type, style=DocumentStyle.NORMATIVE, number=number, year=2021, symbol=symbol,
                         issued_on=day, issuer=issuer, subject=subject, unit=province))
    created = 0
    for spec in docs:
        key = {k: spec[k] for k in ("doc_type", "number", "year", "symbol", "issued_on", "issuer") if k in spec}
        _, was_created = LegalDocument.objects.get_or_create(**key, defaults=spec)
        created += was_created
    return created


def seed(until_year):
    """The whole demo province. Safe to run again: it only fills what is missing."""
    from django.db import transaction

    with transaction.atomic():
        return {
            "units": seed_org_tree(),
            "periods": seed_periods(until_year),
            "users": seed_users(),
            "documents": seed_documents(),
        }
