"""The provider contract and the indicator registry.

A provider: key, label, the period types it serves (empty: all), `build(ctx) → blocks`.
A domain declares its providers in its `report.py` with the `provider` decorator; the pipeline
imports every app's `report.py` once and reads `providers()`. A key is registered once: a second
registration under the same key is refused (two domains must never silently shadow each other).

An indicator: key, label, unit, `value(ctx)` → a number or None — a named figure that comparisons
(and later the leaders' dashboard) read without knowing which domain computes it.
"""

from dataclasses import dataclass, field


class DuplicateKey(ValueError):
    pass


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    build: object
    period_types: tuple = ()

    def serves(self, period):
        return not self.period_types or getattr(period, "type", None) in self.period_types

    def __call__(self, ctx):
        return self.build(ctx)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    value: object = field(compare=False)


_providers = {}
_indicators = {}
RESERVED_PREFIXES = ("dataset:",)


def _check(key, table, what):
    if not key or key.startswith(RESERVED_PREFIXES):
        raise ValueError(f"Khóa «{key}» dành cho biểu mẫu, không đăng ký được.")
    if key in table:
        raise DuplicateKey(f"{what} «{key}» đã được đăng ký; mỗi khóa chỉ đăng ký một lần.")


def register(key, build, label="", period_types=()):
    """Register a provider; refuses a key already registered."""
    _check(key, _providers, "Nguồn số liệu")
    registered = Provider(key, label or getattr(build, "label", "") or key, build, tuple(period_types))
    _providers[key] = registered
    return registered


def provider(key, label="", period_types=()):
    """Decorator: `@provider("tien-luong.che-do", label="…")` on `build(ctx) → blocks`."""

    def decorator(build):
        register(key, build, label=label, period_types=period_types)
        return build

    return decorator


def unregister(key):
    _providers.pop(key, None)


def get_provider(key):
    return _providers[key]


def providers():
    return dict(_providers)


def register_indicator(key, label, unit, value):
    _check(key, _indicators, "Chỉ tiêu")
    _indicators[key] = Indicator(key, label, unit, value)
    return _indicators[key]


def indicator(key, label, unit):
    """Decorator: `@indicator("cchc.ho-so-tiep-nhan", "Hồ sơ tiếp nhận", "hồ sơ")` on `value(ctx)`."""

    def decorator(value):
        register_indicator(key, label, unit, value)
        return value

    return decorator


def indicators():
    return dict(_indicators)


def get_indicator(key):
    return _indicators[key]
