"""The report kit (DESIGN §2, §6): what a domain's `report.py` uses to speak to the report pipeline.

Pure: imports nothing from the apps (only core.formatting / core.text). Domains import only this
package; `reports` is the pipeline (outline → providers → assembly → render → job).
"""

from core.reporting.assembly import assemble, settle_cases
from core.reporting.content import Cases, Note, Paragraph, Table, blocks, cases
from core.reporting.context import ReportContext
from core.reporting.phrases import kinds as phrases_kinds
from core.reporting.phrases import (
    Phrase,
    PhraseError,
    check,
    get_phrase,
    names_in,
    phrase,
    phrase_family,
    phrases,
    render,
    say,
    sentence,
)
from core.reporting.prose import (
    capitalize_first,
    in_sentence,
    join_list,
    join_semicolon,
    lower_first,
    period_phrase,
    unit_breakdown,
    unit_list,
)
from core.reporting.providers import (
    DuplicateKey,
    Indicator,
    Provider,
    get_indicator,
    get_provider,
    indicator,
    indicators,
    provider,
    providers,
    register,
    register_indicator,
    unregister,
)

__all__ = [
    "Cases", "DuplicateKey", "Indicator", "Note", "Paragraph", "Provider", "ReportContext", "Table", "assemble",
    "blocks", "capitalize_first", "cases", "get_indicator", "get_provider", "in_sentence", "indicator", "indicators",
    "join_list", "join_semicolon", "lower_first", "period_phrase", "provider", "providers", "register",
    "register_indicator", "settle_cases", "unit_breakdown", "unit_list", "unregister",
    "Phrase", "PhraseError", "names_in", "phrase_family", "phrases_kinds", "check", "get_phrase", "phrase", "phrases", "render", "say", "sentence",
]
