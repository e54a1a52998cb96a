"""Golden CCHC figures (DESIGN §8): the six-month report of 2021-H1 states the CCHC figures the demo
holds behind the Hậu Giang reference (dossiers received 18.236, online 4.228 = 23,18%), with the
rates computed in the database; the province's CCHC report states every section with its coverage
and the index result through the reform app's register."""

import re
from dataclasses import dataclass

import pytest

from collection import selectors as collection_selectors
from core import formatting as f
from core.models import OrgUnit, Period
from reform import report as reform_report
from reform import submission as forms
from reports import services
from reports.models import ReportKind
from tests.reports.conftest import _demo_seed, demo, media, section, sections_text  # noqa: F401

pytestmark = pytest.mark.django_db

CCHC = "5. Về công tác cải cách hành chính"


@pytest.fixture
def built(demo):
    return services.render_report(demo)[1]


def province_figures():
    period = Period.objects.get(code="2021-H1")
    root = OrgUnit.objects.get(code="HG")
    return collection_selectors.aggregate("CCHC-DV", period, root), forms.subtree_rates(period, root)


def test_the_six_month_cchc_section_states_the_dossiers_as_the_reference(built):
    text = section(built, CCHC)
    plain = re.sub(r"\[\^\d+: [^\]]*\]", "", text)
    values, rates = province_figures()
    assert "tiếp nhận 18.236 hồ sơ (trong đó tiếp nhận trực tuyến 4.228 hồ sơ, chiếm 23,18%)" in plain
    in_time = values[("HS_SOM_HAN", None)] + values[("HS_DUNG_HAN", None)]
    assert (f"đã giải quyết {f.count(values[('HS_DA_GIAI_QUYET', None)])} hồ sơ, trong đó trước hạn và đúng hạn "
            f"{f.count(in_time)} hồ sơ, đạt {forms.percent_text(rates['dung_han'])} "
            f"(trước hạn {f.count(values[('HS_SOM_HAN', None)])} hồ sơ), "
            f"trễ hạn {f.count(values[('HS_TRE_HAN', None)])} hồ sơ.") in plain
    # The per-district figures are a footnote on the dossiers received.
    assert re.search(r"tiếp nhận 18\.236 hồ sơ\[\^\d+: Thành phố Vị Thanh [\d.]+ hồ sơ, .* và huyện Long Mỹ [\d.]+ hồ sơ\.\]",
                     text)
    # The initiatives of 2020 recognised in the half-year come from the register, said once.
    assert plain.count("Xem xét, công nhận 04 sáng kiến trong công tác cải cách hành chính năm 2020.") == 1


def test_the_initiatives_come_from_the_register_not_the_narrative(demo):
    from reform.models import Initiative
    from reports.demo import NARRATIVE_2021_H1

    assert not any("sáng kiến" in line for line in NARRATIVE_2021_H1["cchc"])
    Initiative.objects.filter(year=2020).delete()
    text = section(services.render_report(demo)[1], CCHC)
    assert "sáng kiến" not in text


def test_the_rate_is_the_databases_not_a_recomputation(built):
    values, rates = province_figures()
    in_time = values[("HS_SOM_HAN", None)] + values[("HS_DUNG_HAN", None)]
    assert abs(rates["dung_han"] - in_time * 100 / values[("HS_DA_GIAI_QUYET", None)]) < 0.0001
    assert forms.percent_text(rates["truc_tuyen"]) == "23,18%"


@dataclass
class Standing:
    score: object
    rank: int
    of_n: int
    change: int


def province_report():
    return services.create_report(None, ReportKind.objects.get(code="province_cchc"), OrgUnit.objects.get(code="SNV"),
                                  Period.objects.get(code="2021-H1"), number="20", symbol="BC-SNV")


def test_the_province_cchc_report_states_every_section_with_coverage(demo, monkeypatch):
    results = {"PAR_INDEX": Standing(83.5, 20, 63, 2), "PAPI": Standing(42.17, 44, 63, -3)}
    monkeypatch.setattr(reform_report, "index_result", lambda province, code, year: results.get(code))
    data = services.render_report(province_report())[1]
    texts = sections_text(data)
    index = texts["I. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH VÀ CÁC CHỈ SỐ CỦA TỈNH"]
    assert ("Kết quả Chỉ số cải cách hành chính (PAR INDEX) năm 2020 của tỉnh đạt 83,5 điểm, xếp thứ 20/63, "
            "tăng 02 bậc so với năm 2019.") in index
    assert "(PAPI) năm 2020 của tỉnh đạt 42,17 điểm, xếp thứ 44/63, giảm 03 bậc so với năm 2019." in index
    assert "SIPAS" not in index
    values, _rates = province_figures()
    body = "\n".join(texts.values())
    for heading in ("1. Công tác chỉ đạo", "2. Cải cách thể chế", "3. Cải cách thủ tục", "4. Cải cách tổ chức bộ máy",
                    "5. Cải cách chế độ công vụ", "6. Cải cách tài chính công", "7. Xây dựng, phát triển"):
        assert next(b for h, b in texts.items() if h.startswith(heading)).strip(), heading
    assert f"đã ban hành {f.count(values[('CD_VAN_BAN', None)])} văn bản chỉ đạo" in body
    assert (f"Ở cấp huyện: tiếp nhận {f.count(values[('HSC_TIEP_NHAN', 'cap-huyen')])} hồ sơ "
            f"(trực tuyến {f.count(values[('HSC_TRUC_TUYEN', 'cap-huyen')])} hồ sơ)") in body
    assert "Có 08 cơ quan, đơn vị áp dụng Hệ thống quản lý chất lượng" in body
    # Only the eight districts sent the 2021-H1 form: the sums say so.
    assert re.search(r"Số liệu tổng hợp từ 8/\d+ đơn vị; chưa có số liệu của ", body)


def test_without_the_index_register_the_index_sentence_is_left_out(demo, monkeypatch):
    monkeypatch.setattr(reform_report, "index_result", lambda province, code, year: None)
    texts = sections_text(services.render_report(province_report())[1])
    index = texts["I. KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH VÀ CÁC CHỈ SỐ CỦA TỈNH"]
    assert "PAR INDEX" not in index
