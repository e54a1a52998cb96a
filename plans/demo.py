"""Demo plans data (DESIGN §8): the Sở's 2022 plan of key tasks and one notice of conclusions.

- «Kế hoạch nhiệm vụ trọng tâm năm 2022» of the Sở Nội vụ: 30 tasks over the nine fields of the
  Hưng Yên 2022 appendix (the province's names put in), with the deadlines as written there
  («Quý II, III», «Tháng 5», «Thường xuyên», «Sau khi có hướng dẫn của Bộ, ngành Trung ương»…),
  each led by the office of its field; most are done (a dated note by the office), a few are
  in progress or late, so the plan's overdue list is not empty;
- a notice of the chairman's conclusions after a working session with the Sở, dated two months
  before the day the demo is seeded, with six items assigned to Sở offices: two overdue, one due
  within a week, one later, one done and one without a deadline.

Idempotent: the plan is found by (unit, year), the notice by its number and symbol; an existing
one is left alone.
"""

import datetime

from django.utils import timezone

YEAR = 2022
PLAN_TITLE = "Kế hoạch nhiệm vụ trọng tâm công tác ngành Nội vụ năm 2022"

# (Roman number, field, lead office suffix, [(content, deadline as written, products, status)])
D, P, L, N = "hoan_thanh", "dang_thuc_hien", "cham", "chua_thuc_hien"
FIELDS = [
    ("I", "Lĩnh vực Công chức, viên chức", "CCVC", [
        ("Hoàn thiện quy định về đánh giá, phân loại công chức, viên chức, người lao động và tập thể lãnh đạo, quản lý",
         "Quý I", "Quy định", D),
        ("Tham mưu xây dựng Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm 2022", "Quý I", "Dự thảo Kế hoạch", D),
        ("Triển khai thực hiện chế độ tiền lương đối với cán bộ, công chức, viên chức, người lao động năm 2022",
         "Quý II, IV", "Công văn", D),
        ("Tham mưu xây dựng Quy chế quản lý hồ sơ cán bộ, công chức, viên chức", "Quý III", "Dự thảo Quy chế", L),
    ]),
    ("II", "Lĩnh vực Thanh tra", "TTR", [
        ("Tham mưu xây dựng, ban hành Kế hoạch kiểm tra công vụ năm 2022", "Tháng 02/2022", "Kế hoạch", D),
        ("Báo cáo thống kê ngành Nội vụ (lĩnh vực thanh tra, giải quyết đơn thư khiếu nại, tố cáo) theo Thông tư "
         "số 03/2018/TT-BNV ngày 06/3/2018 của Bộ Nội vụ", "28/02/2022", "Báo cáo", D),
        ("Tiếp công dân; tiếp nhận, phân loại, xử lý, giải quyết đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh",
         "Thường xuyên", "", P),
        ("Thanh tra việc thực hiện các quy định của pháp luật về tuyển dụng, sử dụng và quản lý công chức, viên chức "
         "tại Sở Xây dựng và các đơn vị sự nghiệp công lập trực thuộc", "Từ tháng 3 đến tháng 5/2022",
         "Quyết định, Báo cáo, Kết luận", D),
    ]),
    ("III", "Lĩnh vực Lưu trữ lịch sử", "TTLT", [
        ("Tham mưu trình UBND tỉnh Quyết định thu hồ sơ, tài liệu vào Lưu trữ lịch sử tỉnh năm 2022", "Quý I",
         "Tờ trình; Dự thảo Quyết định", D),
        ("Triển khai số hóa tài liệu các Phông lưu trữ tại Kho Lưu trữ lịch sử tỉnh", "Quý II, III", "Số trang tài liệu", L),
        ("Bảo quản an toàn hồ sơ, tài liệu trong Kho Lưu trữ lịch sử; phục vụ nhu cầu khai thác, sử dụng tài liệu",
         "Thường xuyên", "Số mét tài liệu", P),
    ]),
    ("IV", "Lĩnh vực Xây dựng chính quyền", "XDCQ", [
        ("Tham mưu UBND tỉnh ban hành Kế hoạch tổ chức chương trình đối thoại giữa Lãnh đạo UBND tỉnh với thanh niên "
         "năm 2022", "Tháng 2", "Tờ trình", D),
        ("Tham mưu UBND tỉnh trình HĐND tỉnh ban hành Nghị quyết về phát triển thanh niên tỉnh Hậu Giang giai đoạn "
         "2021-2030", "Tháng 5", "Tờ trình", D),
        ("Hoàn thiện bản mô tả và khung năng lực vị trí việc làm đối với cán bộ, công chức cấp xã", "Quý II", "Đề án", D),
        ("Thực hiện việc thẩm định kết quả công tác dân vận chính quyền năm 2022", "Quý IV", "Tờ trình", N),
    ]),
    ("V", "Lĩnh vực Tín ngưỡng - Tôn giáo", "TG", [
        ("Tham mưu quản lý các hoạt động tín ngưỡng, tôn giáo trong dịp Tết Nguyên đán", "Quý I",
         "Công văn, kế hoạch, báo cáo", D),
        ("Tham mưu quản lý hoạt động tôn giáo trong dịp Lễ Phật đản của Phật giáo", "Quý II, III",
         "Công văn, kế hoạch, báo cáo", D),
        ("Tham mưu quản lý hoạt động tôn giáo trong dịp Lễ Giáng sinh của đạo Công giáo và Tin lành", "Quý IV",
         "Công văn, kế hoạch, báo cáo", D),
    ]),
    ("VI", "Lĩnh vực Văn phòng", "VP", [
        ("Tham mưu Lãnh đạo Sở tổ chức Hội nghị tổng kết công tác năm 2021, triển khai nhiệm vụ năm 2022", "Quý I",
         "Hội nghị", D),
        ("Tham mưu trình UBND tỉnh ban hành Báo cáo kết quả công tác 6 tháng đầu năm 2022 của ngành Nội vụ",
         "Quý II", "Tờ trình", D),
        ("Tham mưu Lãnh đạo Sở tổ chức các Hội nghị tổng kết công tác và kiểm điểm, đánh giá công tác năm 2022",
         "Quý IV", "Hội nghị", P),
    ]),
    ("VII", "Lĩnh vực Tổ chức, biên chế", "TCBC", [
        ("Thẩm định quy định chức năng, nhiệm vụ, quyền hạn, cơ cấu tổ chức của các cơ quan hành chính, đơn vị sự "
         "nghiệp công lập trên địa bàn tỉnh", "Sau khi có hướng dẫn của Bộ, ngành Trung ương", "Văn bản thẩm định", P),
        ("Tham mưu UBND tỉnh giao biên chế công chức năm 2022", "Quý I", "Quyết định", D),
        ("Xây dựng Kế hoạch biên chế công chức năm 2023 trình Bộ Nội vụ phê duyệt", "Quý II", "Báo cáo", D),
        ("Trình HĐND tỉnh giao biên chế công chức năm 2023", "Quý IV", "Tờ trình", D),
    ]),
    ("VIII", "Lĩnh vực Cải cách hành chính - Văn thư lưu trữ", "CCHC", [
        ("Triển khai thực hiện xác định Chỉ số cải cách hành chính tỉnh Hậu Giang năm 2021", "Quý I", "", D),
        ("Thực hiện kiểm tra công tác cải cách hành chính năm 2022", "Quý II, III", "", D),
        ("Xây dựng dự thảo Kế hoạch cải cách hành chính năm 2023 của tỉnh", "Tháng 12/2022", "Dự thảo Kế hoạch", L),
    ]),
    ("IX", "Lĩnh vực Thi đua - Khen thưởng", "TDKT", [
        ("Tham mưu tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng của tỉnh năm 2021", "Quý I", "Hội nghị", D),
        ("Tham mưu tổ chức Hội nghị giới thiệu điển hình tiên tiến", "Quý II", "Hội nghị", D),
    ]),
]

DIRECTIVE = {
    "number": "168", "symbol": "TB-UBND", "issuer": "Ủy ban nhân dân tỉnh Hậu Giang", "signer": "Trần Văn Huyến",
    "subject": "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Sở Nội vụ về tình hình thực hiện nhiệm vụ "
               "9 tháng đầu năm, nhiệm vụ và giải pháp thực hiện các tháng cuối năm",
}
# (content, office suffix, deadline in days from the seeding day or None, status)
DIRECTIVE_ITEMS = [
    ("Tham mưu sắp xếp, kiện toàn tổ chức bộ máy các đơn vị sự nghiệp công lập thuộc UBND tỉnh gắn với tinh giản "
     "biên chế; xây dựng kế hoạch tiếp tục giảm 10% số đơn vị sự nghiệp công lập giai đoạn 2021-2025.",
     "TCBC", -20, P),
    ("Tập trung cao cho công tác cải cách hành chính; chủ động khắc phục các tiêu chí, tiêu chí thành phần của Chỉ số "
     "cải cách hành chính không đạt điểm tối đa.", "CCHC", -5, N),
    ("Tổng hợp nhu cầu tuyển dụng công chức của các sở, cơ quan, địa phương; đề nghị điều chuyển chỉ tiêu biên chế "
     "chưa sử dụng vào quỹ biên chế dự phòng của tỉnh.", "TCBC", 5, P),
    ("Hoàn thành đợt cao điểm thi đua nước rút các tháng cuối năm; tổng hợp đề nghị khen thưởng phong trào thi đua "
     "đặc biệt phòng, chống dịch COVID-19.", "TDKT", 30, N),
    ("Tổ chức bồi dưỡng nghiệp vụ quản lý nhà nước về tín ngưỡng, tôn giáo cho đội ngũ công chức làm công tác tôn giáo.",
     "TG", -40, D),
    ("Phối hợp với Sở Tài chính lập dự toán kinh phí nâng cấp Phần mềm đánh giá, xếp hạng Chỉ số cải cách hành chính; "
     "số hóa hồ sơ cán bộ, công chức, viên chức.", "CCHC", None, N),
]


def _author(units, suffix, users):
    """The demo login of the office, else the administrator (for offices without one)."""
    from core.models import Membership, Role

    m = Membership.objects.filter(unit=units[f"SNV-{suffix}"], role=Role.STAFF).select_related("user").first()
    return m.user if m else users["quantri"]


def _plan(units, users):
    from plans import services
    from plans.models import Plan, Status

    sonv = units["SNV"]
    if Plan.objects.filter(unit=sonv, year=YEAR).exists():
        return 0
    admin = users["quantri"]
    plan = services.create_plan(admin, unit=sonv, year=YEAR, title=PLAN_TITLE)
    sections = [
        (number, name, [{"content": c, "deadline_text": dl, "products": pr, "lead_office": units[f"SNV-{suffix}"],
                         "number": str(i)} for i, (c, dl, pr, _s) in enumerate(tasks, start=1)])
        for number, name, suffix, tasks in FIELDS
    ]
    count = services.import_tasks(admin, plan, sections)
    statuses = [(suffix, s) for _n, _name, suffix, tasks in FIELDS for *_x, s in tasks]
    for task, (suffix, status) in zip(plan.tasks.order_by("order"), statuses):
        if status == Status.NOT_STARTED:
            continue
        author = _author(units, suffix, users)
        if status == Status.DONE:
            on = task.due_date - datetime.timedelta(days=7) if task.due_date else datetime.date(YEAR, 12, 20)
            services.follow_task(author, task, status=status, on=on, text="Đã hoàn thành, sản phẩm đã ban hành.")
        elif status == Status.LATE:
            on = task.due_date or datetime.date(YEAR, 12, 1)
            services.follow_task(author, task, status=status, on=on,
                                 text="Chưa hoàn thành đúng hạn: đang chờ ý kiến góp ý của các sở, ngành.")
        else:
            services.follow_task(author, task, status=status, on=datetime.date(YEAR, 6, 30),
                                 text="Đang triển khai theo kế hoạch.")
    return count


def _directive(units, users, today):
    from plans import services
    from plans.models import Directive, Status

    if Directive.objects.filter(document__number=DIRECTIVE["number"], document__symbol=DIRECTIVE["symbol"]).exists():
        return 0
    admin = users["quantri"]
    issued = today - datetime.timedelta(days=60)
    directive = services.create_directive(admin, unit=units["SNV"], issued_on=issued, **DIRECTIVE)
    for content, suffix, days, status in DIRECTIVE_ITEMS:
        deadline = today + datetime.timedelta(days=days) if days is not None else None
        item = services.save_directive_item(admin, directive, content=content, assignee=units[f"SNV-{suffix}"],
                                            deadline=deadline)
        if status != Status.NOT_STARTED:
            author = _author(units, suffix, users)
            text = ("Đã hoàn thành; đã báo cáo UBND tỉnh kết quả thực hiện." if status == Status.DONE
                    else "Đang phối hợp với các sở, ngành xây dựng dự thảo.")
            on = min(today, (deadline or today)) - datetime.timedelta(days=3)
            services.report_directive(author, item, status=status, text=text, on=on)
    return len(DIRECTIVE_ITEMS)


def seed(until_year=None):
    """The plans demo data. Needs the core demo (org tree, logins). Safe to run again."""
    from django.contrib.auth import get_user_model

    from core.models import OrgUnit

    units = {u.code: u for u in OrgUnit.objects.all()}
    users = {u.username: u for u in get_user_model().objects.filter(username="quantri")}
    if "SNV" not in units or "quantri" not in users:
        return {"nhiệm vụ trọng tâm": 0, "nội dung kết luận": 0}
    today = timezone.localdate()
    return {"nhiệm vụ trọng tâm": _plan(units, users), "nội dung kết luận": _directive(units, users, today)}
