"""Report content: what a provider returns and the renderer draws (DESIGN §6).

A provider returns blocks: `Paragraph` (segments: text, `Note`, `Cases`) or `Table`.
- a `Note` is a breakdown (per-unit figures, a list of units): the document's rule turns it into
  a Word footnote or into parentheses; a provider never decides which;
- a `Cases` is a case count («74 trường hợp (TH)» the first time in the document, «46 (TH)»
  after): the assembly decides which, once, in outline order, so a section never has to know
  what the sections before it said.

    p = Paragraph("Thực hiện tinh giản biên chế có ")
    p.cases(74)                        # or p.add(f"… có {cases(74)}") inside built strings
    p.note("Thành phố Vị Thanh 30 hồ sơ, …")
    p.add(".")
"""

import re

from core import formatting as f

# A case count inside a built string (`cases(n)`): private-use brackets that `Paragraph.add` turns
# into a `Cases` segment, so wording code can keep using str.format / join_list on clauses.
_OPEN, _CLOSE = "\ue000", "\ue001"
_CASES_MARK = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def cases(n):
    """A case count to put inside a sentence; None for 0 or missing (the clause drops out)."""
    if f.cases(n) is None:
        return None
    return f"{_OPEN}{int(n)}{_CLOSE}"


class Cases(str):
    """A case count segment; as a str it reads «06 (TH)» until the assembly settles its wording."""

    def __new__(cls, n, text=None):
        obj = super().__new__(cls, text if text is not None else f.cases(n))
        obj.n = int(n)
        return obj

    def __reduce__(self):
        # Cached report content is pickled: rebuild from the count and the settled wording.
        return (Cases, (self.n, str(self)))


def _plain(text):
    """Text with any case marks written the plain way (notes, captions, cells: never introduce (TH))."""
    return _CASES_MARK.sub(lambda m: f.cases(int(m.group(1))), f.nfc(text))


class Note:
    def __init__(self, text):
        self.text = _plain(text).strip()

    def __eq__(self, other):
        return isinstance(other, Note) and other.text == self.text

    def __repr__(self):
        return f"Note({self.text!r})"


class Paragraph:
    """Segments: str (text), `Cases` (a case count, a str too) or `Note` (a breakdown at that point)."""

    def __init__(self, text=None, notes=(), bold=False, italic=False):
        self.segments = []
        self.bold, self.italic = bold, italic
        if text:
            self.add(text)
        for note in notes:
            self.note(note)

    def add(self, text):
        if not text:
            return self
        text = f.nfc(text)
        position = 0
        for mark in _CASES_MARK.finditer(text):
            if mark.start() > position:
                self.segments.append(text[position:mark.start()])
            self.segments.append(Cases(int(mark.group(1))))
            position = mark.end()
        if position < len(text):
            self.segments.append(text[position:])
        return self

    def cases(self, n):
        if f.cases(n) is not None:
            self.segments.append(Cases(n))
        return self

    def note(self, text):
        if text and f.nfc(text).strip():
            self.segments.append(Note(text))
        return self

    def extend(self, segments):
        """Append segments built elsewhere (a clause: str, Cases, Note)."""
        for segment in segments:
            if isinstance(segment, Note):
                self.segments.append(segment)
            elif isinstance(segment, Cases):
                self.segments.append(segment)
            else:
                self.add(segment)
        return self

    @property
    def notes(self):
        return [s for s in self.segments if isinstance(s, Note)]

    @property
    def text(self):
        """The text without its notes."""
        return "".join(s for s in self.segments if isinstance(s, str))

    def text_with_parentheses(self):
        """Notes written inline in parentheses (the document rule «trong ngoặc đơn»)."""
        return "".join(f" ({s.text.rstrip('.')})" if isinstance(s, Note) else s for s in self.segments)

    def render(self, detail_style="footnotes"):
        """Plain data: {"text", "footnotes"} by the footnotes/parentheses rule."""
        if detail_style == "parentheses":
            return {"text": self.text_with_parentheses(), "footnotes": []}
        return {"text": self.text, "footnotes": [n.text for n in self.notes]}

    def __bool__(self):
        return bool(self.text.strip())

    def __repr__(self):
        return f"Paragraph({self.segments!r})"


class Table:
    """Caption, column labels, rows of cell texts (already formatted) and an optional totals row.

    `rows` reads the body rows followed by the totals row (what is drawn); `body` and `totals` apart."""

    def __init__(self, columns, rows, caption="", totals=None):
        self.columns = list(columns)
        self.body = [[_plain(str(c)) for c in row] for row in rows]
        self.totals = [_plain(str(c)) for c in totals] if totals else None
        self.caption = _plain(caption) if caption else ""

    @property
    def rows(self):
        return self.body + ([self.totals] if self.totals else [])

    def __bool__(self):
        return bool(self.body)

    def __repr__(self):
        return f"Table({self.caption!r}, {len(self.body)} rows)"


def blocks(*items):
    """The non-empty blocks of `items` (None and empty paragraphs/tables dropped)."""
    return [b for b in items if b]
