"""The .xlsx import of a plan's appendix table through the core import engine (`core.imports`).

The file is the appendix as provinces type it (see `plans.appendix`): STT | Nội dung | Thời gian
hoàn thành | Sản phẩm | Đơn vị chủ trì | Đơn vị phối hợp, the fields as heading rows («I | Lĩnh vực
Công chức, viên chức (13 nhiệm vụ)»), sub-headings as rows without STT. The engine reads the sheet
(guarded), runs the dry run, keeps it all-or-nothing and writes the feedback file; this resource
turns the heading rows into the plan's fields in `before_import` (so they are rolled back with
the rest on a dry run or a bad row) and leaves one dataset row per task.

Which plan: the one plan of the importer's Sở that has no task yet (created on «Kế hoạch» first,
with its year and title); none, or more than one, is refused in Vietnamese before any row is read.
"""

from django.db.models import Max
from django.utils import timezone
from import_export import fields

from core.imports import registry
from core.imports.resources import ImportResource, resource_meta
from core.imports.widgets import TextWidget, cell_text
from plans import appendix, selectors
from plans.deadlines import due_date
from plans.models import Plan, PlanField, Task

KIND = "ke_hoach_nhiem_vu"
STT, CONTENT, DEADLINE, PRODUCTS, LEAD, PARTNERS = COLUMNS = [
    "STT", "Nội dung", "Thời gian hoàn thành", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp"]
# Added to each task row by `_split_headings`: the field (number, name) and group it falls under.
FIELD_NUMBER, FIELD_NAME, GROUP = "STT lĩnh vực", "Lĩnh vực", "Nhóm"


def target_plan(unit_ids):
    """(the one plan without tasks among the units the importer may import for (`unit_ids`; None:
    any), None) or (None, the Vietnamese reason when there is none or several)."""
    plans = Plan.objects.filter(tasks__isnull=True).select_related("unit").order_by("-year")
    if unit_ids is not None:
        plans = plans.filter(unit_id__in=unit_ids)
    plans = list(plans.distinct())
    if not plans:
        return None, ("Chưa có kế hoạch nào để nhập: tạo kế hoạch (năm, tên kế hoạch) ở trang «Nhiệm vụ trọng tâm» "
                     "trước, rồi nhập tệp phụ lục vào kế hoạch đó.")
    if len(plans) > 1:
        return None, ("Có nhiều kế hoạch chưa có nhiệm vụ (" + ", ".join(f"năm {p.year}" for p in plans)
                     + "): nhờ quản trị hệ thống xóa kế hoạch tạo nhầm rồi nhập lại.")
    return plans[0], None


class PlanTaskResource(ImportResource):
    number = fields.Field("number", STT, widget=TextWidget(10))
    content = fields.Field("content", CONTENT, widget=TextWidget())
    deadline_text = fields.Field("deadline_text", DEADLINE, widget=TextWidget(200))
    products = fields.Field("products", PRODUCTS, widget=TextWidget(300))
    lead_text = fields.Field("lead_text", LEAD, widget=TextWidget(300))
    partners = fields.Field("partners", PARTNERS, widget=TextWidget(500))
    Meta = resource_meta(Task, ["content"], ("number", "content", "deadline_text", "products", "lead_text", "partners"))
    required = ("content",)

    plan = None  # found in before_import (`target_plan`); tests may set it

    def raw_key(self, row):
        return None  # every row is a new task of an empty plan: no natural key, no duplicates

    def instance_key(self, instance):
        return instance.order

    def load_existing(self, dataset):
        return {}

    def before_import(self, dataset, **kwargs):
        # No plan to import into is said on every row (a refusal raised here would read as a
        # system error): the feedback file carries the reason, nothing is saved.
        self.plan_problem = None
        if self.plan is None:
            self.plan, self.plan_problem = target_plan(self.allowed_unit_ids)
        self.offices = selectors.office_lookup(self.plan) if self.plan else {}
        self._split_headings(dataset)
        self.next_order = (self.plan.tasks.aggregate(m=Max("order"))["m"] or 0) if self.plan else 0
        self.now = timezone.now()
        super().before_import(dataset, **kwargs)

    def _split_headings(self, dataset):
        """Field and sub-heading rows become PlanFields and group names; the task rows stay, with
        their field and group written into three added columns, so that the dataset the engine
        keeps after the check (and may apply from) holds the whole structure; the file's row
        numbers follow. A dataset that already has those columns is read from them."""
        headers = list(dataset.headers)
        index = {h: headers.index(h) for h in headers}
        split = FIELD_NAME in index
        kept, numbers, self.extra = [], [], []
        order = (self.plan.fields.aggregate(m=Max("order"))["m"] or 0) if self.plan else 0
        fields_by_key = {}

        def field(number, name):
            nonlocal order
            if (number, name) not in fields_by_key:
                order += 1
                fields_by_key[number, name] = (
                    PlanField(pk=0, number=number, name=name) if self.plan is None  # every row is refused then
                    else PlanField.objects.create(plan=self.plan, order=order, name=name[:300], number=number[:10]))
            return fields_by_key[number, name]

        cells = [{h: cell_text(values[index[h]]) for h in headers} for values in dataset]
        if split:  # already split by an earlier run over these rows
            events = [(appendix.TASK, i, (c[FIELD_NUMBER], c[FIELD_NAME], None) if c[FIELD_NAME] else None, c[GROUP])
                      for i, c in enumerate(cells)]
        else:
            events = appendix.walk([
                (appendix.clean_cell(c[STT]), appendix.clean_cell(c[CONTENT]),
                 any(c[h] for h in (DEADLINE, PRODUCTS, LEAD, PARTNERS))) for c in cells])
        current = None
        for kind, position, field_key, group in events:
            current = field(*field_key[:2]) if field_key is not None else None
            if kind == appendix.FIELD:
                continue
            row = [dataset[position][index[h]] for h in COLUMNS]
            row[COLUMNS.index(CONTENT)] = appendix.clean_cell(cells[position][CONTENT])  # Word's <i>…</i> dropped
            kept.append(row + [current.number if current else "", current.name if current else "", group[:300]])
            numbers.append(self.row_numbers[position] if self.row_numbers else position + 2)
            self.extra.append((current, group[:300], "" if current is not None else
                               "Nhiệm vụ đứng trước mọi lĩnh vực: thêm dòng lĩnh vực (như «I | Lĩnh vực …») phía trên."))
        dataset.wipe()  # in place: the engine's table and preview read the same dataset
        dataset.headers = COLUMNS + [FIELD_NUMBER, FIELD_NAME, GROUP]
        for row in kept:
            dataset.append(row)
        if self.row_numbers is not None:
            self.row_numbers[:] = numbers

    def check(self, instance, row, errors):
        number = self._row_number or 0
        field, group, problem = self.extra[number - 1]
        problem = self.plan_problem or problem
        if problem:
            errors.setdefault("content", []).append(problem)
            return
        self.next_order += 1
        instance.plan_id = self.plan.pk
        instance.field_id = field.pk
        instance.group = group
        instance.order = self.next_order
        instance.number = (instance.number or "").rstrip(".)")
        instance.due_date = due_date(instance.deadline_text, self.plan.year)
        instance.updated_at = self.now
        instance.lead_office_id = None
        if instance.lead_text:
            office = self.offices.get(appendix.office_key(instance.lead_text))
            if office is None:
                errors.setdefault("lead_text", []).append(
                    f"Không có phòng, đơn vị «{instance.lead_text}» thuộc Sở; ghi đúng tên hoặc tên viết tắt "
                    "(xem trang «Hướng dẫn» của tệp mẫu).")
            else:
                instance.lead_office_id = office.pk


registry.register(registry.ImportKind(
    key=KIND, label="Kế hoạch nhiệm vụ trọng tâm (phụ lục)", resource=PlanTaskResource, app="plans",
    data_sheet="Phụ lục", text_columns=(STT, DEADLINE),
    guide=[
        "Tệp được nhập vào kế hoạch chưa có nhiệm vụ nào của Sở: tạo kế hoạch (năm, tên) ở trang «Nhiệm vụ trọng tâm» trước.",
        "Mỗi lĩnh vực là một dòng: cột STT ghi số La Mã (I, II, …), cột Nội dung ghi tên lĩnh vực, ví dụ "
        "«Lĩnh vực Công chức, viên chức (13 nhiệm vụ)»; các dòng nhiệm vụ của lĩnh vực nằm ngay dưới.",
        "Dòng chỉ có chữ, không có STT (như «Công tác pháp chế») là tiêu đề nhóm trong lĩnh vực.",
        "Thời gian hoàn thành ghi như trong kế hoạch: «Quý II, III», «Tháng 6», «Trước 30/6/2022», «Thường xuyên», "
        "«Sau khi có hướng dẫn của Bộ»; cổng tự suy ra hạn (cuối quý, cuối tháng cuối cùng được nêu).",
        "Đơn vị chủ trì ghi tên, tên viết tắt hoặc mã của phòng, ban thuộc Sở (ví dụ «Phòng TCBC» hoặc «SNV-TCBC»).",
    ],
    denied="Chỉ công chức của Sở Nội vụ được nhập kế hoạch nhiệm vụ trọng tâm.",
    done_link=("plans:plan_list", "Xem kế hoạch"),
))
