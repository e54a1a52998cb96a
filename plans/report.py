"""The plans app's reporting interface, through the report kit only (`core.reporting`).

    appendix «Phụ lục: … NHIỆM VỤ TRỌNG TÂM … NĂM …»   ke-hoach.nhiem-vu-trong-tam   key_tasks(ctx)
    indicators                                        ke-hoach.nhiem-vu-qua-han, ke-hoach.ty-le-hoan-thanh,
                                                      chi-dao.qua-han

Which plan: the issuing unit's (its Sở's) plan of the NEXT year when the report's period is a year
(the annual report's Phần II and its appendix), else the plan of the period's year. The table is
STT | Nội dung | Thời gian hoàn thành | Sản phẩm | Đơn vị chủ trì, a row per field («I | Lĩnh vực
… (13 nhiệm vụ)») and per sub-heading, then the tasks; a counts sentence comes before it. The
caption, the counts sentence and its per-field clauses are phrases the province may reword.
"""

from django.utils import timezone

from core.models import OrgUnit, OrgUnitKind, PeriodType
from core.reporting import Table, indicator, lower_first, phrase, provider
from plans import selectors
from plans.models import DirectiveItem

YEAR_TYPES = (PeriodType.ANNUAL, PeriodType.CALENDAR_YEAR)

N = ("number", "số nhiệm vụ")
YEAR = ("text", "năm của kế hoạch")

phrase("ke-hoach.nhiem-vu-trong-tam.tieu-de", "Nhiệm vụ trọng tâm: tiêu đề phụ lục",
       "Phụ lục: {count:n} NHIỆM VỤ TRỌNG TÂM CÔNG TÁC NGÀNH NỘI VỤ NĂM {text:nam}", n=N, nam=YEAR)
phrase("ke-hoach.nhiem-vu-trong-tam.so-luong", "Nhiệm vụ trọng tâm: câu về số nhiệm vụ theo lĩnh vực",
       "Năm {text:nam}, ngành Nội vụ tập trung thực hiện {count:n|nhiệm vụ trọng tâm} thuộc "
       "{count:so_linh_vuc|lĩnh vực}, gồm: {items:linh_vuc} (chi tiết tại Phụ lục kèm theo).",
       n=N, nam=YEAR, so_linh_vuc=("number", "số lĩnh vực"),
       linh_vuc=("clauses", "các vế câu, mỗi lĩnh vực một vế (mẫu câu «lĩnh vực» bên dưới)"))
phrase("ke-hoach.nhiem-vu-trong-tam.linh-vuc", "Nhiệm vụ trọng tâm: vế một lĩnh vực",
       "{text:ten} {count:n|nhiệm vụ}", ten=("text", "tên lĩnh vực"), n=N)
phrase("ke-hoach.nhiem-vu-trong-tam.dong-linh-vuc", "Nhiệm vụ trọng tâm: dòng lĩnh vực trong bảng",
       "{text:ten} ({count:n|nhiệm vụ})", ten=("text", "tên lĩnh vực"), n=N)

COLUMNS = ["STT", "Nội dung", "Thời gian hoàn thành", "Sản phẩm", "Đơn vị chủ trì"]


def plan_year(period):
    """The year whose plan a report of `period` prints: the next one after a year's report."""
    year = period.year
    return year + 1 if getattr(period, "type", None) in YEAR_TYPES else year


def _home(ctx):
    """The Sở whose plan the report prints: the issuing unit's (none for a unit outside the Sở),
    else the province's Sở."""
    if ctx.unit is not None:
        return ctx.unit.home_affairs_unit()
    return OrgUnit.objects.filter(kind=OrgUnitKind.HOME_AFFAIRS).order_by("sort_order", "pk").first()


def _plan(ctx, year):
    home = _home(ctx)
    return ctx.cached(("plans.plan", year), lambda: selectors.plan_of_year(home, year) if home else None)


def _text(segments):
    return "".join(str(s) for s in segments or ())


def _lead(task):
    office = task.lead_office
    if office is not None:
        return office.short_name or office.name
    return task.lead_text


@provider("ke-hoach.nhiem-vu-trong-tam",
          label="Phụ lục: nhiệm vụ trọng tâm năm sau (báo cáo năm) hoặc năm của kỳ, theo lĩnh vực")
def key_tasks(ctx):
    year = plan_year(ctx.period)
    plan = _plan(ctx, year)
    if plan is None:
        return []
    fields = [fl for fl in selectors.field_counts(plan) if fl.total]
    total = sum(fl.total for fl in fields)
    if not total:
        return []
    clauses = ctx.clauses(*(("ke-hoach.nhiem-vu-trong-tam.linh-vuc", {"ten": lower_first(fl.name), "n": fl.total})
                            for fl in fields))
    sentence = ctx.sentence("ke-hoach.nhiem-vu-trong-tam.so-luong", nam=str(year), n=total,
                            so_linh_vuc=len(fields), linh_vuc=clauses)
    by_field = {}
    for task in selectors.tasks(plan):
        by_field.setdefault(task.field_id, []).append(task)
    rows = []
    for fl in fields:
        heading = _text(ctx.say("ke-hoach.nhiem-vu-trong-tam.dong-linh-vuc", ten=fl.name, n=fl.total)) or fl.name
        rows.append([fl.number, heading, "", "", ""])
        group = ""
        for task in by_field.get(fl.pk, []):
            if task.group and task.group != group:
                group = task.group
                rows.append(["", group, "", "", ""])
            rows.append([task.number, task.content, task.deadline_text, task.products, _lead(task)])
    caption = _text(ctx.say("ke-hoach.nhiem-vu-trong-tam.tieu-de", n=total, nam=str(year)))
    return [b for b in (sentence, Table(COLUMNS, rows, caption=caption)) if b]


phrase("ke-hoach.ket-qua", "Nhiệm vụ trọng tâm: câu về kết quả thực hiện kế hoạch của năm (báo cáo năm)",
       "Năm {text:nam}, hoàn thành {ratio:ket_qua|nhiệm vụ trọng tâm} theo Kế hoạch"
       "[, đạt {percent:ty_le}[ ({change:thay_doi|%|không thay đổi} so với năm {text:nam_truoc})]]"
       "[; còn {count:qua_han|nhiệm vụ} quá hạn chưa hoàn thành].",
       nam=YEAR, ket_qua=("ratio", "số nhiệm vụ đã hoàn thành / tổng số"), ty_le=("number", "tỷ lệ hoàn thành %"),
       qua_han=N,
       thay_doi=("number", "tăng (+) hoặc giảm (−) tỷ lệ hoàn thành so với năm trước (chỉ báo cáo năm)"),
       nam_truoc=("text", "năm trước"))


@provider("ke-hoach.ket-qua", label="Kết quả thực hiện nhiệm vụ trọng tâm của năm (số hoàn thành, tỷ lệ, so với năm trước)")
def plan_results(ctx):
    """«Năm 2021, hoàn thành 120/145 nhiệm vụ trọng tâm theo Kế hoạch, đạt 82,76% (tăng 3,1% so với năm 2020)»."""
    stats = _stats(ctx)
    if not stats or not stats["total"]:
        return []
    block = ctx.sentence("ke-hoach.ket-qua", nam=str(ctx.period.year), ket_qua=(stats["done"], stats["total"]),
                         ty_le=stats["done_percent"], qua_han=stats["overdue"],
                         **ctx.versus("ke-hoach.ty-le-hoan-thanh"))
    return [block] if block else []


def _as_of(ctx):
    return min(timezone.localdate(), ctx.period.end)


def _stats(ctx):
    plan = _plan(ctx, ctx.period.year)
    return ctx.cached(("plans.stats", ctx.period.year), lambda: selectors.task_stats(plan, today=_as_of(ctx)))


@indicator("ke-hoach.nhiem-vu-qua-han", "Nhiệm vụ trọng tâm quá hạn chưa hoàn thành", "nhiệm vụ")
def overdue_tasks(ctx):
    stats = _stats(ctx)
    return stats["overdue"] if stats else None


@indicator("ke-hoach.ty-le-hoan-thanh", "Tỷ lệ nhiệm vụ trọng tâm đã hoàn thành", "%")
def done_percent(ctx):
    stats = _stats(ctx)
    return stats["done_percent"] if stats else None


@indicator("chi-dao.qua-han", "Nội dung kết luận, chỉ đạo quá hạn chưa hoàn thành", "nội dung")
def overdue_directive_items(ctx):
    home = _home(ctx)
    if home is None:
        return None
    return DirectiveItem.objects.filter(directive__unit=home).filter(selectors.overdue_q(_as_of(ctx), "deadline")).count()

