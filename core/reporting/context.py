"""`ReportContext`: what every provider of one build shares."""

from dataclasses import dataclass, field

from core.reporting import phrases, prose


@dataclass
class ReportContext:
    """The period, the root of the units counted, the issuing unit, the previous comparable period
    (same type and number, the year before; None when there is none) and a memo shared by all
    providers of one build (`ctx.memo.setdefault(key, …)`), so a figure two sections state is read once.

    Data-set figures come through `source` (set by the pipeline; `collection.report.DataSetSource`):
    the kit itself reads nothing. `used` collects the codes read since the pipeline last reset it
    (the section's coverage)."""

    period: object
    root: object = None
    unit: object = None
    report: object = None
    previous: object = None
    source: object = None
    # The province's phrases ({key: text}) and the report kind's period phrase; defaults when empty.
    wording: dict = field(default_factory=dict, repr=False)
    period_words: str = ""
    memo: dict = field(default_factory=dict, repr=False)
    used: set = field(default_factory=set, repr=False)
    _figures: dict = field(default_factory=dict, repr=False)
    _by_unit: dict = field(default_factory=dict, repr=False)
    _coverage: dict = field(default_factory=dict, repr=False)
    _data_sets: dict = field(default_factory=dict, repr=False)

    @property
    def period_phrase(self):
        """"6 tháng đầu năm" («Trong 6 tháng đầu năm, …»), or the report kind's own period phrase."""
        return self.period_words or prose.period_phrase(self.period)

    def say(self, key, **values):
        """Segments of phrase `key` filled with `values` (None when it drops out)."""
        return phrases.say(self, key, **values)

    def sentence(self, key, **values):
        """Phrase `key` as a Paragraph, or None when it drops out."""
        return phrases.sentence(self, key, **values)

    def clauses(self, *items):
        """[segments] of each (key, values) that does not drop out — for {list:…} / {items:…}."""
        return [c for c in (self.say(key, **values) for key, values in items) if c]

    def cached(self, key, compute):
        """`compute()` once per build under `key`."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def for_period(self, period):
        """This build's context for another period (same root, unit, wording and source), kept in the
        memo so each period's figures are read once per build; None for no period."""
        if period is None:
            return None
        key = ("context", getattr(period, "pk", None) or getattr(period, "code", period))
        if key not in self.memo:
            self.memo[key] = ReportContext(period=period, root=self.root, unit=self.unit, report=self.report,
                                           source=self.source, wording=self.wording)
        return self.memo[key]

    def value(self, key, period=None):
        """Indicator `key` (the registry of `core.reporting.providers`) for this period or `period`, once per build."""
        from core.reporting.providers import get_indicator

        ctx = self if period is None else self.for_period(period)
        return ctx.cached(("indicator", key), lambda: get_indicator(key).value(ctx))

    def compare(self, key):
        """(this period, the previous comparable period, the change) of indicator `key`; the change is
        None when either figure is missing, so a phrase's {change:…} clause drops out."""
        now = self.value(key)
        before = self.value(key, self.previous) if self.previous is not None else None
        return now, before, (None if now is None or before is None else now - before)

    # Period types whose report compares each figure with the previous year («so với năm 2020»), as
    # the reference annual report does; a six-month report states its figures alone.
    COMPARED_TYPES = ("annual",)

    def versus(self, key, name="thay_doi"):
        """{name: change, "nam_truoc": "2020"} of indicator `key` for a phrase's optional clause
        «[ ({change:thay_doi|…} so với năm {text:nam_truoc})]»; {} (the clause drops out) outside the
        compared period types or when either year has no figure — zero counts as none, as everywhere
        in the phrases (a register kept only from this year must not read «tăng 120 … so với năm 2020»)."""
        if getattr(self.period, "type", None) not in self.COMPARED_TYPES or self.previous is None:
            return {}
        now, before, change = self.compare(key)
        if change is None or not now or not before:
            return {}
        return {name: change, "nam_truoc": str(self.previous.year)}

    def data_set(self, code):
        if code not in self._data_sets:
            self._data_sets[code] = self.source.data_set(code) if self.source else None
        return self._data_sets[code]

    def figures(self, code, period=None):
        """{(element, option): Decimal} of a data set over the root (approved data), memoised;
        `period`: another period (the previous one, for a comparison)."""
        self.used.add(code)
        key = code if period is None else (code, getattr(period, "pk", None) or getattr(period, "code", period))
        if key not in self._figures:
            data_set = self.data_set(code)
            self._figures[key] = (self.source.figures(data_set, period or self.period, self.root)
                                  if data_set is not None else {})
        return self._figures[key]

    def by_unit(self, code, element_codes):
        """{element: [(unit, option, value)]} for breakdowns by unit, memoised."""
        self.used.add(code)
        key = (code, tuple(element_codes))
        if key not in self._by_unit:
            data_set = self.data_set(code)
            self._by_unit[key] = (self.source.by_unit(data_set, self.period, self.root, element_codes)
                                  if data_set is not None else {})
        return self._by_unit[key]

    def coverage(self, code):
        """(data set, covered, expected) over the root, or None when there is no such data set."""
        if code not in self._coverage:
            data_set = self.data_set(code)
            self._coverage[code] = ((data_set, *self.source.coverage(data_set, self.period, self.root))
                                    if data_set is not None else None)
        return self._coverage[code]
