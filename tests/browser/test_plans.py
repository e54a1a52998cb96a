"""Key tasks and directives in a real browser: staff of the Sở create a plan, import its appendix
file, see the per-field counts and mark a task of their office done; an assignee reports progress on
a directive item and the overdue list changes."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import OrgUnit
from plans import services
from plans.models import DirectiveItem, Status, Task
from tests.browser.test_staffing_import import XLSX, sign_in
from tests.core.test_views import FAST_HASHERS, build_portal_tree
from tests.plans.files import appendix_rows, appendix_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(settings, transactional_db):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    build_portal_tree()
    return {u.code: u for u in OrgUnit.objects.all()}


def _user(username):
    return get_user_model().objects.get(username=username)


def test_staff_imports_a_plan_sees_the_counts_and_marks_a_task_done(page, live_server, province):
    base = live_server.url
    sign_in(page, base, "cv.tcbc")
    page.locator('[data-nav="plans"] a').click()
    form = page.locator("[data-testid=plan-form]")
    form.get_by_label("Năm", exact=True).fill("2022")
    form.get_by_label("Tên kế hoạch").fill("Kế hoạch nhiệm vụ trọng tâm năm 2022")
    form.get_by_role("button", name="Tạo kế hoạch").click()
    assert "Đã tạo «Kế hoạch nhiệm vụ trọng tâm năm 2022»." in page.locator(".portal-messages").inner_text()

    page.locator("[data-testid=plan-import]").click()
    page.get_by_label("Dữ liệu cần nhập").select_option(label="Kế hoạch nhiệm vụ trọng tâm (phụ lục)")
    rows = appendix_rows([("I", "Lĩnh vực Tổ chức, biên chế", 2, "Phòng Tổ chức - Biên chế"),
                          ("II", "Lĩnh vực Cải cách hành chính", 1, "SNV-CCHC")])
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files({"name": "phu-luc-2022.xlsx", "mimeType": XLSX,
                                                            "buffer": appendix_xlsx(rows)})
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.locator("[data-testid=confirm]").click()
    page.wait_for_selector("text=Đã nhập 3 dòng")
    assert Task.objects.count() == 3

    page.locator('[data-nav="plans"] a').click()
    page.get_by_role("link", name="Kế hoạch nhiệm vụ trọng tâm năm 2022").click()
    counts = page.locator("[data-testid=field-counts]")
    row = counts.locator('tr[data-field="Lĩnh vực Tổ chức, biên chế"]')
    assert row.locator('[data-col="total"]').inner_text() == "2"
    assert row.locator('[data-col="done"]').inner_text() == "0"
    assert counts.locator('tr[data-field="Lĩnh vực Cải cách hành chính"] [data-col="total"]').inner_text() == "1"

    task = Task.objects.get(field__number="I", number="2")  # deadline «Quý II» in the fixture's cycle
    overdue_before = row.locator('[data-col="overdue"]').inner_text()
    page.locator(f'tr[data-task="{task.pk}"] a').first.click()
    assert task.due_date.strftime("%d/%m/%Y") in page.locator("main").inner_text()
    form = page.locator("[data-testid=follow-form]")
    form.get_by_label("Tình trạng").select_option(label="Hoàn thành")
    form.get_by_label("Ghi nhận tiến độ").fill("Đã trình Bộ Nội vụ Kế hoạch biên chế năm 2023.")
    form.get_by_role("button", name="Ghi nhận").click()
    assert "Đã cập nhật tình trạng nhiệm vụ 2." in page.locator(".portal-messages").inner_text()
    assert "Đã trình Bộ Nội vụ" in page.locator("[data-testid=task-notes]").inner_text()
    task.refresh_from_db()
    assert task.status == Status.DONE

    page.get_by_role("link", name="Về kế hoạch").click()
    row = page.locator('[data-testid=field-counts] tr[data-field="Lĩnh vực Tổ chức, biên chế"]')
    assert row.locator('[data-col="done"]').inner_text() == "1"
    assert int(row.locator('[data-col="overdue"]').inner_text()) == int(overdue_before) - 1
    # a task of another office shows no form to this office's staff
    other = Task.objects.get(field__number="II")
    page.locator(f'tr[data-task="{other.pk}"] a').first.click()
    assert page.locator("[data-testid=follow-form]").count() == 0


def test_an_assignee_reports_progress_and_the_overdue_list_changes(page, live_server, province):
    today = timezone.localdate()
    directive = services.create_directive(
        _user("cv.tcbc"), unit=province["SNV"], number="168", symbol="TB-UBND", issued_on=today - datetime.timedelta(days=60),
        issuer="Ủy ban nhân dân tỉnh Hậu Giang", signer="Trần Văn Huyến",
        subject="Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Nội vụ",
    )
    item = services.save_directive_item(
        _user("cv.tcbc"), directive, content="Tập trung cao cho công tác cải cách hành chính.",
        assignee=province["SNV-CCHC"], deadline=today - datetime.timedelta(days=3),
    )
    base = live_server.url
    sign_in(page, base, "cv.cchc")
    page.goto(f"{base}/ke-hoach/qua-han/")
    overdue = page.locator("[data-testid=overdue-items]")
    assert overdue.locator(f'[data-item="{item.pk}"]').count() == 1
    overdue.locator(f'[data-item="{item.pk}"] a').click()

    card = page.locator(f'[data-item="{item.pk}"]')
    assert "Quá hạn" in card.locator("[data-testid=item-status]").inner_text()
    card.get_by_label("Tình trạng").select_option(label="Hoàn thành")
    card.get_by_label("Ghi nhận tiến độ").fill("Đã khắc phục các tiêu chí bị mất điểm.")
    card.get_by_role("button", name="Báo cáo tiến độ").click()
    assert "Đã ghi báo cáo tiến độ nội dung 1." in page.locator(".portal-messages").inner_text()
    card = page.locator(f'[data-item="{item.pk}"]')
    assert "Hoàn thành" in card.locator("[data-testid=item-status]").inner_text()
    assert "Quá hạn" not in card.locator("[data-testid=item-status]").inner_text()
    assert "Đã khắc phục các tiêu chí" in card.inner_text()

    page.get_by_role("link", name="Quá hạn, sắp đến hạn").click()
    assert page.locator(f'[data-testid=overdue-items] [data-item="{item.pk}"]').count() == 0
    assert "Không có nội dung quá hạn." in page.locator("[data-testid=overdue-items]").inner_text()
    assert DirectiveItem.objects.get(pk=item.pk).status == Status.DONE
