"""The prose helpers every domain's wording uses (one copy: unit names inside a sentence, the
period phrase, capitalisation, list joining, per-unit breakdowns)."""

from core import formatting as f

join_list = f.join_list
join_semicolon = f.join_semicolon

# Administrative words written in lower case inside a sentence ("thành phố Ngã Bảy").
_LOWER_PREFIXES = ("Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Xã ", "Phường ", "Thị trấn ")


def in_sentence(name):
    """A unit name as written inside a sentence: "Huyện Châu Thành" → "huyện Châu Thành"."""
    name = f.nfc(name).strip()
    for prefix in _LOWER_PREFIXES:
        if name.startswith(prefix):
            return prefix.lower() + name[len(prefix):]
    return name


def capitalize_first(text):
    text = f.nfc(text).strip() if text else ""
    return text[:1].upper() + text[1:] if text else text


def lower_first(text):
    return text[:1].lower() + text[1:] if text else text


def period_phrase(period):
    """"6 tháng đầu năm" / "năm": the period label without its year ("Trong 6 tháng đầu năm, …")."""
    label, suffix = period.label, f" {period.year}"
    return label[: -len(suffix)] if label.endswith(suffix) else label


def unit_list(names):
    """"Sở Y tế, huyện Vị Thủy và huyện Long Mỹ." — names inside a sentence, capitalised, a full stop."""
    names = [in_sentence(n) for n in names if n]
    return capitalize_first(join_list(names)) + "." if names else ""


def unit_breakdown(rows, noun, option=None, measure=False):
    """"Thành phố Vị Thanh 30 đại biểu, thành phố Ngã Bảy 30 đại biểu và …" from [(unit, option, value)]
    (zero units left out; "" when fewer than two units have a figure: nothing to break down)."""
    totals = {}
    for unit, opt, value in rows:
        if (option is not None and opt != option) or (option is None and opt is not None):
            continue
        totals[unit] = totals.get(unit, 0) + value
    items = []
    for unit, value in totals.items():
        if not value:
            continue
        amount = f.measure(value, noun) if measure else f.quantity(value, noun)
        items.append(f"{in_sentence(unit.name)} {amount}")
    if len(items) < 2:
        return ""
    return capitalize_first(join_list(items)) + "."
