"""Figure providers read through `collection.selectors` (the only way reports read collected data).

Each provider is `provider(ctx) -> [Paragraph | Table]` for the report's period over the issuing
unit's oversight root (the province for the Sở). The wording follows the reference reports in the
corrected style of DESIGN §3: counts padded ("06 đại biểu"), thousands "2.222", "99,99%"; a zero or
missing figure drops its clause or changes the sentence, never "0 đơn"; breakdowns by unit are
`Note`s (footnotes or parentheses, by the report's setting).
"""

from dataclasses import dataclass, field

from collection import selectors as collection
from core import formatting as f
from reports.content import Paragraph, Table
from reports.registry import register

# Administrative words that are written in lower case inside a sentence ("thành phố Ngã Bảy").
_LOWER_PREFIXES = ("Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Xã ", "Phường ", "Thị trấn ")


def in_sentence(name):
    """A unit name as written inside a sentence: "Huyện Châu Thành" → "huyện Châu Thành"."""
    name = f.nfc(name).strip()
    for prefix in _LOWER_PREFIXES:
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix):]
    return name


def capitalize_first(text):
    text = f.nfc(text).strip()
    return text[:1].upper() + text[1:] if text else text


def _value(figures, element, option=None):
    value = figures.get((element, option))
    return None if value is None else value


def _positive(value):
    return value is not None and value > 0


@dataclass
class ProviderContext:
    """What a provider needs: the period, the root of the units counted, the issuing unit."""

    period: object
    root: object
    unit: object = None
    report: object = None
    _figures: dict = field(default_factory=dict, repr=False)
    _by_unit: dict = field(default_factory=dict, repr=False)
    # Codes of the data sets read since the last reset: build_content asks their coverage per section.
    used: set = field(default_factory=set, repr=False)
    _coverage: dict = field(default_factory=dict, repr=False)
    _data_sets: dict = field(default_factory=dict, repr=False)

    @property
    def period_phrase(self):
        """"6 tháng đầu năm" (the period label without its year), as the reference writes "Trong …"."""
        label = self.period.label
        suffix = f" {self.period.year}"
        return label[: -len(suffix)] if label.endswith(suffix) else label

    def figures(self, data_set_code):
        """{(element, option): Decimal} of a data set over the root (approved data), memoised."""
        self.used.add(data_set_code)
        if data_set_code not in self._figures:
            data_set = self.data_set(data_set_code)
            self._figures[data_set_code] = (
                collection.aggregate(data_set, self.period, self.root) if data_set is not None else {}
            )
        return self._figures[data_set_code]

    def by_unit(self, data_set_code, element_codes):
        """{element: [(unit, option, value)]} for footnotes that list units, memoised."""
        self.used.add(data_set_code)
        key = (data_set_code, tuple(element_codes))
        if key not in self._by_unit:
            data_set = self.data_set(data_set_code)
            self._by_unit[key] = (
                collection.unit_values(data_set, self.period, self.root, element_codes) if data_set is not None else {}
            )
        return self._by_unit[key]

    def data_set(self, code):
        """The DataSet of `code` (or None), looked up once per report."""
        if code not in self._data_sets:
            self._data_sets[code] = _data_set(code)
        return self._data_sets[code]

    def coverage(self, data_set_code):
        """(data set, covered, expected units) over the root, or None when there is no such data set; memoised."""
        if data_set_code not in self._coverage:
            data_set = self.data_set(data_set_code)
            self._coverage[data_set_code] = (
                (data_set, *collection.coverage(data_set, self.period, self.root)) if data_set is not None else None
            )
        return self._coverage[data_set_code]


def _data_set(code):
    from collection.models import DataSet

    return DataSet.objects.filter(code=code).first()


def unit_breakdown(rows, noun, option=None, measure=False):
    """"Thành phố Vị Thanh 30 đại biểu, thành phố Ngã Bảy 30 đại biểu và …" (zero units left out)."""
    totals = {}
    for unit, opt, value in rows:
        if option is not None and opt != option:
            continue
        if option is None and opt is not None:
            continue
        totals.setdefault(unit, 0)
        totals[unit] += value
    items = []
    for unit, value in totals.items():
        if not value:
            continue
        amount = f.measure(value, noun) if measure else f.quantity(value, noun)
        items.append(f"{in_sentence(unit.name)} {amount}")
    if len(items) < 2:
        return ""
    return capitalize_first(f.join_list(items)) + "."


# ---------------------------------------------------------------------------------------------
# Local government (biểu CQDP): deputies elected, turnout
# ---------------------------------------------------------------------------------------------

DEPUTY_LEVELS = [("quoc-hoi", "Quốc hội"), ("tinh", "cấp tỉnh"), ("huyen", "cấp huyện"), ("xa", "cấp xã")]


@register("chinh-quyen.bau-cu", label="Kết quả bầu cử đại biểu Quốc hội, Hội đồng nhân dân các cấp (biểu CQDP)")
def local_government(ctx):
    figures = ctx.figures("CQDP")
    blocks = []
    total = _value(figures, "DB_TRUNG_CU")
    if _positive(total):
        p = Paragraph("Về bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân các cấp, kết quả có ")
        p.add(f"{f.quantity(total, 'đại biểu')} được bầu")
        levels = [(code, label, _value(figures, "DB_TRUNG_CU", code)) for code, label in DEPUTY_LEVELS]
        levels = [(code, label, value) for code, label, value in levels if _positive(value)]
        if len(levels) > 1:
            by_unit = ctx.by_unit("CQDP", ["DB_TRUNG_CU"]).get("DB_TRUNG_CU", [])
            p.add(", trong đó: ")
            for i, (code, label, value) in enumerate(levels):
                if i:
                    p.add(" và " if i == len(levels) - 1 else ", ")
                p.add(f"{label} {f.quantity(value, 'đại biểu')}")
                if code in ("huyen", "xa"):
                    p.note(unit_breakdown(by_unit, "đại biểu", option=code))
        p.add(".")
        blocks.append(p)
    voters, voted = _value(figures, "CU_TRI"), _value(figures, "CU_TRI_DI_BAU")
    rate = f.ratio_percent(voted, voters) if _positive(voted) else None
    if rate:
        p = Paragraph(f"Tỷ lệ cử tri đi bầu đạt {rate}")
        p.note(f"Tổng số cử tri {f.number(voters)} người, số cử tri đã đi bầu {f.number(voted)} người.")
        p.add(".")
        blocks.append(p)
    communes = _value(figures, "XA_TIEU_CHI_18")
    if _positive(communes):
        blocks.append(Paragraph(
            f"Công nhận {f.quantity(communes, 'xã')} đạt tiêu chí số 18 về hệ thống chính trị và tiếp cận pháp luật."
        ))
    return blocks


# ---------------------------------------------------------------------------------------------
# Associations and funds (biểu HOI-QUY)
# ---------------------------------------------------------------------------------------------


@register("hoi-quy.ket-qua", label="Quản lý hội, quỹ và tổ chức phi chính phủ (biểu HOI-QUY)")
def associations(ctx):
    figures = ctx.figures("HOI-QUY")
    clauses = [
        _clause("phê duyệt thành lập {}", _value(figures, "HOI_THANH_LAP"), "Hội"),
        _clause("phê duyệt tổ chức đại hội cho {}", _value(figures, "HOI_DAI_HOI"), "đơn vị"),
        _clause("giải thể {}", _value(figures, "HOI_GIAI_THE"), "Hội"),
        _clause("công nhận thành lập {}", _value(figures, "QUY_THANH_LAP"), "quỹ xã hội, quỹ từ thiện"),
    ]
    clauses = [c for c in clauses if c]
    blocks = []
    if clauses:
        blocks.append(Paragraph(f"Trong {ctx.period_phrase} đã {f.join_list(clauses)} theo đúng quy định."))
    elif figures:
        blocks.append(Paragraph(
            f"Trong {ctx.period_phrase}, không có hội, quỹ được thành lập, tổ chức đại hội hoặc giải thể."
        ))
    active = [
        _clause("{}", _value(figures, "HOI_HOAT_DONG"), "hội"),
        _clause("{}", _value(figures, "QUY_HOAT_DONG"), "quỹ xã hội, quỹ từ thiện"),
    ]
    active = [c for c in active if c]
    if active:
        blocks.append(Paragraph(f"Hiện trên địa bàn có {f.join_list(active)} đang hoạt động."))
    return blocks


def _clause(template, value, noun):
    amount = f.quantity(value, noun)
    return template.format(amount) if amount else None


# ---------------------------------------------------------------------------------------------
# Inspection and petitions (biểu TTRA-DON)
# ---------------------------------------------------------------------------------------------


@register("thanh-tra.don-thu", label="Thanh tra, kiểm tra và xử lý đơn thư (biểu TTRA-DON)")
def inspection(ctx):
    figures = ctx.figures("TTRA-DON")
    if not figures:
        return []
    blocks = []
    visits = [
        _clause("{} thanh tra", _value(figures, "TTRA_CUOC"), "cuộc"),
        _clause("{} kiểm tra", _value(figures, "KTRA_CUOC"), "cuộc"),
    ]
    visits = [v for v in visits if v]
    if visits:
        blocks.append(Paragraph(f"Trong kỳ, đã tiến hành {f.join_list(visits)} theo kế hoạch."))
    received = _value(figures, "DON_NHAN")
    if _positive(received):
        handled = [
            _clause("chuyển {} đến cơ quan có thẩm quyền giải quyết", _value(figures, "DON_CHUYEN"), "đơn"),
            _clause("giải quyết {} thuộc thẩm quyền", _value(figures, "DON_GIAI_QUYET"), "đơn"),
            _clause("lưu theo dõi {}", _value(figures, "DON_LUU"), "đơn"),
        ]
        handled = [h for h in handled if h]
        text = f"Trong {ctx.period_phrase}, tổng số đơn nhận được là {f.quantity(received, 'đơn')}"
        if handled:
            text += f", trong đó: {f.join_list(handled)}"
        blocks.append(Paragraph(text + "."))
    else:
        blocks.append(Paragraph(
            f"Trong {ctx.period_phrase}, không nhận được đơn khiếu nại, tố cáo, kiến nghị, phản ánh."
        ))
    return blocks


# ---------------------------------------------------------------------------------------------
# Administrative reform: dossiers of administrative procedures (biểu CCHC-DV)
# ---------------------------------------------------------------------------------------------


@register("cai-cach-hanh-chinh.ho-so", label="Tiếp nhận, giải quyết hồ sơ thủ tục hành chính (biểu CCHC-DV)")
def administrative_dossiers(ctx):
    figures = ctx.figures("CCHC-DV")
    received = _value(figures, "HS_TIEP_NHAN")
    blocks = []
    if _positive(received):
        p = Paragraph("Kết quả tiếp nhận, giải quyết thủ tục hành chính của các cơ quan, đơn vị: tiếp nhận ")
        p.add(f.quantity(received, "hồ sơ"))
        rows = ctx.by_unit("CCHC-DV", ["HS_TIEP_NHAN"]).get("HS_TIEP_NHAN", [])
        p.note(unit_breakdown(rows, "hồ sơ"))
        online = _value(figures, "HS_TRUC_TUYEN")
        if _positive(online):
            p.add(f" (trong đó tiếp nhận trực tuyến {f.quantity(online, 'hồ sơ')}, chiếm {f.ratio_percent(online, received)})")
        solved = _value(figures, "HS_DA_GIAI_QUYET")
        if _positive(solved):
            p.add(f"; đã giải quyết {f.quantity(solved, 'hồ sơ')}")
            on_time = _value(figures, "HS_DUNG_HAN")
            late = _value(figures, "HS_TRE_HAN")
            details = []
            if _positive(on_time):
                details.append(f"đúng hạn {f.quantity(on_time, 'hồ sơ')}, đạt {f.ratio_percent(on_time, solved)}")
            if _positive(late):
                details.append(f"trễ hạn {f.quantity(late, 'hồ sơ')}")
            elif late is not None:
                details.append("không có hồ sơ trễ hạn")
            if details:
                p.add(", trong đó " + f.join_list(details, last=", "))
        p.add(".")
        blocks.append(p)
    services = [
        _clause("{} toàn trình", _value(figures, "DVC_TOAN_TRINH"), "dịch vụ công trực tuyến"),
        _clause("{} một phần", _value(figures, "DVC_MOT_PHAN"), "dịch vụ công trực tuyến"),
    ]
    services = [s for s in services if s]
    if services:
        blocks.append(Paragraph(f"Các cơ quan, đơn vị cung cấp {f.join_list(services)}."))
    return blocks


# ---------------------------------------------------------------------------------------------
# Archives: units' own archive figures (biểu VTLT-DV)
# ---------------------------------------------------------------------------------------------


@register("van-thu-luu-tru.don-vi", label="Công tác văn thư, lưu trữ của các cơ quan, đơn vị (biểu VTLT-DV)")
def archives_units(ctx):
    figures = ctx.figures("VTLT-DV")

    def metres(template, code):
        value = _value(figures, code)
        return template.format(f.measure(value, "mét")) if _positive(value) else None

    clauses = [
        metres("giao nộp {} tài liệu vào Lưu trữ lịch sử", "LT_NOP_LUU_MET"),
        metres("chỉnh lý hoàn chỉnh {} tài liệu", "LT_CHINH_LY_MET"),
        metres("tiêu hủy {} tài liệu hết giá trị", "LT_HUY_MET"),
        _clause("số hóa {}", _value(figures, "LT_SO_HOA_TRANG"), "trang tài liệu"),
        _clause("phục vụ {} khai thác, sử dụng tài liệu", _value(figures, "LT_KHAI_THAC_LUOT"), "lượt"),
    ]
    clauses = [c for c in clauses if c]
    blocks = []
    if clauses:
        blocks.append(Paragraph(f"Theo báo cáo của các cơ quan, đơn vị, trong kỳ đã {f.join_semicolon(clauses)}."))
    backlog = _value(figures, "LT_TON_DONG_MET")
    if _positive(backlog):
        p = Paragraph(f"Tài liệu tồn đọng chưa được chỉnh lý còn {f.measure(backlog, 'mét')}")
        rows = ctx.by_unit("VTLT-DV", ["LT_TON_DONG_MET"]).get("LT_TON_DONG_MET", [])
        p.note(unit_breakdown(rows, "mét", measure=True))
        p.add(".")
        blocks.append(p)
    return blocks


# ---------------------------------------------------------------------------------------------
# Any data set, no code: `dataset:<CODE>`
# ---------------------------------------------------------------------------------------------


class DataSetProvider:
    """The figures of a data set as a small table (one row per element or option with a value)."""

    def __init__(self, code):
        self.code = code
        self.label = f"Biểu mẫu {code}"

    def __call__(self, ctx):
        data_set = ctx.data_set(self.code)
        if data_set is None:
            return []
        figures = ctx.figures(self.code)
        rows = []
        for section in collection.form_layout(data_set):
            for row in section.rows:
                element = row.element
                options = [c.option for c in row.cells if c is not None and c.option is not None]
                total = figures.get((element.code, None))
                if total is None or (total == 0 and not options):
                    continue
                rows.append([f.nfc(element.name), element.unit_label, self.format(element, total)])
                for option in options:
                    value = figures.get((element.code, option.code))
                    if value:
                        rows.append([f"- {option.name}", element.unit_label, self.format(element, value)])
        if not rows:
            return []
        return [
            Paragraph(f"Tổng hợp số liệu {data_set.name[:1].lower()}{data_set.name[1:]} ({ctx.period.label}):"),
            Table(columns=["Chỉ tiêu", "Đơn vị tính", "Số liệu"], rows=rows),
        ]

    @staticmethod
    def format(element, value):
        if element.value_type == "percent":
            return f.percent(value)
        if element.value_type == "money":
            return f.money(value)
        return f.number(value)
