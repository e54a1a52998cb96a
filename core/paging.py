"""Pages of a long list ordered by a group first (people by their unit, in the tree's order).

`Paginator(qs)` counts every row and then sorts every row to cut one page: on 200,000 people, two
passes and a sort of all of them for fifty names. `GroupedRows(qs, "unit")` gives the paginator the
same rows in the same order with one pass: a GROUP BY counts each group (and so the total), the
groups are put in their own order in Python, and a page reads only the groups it overlaps.

The queryset must be ordered by the group's order first (`group_order`, on the related model, ending
with its primary key so the order is total) and then within the group.

`cached_on=("staffing",)` keeps the groups (ids and counts) in the cache under the two queries' SQL
and parameters (scope, filters and day are in them) and the generations of core and those apps
(`core.generations`): the next page of the same list, or the same list again, counts nothing until
a row of those apps is saved, deleted or imported.
"""

import hashlib

from django.db.models import Count

from core import generations
from core.lookups import one_of

GROUPS_CACHE_SECONDS = 300  # bounds a write that bypassed the signals


class GroupedRows:
    ordered = True  # Django's Paginator warns on unordered lists

    def __init__(self, queryset, group_field, group_order=("sort_order", "name", "pk"), *, cached_on=None):
        self.queryset = queryset
        self.group_field = group_field
        self.group_order = group_order
        self.cached_on = cached_on
        self._groups = None

    def groups(self):
        """[(group id, rows)] in the list's order; one GROUP BY and one query on the groups."""
        if self._groups is None:
            counting = self.queryset.order_by().values_list(self.group_field).annotate(n=Count("pk"))

            def build():
                counts = dict(counting)
                model = self.queryset.model._meta.get_field(self.group_field).related_model
                order = model._base_manager.filter(one_of("pk", counts)).order_by(*self.group_order)
                return [(pk, counts[pk]) for pk in order.values_list("pk", flat=True)]

            key = self._cache_key(counting) if self.cached_on is not None else None
            if key is None:
                self._groups = build()
            else:
                self._groups = generations.kept(key, ("core", *self.cached_on), build, GROUPS_CACHE_SECONDS)
        return self._groups

    def _cache_key(self, counting):
        from django.core.exceptions import EmptyResultSet

        try:
            sql, params = counting.query.sql_with_params()
        except EmptyResultSet:
            return None  # nothing to count: no query is asked anyway
        digest = hashlib.sha256(repr((sql, params, self.group_order, counting.db)).encode()).hexdigest()
        return f"paging:groups:{digest}"

    def count(self):
        return sum(n for _pk, n in self.groups())

    def __len__(self):
        return self.count()

    def __iter__(self):
        return iter(self.queryset)  # every row, in the same order

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("GroupedRows chỉ cắt theo trang (start:stop)")
        start, stop = index.start or 0, index.stop
        if start < 0 or (stop is not None and stop < 0):
            raise ValueError("GroupedRows không nhận chỉ số âm")
        stop = self.count() if stop is None else stop
        chosen, skip, seen = [], 0, 0
        for pk, n in self.groups():
            if seen + n > start and seen < stop:
                if not chosen:
                    skip = start - seen
                chosen.append(pk)
            seen += n
            if seen >= stop:
                break
        if not chosen or stop <= start:
            return []
        rows = self.queryset.filter(**{f"{self.group_field}__in": chosen})
        return list(rows[skip: skip + (stop - start)])
