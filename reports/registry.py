"""The pipeline's view of the providers: the kit's registry (`core.reporting`) plus data sets.

Providers come from:
- `reports.providers` (local government, associations, inspection: figures of their data sets);
- each installed app's `report.py`, imported once by `ReportsConfig.ready()` (a domain registers
  its providers there with `core.reporting.provider`; it never imports `reports`);
- any data set, with no code: the key `dataset:<CODE>` resolves to `collection.report.DataSetProvider`;
  `dataset:<CODE>@cau` / `@don-vi` / `@bang` choose how it is stated (a sentence; a sentence whose figures
  carry their per-unit breakdown; a table); plain `dataset:<CODE>` is the set's sentence when the province
  wrote one, else its table.

A section lists one or more keys, in the order their blocks are printed (`split_keys`), so figures
from several providers can stand in one section before or after the office's narrative.

A key is registered once: a second registration is refused (`core.reporting.DuplicateKey`).
"""

from core import reporting

DATASET_PREFIX = "dataset:"
MODE_SEPARATOR = "@"
# How a data set is stated: (suffix, label shown when choosing a section's figures)
DATASET_MODES = [
    ("", "câu của tỉnh nếu đã viết, nếu chưa: bảng số liệu"),
    ("cau", "câu văn"),
    ("don-vi", "câu văn, mỗi số liệu kèm chi tiết từng đơn vị"),
    ("bang", "bảng số liệu"),
]
MODES = {mode for mode, _label in DATASET_MODES}
MAX_KEYS = 4


def split_keys(text):
    """The provider keys a section lists, in order («a, b» or one per line; blanks dropped)."""
    return [k.strip() for k in (text or "").replace("\n", ",").split(",") if k.strip()]


def join_keys(keys):
    return ", ".join(k for k in keys if k)


def data_set_key(key):
    """(code, mode) of a `dataset:` key, or None for a registered provider's key."""
    if not key.startswith(DATASET_PREFIX):
        return None
    code, _, mode = key[len(DATASET_PREFIX):].partition(MODE_SEPARATOR)
    return code, mode


def base_key(key):
    """The key without its data-set mode: what a phrase belongs to (`dataset:CODE`)."""
    found = data_set_key(key)
    return f"{DATASET_PREFIX}{found[0]}" if found else key


def register(key, provider=None, label="", period_types=()):
    """Register `provider` under `key`; usable as a decorator: `@register("key", label="…")`."""
    if provider is None:
        return reporting.provider(key, label=label, period_types=period_types)
    reporting.register(key, provider, label=label, period_types=period_types)
    return provider


def unregister(key):
    reporting.unregister(key)


def get(key):
    """The provider under `key` (or a DataSetProvider for `dataset:CODE[@mode]`); KeyError if none."""
    found = data_set_key(key)
    if found:
        from collection.report import DataSetProvider

        code, mode = found
        if mode not in MODES:
            raise KeyError(key)
        return DataSetProvider(code, mode)
    return reporting.get_provider(key)


def exists(key):
    found = data_set_key(key)
    if found:
        from collection.models import DataSet

        return found[1] in MODES and DataSet.objects.filter(code=found[0]).exists()
    return key in reporting.providers()


def check_keys(text):
    """The section's keys, checked: a Vietnamese ValueError for an unknown, repeated or excess key."""
    keys = split_keys(text)
    if len(keys) > MAX_KEYS:
        raise ValueError(f"Một mục có tối đa {MAX_KEYS} nguồn số liệu.")
    for key in keys:
        if not exists(key):
            raise ValueError(f"Không có nguồn số liệu «{key}».")
    if len(set(map(base_key, keys))) < len(keys):
        raise ValueError("Một nguồn số liệu chỉ được chọn một lần trong một mục.")
    return keys


def choices():
    """[(key, label)] of the registered providers and of the active data sets, each way of stating it."""
    from collection.models import DataSet

    items = sorted(((p.key, p.label) for p in reporting.providers().values()), key=lambda kv: kv[0])
    for code, name in DataSet.objects.filter(is_active=True).values_list("code", "name"):
        for mode, label in DATASET_MODES:
            suffix = f"{MODE_SEPARATOR}{mode}" if mode else ""
            items.append((f"{DATASET_PREFIX}{code}{suffix}", f"Biểu mẫu: {name} — {label}"))
    return items


def keys():
    return sorted(reporting.providers())
