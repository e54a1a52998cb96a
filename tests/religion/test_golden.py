"""Golden test (DESIGN §8), religion part: the 2021-H1 six-month report built on the demo data states
each religion figure of the Hậu Giang reference from the registers, in section III, once — the
demo narrative no longer types any of them."""

import re

import pytest

from reports import services
from reports.demo import NARRATIVE_2021_H1
from religion.models import Dossier
from tests.reports.conftest import _demo_seed, demo, media, section, sections_text  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db
RELIGION = "III. CÔNG TÁC TÍN NGƯỠNG, TÔN GIÁO"
TH = r"02 (?:trường hợp )?\(TH\)"  # «(TH)» is introduced once per document, by the kit


@pytest.fixture
def built(demo):
    _stem, data = services.render_report(demo)
    return data


def test_religion_figures_as_in_the_reference(built):
    text = section(built, RELIGION)
    assert ("Trong 6 tháng đầu năm 2021, trên địa bàn tỉnh không xảy ra vụ việc phức tạp liên quan đến hoạt động "
            "tín ngưỡng, tôn giáo, 02 vụ việc mới phát sinh được phát hiện và phối hợp xử lý kịp thời, hiệu quả "
            "ngay tại cơ sở.") in text
    assert re.search(
        "Xem xét giải quyết các trường hợp chấp thuận nhân sự Ban Trị sự Phật giáo thành phố Ngã Bảy nhiệm kỳ 2021-2026 "
        "và Ban Trị sự Phật giáo huyện Phụng Hiệp nhiệm kỳ 2021-2026; chấp thuận đăng ký bổ nhiệm trụ trì chùa "
        "Mahamenkol Rang Sây thuộc thành phố Vị Thanh và Tịnh xá Ngọc Long, huyện Vị Thủy; tiếp nhận thông báo phong "
        f"phẩm của Hội thánh Cao đài Ban Chỉnh Đạo; tiếp nhận thông báo thuyên chuyển chức sắc của Phật giáo {TH}\\.",
        text)
    assert ("Thống nhất việc thay đổi tên tổ chức tôn giáo trực thuộc, thuộc hệ Cao đài Tây Ninh và thành lập 01 tổ "
            "chức tôn giáo trực thuộc của Ban Trị sự Phật giáo tỉnh.") in text
    # Nothing pending at the end of the half-year, no visit in it: no such sentence, never a «0».
    assert "đang giải quyết" not in text and "thăm hỏi, chúc mừng chức sắc" not in text
    assert not re.search(r"(?<![\d.,/])0 ", text)


def test_religion_figures_come_from_the_registers_not_the_narrative(built, demo):
    typed = " ".join(NARRATIVE_2021_H1["tongiao"])
    for figure in ("(02 TH)", "02 (TH)", "01 tổ chức", "không xảy ra vụ việc phức tạp", "Ngã Bảy"):
        assert figure not in typed
    texts = sections_text(built)
    holders = [h for h, body in texts.items() if "thuyên chuyển chức sắc của Phật giáo" in body]
    assert holders == [RELIGION]
    # The register decides: one more transfer resolved in the half-year reads 03.
    first = Dossier.objects.filter(type="thuyen_chuyen", resolved_on__year=2021).first()
    first.quantity = 2
    first.save()
    _stem, again = services.render_report(demo)
    assert re.search(r"thuyên chuyển chức sắc của Phật giáo 03 (?:trường hợp )?\(TH\)", section(again, RELIGION))
