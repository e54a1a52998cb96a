"""Document-wide rules, settled once per document in outline order (never by a section)."""

from core import formatting as f
from core.reporting.content import Cases, Paragraph


def settle_cases(blocks, abbreviate=True):
    """Word every case count of `blocks` (all the document's blocks, in outline order): the first
    «74 trường hợp (TH)», the others «46 (TH)»; with `abbreviate` off, «46 trường hợp» throughout."""
    introduced = False
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        for i, segment in enumerate(block.segments):
            if not isinstance(segment, Cases):
                continue
            if not abbreviate:
                text = f"{f.count(segment.n)} {f.CASES_FULL}"
            elif introduced:
                text = f.cases(segment.n)
            else:
                text = f.cases_intro(segment.n)
                introduced = True
            block.segments[i] = Cases(segment.n, text)
    return blocks


def assemble(blocks, abbreviate=True):
    """Apply the document-wide rules to the document's blocks in order (returns them)."""
    return settle_cases(list(blocks), abbreviate=abbreviate)
