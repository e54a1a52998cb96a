"""Section numbers computed from the outline tree (Nghị định 30/2020 style), never stored.

With parts: depth 0 → "Phần I", 1 → "I.", 2 → "1.", 3 → "a)", deeper → "-".
Without parts the same list starts at "I.".
"""

from core import formatting

LEVELS = ("part", "roman", "arabic", "alpha")


def level_kind(depth, uses_parts=True):
    index = depth if uses_parts else depth + 1
    return LEVELS[index] if index < len(LEVELS) else "dash"


def label(depth, position, uses_parts=True):
    """The printed number of the `position`-th (1-based) child at `depth`."""
    kind = level_kind(depth, uses_parts)
    if kind == "part":
        return f"Phần {formatting.roman(position)}"
    if kind == "roman":
        return f"{formatting.roman(position)}."
    if kind == "arabic":
        return f"{position}."
    if kind == "alpha":
        return f"{formatting.alpha(position)})"
    return "-"


def short_label(depth, position, uses_parts=True):
    """Label without punctuation, for paths like "I.3" in messages."""
    kind = level_kind(depth, uses_parts)
    if kind == "part":
        return formatting.roman(position)
    if kind == "roman":
        return formatting.roman(position)
    if kind == "arabic":
        return str(position)
    if kind == "alpha":
        return formatting.alpha(position)
    return "-"


def appendix_label(position, count):
    """«Phụ lục» when the report has one appendix, «Phụ lục I», «Phụ lục II»… when it has several."""
    return "Phụ lục" if count == 1 else f"Phụ lục {formatting.roman(position)}"
