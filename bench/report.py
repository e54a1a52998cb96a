"""Benchmark: build the six-month report (DESIGN §9: ≤ 2 s for ~100 units).

    .venv/bin/python bench/report.py [--runs 5]

Uses a throwaway SQLite database (or DATABASE_URL if set — then it must be a scratch database):
migrates, loads the demo province, then
  1. builds the 2021-H1 report of the demo Sở (8 districts);
  2. builds the same report for a synthetic province of ~100 district-level units, each with approved
     CQDP, CCHC-DV, VTLT-DV submissions (so the footnotes list ~100 units);
  3. for comparison, times python-docx writing an equally long document with no data work;
  4. times the report page (GET, a leader) cold (cache emptied first) and cached, with its queries;
  5. times a DOCX job (services.run_job) without the PDF preview, and the «Tạo bản PDF» step
     (services.run_pdf, LibreOffice) that used to run inside every job.
Prints build times (min / median of the runs) against the baseline.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeaffairs.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp(prefix="bench-report-")) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def timed(func, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def synthetic_province(n_units=100):
    """A province BENCH with a Sở (offices as the demo's) and `n_units` districts with approved data.

    Returns (six-month report 2021-H1, annual report 2021) of its Sở. Bulk inserts: 10.000 units
    are built in seconds (one create_unit and three form saves per unit took minutes)."""
    import datetime

    from django.utils import timezone

    from collection.models import CategoryOption, DataElement, DataSet, DataValue, Status, Submission
    from core import services as core_services
    from core.models import OrgUnit, OrgUnitKind, OrgUnitParentSpan, Period
    from reports.models import Report, ReportKind, SectionNarrative

    create = core_services.create_unit
    province = create(code="BENCH", name="Ủy ban nhân dân tỉnh Thử Nghiệm", kind=OrgUnitKind.PROVINCE,
                      header_name="ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM", place_name="Thử Nghiệm", rebuild=False)
    so = create(code="BENCH-SNV", name="Sở Nội vụ tỉnh Thử Nghiệm", short_name="Sở Nội vụ", kind=OrgUnitKind.HOME_AFFAIRS,
                parent=province, header_name="SỞ NỘI VỤ", rebuild=False)
    districts = OrgUnit.objects.bulk_create([
        OrgUnit(code=f"BENCH-H{i:05d}", name=f"Huyện Thử Nghiệm {i}", kind=OrgUnitKind.DISTRICT, parent=province,
                sort_order=i)
        for i in range(1, n_units + 1)
    ], batch_size=5000)
    OrgUnitParentSpan.objects.bulk_create([
        OrgUnitParentSpan(unit=u, parent=province, valid_from=max(u.valid_from, province.valid_from),
                          valid_to=min(u.valid_to, province.valid_to))
        for u in districts
    ], batch_size=5000)
    core_services.rebuild_ancestry()

    periods = [Period.objects.get(code="2021-H1"), Period.objects.get(code="2021-H2")]
    data_sets = {d.code: d for d in DataSet.objects.all()}
    elements = {e.code: e for e in DataElement.objects.all()}
    options = {o.code: o for o in CategoryOption.objects.all()}
    when = timezone.make_aware(datetime.datetime(2021, 6, 10, 9, 0))
    figures_of = []
    subs = []
    for period in periods:
        for i, unit in enumerate(districts):
            forms = {
                "CQDP": {("DB_TRUNG_CU", "huyen"): 30 + i % 3, ("DB_TRUNG_CU", "xa"): 200 + i,
                         ("CU_TRI", None): 60000 + 10 * i, ("CU_TRI_DI_BAU", None): 59990 + 10 * i},
                "CCHC-DV": {("HS_TIEP_NHAN", None): 1800 + i, ("HS_TRUC_TUYEN", None): 400 + i,
                            ("HS_DA_GIAI_QUYET", None): 1750 + i, ("HS_DUNG_HAN", None): 1745 + i,
                            ("HS_TRE_HAN", None): 5, ("DVC_TOAN_TRINH", None): 20},
                "VTLT-DV": {("LT_CHINH_LY_MET", None): 10 + i % 7, ("LT_TON_DONG_MET", None): 5 + i % 4,
                            ("LT_KHAI_THAC_LUOT", None): 12},
            }
            for code, figures in forms.items():
                subs.append(Submission(data_set=data_sets[code], unit=unit, period=period, status=Status.APPROVED,
                                       version=1, first_submitted_at=when, submitted_at=when, reviewed_at=when))
                figures_of.append(figures)
    Submission.objects.bulk_create(subs, batch_size=5000)
    DataValue.objects.bulk_create([
        DataValue(submission=sub, element=elements[e], option=options.get(o) if o else None, numeric_value=v)
        for sub, figures in zip(subs, figures_of) for (e, o), v in figures.items()
    ], batch_size=10000)

    from reports.services import snapshot_outline

    built = []
    for kind_code, period_code in (("six_month", "2021-H1"), ("annual", "2021-Y")):
        kind = ReportKind.objects.filter(code=kind_code).first()
        period = Period.objects.filter(code=period_code).first()
        if kind is None or period is None:
            built.append(None)
            continue
        source = Report.objects.get(kind__code="six_month", period__code="2021-H1", unit__code="SNV")
        report = Report.objects.create(kind=kind, period=period, unit=so, number="20", symbol="BC-SNV",
                                       issued_on=source.issued_on, recipients=source.recipients, signer_name="Người Ký")
        copies = snapshot_outline(report)  # the report's own sections; narratives hang on them
        if kind_code == "six_month":
            SectionNarrative.objects.bulk_create(
                SectionNarrative(report=report, section=copies[n.section.source_id], text=n.text, status=n.status)
                for n in source.narratives.select_related("section")
            )
        built.append(report)
    return built


def plain_docx(paragraphs):
    """Baseline: python-docx writing the same paragraphs with no data work and no template."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraphs_of(data):
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def page_times(report, runs):
    """(cold min, cold median, cold queries, cached min, cached median, cached queries) of the report page."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(get_user_model().objects.get(username="giamdoc") if report.unit.code == "SNV"
                       else get_user_model().objects.get(username="quantri"))
    url = reverse("reports:detail", args=[report.pk])

    def get():
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, response.status_code

    def cold():
        cache.clear()
        get()

    cold_best, cold_median, _ = timed(cold, runs)
    q_cold, q_cached = [], []
    with connection.execute_wrapper(lambda execute, *a: q_cold.append(1) or execute(*a)):
        cold()
    get()
    cached_best, cached_median, _ = timed(get, runs)
    with connection.execute_wrapper(lambda execute, *a: q_cached.append(1) or execute(*a)):
        get()
    return cold_best, cold_median, len(q_cold), cached_best, cached_median, len(q_cached)


def job_times(report, runs):
    """(DOCX job min/median, PDF step min/median or None when LibreOffice is missing)."""
    from django.conf import settings

    from reports import services
    from reports.models import ReportJob

    def job():
        j = ReportJob.objects.create(report=report)
        services.run_job(j.pk)
        return j

    docx_best, docx_median, j = timed(job, runs)
    if not os.path.exists(services.soffice_path()):
        return docx_best, docx_median, None, None
    settings.REPORTS_PDF_PREVIEW = True

    def pdf():
        fresh = job()
        start = time.perf_counter()
        services.run_pdf(fresh.pk)
        return time.perf_counter() - start

    pdf_runs = [pdf() for _ in range(max(1, min(runs, 3)))]
    return docx_best, docx_median, min(pdf_runs), statistics.median(pdf_runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--builds-only", action="store_true", help="only the report builds (bench/scale.py's reports part)")
    args = parser.parse_args()

    from reports import services
    from reports.models import Report

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=io.StringIO())
    demo_report = Report.objects.get(kind__code="six_month", period__code="2021-H1", unit__code="SNV")
    t0 = time.perf_counter()
    big_report, annual_report = synthetic_province(args.units)
    print(f"Tỉnh giả lập ({args.units} đơn vị): dữ liệu nạp trong {time.perf_counter() - t0:.1f} s")

    print(f"Báo cáo 6 tháng (DOCX), {args.runs} lần chạy mỗi trường hợp; mục tiêu ≤ 2 s")
    rows = []
    cases = [("Tỉnh mẫu (08 đơn vị cấp huyện)", demo_report), (f"Tỉnh giả lập ({args.units} đơn vị)", big_report)]
    if annual_report is not None:
        cases.append((f"Báo cáo năm, tỉnh giả lập ({args.units} đơn vị)", annual_report))
    for label, report in cases:
        best, median, (_stem, data) = timed(lambda r=report: services.render_report(r), args.runs)
        texts = paragraphs_of(data)
        base_best, base_median, _ = timed(lambda t=texts: plain_docx(t), args.runs)
        rows.append((label, best, median, base_best, base_median, len(texts), len(data)))
    print(f"{'trường hợp':<34} {'dựng báo cáo (min/median)':>27} {'python-docx trơn (min/median)':>31} {'đoạn':>6} {'KB':>6}")
    for label, best, median, base_best, base_median, n_paragraphs, size in rows:
        flag = "đạt" if median <= 2 else "CHƯA ĐẠT"
        print(f"{label:<34} {best:>11.3f} s / {median:.3f} s {base_best:>15.3f} s / {base_median:.3f} s "
              f"{n_paragraphs:>6} {size / 1024:>6.0f}  {flag}")

    if args.builds_only:
        return
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="bench-report-media-")
    print()
    print(f"{'trang báo cáo':<34} {'chưa có cache (min/median, truy vấn)':>40} {'đã có cache (min/median, truy vấn)':>40}")
    for label, report in (("Tỉnh mẫu", demo_report), (f"Tỉnh giả lập ({args.units} đơn vị)", big_report)):
        cb, cm, cq, hb, hm, hq = page_times(report, args.runs)
        print(f"{label:<34} {cb:>14.3f} s / {cm:.3f} s, {cq:>3} truy vấn {hb:>14.3f} s / {hm:.3f} s, {hq:>3} truy vấn")
    print()
    print(f"{'lượt tạo báo cáo':<34} {'bản Word, không PDF (min/median)':>34} {'thêm bước «Tạo bản PDF» (min/median)':>40}")
    for label, report in (("Tỉnh mẫu", demo_report), (f"Tỉnh giả lập ({args.units} đơn vị)", big_report)):
        db, dm, pb, pm = job_times(report, args.runs)
        pdf = "không có LibreOffice" if pb is None else f"{pb:.3f} s / {pm:.3f} s (Word + PDF ≈ {dm + pm:.3f} s)"
        print(f"{label:<34} {db:>18.3f} s / {dm:.3f} s {pdf:>40}")


if __name__ == "__main__":
    main()
