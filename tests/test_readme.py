"""The README and the docs stand on their own (issue 16 item 8): every link resolves to a file of the
repository, nothing points outside it, the user guide exists and its screenshots are committed, small."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["README.md", "docs/thiet-ke.md", "docs/huong-dan.md"]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")


def links(relative):
    text = (ROOT / relative).read_text(encoding="utf-8")
    return [m.group(1) for m in LINK.finditer(text)]


@pytest.mark.parametrize("relative", DOCS)
def test_every_link_resolves_to_a_file_of_the_repository(relative):
    path = ROOT / relative
    assert path.exists(), f"{relative} is missing"
    broken = []
    for target in links(relative):
        if re.match(r"^[a-z]+://|^mailto:|^#", target):
            continue
        resolved = (path.parent / target.split("#")[0]).resolve()
        if not resolved.is_relative_to(ROOT) or not resolved.exists():
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("relative", DOCS)
def test_nothing_points_outside_the_repository(relative):
    """Paths in `code` are read from the repository's root: none leaves it (links are resolved above)."""
    text = (ROOT / relative).read_text(encoding="utf-8")
    outside = [c for c in CODE.findall(text) if c.startswith(("../", "/work/", "~/")) or "/shared/" in c]
    assert outside == []


def test_the_readme_leads_to_the_design_and_the_user_guide():
    targets = set(links("README.md"))
    assert {"docs/thiet-ke.md", "docs/huong-dan.md"} <= targets


def test_the_readme_says_how_to_run_log_in_deploy_and_back_up():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for needle in ("make run", "make test", "PORT=", "SoNoiVu@2026", "docker compose up", "gunicorn", "worker", "beat",
                   "manage.py backup", "manage.py restore"):
        assert needle in text, needle


def test_the_guide_walks_every_role_with_its_screenshots():
    guide = (ROOT / "docs/huong-dan.md").read_text(encoding="utf-8")
    for role in ("Quản trị", "Lãnh đạo", "Chuyên viên", "Cán bộ đơn vị"):
        assert re.search(rf"^## .*{role}", guide, re.M | re.I), role
    images = [t for t in links("docs/huong-dan.md") if t.endswith(".png")]
    assert len(images) >= 6
    for image in images:
        size = (ROOT / "docs" / image).stat().st_size
        assert size <= 150_000, f"{image}: {size} bytes"
        header = (ROOT / "docs" / image).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        assert (width, height) == (1366, 768), image
