"""Issue 18 (items 1–5): staffing as every province reports it — decisions beside cases and who
decided them, the missing types as data, term quotas, registers that reach the report, rows dated
by a period. The defaults keep the Hậu Giang wording (tests/reports/test_golden.py); a province's
own wording is a phrase (`ctx.wording`), as the portal's /bao-cao/mau-cau/ stores it."""

import datetime
import pathlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import OrgUnit, Period
from core.reporting import ReportContext, assemble
from staffing import registers, report, selectors, services
from staffing.models import ActionKind, CivilServant, JobPositionApproval, PersonnelAction, Quota
from staffing.models import ActionType as T
from staffing.models import (
    RecruitmentExam,
    RestructuringEvent,
    StreamliningCase,
    TrainingCourse,
)
from tests.staffing.files import PA_HEADERS, workbook

pytestmark = pytest.mark.django_db
D = datetime.date
REFERENCE = pathlib.Path("/work/shared/reference/hungyen-hoi-nghi-noi-vu-2021-tai-lieu.txt")


@pytest.fixture
def hg(province):
    services.ensure_action_kinds()
    PersonnelAction.objects.all().delete()  # each test states its own rows (rolled back)
    RecruitmentExam.objects.all().delete()  # the exams' sentence would introduce «trường hợp (TH)» first
    return OrgUnit.objects.get(code="HG")


def add(action_type, n, *, unit="SYT", day=D(2021, 3, 1), number="", decisions=None, authority="", rank="",
        period=None):
    row = PersonnelAction(action_type=action_type, quantity=n, unit=OrgUnit.objects.get(code=unit), effective_date=day,
                          decision_number=number, decisions=decisions, authority=authority, rank_title=rank,
                          dated_period=period)
    row.prepare()  # the level from the unit, as the form and the import derive it
    row.full_clean()
    row.save()
    return row


def paragraphs(section, period, root, wording=None, abbreviate=True):
    ctx = ReportContext(period=period, root=root, wording=wording or {})
    blocks = section(ctx)
    assemble(blocks, abbreviate=abbreviate)
    return [b.render("footnotes") for b in blocks]


def text(section, period, root, wording=None, abbreviate=True):
    return " ".join(p["text"] for p in paragraphs(section, period, root, wording, abbreviate))


# ---------------------------------------------------------------------------------------------
# 1. Decisions and cases; by deciding authority; by level
# ---------------------------------------------------------------------------------------------


def test_two_bulk_redeployments_keep_their_decisions_and_cases_apart(province, hg):
    add(T.REDEPLOYMENT, 5, number="12/QĐ-UBND", day=D(2021, 2, 1), authority="Chủ tịch UBND tỉnh")
    add(T.REDEPLOYMENT, 4, number="40/QĐ-UBND", day=D(2021, 4, 1), authority="Chủ tịch UBND tỉnh")
    counts = selectors.personnel_counts(province["h1"], root=hg)
    assert counts.total(T.REDEPLOYMENT) == 9
    assert [(g["cases"], g["decisions"]) for g in counts.groups_of(T.REDEPLOYMENT)] == [(5, 1), (4, 1)]
    assert counts.decisions(T.REDEPLOYMENT) == 2

    # The default phrase says the sum, as the reference does.
    assert "giải quyết: điều động 09 trường hợp (TH)." in text(report.civil_servants, province["h1"], hg)
    # A province that says each decision apart rewords the type's phrase.
    wording = {report.personnel_key(T.REDEPLOYMENT): "điều động {list:nhom}"}
    assert ("giải quyết: điều động 01 quyết định cho 05 trường hợp (TH) và 01 quyết định cho 04 (TH)."
            in text(report.civil_servants, province["h1"], hg, wording))
    wording = {report.personnel_key(T.REDEPLOYMENT): "ban hành {count:qd|quyết định} điều động {cases:n}"}
    assert "giải quyết: ban hành 02 quyết định điều động 09 trường hợp (TH)." in text(
        report.civil_servants, province["h1"], hg, wording)


def test_a_bulk_row_states_its_decisions_and_never_more_than_its_cases(province, hg):
    add(T.EARLY_RAISE, 30, decisions=3, number="", authority="Giám đốc Sở Nội vụ")
    counts = selectors.personnel_counts(province["h1"], root=hg)
    assert counts.decisions(T.EARLY_RAISE) == 3
    with pytest.raises(ValidationError) as err:
        add(T.EARLY_RAISE, 2, decisions=5, number="9/QĐ")
    assert "không được lớn hơn số trường hợp" in str(err.value)


def test_figures_grouped_by_deciding_authority(province, hg):
    add(T.RETIREMENT, 3, decisions=3, number="5/QĐ-UBND", authority="Chủ tịch UBND tỉnh")
    add(T.REDEPLOYMENT, 5, number="6/QĐ-UBND", authority="chủ tịch  UBND tỉnh")  # same authority, typed loosely
    add(T.REDEPLOYMENT, 2, number="7/QĐ-SNV", authority="Giám đốc Sở Nội vụ")
    add(T.RESIGNATION, 1, number="8/QĐ")  # nobody named: not attributed
    counts = selectors.personnel_counts(province["h1"], root=hg)
    entries = counts.by_authority()
    assert [(e["authority"], e["cases"], e["decisions"]) for e in entries] == [
        ("Chủ tịch UBND tỉnh", 8, 4), ("Giám đốc Sở Nội vụ", 2, 1), ("", 1, 1)]

    said = text(report.by_authority, province["h1"], hg)
    assert ("Trình Chủ tịch UBND tỉnh ban hành 04 quyết định nghỉ hưu và điều động cho 08 trường hợp (TH). "
            "Trình Giám đốc Sở Nội vụ ban hành 01 quyết định điều động cho 02 (TH).") == said


def test_figures_grouped_by_level(province, hg):
    add(T.RETIREMENT, 2, unit="SYT")
    add(T.RETIREMENT, 1, unit="VITHANH")
    add(T.REGULAR_RAISE, 4, unit="VITHANH")
    said = text(report.by_level, province["h1"], hg)
    assert ("Đối với cấp tỉnh, giải quyết: nghỉ hưu 02 trường hợp (TH). Đối với cấp huyện, giải quyết: nghỉ hưu "
            "01 (TH); nâng lương thường xuyên 04 (TH).") == said


def test_a_hung_yen_paragraph_rebuilt_from_the_register(province, hg):
    """Hưng Yên 2021 (reference, «Bổ nhiệm các chức danh lãnh đạo diện Ban Cán sự Đảng UBND tỉnh
    quản lý»): the types an admin adds, the authority typed on the rows, the province's wording."""
    own = [("bo_nhiem_ld", "Bổ nhiệm", "bổ nhiệm {cases:n}", 19),
           ("dieu_dong_bn", "Điều động bổ nhiệm", "điều động bổ nhiệm {cases:n}", 12),
           ("bo_nhiem_lai_ld", "Bổ nhiệm lại", "bổ nhiệm lại {cases:n}", 62),
           ("keo_dai_cv", "Kéo dài thời gian giữ chức vụ", "kéo dài thời gian giữ chức vụ đến khi đủ tuổi nghỉ hưu: {count:n}", 1),
           ("chuyen_doi_cv", "Chuyển đổi, bố trí giữ chức vụ", "chuyển đổi, bố trí giữ chức vụ do sắp xếp, tổ chức lại "
                                                             "cơ quan, đơn vị: {count:n}", 58),
           ("giao_pt", "Giao phụ trách, điều hành", "giao PT, điều hành: {count:n}", 2),
           ("chu_truong", "Cho chủ trương thực hiện quy trình", "cho chủ trương thực hiện quy trình: {count:n}", 51)]
    for order, (code, name, phrase, _n) in enumerate(own, start=1):
        kind = ActionKind(code=code, name=name, phrase=phrase, sort_order=order)
        kind.full_clean()
        kind.save()
    for code, _name, _phrase, n in own:
        add(code, n, number=f"{code}/QĐ", authority="Ban Cán sự Đảng UBND tỉnh")
    add("thoi_giu_chuc_vu", 8, number="tg/QĐ", authority="Ban Cán sự Đảng UBND tỉnh")
    wording = {"can-bo-cong-chuc.tham-quyen.cau":
               "Bổ nhiệm các chức danh lãnh đạo diện {text:co_quan} quản lý đối với {cases:n}. Trong đó: {items:viec}."}
    said = text(report.by_authority, province["h1"], hg, wording, abbreviate=False)
    assert said == (
        "Bổ nhiệm các chức danh lãnh đạo diện Ban Cán sự Đảng UBND tỉnh quản lý đối với 213 trường hợp. Trong đó: "
        "bổ nhiệm 19 trường hợp; điều động bổ nhiệm 12 trường hợp; bổ nhiệm lại 62 trường hợp; kéo dài thời gian giữ "
        "chức vụ đến khi đủ tuổi nghỉ hưu: 01; chuyển đổi, bố trí giữ chức vụ do sắp xếp, tổ chức lại cơ quan, đơn vị: "
        "58; giao PT, điều hành: 02; cho chủ trương thực hiện quy trình: 51; thôi giữ chức vụ 08 trường hợp.")
    if REFERENCE.exists():  # the shared reference, where the machine has it
        assert said in REFERENCE.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# 2. The missing types, as data
# ---------------------------------------------------------------------------------------------

PERSONNEL_KINDS = {"thoi_giu_chuc_vu": "thôi giữ chức vụ 02 (TH)", "mien_nhiem_chuc_vu": "miễn nhiệm chức vụ 02 (TH)",
                   "keo_dai_cong_tac": "kéo dài thời gian công tác 02 (TH)",
                   "nghi_huu_truoc_tuoi": "nghỉ hưu trước tuổi 02 (TH)", "cu_di_hoc": "cử đi học 02 (TH)"}
SALARY_KINDS = {"bo_nhiem_cdnn": "bổ nhiệm chức danh nghề nghiệp Giáo viên trung học cơ sở hạng II 03 (TH)",
                "thang_hang_cdnn": "thăng hạng chức danh nghề nghiệp Giáo viên trung học cơ sở hạng II 03 (TH)",
                "xet_chuyen_cdnn": "xét chuyển chức danh nghề nghiệp Giáo viên trung học cơ sở hạng II 03 (TH)"}


def test_each_new_type_is_said_with_its_phrase(province, hg):
    add(T.RETIREMENT, 1)
    for code in PERSONNEL_KINDS:
        add(code, 2, number=f"{code}/QĐ")
    for code in SALARY_KINDS:
        add(code, 3, number=f"{code}/QĐ", rank="Giáo viên trung học cơ sở hạng II")
    ctx = ReportContext(period=province["h1"], root=hg)
    people_blocks, salary_blocks = report.civil_servants(ctx), report.salary(ctx)
    assemble(people_blocks + salary_blocks)  # one document: «trường hợp (TH)» said once
    people = " ".join(b.text for b in people_blocks)
    salary = " ".join(b.text for b in salary_blocks)
    assert people.startswith("Đảm bảo công tác quản lý cán bộ, công chức, viên chức đúng theo quy định và kịp thời, "
                             "giải quyết: nghỉ hưu 01 trường hợp (TH); thôi giữ chức vụ 02 (TH); ")
    for clause in PERSONNEL_KINDS.values():
        assert clause in people
    for clause in SALARY_KINDS.values():
        assert clause in salary
    assert "ngạch" not in salary  # viên chức titles are chức danh nghề nghiệp, never «ngạch»


def test_an_admin_adds_a_type_with_its_phrase_and_no_code(province, hg):
    with pytest.raises(ValidationError) as err:
        ActionKind(code="giao_pt", name="Giao phụ trách", phrase="giao phụ trách {cases:so}").full_clean()
    assert "Tên «so» không có trong mẫu câu này" in str(err.value)
    with pytest.raises(ValidationError):
        ActionKind(code="nghi_huu", name="Nghỉ hưu (trùng)", phrase="nghỉ hưu {cases:n}").full_clean()
    with pytest.raises(ValidationError):
        add("khong_co_loai_nay", 1)

    kind = ActionKind(code="giao_pt", name="Giao phụ trách, điều hành", phrase="giao phụ trách, điều hành: {count:n}")
    kind.full_clean()
    kind.save()
    add("giao_pt", 2, number="1/QĐ")
    assert "giải quyết: giao phụ trách, điều hành: 02." in text(report.civil_servants, province["h1"], hg)
    row = PersonnelAction.objects.get(action_type="giao_pt")
    assert row.get_action_type_display() == "Giao phụ trách, điều hành" and row.group == "nhan_su"


def test_early_retirement_ends_service_like_retirement(province, hg):
    person = CivilServant.objects.in_service(D(2021, 1, 1)).filter(unit__code="SYT").first()
    row = PersonnelAction(action_type="nghi_huu_truoc_tuoi", person=person, unit=person.unit,
                          effective_date=D(2021, 3, 1), decision_number="NHTT/1")
    row.prepare()
    row.full_clean()
    row.save()
    assert person.is_in_service(D(2021, 2, 28)) and not person.is_in_service(D(2021, 3, 2))


# ---------------------------------------------------------------------------------------------
# 3. Quotas per term and per year, in the six-month report too
# ---------------------------------------------------------------------------------------------


def test_term_quota_sentence_in_a_six_month_report(province, hg):
    quotas = Quota.objects.filter(year=2022, kind="cong_chuc")
    for q in quotas:
        q.term, q.term_assigned, q.roadmap_cut = "2022-2026", q.assigned + 5, Decimal("10")
        q.full_clean()
        q.save()
    year = selectors.assigned_total(2022, "cong_chuc", hg)
    before = selectors.assigned_total(2021, "cong_chuc", hg)
    term = sum(q.assigned + 5 for q in quotas)
    h1_2022 = Period.objects.get(code="2022-H1")
    said = text(report.term_quotas, h1_2022, hg)
    assert (f"Biên chế công chức giai đoạn 2022 - 2026 được giao {fmt(term)} biên chế; năm 2022 được giao "
            f"{fmt(year)} biên chế (giảm {fmt(before - year)} biên chế so với năm 2021); lộ trình tinh giản biên chế "
            "giai đoạn 2022 - 2026 là 10%.") in said
    # The other kind has no term figure: its sentence says the year only.
    assert "Số lượng người làm việc năm 2022 được giao " in said


def test_a_term_total_needs_its_term(province, hg):
    q = Quota.objects.filter(year=2021, kind="cong_chuc").first()
    q.term_assigned = 100
    with pytest.raises(ValidationError) as err:
        q.full_clean()
    assert "Ghi giai đoạn" in str(err.value)


# ---------------------------------------------------------------------------------------------
# 4. Registers that reach the report, with per-unit footnotes
# ---------------------------------------------------------------------------------------------


def test_job_positions_training_classes_and_restructuring_by_kind(province, hg):
    h1 = province["h1"]
    JobPositionApproval.objects.all().delete()
    TrainingCourse.objects.all().delete()
    RestructuringEvent.objects.all().delete()
    syt, sgd = OrgUnit.objects.get(code="SYT"), OrgUnit.objects.get(code="SGDDT")
    JobPositionApproval.objects.create(unit=syt, approved_on=D(2021, 3, 1), positions=40)
    JobPositionApproval.objects.create(unit=sgd, approved_on=D(2021, 4, 1), positions=25, is_adjustment=True)
    TrainingCourse.objects.create(name="Lớp A", unit=syt, start=D(2021, 3, 1), end=D(2021, 3, 5), participants=60)
    TrainingCourse.objects.create(name="Lớp B", unit=syt, start=D(2021, 4, 1), end=D(2021, 4, 5), participants=40)
    TrainingCourse.objects.create(name="Lớp C", unit=sgd, start=D(2021, 5, 1), end=D(2021, 5, 5), participants=50)
    for unit, kind, n in ((syt, "thanh_lap", 1), (sgd, "thanh_lap", 2), (syt, "giai_the", 1), (sgd, "chuc_nang", 3)):
        RestructuringEvent.objects.create(unit=unit, kind=kind, quantity=n, decided_on=D(2021, 3, 1))

    jobs = paragraphs(report.job_positions, h1, hg)
    assert jobs[0]["text"].startswith("Trong 6 tháng đầu năm, tham mưu phê duyệt danh mục vị trí việc làm của 02 cơ "
                                      "quan, đơn vị (trong đó điều chỉnh danh mục của 01 cơ quan, đơn vị) với 65 vị trí "
                                      "việc làm")
    assert jobs[0]["footnotes"] == ["Sở Y tế 40 vị trí việc làm và Sở Giáo dục và Đào tạo 25 vị trí việc làm."]

    classes = paragraphs(report.training_courses, h1, hg)
    assert classes[0]["text"].startswith("Trong 6 tháng đầu năm, tổ chức 03 lớp đào tạo, bồi dưỡng cho 150 học viên")
    assert classes[0]["footnotes"] == ["Sở Y tế 02 lớp và Sở Giáo dục và Đào tạo 01 lớp."]

    kinds = paragraphs(report.restructuring_by_kind, h1, hg)
    assert kinds[0]["text"].startswith("Trong 6 tháng đầu năm, tham mưu cấp có thẩm quyền quyết định thành lập 03 đơn vị")
    assert "; giải thể 01 đơn vị; quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của 03 cơ quan, đơn vị" \
        in kinds[0]["text"]
    assert kinds[0]["footnotes"] == ["Sở Y tế 01 đơn vị và Sở Giáo dục và Đào tạo 02 đơn vị."]


def test_streamlining_without_a_round(province, hg):
    StreamliningCase.objects.all().delete()
    case = StreamliningCase(year=2021, stage="phe_duyet", decree="108/2014/NĐ-CP", quantity=47,
                            unit=OrgUnit.objects.get(code="SYT"), decided_on=D(2021, 3, 1))
    case.full_clean()
    case.save()
    assert ("Thực hiện tinh giản biên chế năm 2021 theo Nghị định số 108/2014/NĐ-CP có 47 trường hợp (TH)."
            in text(report.organisation, province["h1"], hg))


# ---------------------------------------------------------------------------------------------
# 5. Rows dated by their period
# ---------------------------------------------------------------------------------------------


def test_a_row_dated_by_its_period_counts_in_that_period_only(province, hg):
    h1 = province["h1"]
    row = add(T.RETIREMENT, 4, day=None, period=h1)
    assert row.effective_date == h1.end
    assert selectors.personnel_counts(h1, root=hg).total(T.RETIREMENT) == 4
    assert selectors.personnel_counts(province["y2021"], root=hg).total(T.RETIREMENT) == 4
    # A shorter window holding its stored day does not count it: the source did not say when.
    june = selectors.personnel_counts(start=D(2021, 6, 1), end=D(2021, 6, 30), root=hg)
    assert june.total(T.RETIREMENT) == 0
    # Its list says so.
    register = registers.REGISTERS["bien-dong"]
    shown = {c.label: c.display(row) for c in register.columns}
    assert shown["Ngày hiệu lực"] == "trong 6 tháng đầu năm 2021"


def test_a_row_needs_a_day_or_a_period(province, hg):
    with pytest.raises(ValidationError) as err:
        add(T.RETIREMENT, 1, day=None)
    assert "hoặc chọn kỳ" in str(err.value)


def test_the_import_accepts_a_period_for_the_day(province, hg):
    row = dict.fromkeys(PA_HEADERS, "")
    row.update({"Loại quyết định": "Thôi giữ chức vụ", "Mã đơn vị": "SYT", "Số trường hợp": "3",
                "Số quyết định": "77/QĐ-UBND", "Cơ quan quyết định": "Chủ tịch UBND tỉnh",
                "Ngày hiệu lực": "trong 6 tháng đầu năm 2021", "Số lượng quyết định": "1"})
    data = workbook(PA_HEADERS, [[row[h] for h in PA_HEADERS]])
    outcome = services.run_import("bien_dong", data, dry_run=False)
    assert outcome.saved, outcome.problems
    saved = PersonnelAction.objects.get(decision_number="77/QĐ-UBND")
    assert saved.dated_period == province["h1"] and saved.action_type == "thoi_giu_chuc_vu" and saved.decisions == 1
    # Again: the same row (its natural key holds the period's day), nothing added.
    outcome = services.run_import("bien_dong", data, dry_run=False)
    assert PersonnelAction.objects.filter(decision_number="77/QĐ-UBND").count() == 1

    row["Ngày hiệu lực"] = "giữa năm 2021"
    outcome = services.run_import("bien_dong", workbook(PA_HEADERS, [[row[h] for h in PA_HEADERS]]), dry_run=False)
    assert not outcome.saved
    assert "ví dụ «6 tháng đầu năm 2023»" in outcome.problems[0]["message"]


def fmt(n):
    return f"{n:02d}" if n < 10 else f"{n:,}".replace(",", ".")


def test_the_web_form_takes_a_data_type_a_period_and_the_decisions(province, hg, login):
    from django.urls import reverse

    client = login("cv.tcbc")
    target = reverse("staffing:register_create", args=["bien-dong"])
    data = {"action_type": "cu_di_hoc", "unit": OrgUnit.objects.get(code="SYT").pk, "quantity": "6",
            "decisions": "2", "decision_number": "15/QĐ-SNV", "effective_date": "", "authority": "Giám đốc Sở Nội vụ",
            "handling": "tham_dinh"}
    response = client.post(target, data)  # neither a day nor a period: refused, nothing saved
    assert response.status_code == 200
    assert "hoặc chọn kỳ khi văn bản nguồn không ghi ngày cụ thể" in response.content.decode()
    assert not PersonnelAction.objects.exists()

    assert "Cử đi học" in client.get(target).content.decode()  # the data types are offered
    response = client.post(target, {**data, "dated_period": province["h1"].pk})
    assert response.status_code == 302
    saved = PersonnelAction.objects.get()
    assert (saved.action_type, saved.decisions, saved.dated_period, saved.effective_date) == (
        "cu_di_hoc", 2, province["h1"], province["h1"].end)
    page = client.get(reverse("staffing:action_list")).content.decode()
    assert "trong 6 tháng đầu năm 2021" in page and "Cử đi học" in page


def test_the_quota_form_takes_a_term_total_and_a_roadmap_percentage(province, hg, login):
    from django.urls import reverse

    client = login("cv.tcbc")
    target = reverse("staffing:register_create", args=["bien-che"])
    data = {"unit": OrgUnit.objects.get(code="SYT").pk, "year": "2031", "kind": "cong_chuc", "assigned": "100",
            "term": "2031-2035", "term_assigned": "480", "roadmap_cut": "150"}
    response = client.post(target, data)
    assert response.status_code == 200 and "Tỷ lệ phải từ 0 đến 100 (%)." in response.content.decode()
    assert client.post(target, {**data, "roadmap_cut": "10,5"}).status_code == 302
    saved = Quota.objects.get(year=2031, unit__code="SYT")
    assert (saved.term_assigned, saved.roadmap_cut) == (480, Decimal("10.50"))

    response = client.post(reverse("staffing:register_create", args=["bien-dong"]), {
        "action_type": "nghi_huu", "unit": OrgUnit.objects.get(code="SYT").pk, "quantity": "3", "decisions": "0",
        "decision_number": "1/QĐ", "effective_date": "01/03/2021", "handling": "tham_dinh"})
    assert response.status_code == 200 and "Phải từ 1 trở lên." in response.content.decode()
