"""The personnel and salary types issue 18 asks for, as data (an admin may reword or add more).

Bổ nhiệm, thăng hạng and xét chuyển chức danh nghề nghiệp are viên chức titles: never «ngạch»,
which is said of công chức."""

from django.db import migrations

KINDS = [
    # code, name, group, phrase, ends_service, sort_order
    ("thoi_giu_chuc_vu", "Thôi giữ chức vụ", "nhan_su", "thôi giữ chức vụ {cases:n}", False, 10),
    ("mien_nhiem_chuc_vu", "Miễn nhiệm chức vụ", "nhan_su", "miễn nhiệm chức vụ {cases:n}", False, 20),
    ("keo_dai_cong_tac", "Kéo dài thời gian công tác", "nhan_su", "kéo dài thời gian công tác {cases:n}", False, 30),
    ("nghi_huu_truoc_tuoi", "Nghỉ hưu trước tuổi", "nhan_su", "nghỉ hưu trước tuổi {cases:n}", True, 40),
    ("cu_di_hoc", "Cử đi học", "nhan_su", "cử đi học {cases:n}", False, 50),
    ("bo_nhiem_cdnn", "Bổ nhiệm chức danh nghề nghiệp", "tien_luong",
     "bổ nhiệm chức danh nghề nghiệp [{text:ngach} ]{cases:n}", False, 10),
    ("thang_hang_cdnn", "Thăng hạng chức danh nghề nghiệp", "tien_luong",
     "thăng hạng chức danh nghề nghiệp [{text:ngach} ]{cases:n}", False, 20),
    ("xet_chuyen_cdnn", "Xét chuyển chức danh nghề nghiệp", "tien_luong",
     "xét chuyển chức danh nghề nghiệp [{text:ngach} ]{cases:n}", False, 30),
]


def seed(apps, schema_editor):
    ActionKind = apps.get_model("staffing", "ActionKind")
    for code, name, group, phrase, ends, order in KINDS:
        ActionKind.objects.get_or_create(code=code, defaults=dict(
            name=name, group=group, phrase=phrase, ends_service=ends, sort_order=order))


def unseed(apps, schema_editor):
    ActionKind = apps.get_model("staffing", "ActionKind")
    PersonnelAction = apps.get_model("staffing", "PersonnelAction")
    used = set(PersonnelAction.objects.values_list("action_type", flat=True).distinct())
    ActionKind.objects.filter(code__in=[k[0] for k in KINDS]).exclude(code__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("staffing", "0009_action_kinds_decisions_terms_dated_periods")]
    operations = [migrations.RunPython(seed, unseed)]
