"""`unit_values` (the per-unit footnotes of a report) builds no model object per value: at 3.000
units a six-month build spent 2/3 of its time making a value, its form, unit, element and option
objects for each figure (bench/report.py; issue 17, item 2)."""

from decimal import Decimal

import pytest
from django.db.models.signals import post_init

from collection import selectors
from collection.models import DataElement, DataSet, DataValue, Status, Submission
from core.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_unit_values_rows_without_an_object_per_value(province, h1):
    data_set = DataSet.objects.get(code="CCHC-DV")
    element = DataElement.objects.filter(placements__section__data_set=data_set, combo__isnull=True).first()
    units = [province["VITHANH"], province["NGABAY"]]
    for i, unit in enumerate(units):
        sub = Submission.objects.create(data_set=data_set, unit=unit, period=h1, status=Status.APPROVED, version=1)
        DataValue.objects.create(submission=sub, element=element, numeric_value=Decimal(10 + i))
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    post_init.connect(count)
    try:
        result = selectors.unit_values(data_set, h1, province["HG"], [element.code])
    finally:
        post_init.disconnect(count)
    assert sorted((u.code, option, value) for u, option, value in result[element.code]) == [
        ("NGABAY", None, Decimal(11)), ("VITHANH", None, Decimal(10))]
    assert DataValue not in built and Submission not in built
    assert built.count(OrgUnit) == len(units)  # one per unit
