"""The small content model providers return and the renderer draws.

A provider returns a list of blocks: `Paragraph` (text segments with attached notes) or `Table`.
A `Note` is a breakdown (per-unit figures, a list of units): the renderer turns it into a real
Word footnote or into parentheses, by the report's `detail_style`. Providers never decide that.

    p = Paragraph()
    p.add("kết quả có 2.222 đại biểu được bầu, trong đó: cấp huyện 245 đại biểu")
    p.note("Thành phố Vị Thanh 30 đại biểu, …")
    p.add(".")
"""

from dataclasses import dataclass, field

from core.formatting import nfc


@dataclass
class Note:
    text: str

    def __post_init__(self):
        self.text = nfc(self.text).strip()


@dataclass
class Paragraph:
    """Segments: str (plain text) or Note (a footnote attached at that point)."""

    segments: list = field(default_factory=list)
    bold: bool = False
    italic: bool = False

    def __init__(self, text=None, notes=(), bold=False, italic=False):
        self.segments = []
        self.bold, self.italic = bold, italic
        if text:
            self.add(text)
        for note in notes:
            self.note(note)

    def add(self, text):
        if text:
            self.segments.append(nfc(text))
        return self

    def note(self, text):
        if text and nfc(text).strip():
            self.segments.append(Note(text))
        return self

    @property
    def notes(self):
        return [s for s in self.segments if isinstance(s, Note)]

    @property
    def text(self):
        """The text without its notes."""
        return "".join(s for s in self.segments if isinstance(s, str))

    def text_with_parentheses(self):
        """Notes written inline in parentheses (the report setting «trong ngoặc đơn»)."""
        out = []
        for s in self.segments:
            if isinstance(s, Note):
                out.append(f" ({s.text.rstrip('.')})")
            else:
                out.append(s)
        return "".join(out)

    def __bool__(self):
        return bool(self.text.strip())


@dataclass
class Table:
    """A small table: header labels and rows of cell texts (already formatted)."""

    columns: list
    rows: list
    caption: str = ""

    def __bool__(self):
        return bool(self.rows)
