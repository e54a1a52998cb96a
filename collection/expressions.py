"""Validation-rule expressions: `#{CODE}` / `#{CODE.option}`, numbers, + - * / and parentheses.

Parsed with Python's `ast` and evaluated by walking the tree: no eval, no names, no calls.
"""

import ast
import functools
import re
from decimal import Decimal, InvalidOperation

REFERENCE = re.compile(r"#\{\s*([A-Za-z0-9_\-]+)(?:\.([A-Za-z0-9_\-]+))?\s*\}")


class ExpressionError(ValueError):
    pass


def references(expression):
    """[(element_code, option_code_or_None), …] in order of appearance."""
    return [(m.group(1), m.group(2)) for m in REFERENCE.finditer(expression or "")]


@functools.lru_cache(maxsize=2048)  # a form's page evaluates each of its rules' sides: parsed once per process
def parse(expression):
    """Return (tree, refs) where refs maps placeholder names to references; raise ExpressionError.
    The result is shared between callers: read it, never change it."""
    refs = {}

    def substitute(match):
        name = f"_r{len(refs)}"
        refs[name] = (match.group(1), match.group(2))
        return name

    source = REFERENCE.sub(substitute, expression or "")
    if not source.strip():
        raise ExpressionError("Biểu thức trống.")
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"Biểu thức không hợp lệ: «{expression}».") from exc
    for node in ast.walk(tree):
        if isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd, ast.Load)):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            continue
        if isinstance(node, ast.Name) and node.id in refs:
            continue
        raise ExpressionError(
            f"Biểu thức «{expression}» chỉ được dùng #{{MÃ_CHỈ_TIÊU}}, số và các phép + - * / ( )."
        )
    return tree, refs


def evaluate(expression, lookup):
    """Value of `expression`; `lookup(code, option)` returns a Decimal or None (missing).

    Returns (value, all_missing): a rule whose every reference is missing is skipped by callers,
    as DHIS2's default missing-value strategy does.
    """
    tree, refs = parse(expression)
    values = {name: lookup(code, option) for name, (code, option) in refs.items()}
    all_missing = bool(values) and all(v is None for v in values.values())

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            value = values[node.id]
            return Decimal(0) if value is None else Decimal(value)
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        left, right = walk(node.left), walk(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        try:
            return left / right
        except (ZeroDivisionError, InvalidOperation):
            return None

    return walk(tree), all_missing


def compare(left, operator, right):
    if left is None or right is None:
        return True
    return {
        "==": left == right,
        "!=": left != right,
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
    }[operator]
