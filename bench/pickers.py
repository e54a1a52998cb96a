"""Bench: the register pages with a province of ~1.090 units, the unit select listing every unit (as before
core/pickers.py) against the picker (the chosen unit and a search box; issue 16 item 3).

    .venv/bin/python bench/pickers.py [--runs 20] [--districts 20] [--communes 53]

Needs PostgreSQL: uses DATABASE_URL when set (the database is migrated and filled — use a throwaway
one), otherwise starts a throwaway cluster and removes it afterwards. Builds the tree (province, Sở and
its offices, 4 departments, districts × communes), a specialist of Phòng Tổ chức - Biên chế, then renders
through Django's test Client (force_login, DEBUG off) the streamlining register's «thêm» form and its list
(unit filter) with `PICKER_FULL_LIST_MAX` huge («trước»: every unit rendered as an <option>) and at its
default («sau»), and the lookup /chon/don-vi/?q=…; prints median / p95 time, the page's size and its
<option> count. A figure-printing script, not a test.
"""

import argparse
import re
import statistics
import sys
import time

import completeness as base  # bench/completeness.py: setup_django, measure
from _support import run_on_postgres


def build(districts, communes):
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from core import formatting
    from core import services as core_services
    from core.models import Membership, OrgUnit, OrgUnitKind, OrgUnitParentSpan, Role

    t0 = time.perf_counter()
    with transaction.atomic():
        create = core_services.create_unit
        hg = create(code="HG", name="Ủy ban nhân dân tỉnh Thử nghiệm", kind=OrgUnitKind.PROVINCE, rebuild=False)
        snv = create(code="SNV", name="Sở Nội vụ", kind=OrgUnitKind.HOME_AFFAIRS, parent=hg, sort_order=1, rebuild=False)
        offices = {}
        for i, suffix in enumerate(("TCBC", "CCHC", "XDCQ", "TTR")):
            offices[suffix] = create(code=f"SNV-{suffix}", name=f"Phòng {suffix}", kind=OrgUnitKind.OFFICE, parent=snv,
                                     sort_order=i, rebuild=False)
        for i, name in enumerate(("Sở Y tế", "Sở Tài chính", "Sở Giáo dục và Đào tạo", "Sở Xây dựng")):
            create(code=f"SO-{i}", name=name, kind=OrgUnitKind.DEPARTMENT, parent=hg, sort_order=10 + i, rebuild=False)
        start = datetime.date(2000, 1, 1)
        district_rows = OrgUnit.objects.bulk_create([
            OrgUnit(code=f"H{d:02d}", name=f"Huyện Thử {d:02d}", kind=OrgUnitKind.DISTRICT, parent=hg, sort_order=100 + d)
            for d in range(districts)])
        commune_rows = OrgUnit.objects.bulk_create([
            OrgUnit(code=f"H{d:02d}-X{c:03d}", name=f"Xã Thử {d:02d}-{c:03d}", kind=OrgUnitKind.COMMUNE, parent=district,
                    sort_order=c)
            for d, district in enumerate(district_rows) for c in range(communes)])
        OrgUnitParentSpan.objects.bulk_create([
            OrgUnitParentSpan(unit=u, parent_id=u.parent_id, valid_from=start) for u in district_rows + commune_rows])
        core_services.rebuild_ancestry()
        staff = get_user_model().objects.create_user("bench-tcbc", first_name="Lan", last_name="Trần Thị")
        Membership.objects.create(user=staff, unit=offices["TCBC"], role=Role.STAFF)
    print(f"{formatting.number(OrgUnit.objects.count())} đơn vị: {time.perf_counter() - t0:.1f} s")
    return staff


def page_figures(client, path):
    html = client.get(path).content.decode()
    return len(html.encode()), len(re.findall(r"<option\b", html))


def run(args):
    from django.test import Client, override_settings

    from core import formatting

    staff = build(args.districts, args.communes)
    client = Client()
    client.force_login(staff)
    pages = [
        ("sổ tinh giản: thêm", "/to-chuc-can-bo/tinh-gian-bien-che/them/"),
        ("sổ tinh giản: danh sách", "/to-chuc-can-bo/tinh-gian-bien-che/"),
    ]
    header = f"{'trang':<26} {'cách chọn':<22} {'trung vị':>9} {'p95':>9} {'truy vấn':>9} {'cỡ trang':>10} {'<option>':>9}"
    print(f"\n{args.runs} lượt mỗi trang; Django test Client, DEBUG tắt\n")
    print(header)
    print("-" * len(header))
    medians = {}
    for label, path in pages:
        for how, limit in (("trước: liệt kê hết", 10**9), ("sau: ô tìm kiếm", None)):
            overrides = {"PICKER_FULL_LIST_MAX": limit} if limit else {}
            with override_settings(**overrides):
                median, p95, queries = base.measure(client, path, args.runs)
                size, options = page_figures(client, path)
            medians[(label, how[:4])] = median
            print(f"{label:<26} {how:<22} {median:>7.1f}ms {p95:>7.1f}ms {queries:>9} {formatting.number(size):>10} "
                  f"{options:>9}")
    median, p95, queries = base.measure(client, "/chon/don-vi/?truong=unit&q=xa+thu+07-01", args.runs)
    size, options = page_figures(client, "/chon/don-vi/?truong=unit&q=xa+thu+07-01")
    print(f"{'tra cứu /chon/don-vi/':<26} {'«xa thu 07-01»':<22} {median:>7.1f}ms {p95:>7.1f}ms {queries:>9} "
          f"{formatting.number(size):>10} {options:>9}")
    for label, _path in pages:
        before, after = medians[(label, "trướ")], medians[(label, "sau:")]
        print(f"{label}: {before:.1f} ms → {after:.1f} ms ({(1 - after / before) * 100:.0f}% nhanh hơn)")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--communes", type=int, default=53)
    args = parser.parse_args()
    return run_on_postgres(base.setup_django, run, args)


if __name__ == "__main__":
    sys.exit(main())
