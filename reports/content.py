"""The report content blocks: the kit's (`core.reporting.content`), re-exported for the pipeline."""

from core.reporting.content import Cases, Note, Paragraph, Table, blocks, cases

__all__ = ["Cases", "Note", "Paragraph", "Table", "blocks", "cases"]
