"""The only Jinja environment report templates are rendered in (issue 10, item 2).

An uploaded Word template is Jinja code: with a plain `Environment`, `{{ cycler.__init__.__globals__ }}`
or `{{ lipsum.__globals__['os'].popen(…) }}` read the settings and ran shell commands. Two locks:

1. every template is *checked before it runs*: `PolicyEnvironment._parse` walks the Jinja AST of
   each part docxtpl renders (body, headers, footers, footnotes, document properties) and refuses
   anything outside the documented tags (`TAGS`, `LIST_TAGS`, `FILTERS`, `{% if %}`, `{% for %}`),
   with a Vietnamese reason naming what was found;
2. what passes runs in Jinja's `SandboxedEnvironment` with no globals, so even a gap in the walk
   cannot reach Python internals.

    check("{{ trich_yeu }}{% for r in noi_nhan %}{{ r }}{% endfor %}")   # passes
    check("{{ cycler.__init__ }}")  # TemplatePolicyError: Mẫu dùng thuộc tính «.__init__», không phải thẻ được phép…
"""

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from core.text import xml_safe

# The documented tags: name → what it holds (also the upload page's help, reports/templates_docx/README.md).
TAGS = {
    "co_quan_chu_quan": "cơ quan chủ quản (ỦY BAN NHÂN DÂN TỈNH …)",
    "co_quan_ban_hanh": "cơ quan ban hành (SỞ NỘI VỤ)",
    "so_ky_hieu": "số, ký hiệu (Số: 15/BC-SNV)",
    "dia_danh_ngay": "địa danh, ngày tháng",
    "ten_loai": "tên loại văn bản (BÁO CÁO)",
    "trich_yeu": "trích yếu",
    "kinh_gui": "kính gửi (có thể trống)",
    "mo_dau": "câu mở đầu",
    "noi_dung": "phần nội dung báo cáo (bắt buộc, một mình một đoạn)",
    "ket_thuc": "câu kết thúc",
    "nguoi_ky": "người ký",
    "du_thao": "đúng khi là dự thảo",
}
LIST_TAGS = {"noi_nhan": "danh sách nơi nhận", "quyen_han": "thẩm quyền ký (một hoặc hai dòng)"}
ALLOWED_NAMES = frozenset(TAGS) | frozenset(LIST_TAGS)
# Filters that only reshape text; none reaches an object's attributes.
FILTERS = frozenset({"upper", "lower", "capitalize", "title", "trim", "default", "d", "length", "count",
                     "first", "last", "join", "e", "escape"})
TESTS = frozenset({"defined", "undefined", "none", "sameas", "string", "number"})
MAX_LOOP_DEPTH = 2
# Attributes of a for-loop's `loop` variable.
LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length"})

# Nodes that carry no behaviour of their own (their children are checked).
_PLAIN_NODES = (
    nodes.Template, nodes.Output, nodes.TemplateData, nodes.Const, nodes.If, nodes.For, nodes.Not,
    nodes.And, nodes.Or, nodes.Compare, nodes.Operand, nodes.CondExpr, nodes.Concat,
)
_NODE_NAMES = {
    nodes.Import: "{% import %}", nodes.FromImport: "{% from … import %}", nodes.Include: "{% include %}",
    nodes.Extends: "{% extends %}", nodes.Macro: "{% macro %}", nodes.CallBlock: "{% call %}",
    nodes.Call: "lời gọi hàm (…)", nodes.Getitem: "truy cập phần tử […]", nodes.Slice: "cắt chuỗi [a:b]",
    nodes.Assign: "{% set %}", nodes.AssignBlock: "{% set %}", nodes.With: "{% with %}",
    nodes.FilterBlock: "{% filter %}", nodes.Block: "{% block %}", nodes.ScopedEvalContextModifier: "{% autoescape %}",
    nodes.EvalContextModifier: "{% autoescape %}", nodes.Scope: "{% autoescape %} hoặc {% with %}", nodes.BinExpr: "phép tính", nodes.UnaryExpr: "phép tính",
    nodes.List: "danh sách […]", nodes.Tuple: "bộ giá trị (…)", nodes.Dict: "từ điển {…}",
}

SUPPORTED = (
    "thẻ {{ " + " }}, {{ ".join(TAGS) + " }}; danh sách " + ", ".join(LIST_TAGS)
    + " (dùng {%p for r in noi_nhan %}{{ r }}{%p endfor %}); {% if … %}…{% endif %}; bộ lọc " + ", ".join(sorted(FILTERS))
)


class TemplatePolicyError(SecurityError):
    """A template uses something outside the documented tags (Vietnamese message for the admin)."""


def _refuse(what):
    raise TemplatePolicyError(
        f"Mẫu dùng {what}, không phải thẻ được phép. Chỉ được dùng: {SUPPORTED}."
    )


def check_tree(tree):
    """Refuse (TemplatePolicyError) any node of a parsed template outside the policy."""
    declared = {"loop"}
    for loop in tree.find_all(nodes.For):  # loop targets are names the template itself declares
        if not isinstance(loop.target, nodes.Name):
            _refuse("vòng lặp nhiều biến")
        # A loop runs over a documented list only, and loops nest at most MAX_LOOP_DEPTH deep:
        # nested loops over a text's characters would otherwise keep a worker busy for ever.
        if not (isinstance(loop.iter, nodes.Name) and loop.iter.name in LIST_TAGS):
            _refuse("vòng lặp không chạy trên " + " hoặc ".join(LIST_TAGS))
        if _loop_depth(loop) > MAX_LOOP_DEPTH:
            _refuse(f"hơn {MAX_LOOP_DEPTH} vòng lặp lồng nhau")
        declared.add(loop.target.name)
    _check(tree, declared)


def _loop_depth(loop):
    inner = [_loop_depth(child) for node in loop.body for child in _outer_loops(node)]
    return 1 + max(inner, default=0)


def _outer_loops(node):
    if isinstance(node, nodes.For):
        yield node
        return
    for child in node.iter_child_nodes():
        yield from _outer_loops(child)


def _check(node, declared):
    if isinstance(node, nodes.Name):
        if node.ctx == "load" and node.name not in ALLOWED_NAMES and node.name not in declared:
            _refuse(f"«{node.name}»")
        if node.ctx == "store" and (node.name.startswith("_") or node.name in ALLOWED_NAMES):
            _refuse(f"biến vòng lặp «{node.name}»")
        return
    if isinstance(node, nodes.Getattr):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "loop" and node.attr in LOOP_ATTRIBUTES):
            _refuse(f"thuộc tính «.{node.attr}»")
        return
    if isinstance(node, (nodes.Filter, nodes.Test)):
        allowed = FILTERS if isinstance(node, nodes.Filter) else TESTS
        if node.name not in allowed:
            _refuse(f"bộ lọc «|{node.name}»" if isinstance(node, nodes.Filter) else f"phép thử «is {node.name}»")
        if node.kwargs or node.dyn_args is not None or node.dyn_kwargs is not None:
            _refuse(f"tham số có tên của «{node.name}»")
    elif isinstance(node, nodes.For) and node.recursive:
        _refuse("vòng lặp đệ quy")
    elif not isinstance(node, _PLAIN_NODES):
        _refuse(_describe(node))
    for child in node.iter_child_nodes():
        _check(child, declared)


def _describe(node):
    for kind, label in _NODE_NAMES.items():
        if isinstance(node, kind):
            return label
    return f"cú pháp «{type(node).__name__}»"


class PolicyEnvironment(SandboxedEnvironment):
    """Sandboxed, no globals, documented filters only, and every template checked at parse time."""

    def __init__(self, **options):
        super().__init__(**options)
        self.globals.clear()
        self.filters = {name: self.filters[name] for name in FILTERS if name in self.filters}
        self.tests = {name: self.tests[name] for name in TESTS if name in self.tests}
        # Whatever a tag prints is made safe for Word's XML here, once, for every part rendered.
        self.finalize = xml_safe

    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        check_tree(tree)
        return tree

    def is_safe_attribute(self, obj, attr, value):
        return not attr.startswith("_") and super().is_safe_attribute(obj, attr, value)


def environment():
    """A fresh environment per render (docxtpl sets autoescape on the one it is given)."""
    return PolicyEnvironment(autoescape=True)


def check(source):
    """Parse and check a template text (no rendering); TemplatePolicyError if it is refused."""
    environment().parse(source)
