"""Validation rules as people read them: a sentence with the figures, and the cells a rule names.

«Số hồ sơ giải quyết đúng hạn cộng trễ hạn (1.190) phải bằng số hồ sơ đã giải quyết (1.200)»:
built from the rule's expressions and the elements' names, numbers the Vietnamese way, so a rule
an admin adds without a message still tells the unit what is wrong and by how much.
"""

import ast
import re

from collection import expressions
from core import formatting

# What the left side must be, said of the right side («phải bằng», «không được lớn hơn» …).
VERBS = {
    "==": "phải bằng",
    "!=": "phải khác",
    "<": "phải nhỏ hơn",
    "<=": "không được lớn hơn",
    ">": "phải lớn hơn",
    ">=": "không được nhỏ hơn",
}
OPERATIONS = {ast.Add: "cộng", ast.Sub: "trừ", ast.Mult: "nhân", ast.Div: "chia cho"}


def lower_first(name):
    """«Số hồ sơ» → «số hồ sơ» inside a sentence; an acronym («CCHC», «HĐND») keeps its case."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _shared_prefix(first, other):
    """The leading words `other` repeats from `first` («Số hồ sơ giải quyết …»), at least two words,
    leaving something of `other`: what a person drops when saying «đúng hạn cộng trễ hạn»."""
    a, b = first.split(), other.split()
    n = 0
    while n < min(len(a), len(b) - 1) and a[n].lower() == b[n].lower():
        n += 1
    return n if n >= 2 else 0


def _plain(name):
    """An element's name as said in a sentence: without the table's «Trong đó:» lead-in."""
    return re.sub(r"^\s*trong đó\s*[:,]\s*", "", name, flags=re.IGNORECASE) or name


def describe(expression, names):
    """The expression in words; `names(code, option)` gives a reference's name (None: the code).

    A sum of three or more reads «a, b cộng c»; words a term repeats from the chain's first term
    are dropped («giải quyết trước hạn, đúng hạn cộng trễ hạn»).
    """
    tree, refs = expressions.parse(expression)
    labels = {}
    for placeholder, (code, option) in refs.items():
        labels[placeholder] = _plain(names(code, option) or (f"{code}.{option}" if option else code))

    def chain(node):
        """[(operator or None, node), …] of a run of + and −."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            return chain(node.left) + [(type(node.op), node.right)]
        return [(None, node)]

    def walk(node, nested=False):
        if isinstance(node, ast.Constant):
            return formatting.number(node.value)
        if isinstance(node, ast.Name):
            return labels[node.id]
        if isinstance(node, ast.UnaryOp):
            inner = walk(node.operand, nested=True)
            return f"âm {lower_first(inner)}" if isinstance(node.op, ast.USub) else inner
        if isinstance(node.op, (ast.Mult, ast.Div)):
            text = f"{walk(node.left, True)} {OPERATIONS[type(node.op)]} {lower_first(walk(node.right, True))}"
            return f"({text})" if nested else text
        terms = chain(node)
        head = walk(terms[0][1], True)
        words = []
        for op, term in terms[1:]:
            said = walk(term, True)
            if isinstance(term, ast.Name):
                drop = _shared_prefix(head, said)
                said = " ".join(said.split()[drop:]) if drop else said
            words.append((op, lower_first(said)))
        if len(words) >= 2 and all(op is ast.Add for op, _ in words):
            text = ", ".join([head] + [w for _, w in words[:-1]]) + f" cộng {words[-1][1]}"
        else:
            text = head + "".join(f" {OPERATIONS[op]} {w}" for op, w in words)
        return f"({text})" if nested else text

    return walk(tree.body)


def sentence(rule, left, right, names):
    """«<left in words> (<left value>) <verb> <right in words> (<right value>)», no final stop, so
    it can be joined with others (`formatting.join_messages`)."""
    def side(expression, value):
        words = describe(expression, names)
        return words if value is None else f"{words} ({formatting.number(value)})"

    text = f"{side(rule.left, left)} {VERBS[rule.operator]} {lower_first(side(rule.right, right))}"
    return text[:1].upper() + text[1:]


def reference_names(data_sets_rules):
    """`names(code, option)` for the elements and options the given rules name (two queries)."""
    from collection.models import CategoryOption, DataElement

    codes = {code for rule in data_sets_rules for code, _ in expressions.references(f"{rule.left} {rule.right}")}
    elements = {e.code: e for e in DataElement.objects.filter(code__in=codes)}
    combo_ids = {e.combo_id for e in elements.values() if e.combo_id}
    options = {(o.combo_id, o.code): o.name for o in CategoryOption.objects.filter(combo_id__in=combo_ids)}

    def names(code, option):
        element = elements.get(code)
        if element is None:
            return None
        if option is None:
            return element.name
        option_name = options.get((element.combo_id, option))
        return f"{element.name} ({lower_first(option_name)})" if option_name else element.name

    return names


def mark_cells(layout, results):
    """Flag the form's cells named by each broken rule: `cell.rules` lists those results, and
    `cell.rule_state` is "error" when one of them blocks sending, else "warning"."""
    broken = [r for r in results if not r.passed]
    if not broken:
        return
    targets = []
    for result in broken:
        refs = expressions.references(f"{result.rule.left} {result.rule.right}")
        targets.append((result, {code for code, option in refs if option is None},
                        {(code, option) for code, option in refs if option is not None}))
    for section in layout:
        for row in section.rows:
            for cell in row.cells:
                if cell is None:
                    continue
                code = cell.element.code
                option = cell.option.code if cell.option else None
                hits = [r for r, whole, parts in targets if code in whole or (code, option) in parts]
                if hits:
                    cell.rules = hits
                    cell.rule_state = "error" if any(r.is_error for r in hits) else "warning"
                    cell.rule_ids = " ".join(f"quy-tac-{r.rule.pk}" for r in hits)
