"""The archives provider on the demo registers: the registers' work (the section lists it before the
units' VTLT-DV figures); phrases reword it; zero figures drop their clause; fixed query count."""

from decimal import Decimal

import pytest

from archives.models import AccessRequest, WorkItem, WorkKind
from archives.report import PREFIX, archives_work, archives_work
from core.models import OrgUnit
from core.reporting import ReportContext, get_indicator, get_provider

pytestmark = pytest.mark.django_db


def context(period, **extra):
    ctx = ReportContext(period=period, root=OrgUnit.objects.get(code="HG"), **extra)
    ctx._figures["VTLT-DV"] = {("LT_CHINH_LY_MET", None): Decimal("35")}
    return ctx


def texts(blocks):
    return [b.text for b in blocks]


def test_the_registers_provider_states_the_centres_work_and_the_units_provider_keeps_its_key(province):
    out = texts(archives_work(context(province["h1"])))
    assert out[0] == "Kiểm tra công tác văn thư, lưu trữ và hoạt động, sử dụng dịch vụ lưu trữ trên địa bàn tỉnh (06 đơn vị)."
    assert not any("Theo báo cáo của các cơ quan" in t for t in out)
    # The units' provider keeps its own key (stored outlines use it).
    assert texts(get_provider("van-thu-luu-tru.don-vi")(context(province["h1"]))) == [
        "Theo báo cáo của các cơ quan, đơn vị, trong kỳ đã chỉnh lý hoàn chỉnh 35 mét tài liệu."]


def test_the_six_month_outline_lists_the_registers_then_the_units_figures():
    from reports.demo import OUTLINE
    from reports.registry import split_keys

    (vtlt,) = [s for s in OUTLINE[0][4] if s[0] == "vtlt"]
    assert split_keys(vtlt[3]) == ["luu-tru.trung-tam", "van-thu-luu-tru.don-vi"]


def test_without_access_requests_the_box_clause_stands_alone(province):
    AccessRequest.objects.all().delete()
    out = texts(archives_work(context(province["h1"])))
    boxes = [t for t in out if "3.316 hộp" in t]
    assert boxes == ["Thực hiện thay hộp, bìa hồ sơ và điều chỉnh hệ thống số hộp, hồ sơ các phông lưu trữ tại "
                     "Trung tâm Lưu trữ lịch sử, với tổng số 3.316 hộp (07 đơn vị)."]
    assert not any("khai thác" in t for t in out)


def test_a_metres_figure_missing_drops_only_its_clause(province):
    WorkItem.objects.filter(kind=WorkKind.ARRANGEMENT, status="ban_giao").update(metres=None)
    out = " ".join(texts(archives_work(context(province["h1"]))))
    assert "Trung tâm Lưu trữ lịch sử tỉnh đã hoàn chỉnh và bàn giao (03 đơn vị)." in out


def test_the_province_rewords_the_access_clause(province):
    wording = {f"{PREFIX}.khai-thac": "phục vụ khai thác {count:luot|lượt}[: {list:dich_vu}]"}
    out = " ".join(texts(archives_work(context(province["h1"], wording=wording))))
    assert "; phục vụ khai thác 14 lượt: 04 chứng thực, 09 bản sao và 01 trả lời bằng văn bản." in out


def test_indicators(province):
    ctx = context(province["h1"])
    assert get_indicator("luu-tru.khai-thac").value(ctx) == 14
    assert get_indicator("luu-tru.thay-hop").value(ctx) == 3316
    assert get_indicator("luu-tru.chinh-ly-ban-giao-met").value(ctx) == Decimal("39.00")
    assert get_indicator("luu-tru.phong-met").value(ctx) == Decimal("597.15")  # the demo fonds, summed exactly


def test_the_registers_part_takes_a_fixed_number_of_queries(province, django_assert_max_num_queries):
    # Work by (kind, status, level), access by service, accessions: three queries however many rows.
    for _ in range(20):
        WorkItem.objects.create(kind=WorkKind.DIGITIZATION, status="hoan_thanh", unit=OrgUnit.objects.get(code="SYT"),
                                pages=10, started_on="2021-05-01", finished_on="2021-05-02")
    ctx = context(province["h1"])
    ctx.root = OrgUnit.objects.get(code="HG")
    with django_assert_max_num_queries(6):
        blocks = archives_work(ctx)
    assert "Số hóa 200 trang tài liệu của 01 đơn vị." in texts(blocks)


def test_the_demo_seed_runs_again_without_adding_rows(province):
    from archives import demo

    before = (WorkItem.objects.count(), AccessRequest.objects.count())
    assert set(demo.seed().values()) == {0}
    assert (WorkItem.objects.count(), AccessRequest.objects.count()) == before
