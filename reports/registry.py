"""The registry of figure providers: `register(key, provider)`.

A provider is a callable `provider(ctx) -> list[Paragraph | Table]` (see `reports.content`),
with an optional `label` attribute. Providers come from:
- `reports.providers` (the figures read through `collection.selectors.aggregate`);
- each installed app's `report.py`, imported by `ReportsConfig.ready()` (a domain registers
  its own providers there; `reports` never imports a domain otherwise);
- any data set, with no code: the key `dataset:<CODE>` resolves to a `DataSetProvider`.
"""

from dataclasses import dataclass

DATASET_PREFIX = "dataset:"

_providers = {}


@dataclass(frozen=True)
class Registered:
    key: str
    provider: object
    label: str


def register(key, provider=None, label=""):
    """Register `provider` under `key`; usable as a decorator: `@register("key", label="…")`."""
    if provider is None:
        def decorator(func):
            register(key, func, label=label)
            return func
        return decorator
    if key.startswith(DATASET_PREFIX):
        raise ValueError(f"Khóa «{key}» dành cho biểu mẫu, không đăng ký được.")
    _providers[key] = Registered(key, provider, label or getattr(provider, "label", "") or key)
    return provider


def unregister(key):
    _providers.pop(key, None)


def get(key):
    """The provider registered under `key` (or a DataSetProvider for `dataset:CODE`); KeyError if none."""
    if key.startswith(DATASET_PREFIX):
        from reports.providers import DataSetProvider

        return DataSetProvider(key[len(DATASET_PREFIX):])
    return _providers[key].provider


def exists(key):
    if key.startswith(DATASET_PREFIX):
        from collection.models import DataSet

        return DataSet.objects.filter(code=key[len(DATASET_PREFIX):]).exists()
    return key in _providers


def choices():
    """[(key, label)] of the registered providers and of the active data sets."""
    from collection.models import DataSet

    items = sorted(((r.key, r.label) for r in _providers.values()), key=lambda kv: kv[0])
    items += [(f"{DATASET_PREFIX}{code}", f"Biểu mẫu: {name}") for code, name in
              DataSet.objects.filter(is_active=True).values_list("code", "name")]
    return items


def keys():
    return sorted(_providers)


def segments_provider(build):
    """Adapt a domain builder `build(period, root)` → paragraphs with `.segments`
    ([("text" | "note", str), …]) or tables with `.columns`, `.rows` (formatted texts) and
    `.caption` to a provider returning report Paragraphs and Tables."""

    def provider(ctx):
        from reports.content import Paragraph, Table

        blocks = []
        for paragraph in build(ctx.period, ctx.root):
            if hasattr(paragraph, "columns"):
                blocks.append(Table(columns=list(paragraph.columns), rows=[list(r) for r in paragraph.rows],
                                    caption=getattr(paragraph, "caption", "")))
                continue
            p = Paragraph()
            for kind, text in paragraph.segments:
                if kind == "text":
                    p.add(text)
                else:
                    p.note(text)
            blocks.append(p)
        return blocks

    return provider
