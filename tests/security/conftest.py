"""Fixtures of the hostile-input tests: the small province of tests/collection (org tree, periods,
the standard forms), seeded once per module. The access matrix seeds the whole demo itself."""

import pytest

from tests.collection.conftest import h1, in_2021, make_user, officer, province, seed_province  # noqa: F401
from tests.conftest import seeded_per_module

_province_seed = seeded_per_module(seed_province)
