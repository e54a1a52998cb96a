"""Phrases (mẫu câu): every generated sentence is one, shipped as a default by the domain's
`report.py` and overridable for the province on the portal (DESIGN §6 «Wording is data»).

Syntax — parsed here, never by str.format or eval:
    {kind:name}        a figure written by kind: count «06», number «1.360», cases «74 trường hợp (TH)» /
                       «46 (TH)» (by the document rule), money «20.412.619.000 đồng», percent «99,99%»,
                       change «tăng 02 bậc» / «bằng cùng kỳ», ratio «18/22», units «huyện A và huyện B»,
                       text (a word or name), note (a breakdown: footnote or parentheses), list «a, b và c»,
                       items «a; b; c», commas «a, b, c» (clauses built from other phrases)
    {kind:name|noun}   the noun after the figure: {count:so_hoi|Hội} → «02 Hội», {change:bien_che|biên chế};
                       {money:x|đồng} always in đồng; {change:x|biên chế|không thay đổi}: the words for no change
    [ … ]              an optional clause: dropped when a figure inside it is zero or missing
    {{ }}  \\[ \\]        a literal brace, a literal bracket
A figure that is zero or missing outside any [ … ] drops the whole sentence (it never prints «0»).

A phrase declares its names and what each holds (`number`, `text`, `units`, `ratio`, `note`,
`clauses`); a name a phrase uses that it does not declare, or a kind that does not fit it, is
refused in Vietnamese (`check`).
"""

from dataclasses import dataclass, field

from core import formatting as f
from core.reporting.content import Cases, Note, Paragraph
from core.reporting.prose import in_sentence, join_list

# kind → what its value holds
KINDS = {
    "count": "number", "number": "number", "cases": "number", "money": "number", "percent": "number",
    "change": "number", "text": "text", "units": "units", "ratio": "ratio", "note": "note",
    "list": "clauses", "items": "clauses", "commas": "clauses",
}
KIND_LABELS = {
    "count": "số đếm (06)", "number": "số (1.360)", "cases": "số trường hợp (TH)", "money": "số tiền",
    "percent": "tỷ lệ %", "change": "tăng/giảm", "text": "chữ", "units": "danh sách đơn vị", "ratio": "x/y",
    "note": "chú thích", "list": "danh sách (và)", "items": "danh sách (;)", "commas": "danh sách (,)",
}
VALUE_LABELS = {"number": "một số", "text": "chữ", "units": "danh sách đơn vị", "ratio": "cặp x/y",
                "note": "chú thích", "clauses": "danh sách vế câu"}


def kinds():
    """[(kind, label)] for the phrases page's help."""
    return list(KIND_LABELS.items())


class PhraseError(ValueError):
    """A phrase that cannot be used; the message is Vietnamese, for the person who typed it."""


@dataclass
class _Text:
    text: str


@dataclass
class _Slot:
    kind: str
    name: str
    noun: str = ""
    same: str = ""


@dataclass
class _Optional:
    parts: list = field(default_factory=list)


def parse(template):
    """The phrase as a tree of _Text, _Slot and _Optional; PhraseError on bad syntax."""
    template = f.nfc(template or "")
    stack = [[]]
    buffer = []
    i, n = 0, len(template)

    def flush():
        if buffer:
            stack[-1].append(_Text("".join(buffer)))
            buffer.clear()

    while i < n:
        ch = template[i]
        pair = template[i:i + 2]
        if pair in ("{{", "}}"):
            buffer.append(ch)
            i += 2
            continue
        if pair in ("\\[", "\\]"):  # brackets nest («[…[…]]»), so a literal one is escaped
            buffer.append(pair[1])
            i += 2
            continue
        if ch == "{":
            end = template.find("}", i + 1)
            if end < 0:
                raise PhraseError("Mẫu câu thiếu dấu «}» đóng chỗ điền số liệu.")
            body = template[i + 1:end]
            if "{" in body:
                raise PhraseError(f"Chỗ điền «{{{body}}}» thiếu dấu «}}».")
            kind, sep, rest = body.partition(":")
            if not sep:
                raise PhraseError(f"Chỗ điền «{{{body}}}» phải có dạng {{loại:tên}}, ví dụ {{count:so_hoi}}.")
            name, _, noun = rest.partition("|")
            noun, _, same = noun.partition("|")
            kind, name = kind.strip(), name.strip()
            if kind not in KINDS:
                raise PhraseError(f"Loại «{kind}» trong «{{{body}}}» không có; dùng một trong: {', '.join(KINDS)}.")
            if not name:
                raise PhraseError(f"Chỗ điền «{{{body}}}» thiếu tên số liệu.")
            flush()
            stack[-1].append(_Slot(kind, name, noun.strip(), same.strip()))
            i = end + 1
            continue
        if ch == "}":
            raise PhraseError("Mẫu câu có dấu «}» thừa (viết «}}» nếu muốn in dấu này).")
        if ch == "[":
            flush()
            stack.append([])
            i += 1
            continue
        if ch == "]":
            if len(stack) == 1:
                raise PhraseError("Mẫu câu có dấu «]» thừa (viết «\\]» nếu muốn in dấu này).")
            flush()
            parts = stack.pop()
            stack[-1].append(_Optional(parts))
            i += 1
            continue
        buffer.append(ch)
        i += 1
    if len(stack) > 1:
        raise PhraseError("Mẫu câu thiếu dấu «]» đóng vế tùy chọn.")
    flush()
    return stack[0]


def names_in(text):
    """The figure names a phrase uses ([] when it does not parse)."""
    try:
        return [slot.name for slot in slots(parse(text))]
    except PhraseError:
        return []


def slots(tree):
    for part in tree:
        if isinstance(part, _Slot):
            yield part
        elif isinstance(part, _Optional):
            yield from slots(part.parts)


@dataclass(frozen=True)
class Phrase:
    """A phrase: key, label (what it says, for the page), default text, {name: (value type, description)}."""

    key: str
    label: str
    default: str
    names: dict

    def check(self, text):
        """PhraseError (Vietnamese) unless `text` parses and names only declared figures, each by a fitting kind."""
        return check(text, self.names)


def check(text, names):
    if not f.nfc(text or "").strip():
        raise PhraseError("Mẫu câu không được để trống.")
    tree = parse(text)
    for slot in slots(tree):
        if slot.name not in names:
            known = ", ".join(names) or "(không có)"
            raise PhraseError(f"Tên «{slot.name}» không có trong mẫu câu này; dùng một trong: {known}.")
        holds = names[slot.name][0]
        if KINDS[slot.kind] != holds:
            raise PhraseError(f"«{{{slot.kind}:{slot.name}}}»: {slot.name} là {VALUE_LABELS[holds]}, "
                              f"không viết được theo loại «{slot.kind}».")
    return tree


class _Missing(Exception):
    pass


def _missing(value):
    if value is None or value == "" or value == [] or value == ():
        return True
    try:
        return value == 0
    except TypeError:
        return False


def _write(slot, value):
    """Segments for one slot; _Missing when its figure is zero or missing."""
    if slot.kind == "note":
        return [Note(value)] if value and f.nfc(value).strip() else []
    if slot.kind == "change":
        if value is None:
            raise _Missing
        return [f.delta(value, slot.noun, same=slot.same or "bằng cùng kỳ")]
    if _missing(value):
        raise _Missing
    noun = f" {slot.noun}" if slot.noun else ""
    if slot.kind == "count":
        return [f.quantity(value, slot.noun) if slot.noun else f.count(value)]
    if slot.kind == "number":
        return [f"{f.number(value)}{noun}"]
    if slot.kind == "cases":
        return [Cases(value)]
    if slot.kind == "money":
        return [f.money(value, "dong" if slot.noun == "đồng" else "auto")]
    if slot.kind == "percent":
        return [f.percent(value)]
    if slot.kind == "ratio":
        covered, total = value
        if not total:
            raise _Missing
        return [f"{f.number(covered)}/{f.number(total)}{noun}"]
    if slot.kind == "units":
        return [join_list(in_sentence(getattr(u, "name", u)) for u in value)]
    if slot.kind == "text":
        return [f"{f.nfc(str(value))}{noun}"]
    # list / items: clauses, each a list of segments (or a str)
    clauses = [c if isinstance(c, list) else [c] for c in value if c]
    if not clauses:
        raise _Missing
    out = []
    for i, clause in enumerate(clauses):
        if i:
            if slot.kind == "items":
                out.append("; ")
            elif slot.kind == "commas":
                out.append(", ")
            else:
                out.append(" và " if i == len(clauses) - 1 else ", ")
        out.extend(clause)
    return out


def _render(parts, values):
    out = []
    for part in parts:
        if isinstance(part, _Text):
            out.append(part.text)
        elif isinstance(part, _Slot):
            out.extend(_write(part, values.get(part.name)))
        else:
            try:
                out.extend(_render(part.parts, values))
            except _Missing:
                pass
    return out


def render(text, values, names=None):
    """Segments (str, Cases, Note) of `text` filled with `values`, or None when a figure outside
    any optional clause is zero or missing. A phrase that does not check renders nothing."""
    try:
        tree = check(text, names) if names is not None else parse(text)
    except PhraseError:
        return None
    try:
        segments = _render(tree, values)
    except _Missing:
        return None
    return _tidy(segments)


def _tidy(segments):
    """Glue adjacent text, then collapse the double spaces a dropped clause leaves and the space
    it leaves before «, ; . : )»."""
    out = []
    for segment in segments:
        if type(segment) is str and out and type(out[-1]) is str:
            out[-1] += segment
        elif segment != "":
            out.append(segment)
    for i, segment in enumerate(out):
        if type(segment) is str:
            while "  " in segment:
                segment = segment.replace("  ", " ")
            for mark in (",", ";", ".", ":", ")"):
                segment = segment.replace(f" {mark}", mark)
            out[i] = segment
    return out


# ---------------------------------------------------------------------------------------------
# The registry of phrases (defaults declared by each domain's report.py)
# ---------------------------------------------------------------------------------------------

_phrases = {}


def phrase(key, label, default, **names):
    """Declare a phrase: `phrase("hoi-quy.thanh-lap", "…", "phê duyệt thành lập {count:so_hoi|Hội}",
    so_hoi=("number", "số Hội được thành lập"))`. The default is checked now; a key is declared once."""
    from core.reporting.providers import DuplicateKey

    if key in _phrases:
        raise DuplicateKey(f"Mẫu câu «{key}» đã được khai báo; mỗi khóa chỉ khai báo một lần.")
    declared = Phrase(key, label, f.nfc(default), dict(names))
    declared.check(declared.default)
    _phrases[key] = declared
    return declared


_families = {}


def phrase_family(prefix, resolve):
    """Phrases whose names are only known from data (a data set's element codes): `resolve(key)`
    returns the Phrase of `prefix…` keys, or None. Declared once per prefix."""
    from core.reporting.providers import DuplicateKey

    if prefix in _families:
        raise DuplicateKey(f"Nhóm mẫu câu «{prefix}» đã được khai báo.")
    _families[prefix] = resolve


def phrases():
    return dict(_phrases)


def get_phrase(key):
    """The declared phrase of `key` (or one resolved by its family); KeyError if none."""
    if key in _phrases:
        return _phrases[key]
    for prefix, resolve in _families.items():
        if key.startswith(prefix):
            found = resolve(key)
            if found is not None:
                return found
    raise KeyError(key)


def say(ctx, key, **values):
    """Segments of phrase `key` (the province's wording if overridden, else the default), or None."""
    declared = get_phrase(key)
    text = (getattr(ctx, "wording", None) or {}).get(key) or declared.default
    if not text:
        return None
    segments = render(text, values, declared.names)
    if segments is None and text != declared.default and render_checks(text, declared) is False:
        segments = render(declared.default, values, declared.names)  # a stored phrase that no longer checks
    return segments


def render_checks(text, declared):
    try:
        declared.check(text)
    except PhraseError:
        return False
    return True


def sentence(ctx, key, **values):
    """Phrase `key` as a Paragraph (first letter capitalised), or None when it drops out."""
    segments = say(ctx, key, **values)
    if not segments:
        return None
    if type(segments[0]) is str:
        segments[0] = segments[0][:1].upper() + segments[0][1:]
    return Paragraph().extend(segments)
