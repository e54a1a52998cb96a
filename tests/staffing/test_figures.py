"""The demo registers reproduce every staffing figure of the Hậu Giang H1/2021 report, and the
report provider states them in the reference style (DESIGN §5, §8)."""

import datetime
import re

import pytest
from django.core.management import call_command

from core.models import OrgUnit
from core.reporting import ReportContext, assemble
from staffing import demo, report, selectors
from staffing.models import ActionType as T
from staffing.models import CivilServant, Handling, PersonnelAction, Quota, StreamliningCase

pytestmark = pytest.mark.django_db

PROVINCE = ("tinh", "huyen")
COMMUNE = ("xa",)

H1_PERSONNEL = {
    T.RETIREMENT: 10, T.RESIGNATION: 6, T.TRANSFER: 54, T.SECONDMENT: 1, T.TO_CIVIL_SERVANT: 3,
    T.REDEPLOYMENT: 3, T.APPOINTMENT: 20,
}
H1_SALARY = {
    T.EARLY_RAISE: 1360, T.REGULAR_RAISE: 151, T.RANK_APPOINTMENT: 12, T.RANK_DISMISSAL: 1, T.RETIREMENT_RAISE: 3,
    T.SENIORITY_ALLOWANCE: 38, T.SALARY_GRADING: 7,
}
H1_DECIDED = {T.EARLY_RAISE: 95, T.REGULAR_RAISE: 28}
ZERO_CASES = re.compile(r"(?<![\d.])0+ (\(TH\)|trường hợp)")
H1_COMMUNE = {T.REGULAR_RAISE: 1, T.RECEPTION: 1, T.MILITARY_COMMANDER: 3}


@pytest.fixture
def hg(province):
    return OrgUnit.objects.get(code="HG")


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def test_personnel_counts_reproduce_the_h1_2021_figures(province, hg):
    counts = selectors.personnel_counts(province["h1"], root=hg)
    for action_type, expected in H1_PERSONNEL.items():
        assert counts.total(action_type, PROVINCE) == expected, action_type
    for action_type, expected in H1_SALARY.items():
        assert counts.total(action_type, PROVINCE, handling=Handling.APPRAISAL) == expected, action_type
        decided = H1_DECIDED.get(action_type, 0)
        assert counts.total(action_type, PROVINCE, handling=Handling.DECISION) == decided, action_type
        assert counts.total(action_type, PROVINCE) == expected + decided, action_type
    for action_type, expected in H1_COMMUNE.items():
        assert counts.total(action_type, COMMUNE) == expected, action_type
    # Commune level: "nâng lương trước hạn, nâng ngạch lương 144 (TH)".
    assert counts.total(T.EARLY_RAISE, COMMUNE) + counts.total(T.RANK_PROMOTION, COMMUNE) == 144
    assert counts.total(T.RANK_APPOINTMENT, PROVINCE, rank_title="Thanh tra viên") == 12
    assert counts.total(T.RANK_DISMISSAL, PROVINCE, rank_title="thanh tra viên") == 1
    # Nothing else happened in the window.
    assert counts.total(T.RECRUITMENT) == 0 and counts.total(T.RECEPTION, PROVINCE) == 0


def test_window_is_exact(province, hg):
    """Retirements on 14/12/2020 and 15/6/2021 fall outside 2021-H1; H2 has its own figures."""
    assert PersonnelAction.objects.filter(action_type=T.RETIREMENT).count() == 13
    on_edges = selectors.personnel_counts(start=datetime.date(2020, 12, 14), end=datetime.date(2021, 6, 15), root=hg)
    assert on_edges.total(T.RETIREMENT) == 12
    h2 = selectors.personnel_counts(start=datetime.date(2021, 6, 15), end=datetime.date(2021, 12, 14), root=hg)
    assert h2.total(T.RETIREMENT) == 2 and h2.total(T.EARLY_RAISE, PROVINCE) == 412
    year = selectors.personnel_counts(province["y2021"], root=hg)
    assert year.total(T.EARLY_RAISE, PROVINCE) == 1360 + 95 + 412


def test_counts_are_one_grouped_query(province, hg, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.personnel_counts(province["h1"], root=hg)


def test_counts_respect_root_and_scope(province):
    vithanh = OrgUnit.objects.get(code="VITHANH")
    counts = selectors.personnel_counts(province["h1"], root=vithanh)
    expected = PersonnelAction.objects.filter(
        effective_date__range=("2020-12-15", "2021-06-14"), unit__code__startswith="VITHANH", action_type=T.EARLY_RAISE
    )
    assert counts.total(T.EARLY_RAISE) == sum(a.quantity for a in expected) > 0
    from django.contrib.auth import get_user_model

    from core.access import scope_for

    officer = scope_for(get_user_model().objects.get(username="cb.soyte"))
    scoped = selectors.personnel_counts(province["h1"], scope=officer)
    assert set(PersonnelAction.objects.filter(unit__code="SYT").values_list("action_type", flat=True)) >= set(scoped.by_type())
    assert scoped.total(T.EARLY_RAISE) < 1360


def test_streamlining_exams_training(province, hg):
    rounds = selectors.streamlining_counts(province["h1"], root=hg)
    assert [(r["round_number"], r["stage"], r["total"]) for r in rounds] == [(1, "phe_duyet", 74), (2, "tham_dinh", 46)]
    exams = {e.kind: e for e in selectors.exams_in(province["h1"], root=hg)}
    assert exams["thi_nang_ngach"].participants == 35
    assert (exams["thi_tuyen"].passed, exams["thi_tuyen"].district_units, exams["thi_tuyen"].province_units) == (84, 2, 4)
    plans = selectors.training_plans_in(province["h1"])
    assert [(p.classes, p.budget) for p in plans] == [(354, 20412619000)]
    assert selectors.postgraduate_total(province["h1"], root=hg)["total"] == 57


def test_quotas_add_up(province, hg):
    for year in (2020, 2021, 2022):
        for kind in ("cong_chuc", "vien_chuc", "hop_dong"):
            total = selectors.assigned_total(year, kind, root=hg)
            assert total == sum(Quota.objects.filter(year=year, kind=kind).values_list("assigned", flat=True)) > 0
    change = selectors.quota_change(2021, "cong_chuc", root=hg)
    assert change["change"] == change["assigned"] - change["previous"] < 0
    cut = selectors.quota_cumulative(2020, 2022, "vien_chuc", root=hg)
    assert cut["cut"] == cut["base"] - cut["assigned"] > 0
    assert cut["percent"] == round(cut["cut"] * 100 / cut["base"], 2)


def test_quota_used_from_register_or_entered(province):
    from django.contrib.auth import get_user_model

    from core.access import scope_for

    scope = scope_for(get_user_model().objects.get(username="cv.tcbc"))
    table = selectors.quota_table(scope, 2022, kind="cong_chuc")
    snv = next(r for r in table["rows"] if r["unit"].code == "SNV")
    in_register = CivilServant.objects.filter(
        active=True, unit__code__startswith="SNV-", category__in=["cong_chuc", "can_bo"]).count()
    assert snv["source"] == "register" and snv["used"] == in_register == 40
    assert snv["difference"] == snv["assigned"] - in_register
    syt = next(r for r in table["rows"] if r["unit"].code == "SYT")
    assert syt["source"] == "entered" and syt["used"] == syt["quota"].used_entered


def test_demo_is_idempotent(province):
    counts = [m.objects.count() for m in (CivilServant, PersonnelAction, Quota, StreamliningCase)]
    result = demo.seed(2022)
    assert [m.objects.count() for m in (CivilServant, PersonnelAction, Quota, StreamliningCase)] == counts
    assert result["cán bộ, công chức, viên chức"] == 0 and result["quyết định nhân sự, tiền lương"] == 0
    assert 280 <= CivilServant.objects.filter(active=True).count() <= 360


def test_seed_demo_command_runs_the_staffing_demo(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo")
    assert PersonnelAction.objects.exists() and CivilServant.objects.exists()


# ---------------------------------------------------------------------------------------------
# Report sentences
# ---------------------------------------------------------------------------------------------


STAFFING_SECTIONS = ("organisation", "civil_servants", "salary", "training")


def build(section, period, root, style="footnotes"):
    """`section`'s paragraphs as plain data, built as in a document holding the four staffing
    sections in outline order (one context, then the document-wide rules of core.reporting)."""
    ctx = ReportContext(period=period, root=root)
    built = {name: getattr(report, name)(ctx) for name in STAFFING_SECTIONS}
    assemble(b for name in STAFFING_SECTIONS for b in built[name])
    return [b.render(style) for b in built[section.__name__]]


def texts(section, period, root, style="footnotes"):
    return " ".join(p["text"] for p in build(section, period, root, style))


def test_report_sentences_in_the_reference_style(province, hg):
    h1 = province["h1"]
    organisation = texts(report.organisation, h1, hg)
    assert ("Thực hiện tinh giản biên chế đợt I năm 2021 có 74 trường hợp (TH); rà soát thẩm định kinh phí tinh giản "
            "biên chế đợt II năm 2021: 46 (TH).") in organisation
    assert "cơ quan hành chính (01 đơn vị) và đơn vị sự nghiệp công lập thuộc Sở Y tế (11 đơn vị)" in organisation

    people = texts(report.civil_servants, h1, hg)
    assert ("giải quyết: nghỉ hưu 10 (TH); thôi việc 06 (TH); số lượng công chức, viên chức thuyên chuyển: 54 (TH); "
            "biệt phái công chức 01 (TH); xét chuyển viên chức sang công chức: 03 (TH); điều động 03 (TH); "
            "bổ nhiệm, bổ nhiệm lại: 20 (TH).") in people
    assert "Công văn số 1676/UBND-TH ngày 31 tháng 3 năm 2021 của UBND tỉnh Bến Tre" in people
    assert "có 35 (TH) tham gia." in people
    assert "công nhận kết quả thi tuyển viên chức 84 (TH) đối với 02 đơn vị cấp huyện và 04 đơn vị cấp tỉnh." in people

    salary = texts(report.salary, h1, hg)
    assert ("cụ thể: nâng lương trước thời hạn 1.360 (TH); Quyết định nâng lương trước hạn 95 (TH); nâng lương "
            "thường xuyên 151 (TH); Quyết định nâng lương thường xuyên 28 (TH); bổ nhiệm ngạch Thanh tra viên 12 (TH); "
            "miễn nhiệm ngạch Thanh tra viên 01 (TH); nâng bậc lương trước thời hạn nghỉ hưu 03 (TH); nâng bậc lương "
            "thường xuyên và phụ cấp thâm niên vượt khung 38 (TH); xếp lương 07 (TH).") in salary
    assert ("cán bộ, công chức cấp xã: nâng lương trước hạn, nâng ngạch lương 144 (TH); nâng lương thường xuyên 01 (TH); "
            "thống nhất tiếp nhận cán bộ, công chức cấp xã 01 (TH); bổ nhiệm Chỉ huy trưởng Ban Chỉ huy quân sự "
            "03 (TH).") in salary

    training = texts(report.training, h1, hg)
    assert "(với 354 lớp, tổng kinh phí: 20.412.619.000 đồng)" in training
    assert "Trong 6 tháng đầu năm, giải quyết các chế độ chính sách sau đại học theo quy định đối với 57 (TH)." in training

    everything = " ".join((organisation, people, salary, training))
    assert everything.count("trường hợp (TH)") == 1  # introduced once
    assert not ZERO_CASES.search(everything)


def test_zero_types_are_dropped(province, hg):
    PersonnelAction.objects.filter(action_type__in=[T.SECONDMENT, T.SALARY_GRADING]).delete()
    PersonnelAction.objects.filter(action_type=T.RANK_PROMOTION, level="xa").delete()
    people = texts(report.civil_servants, province["h1"], hg)
    salary = texts(report.salary, province["h1"], hg)
    assert "biệt phái" not in people and "xếp lương" not in salary
    assert "thôi việc 06 (TH); số lượng công chức, viên chức thuyên chuyển: 54 (TH); xét chuyển" in people
    # Only the early raises are left at commune level: the combined clause becomes a single one.
    assert "cấp xã: nâng lương trước hạn 120 (TH); nâng lương thường xuyên 01 (TH)" in salary
    assert not ZERO_CASES.search(people + salary)


def test_empty_sections_say_nothing_and_th_moves(province, hg):
    StreamliningCase.objects.all().delete()
    from staffing.models import RecruitmentExam

    RecruitmentExam.objects.all().delete()
    people = texts(report.civil_servants, province["h1"], hg)
    assert "nghỉ hưu 10 trường hợp (TH); thôi việc 06 (TH)" in people
    PersonnelAction.objects.all().delete()
    assert build(report.civil_servants, province["h1"], hg) == []
    assert build(report.salary, province["h1"], hg) == []
    assert "đối với 57 trường hợp (TH)." in texts(report.training, province["h1"], hg)


def test_detail_style(province, hg):
    footnotes = build(report.civil_servants, province["h1"], hg, "footnotes")[0]
    assert footnotes["footnotes"] == ["Sở Y tế, Sở Giáo dục và Đào tạo, Sở Nông nghiệp và Phát triển nông thôn, "
                                      "Sở Văn hóa, Thể thao và Du lịch, huyện Vị Thủy và huyện Long Mỹ."]
    inline = build(report.civil_servants, province["h1"], hg, "parentheses")[0]
    assert inline["footnotes"] == []
    assert "04 đơn vị cấp tỉnh (Sở Y tế, Sở Giáo dục và Đào tạo" in inline["text"]


def test_registered_with_the_reports_app(province, hg):
    registry = pytest.importorskip("reports.registry")
    provider = registry.get("tien-luong.che-do")

    blocks = provider(ReportContext(period=province["h1"], root=hg))
    assert "1.360 (TH)" in blocks[0].text
    for key in ("to-chuc-bo-may.bien-che", "can-bo-cong-chuc.quan-ly", "tien-luong.che-do", "dao-tao.boi-duong",
                "bien-che.phu-luc"):
        assert registry.exists(key)


# ---------------------------------------------------------------------------------------------
# Annual report: quotas against the previous year and since the base year; the appendix tables
# ---------------------------------------------------------------------------------------------


def test_annual_quota_sentences_state_change_and_cut_since_the_base_year(province, hg):
    text = texts(report.organisation, province["y2021"], hg)
    for kind, noun, label in (("cong_chuc", "biên chế", "Biên chế công chức"),
                              ("vien_chuc", "người", "Số lượng người làm việc")):
        now = selectors.assigned_total(2021, kind, hg)
        before = selectors.assigned_total(2020, kind, hg)
        base = selectors.assigned_total(2015, kind, hg)
        assert now < before < base  # the demo cuts every year
        cut = base - now
        percent = f"{cut * 100 / base:.2f}".replace(".", ",").rstrip("0").rstrip(",")
        assert (f"{label} năm 2021 được giao là {format_number(now)} {noun} (giảm {format_count(before - now)} {noun} "
                f"so với năm 2020), theo đó giai đoạn 2015 - 2021 đã cắt giảm {format_count(cut)} biên chế, "
                f"đạt tỷ lệ {percent}%.") in text


def test_annual_appendix_tables_quotas_by_unit(province, hg):
    tables = report.quota_tables(ReportContext(period=province["y2021"], root=hg))
    assert [t.caption for t in tables] == [
        "Biên chế công chức năm 2021 theo cơ quan, đơn vị", "Số lượng người làm việc năm 2021 theo đơn vị",
        "Hợp đồng lao động năm 2021 theo cơ quan, đơn vị"]
    civil = tables[0]
    assert civil.columns == ["Cơ quan, đơn vị", "Được giao", "Đã sử dụng", "Chênh lệch"]
    rows = {r[0]: r[1:] for r in civil.rows}
    syt = Quota.objects.get(unit__code="SYT", year=2021, kind="cong_chuc")
    assert rows["Sở Y tế"] == [format_number(syt.assigned), format_number(syt.used_entered),
                              format_number(syt.assigned - syt.used_entered)]
    total = sum(Quota.objects.filter(year=2021, kind="cong_chuc").values_list("assigned", flat=True))
    assert civil.rows[-1][0] == "Tổng cộng" and civil.rows[-1][1] == format_number(total)
    assert len(civil.rows) == Quota.objects.filter(year=2021, kind="cong_chuc").count() + 1


def format_number(n):
    return f"{n:,}".replace(",", ".")


def format_count(n):
    return f"{n:02d}" if n < 10 else format_number(n)
