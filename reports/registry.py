"""The pipeline's view of the providers: the kit's registry (`core.reporting`) plus data sets.

Providers come from:
- `reports.providers` (local government, associations, inspection: figures of their data sets);
- each installed app's `report.py`, imported once by `ReportsConfig.ready()` (a domain registers
  its providers there with `core.reporting.provider`; it never imports `reports`);
- any data set, with no code: the key `dataset:<CODE>` resolves to `collection.report.DataSetProvider`.

A key is registered once: a second registration is refused (`core.reporting.DuplicateKey`).
"""

from core import reporting

DATASET_PREFIX = "dataset:"


def register(key, provider=None, label="", period_types=()):
    """Register `provider` under `key`; usable as a decorator: `@register("key", label="…")`."""
    if provider is None:
        return reporting.provider(key, label=label, period_types=period_types)
    reporting.register(key, provider, label=label, period_types=period_types)
    return provider


def unregister(key):
    reporting.unregister(key)


def get(key):
    """The provider under `key` (or a DataSetProvider for `dataset:CODE`); KeyError if none."""
    if key.startswith(DATASET_PREFIX):
        from collection.report import DataSetProvider

        return DataSetProvider(key[len(DATASET_PREFIX):])
    return reporting.get_provider(key)


def exists(key):
    if key.startswith(DATASET_PREFIX):
        from collection.models import DataSet

        return DataSet.objects.filter(code=key[len(DATASET_PREFIX):]).exists()
    return key in reporting.providers()


def choices():
    """[(key, label)] of the registered providers and of the active data sets."""
    from collection.models import DataSet

    items = sorted(((p.key, p.label) for p in reporting.providers().values()), key=lambda kv: kv[0])
    items += [(f"{DATASET_PREFIX}{code}", f"Biểu mẫu: {name}") for code, name in
              DataSet.objects.filter(is_active=True).values_list("code", "name")]
    return items


def keys():
    return sorted(reporting.providers())
