"""The house rules of DESIGN §2, checked on the source: arrows run one way and one report kit.

- no app but `reports` imports `reports` (domains speak to the pipeline through `core.reporting`);
- `core.reporting` imports nothing from the apps (only core.formatting / core.text and itself);
- no domain defines its own report paragraph, note, case or table class.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))
KIT = ROOT / "core" / "reporting"


def sources(app):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from core import formatting` imports core.formatting
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_the_apps_are_found():
    assert {"core", "collection", "staffing", "reform", "archives", "reports"} <= set(APPS)


def test_no_app_but_reports_imports_reports():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for app in APPS if app != "reports"
        for path in sources(app)
        for module in imported_modules(path)
        if module == "reports" or module.startswith("reports.")
    ]
    assert offenders == []


def test_the_kit_imports_nothing_from_the_apps():
    allowed = ("core.formatting", "core.text", "core.reporting")
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in KIT.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in APPS and not module.startswith(allowed)
    ]
    assert offenders == []


def _content_classes(path):
    """Classes that look like report content: named Paragraph/Note/Cases, or keeping paragraph
    segments or table columns (`self.segments`, `self.columns`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        named = any(word in node.name for word in ("Paragraph", "Note", "Cases"))
        named = named or (path.name == "report.py" and "Table" in node.name)
        keeps = any(
            isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"
            and target.attr in ("segments", "columns")
            for sub in ast.walk(node) if isinstance(sub, (ast.Assign, ast.AnnAssign))
            for target in (sub.targets if isinstance(sub, ast.Assign) else [sub.target])
            for target in (target.elts if isinstance(target, ast.Tuple) else [target])
        )
        if named or keeps:
            yield node.name


def test_no_domain_defines_its_own_paragraph_or_table():
    offenders = [
        f"{path.relative_to(ROOT)}: class {name}"
        for app in APPS if app != "reports"
        for path in sources(app) if KIT not in path.parents
        for name in _content_classes(path)
    ]
    assert offenders == []


def test_no_app_fixes_an_office_code():
    """Which office of the Sở keeps a domain is the province's setting (`settings.RESPONSIBLE_OFFICES`,
    read through `core.access.responsible_offices`), never a code literal in an app; demo data may name them."""
    import re

    office = re.compile(r"^SNV-[A-Z]+$")
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}"
        for app in APPS
        for path in sources(app) if path.name not in ("demo.py", "settings.py") and "management" not in path.parts
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and office.match(node.value)
    ]
    assert offenders == []
