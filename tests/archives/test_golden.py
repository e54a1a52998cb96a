"""The golden test for archives (DESIGN §8): the 2021-H1 six-month report built on the demo data
states every archives figure of the Hậu Giang reference from the registers (corrected style), in
the section «Công tác văn thư, lưu trữ», and the demo narrative no longer types them."""

import re

import pytest

from reports import services
from reports.demo import NARRATIVE_2021_H1
from tests.reports.conftest import _demo_seed, demo, media, sections_text  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ARCHIVES = re.compile(r"^[IVX\d]+\. Công tác văn thư, lưu trữ", re.IGNORECASE)

FIGURES = [
    "Kiểm tra công tác văn thư, lưu trữ và hoạt động, sử dụng dịch vụ lưu trữ trên địa bàn tỉnh (06 đơn vị).",
    "Đối chiếu hồ sơ đề nghị thẩm tra tài liệu hết giá trị của 02 đơn vị (46,4 mét).",
    "Đối chiếu, thẩm tra tài liệu hết giá trị (03 đơn vị).",
    "Thực hiện thay hộp, bìa hồ sơ và điều chỉnh hệ thống số hộp, hồ sơ các phông lưu trữ tại Trung tâm Lưu trữ "
    "lịch sử, với tổng số 3.316 hộp (07 đơn vị); phục vụ 14 lượt khai thác (04 chứng thực, 09 bản sao và 01 trả lời "
    "bằng văn bản).",
    "Đối với công tác chỉnh lý, Trung tâm Lưu trữ lịch sử tỉnh đã hoàn chỉnh và bàn giao với tổng số là 39 mét "
    "(03 đơn vị). Đang tiếp tục thực hiện chỉnh lý, xử lý tài liệu của 02 đơn vị (tổng số 11 mét và 11 phông). "
    "Tiếp nhận hồ sơ chỉnh lý tài liệu của 01 đơn vị, tổng số 2,65 mét.",
    "Tiến hành khảo sát tài liệu tồn đọng của 02 đơn vị cấp huyện và 01 đơn vị cấp tỉnh (tổng số 18 mét).",
]


@pytest.fixture
def built(demo):
    _stem, data = services.render_report(demo)
    return data


def archives_section(data):
    texts = sections_text(data)
    matches = [body for heading, body in texts.items() if ARCHIVES.match(heading)]
    assert len(matches) == 1, list(texts)
    return matches[0]


def test_archives_figures_as_in_the_reference(built):
    text = archives_section(built)
    for figure in FIGURES:
        assert figure in text, (figure, text)


def test_each_archives_figure_is_stated_once_and_only_in_its_section(built):
    texts = sections_text(built)
    for figure in ("(06 đơn vị)", "46,4 mét", "3.316 hộp", "14 lượt khai thác", "39 mét", "2,65 mét", "18 mét"):
        holders = [h for h, body in texts.items() if figure in body]
        assert len(holders) == 1 and ARCHIVES.match(holders[0]), (figure, holders)
        assert sum(body.count(figure) for body in texts.values()) == 1, figure


def test_the_demo_narrative_types_no_archives_figure():
    typed = " ".join(NARRATIVE_2021_H1["vtlt"])
    for figure in ("06 đơn vị", "3.316", "07 đơn vị", "14 lượt", "chứng thực", "46,4", "39 mét", "2,65", "18 mét"):
        assert figure not in typed, figure


def test_the_narrative_comes_first_then_the_registers_figures(built):
    text = archives_section(built)
    plan = text.index("Ban hành và triển khai thực hiện Kế hoạch công tác văn thư, lưu trữ năm 2021")
    assert plan < text.index("(06 đơn vị)") < text.index("3.316 hộp") < text.index("18 mét")


def test_the_archive_centre_rewords_both_sources_of_its_section(demo):
    from django.contrib.auth import get_user_model

    from reports.selectors import can_edit_phrase

    User = get_user_model()
    luutru, tcbc = User.objects.get(username="cv.luutru"), User.objects.get(username="cv.tcbc")
    for key in ("luu-tru.trung-tam.khai-thac", "luu-tru.trung-tam.thay-hop.hoan-thanh", "van-thu-luu-tru.don-vi.cau"):
        assert can_edit_phrase(luutru, key) and not can_edit_phrase(tcbc, key), key


def test_a_reworded_archives_phrase_previews_on_the_demo_report(demo):
    from reports.selectors import preview_phrase

    texts, report = preview_phrase("luu-tru.trung-tam.khai-thac", "phục vụ {count:luot|lượt} khai thác tài liệu")
    assert report == demo
    assert any(t.endswith("(07 đơn vị); phục vụ 14 lượt khai thác tài liệu.") for t in texts), texts
