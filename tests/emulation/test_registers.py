"""The emulation registers kept in web forms (core.registers): who reads and writes each page, the
double-award rule in the item form, one leader and one deputy per cluster and year."""

import pytest
from django.urls import reverse

from emulation.models import AwardDecision, AwardItem, AwardType, ClusterMembership, EmulationCluster

pytestmark = pytest.mark.django_db
SLUGS = ["quyet-dinh", "doi-tuong", "thanh-vien-cum-khoi", "phong-trao"]


@pytest.mark.parametrize("slug", ["doi-tuong", "thanh-vien-cum-khoi", "phong-trao"])
@pytest.mark.parametrize("role", ["admin", "leader", "board", "staff_other", "officer", "officer_other"])
def test_every_role_reads_the_lists(client, logins, slug, role):
    client.force_login(logins[role])
    assert client.get(reverse("emulation:register_list", args=[slug])).status_code == 200


@pytest.mark.parametrize("slug", SLUGS)
def test_anonymous_goes_to_login(client, province, slug):
    response = client.get(reverse("emulation:register_create", args=[slug]))
    assert response.status_code == 302 and "next=" in response["Location"]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("role", ["leader", "staff_other", "officer"])
def test_only_ban_tdkt_writes(client, logins, slug, role):
    client.force_login(logins[role])
    assert client.get(reverse("emulation:register_create", args=[slug])).status_code == 403
    assert client.post(reverse("emulation:register_create", args=[slug]), {"name": "x"}).status_code == 403
    client.force_login(logins["board"])
    assert client.get(reverse("emulation:register_create", args=[slug])).status_code == 200


def test_an_officer_reads_only_its_units_items(client, logins):
    item = AwardItem.objects.filter(decision__proposing_unit__code="SYT").first()
    url = reverse("emulation:register_edit", args=["doi-tuong", item.pk])
    client.force_login(logins["officer_other"])  # Phường Ngã Bảy
    assert client.get(url).status_code == 404
    listing = client.get(reverse("emulation:register_list", args=["doi-tuong"])).content.decode()
    assert "Dẫn đầu phong trào" not in listing and "Sở Y tế" not in listing


def _item_form(decision, award, name, period="năm 2020", kind="ca_nhan", unit=""):
    return {"decision": decision.pk, "award_type": award.pk, "recipient_kind": kind, "recipient_name": name,
            "recipient_unit": unit, "quantity": "1", "achievement_period": period, "achievement": "Xuất sắc"}


def test_the_item_form_says_the_double_award_rule(client, logins):
    client.force_login(logins["board"])
    flag = AwardType.objects.get(code="co-thi-dua-tinh")
    held = AwardItem.objects.get(award_type=flag, recipient_name="Sở Y tế")
    other = AwardDecision.objects.exclude(pk=held.decision_id).filter(decided_on__year=2021).first()
    data = _item_form(other, flag, "Sở Y tế", kind="tap_the", unit=held.recipient_unit_id)
    response = client.post(reverse("emulation:register_create", args=["doi-tuong"]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "không khen hai lần cho cùng một thành tích" in page
    assert held.decision.reference in page
    assert AwardItem.objects.filter(award_type=flag, recipient_name="Sở Y tế").count() == 1
    # Another achievement period is another award; a flag is never for a person.
    data["achievement_period"] = "năm 2021"
    assert client.post(reverse("emulation:register_create", args=["doi-tuong"]), data).status_code == 302
    response = client.post(reverse("emulation:register_create", args=["doi-tuong"]),
                           _item_form(other, flag, "Lý Thị Tư"))
    assert "không tặng cho cá nhân" in response.content.decode()
    # Editing the held row itself is not a double award.
    edit = {**_item_form(held.decision, flag, "Sở Y tế", kind="tap_the", unit=held.recipient_unit_id),
            "achievement": "Dẫn đầu phong trào thi đua năm 2020 (sửa)"}
    page = client.get(reverse("emulation:register_edit", args=["doi-tuong", held.pk])).content.decode()
    import re
    edit["version"] = re.search(r'name="version" value="([^"]+)"', page).group(1)
    response = client.post(reverse("emulation:register_edit", args=["doi-tuong", held.pk]), edit)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_one_leader_per_cluster_and_year(client, logins):
    client.force_login(logins["board"])
    cluster = EmulationCluster.objects.get(name="Khối thi đua Nội chính")
    leader = ClusterMembership.objects.get(cluster=cluster, year=2021, role="truong")
    data = {"cluster": cluster.pk, "year": "2021", "unit": ClusterMembership.objects.filter(
        cluster=cluster, year=2021, role="thanh_vien").first().unit_id, "role": "truong"}
    data["unit"] = data["unit"] or leader.unit_id
    from core.models import OrgUnit

    data["unit"] = OrgUnit.objects.get(code="SKHCN").pk
    response = client.post(reverse("emulation:register_create", args=["thanh-vien-cum-khoi"]), data)
    assert response.status_code == 200 and "mỗi năm một Trưởng và một Phó" in response.content.decode()
    data["year"] = "2022"
    assert client.post(reverse("emulation:register_create", args=["thanh-vien-cum-khoi"]), data).status_code == 302


def test_a_movement_ends_after_it_starts(client, logins):
    client.force_login(logins["board"])
    data = {"name": "Thi đua chuyển đổi số năm 2026", "kind": "chuyen_de", "launched_by": "tinh",
            "launched_on": "10/03/2026", "ends_on": "01/03/2026"}
    response = client.post(reverse("emulation:register_create", args=["phong-trao"]), data)
    assert "Ngày kết thúc phải sau ngày phát động" in response.content.decode()
    data["ends_on"] = "30/11/2026"
    assert client.post(reverse("emulation:register_create", args=["phong-trao"]), data).status_code == 302
