"""Reads of the reports app: who may do what, the numbered outline, and a report's full content.

Access is decided by `core.access.scope_for` only:
- leaders and staff whose reach covers the issuing unit read a report (and request its DOCX);
  officers read the reports of their own unit (the issuing unit's users) and no other;
- only staff of a section's responsible office edit that section's narrative (admins too); the
  issuing unit's officers write every section of their unit's report; only while not approved;
- leaders and staff of the Sở create the Sở's reports, officers their own unit's (`can_create`);
- only leaders approve.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import OperationalError

from collection import selectors as collection_selectors
from collection.report import DataSetSource
from core import formatting as f
from core.access import READ, scope_for
from core.models import OrgUnitKind, Period, PeriodType, Role
from core.reporting import ReportContext, assemble
from reports import formats, numbering, registry
from reports.content import Paragraph
from reports.models import (
    COMMITTEE_KINDS,
    FiguresPosition,
    NarrativeStatus,
    OutlineSection,
    Report,
    ReportJob,
    ReportSection,
    ReportTemplate,
    SectionNarrative,
)
from reports.wording import KindWording, ReportPhrase

READER_ROLES = (Role.STAFF, Role.LEADER)

# Errors worth another try (database busy, disk or process hiccup): never wrapped as a section's fault.
TRANSIENT_ERRORS = (OperationalError, OSError)

# ---------------------------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------------------------


def can_use_reports(user):
    scope = scope_for(user)
    return scope.is_admin or scope.has_role(*READER_ROLES, Role.OFFICER)


def issuer_memberships(scope, unit, open_only=False):
    """The user's memberships that speak for `unit` as its issuer: an officer of the unit itself,
    leaders and staff of the Sở for the Sở (a closed unit's role reads its history, writes nothing)."""
    memberships = scope.open_memberships if open_only else scope.memberships
    out = []
    for m in memberships:
        if m.role == Role.OFFICER and m.unit_id == unit.pk:
            out.append(m)
        elif m.role in READER_ROLES and unit.kind == OrgUnitKind.HOME_AFFAIRS and (
                m.unit_id == unit.pk or (m.unit.home_affairs_unit() or m.unit).pk == unit.pk):
            out.append(m)
    return out


def readable_reports(user):
    scope = scope_for(user)
    qs = Report.objects.select_related("kind", "period", "unit")
    if scope.is_admin:
        return qs
    own = {m.unit_id for m in scope.memberships if m.role == Role.OFFICER}
    if not scope.has_role(*READER_ROLES):
        return qs.filter(unit_id__in=own)  # an officer: its own unit's reports only
    reach = scope.filter(qs, READ, unit_field="unit", during=("period__start", "period__end"))
    return reach | qs.filter(unit_id__in=own) if own else reach


def can_read(user, report):
    """The issuing unit's users and the Sở (leaders and staff whose reach covers the unit then), no one else."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if issuer_memberships(scope, report.unit):
        return True
    return scope.has_role(*READER_ROLES) and scope.can_read(report.unit, during=report.period)


def editable_office_ids(user):
    """Offices whose sections this user writes (staff memberships)."""
    scope = scope_for(user)
    return {m.unit_id for m in scope.open_memberships if m.role == Role.STAFF}  # a closed office writes nothing


def writes_every_section(user, report):
    """The issuing unit's own officers (role open today, unit writable) write all of their report."""
    scope = scope_for(user)
    return any(m.role == Role.OFFICER for m in issuer_memberships(scope, report.unit, open_only=True)) and (
        scope.can_write(report.unit)
    )


def can_edit_section(user, report, section):
    if report.is_approved or not can_read(user, report):
        return False
    scope = scope_for(user)
    if scope.is_admin or writes_every_section(user, report):
        return True
    return section.office_id is not None and section.office_id in editable_office_ids(user)


def creation_problem(kind, unit, period):
    """Why `unit` cannot issue a report of `kind` for `period` (Vietnamese), or "" when it can."""
    if not kind.is_active:
        return f"Loại báo cáo «{kind.name}» không còn được dùng."
    if not kind.issued_by(unit.kind):
        return f"Loại báo cáo «{kind.name}» không dành cho đơn vị như {unit.name}."
    if not kind.serves(period):
        if period.type == PeriodType.SIX_MONTH and period.number == 2:
            return f"Báo cáo cuối năm {period.year} là báo cáo năm, không phải «{kind.name}» {period.label}."
        return f"Loại báo cáo «{kind.name}» không áp dụng cho kỳ {period.label}."
    if not (unit.valid_from <= period.end and unit.valid_to >= period.start):
        return f"{unit.name} không tồn tại trong kỳ {period.label}."
    return ""


def can_create(user, kind, unit, period):
    """Leaders and staff of the Sở create the Sở's reports; a unit's officers their unit's (open roles only)."""
    if creation_problem(kind, unit, period):
        return False
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return bool(issuer_memberships(scope, unit, open_only=True)) and scope.can_read(unit, during=period)


def can_manage(user, report):
    """May bring the draft up to date with its kind: whoever may create it."""
    if report.is_approved:
        return False
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return bool(issuer_memberships(scope, report.unit, open_only=True)) and scope.can_read(report.unit, during=report.period)


def creatable(user):
    """(kinds, units, periods) the creation form offers this user: its issuing units and the active kinds."""
    from core.models import OrgUnit

    from reports.models import ReportKind

    scope = scope_for(user)
    kinds = list(ReportKind.objects.filter(is_active=True).order_by("name"))
    if scope.is_admin:
        units = list(OrgUnit.objects.filter(kind__in=[OrgUnitKind.HOME_AFFAIRS, OrgUnitKind.DEPARTMENT,
                                                      OrgUnitKind.DISTRICT, OrgUnitKind.COMMUNE]).order_by("sort_order", "name"))
    else:
        units, seen = [], set()
        for m in scope.open_memberships:
            unit = m.unit if m.role == Role.OFFICER else (m.unit.home_affairs_unit() if m.role in READER_ROLES else None)
            if unit is not None and unit.pk not in seen and (m.role == Role.OFFICER or unit.kind == OrgUnitKind.HOME_AFFAIRS):
                seen.add(unit.pk)
                units.append(unit)
    # Only kinds one of these units issues: the first kind offered is the one the form prefills.
    kinds = [k for k in kinds if any(k.issued_by(u.kind) for u in units)]
    types = {t for k in kinds for t in (k.period_types or PeriodType.values)}
    periods = list(Period.objects.filter(type__in=types).order_by("-start"))
    return kinds, units, periods


def can_approve(user, report):
    scope = scope_for(user)
    if scope.is_admin:
        return True
    is_leader = any(m.role == Role.LEADER for m in scope.memberships)
    return is_leader and scope.can_approve(report.unit, during=report.period)


# ---------------------------------------------------------------------------------------------
# Labels and placeholders
# ---------------------------------------------------------------------------------------------


def next_period_label(period):
    """"6 tháng cuối năm 2021" after 2021-H1, "6 tháng đầu năm 2022" after 2021-H2, "năm 2022" after 2021."""
    if period.type == PeriodType.SIX_MONTH:
        nxt = Period(type=period.type, year=period.year + (period.number == 2), number=1 if period.number == 2 else 2)
    elif period.type == PeriodType.QUARTER:
        nxt = Period(type=period.type, year=period.year + (period.number == 4), number=period.number % 4 + 1)
    else:
        nxt = Period(type=period.type, year=period.year + 1, number=1)
    return nxt.label


def _without_year(label, year):
    suffix = f" {year}"
    return label[: -len(suffix)] if label.endswith(suffix) else label


def placeholders(report):
    period = report.period
    unit = report.unit
    return {
        "period": period.label,
        "period_no_year": _without_year(period.label, period.year),
        "next_period": next_period_label(period),
        "year": str(period.year),
        "unit_name": unit.name,
        "unit_short": unit.short_name or unit.name,
    }


def fill(template, values):
    """Fill bare {placeholders} only (reports.formats); anything else is left as typed, never evaluated."""
    return formats.fill(template, values)


def lower_first(text):
    return text[:1].lower() + text[1:] if text else text


# ---------------------------------------------------------------------------------------------
# Outline
# ---------------------------------------------------------------------------------------------


@dataclass
class OutlineNode:
    section: ReportSection  # the report's own copy (an OutlineSection when drawing a kind's outline)
    depth: int
    position: int
    number: str
    path: str
    title: str
    children: list = field(default_factory=list)
    plain_title: str = ""  # the title before upper-casing (for messages)
    appendix: bool = False  # a top-level appendix: printed after the signature («PHỤ LỤC I»)

    @property
    def heading(self):
        """"I. CÔNG TÁC TỔ CHỨC NHÀ NƯỚC", "1. Về tổ chức bộ máy và biên chế" (parts are two lines)."""
        return f"{self.number} {self.title}" if self.number != "-" else self.title

    @property
    def level(self):
        return "appendix" if self.appendix else numbering.level_kind(self.depth, self._uses_parts)

    @property
    def label(self):
        """"3. Về xây dựng chính quyền địa phương": number and title as typed, for messages."""
        title = self.plain_title or self.title
        return f"{self.number} {title}" if self.number != "-" else title

    _uses_parts: bool = True


def outline(owner, values=None):
    """A report's own sections (or, given a kind, the kind's outline) as a numbered tree (one query);
    titles filled with `values`."""
    if isinstance(owner, Report):
        sections = list(ReportSection.objects.filter(report=owner).select_related("office").order_by("order", "id"))
        uses_parts = owner.uses_parts
    else:
        sections = list(OutlineSection.objects.filter(kind=owner).select_related("office").order_by("order", "id"))
        uses_parts = owner.uses_parts
    by_parent = {}
    for s in sections:
        by_parent.setdefault(s.parent_id, []).append(s)

    appendices = [s for s in by_parent.get(None, ()) if getattr(s, "is_appendix", False)]

    def build(parent_id, depth, prefix):
        nodes = []
        children = by_parent.get(parent_id, ())
        if depth == 0:  # appendices are numbered apart, after the body
            children = [s for s in children if s not in appendices]
        for position, section in enumerate(children, start=1):
            short = numbering.short_label(depth, position, uses_parts)
            path = f"{prefix}.{short}" if prefix else short
            plain = fill(section.title, values or {})
            level = numbering.level_kind(depth, uses_parts)
            title = plain.upper() if level in ("part", "roman") else plain
            node = OutlineNode(
                section=section, depth=depth, position=position,
                number=numbering.label(depth, position, uses_parts), path=path, title=title, plain_title=plain,
            )
            node._uses_parts = uses_parts
            node.children = build(section.pk, depth + 1, path if level != "part" else "")
            nodes.append(node)
        return nodes

    nodes = build(None, 0, "")
    for position, section in enumerate(appendices, start=1):
        plain = fill(section.title, values or {})
        number = numbering.appendix_label(position, len(appendices))
        node = OutlineNode(section=section, depth=0, position=position, number=number,
                           path=f"PL{position}", title=plain.upper(), plain_title=plain, appendix=True)
        node._uses_parts = uses_parts
        node.children = build(section.pk, 1, node.path)
        nodes.append(node)
    return nodes


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.children)


# ---------------------------------------------------------------------------------------------
# A report's content (what the renderer draws)
# ---------------------------------------------------------------------------------------------


# What the document says when a figure covers fewer units than expected (ReportKind.coverage_note).
# One default phrase for now; the province will edit it with the other phrases (issue 11 item 2).
@dataclass
class Coverage:
    """How many of the units expected to report a data set the section's figures cover."""

    data_set: object
    covered: int
    expected: int
    missing: list = field(default_factory=list)  # the expected units without a submission, tree order

    @property
    def complete(self):
        return self.covered >= self.expected

    @property
    def label(self):
        return f"biểu {self.data_set.code} có {self.covered}/{self.expected} đơn vị gửi số liệu"

    @property
    def summary(self):
        """«đã tổng hợp 18/22 đơn vị» (the report page, per section)."""
        return f"đã tổng hợp {self.covered}/{self.expected} đơn vị"

    @property
    def missing_names(self):
        from reports.providers import in_sentence

        return [in_sentence(u.name) for u in self.missing]

    def sentence(self, ctx=None):
        """The document's sentence, from collection's phrase (the province's wording via `ctx`)."""
        from collection.report import coverage_sentence

        return coverage_sentence(ctx, self.covered, self.expected, self.missing) or ""


def note_coverage(figures, coverage, mode, ctx=None):
    """Say in the document that figures are incomplete: in the sentence (after the last figure
    paragraph) or as its footnote; a table is followed by its own sentence."""
    from reports.models import CoverageNote

    incomplete = [c for c in coverage if not c.complete]
    if mode == CoverageNote.NONE or not incomplete or not figures:
        return figures
    last = figures[-1]
    if not isinstance(last, Paragraph):
        last = Paragraph()
        figures.append(last)
    for c in incomplete:
        if mode == CoverageNote.FOOTNOTE:
            last.note(c.sentence(ctx))
        else:
            last.add((" " if last.text else "") + c.sentence(ctx))
    return figures


@dataclass
class SectionContent:
    node: OutlineNode
    figures: list  # blocks from the provider
    narrative: list  # Paragraphs from the office's text
    narrative_obj: object = None
    provider_error: str = ""
    coverage: list = field(default_factory=list)  # Coverage per data set the provider read
    has_children: bool = False

    @property
    def is_empty(self):
        """A leaf section with neither figures nor narrative (a heading over sub-sections is not empty)."""
        return not self.has_children and not self.figures and not self.narrative

    @property
    def incomplete_coverage(self):
        return [c for c in self.coverage if not c.complete]

    @property
    def blocks(self):
        if self.node.section.figures_position == FiguresPosition.BEFORE:
            return self.figures + self.narrative
        return self.narrative + self.figures


@dataclass
class ReportContent:
    superior_body: str
    issuing_body: str  # a committee's on two lines («ỦY BAN NHÂN DÂN» line break «HUYỆN …»)
    number_line: str
    place_date: str
    doc_type: str
    subject: str
    addressees: str
    intro: str
    sections: list
    closing: str
    recipients: list
    authority: list
    signer_name: str
    is_draft: bool
    detail_style: str
    file_stem: str = "bao-cao"
    appendix_caption: str = ""  # «(Kèm theo Báo cáo số …/BC-SNV ngày … của Sở Nội vụ)», under each appendix title

    def context(self):
        """The docxtpl context of a Word template (tags documented in reports/templates_docx/README.md)."""
        return {
            "co_quan_chu_quan": self.superior_body,
            "co_quan_ban_hanh": self.issuing_body,
            "so_ky_hieu": self.number_line,
            "dia_danh_ngay": self.place_date,
            "ten_loai": self.doc_type,
            "trich_yeu": self.subject,
            "kinh_gui": self.addressees,
            "mo_dau": self.intro,
            "ket_thuc": self.closing,
            "noi_nhan": self.recipients,
            "quyen_han": self.authority,
            "nguoi_ky": self.signer_name,
            "du_thao": self.is_draft,
        }


def narrative_paragraphs(text):
    """Plain text (one paragraph a line; "-"/"+" bullets kept as typed) → Paragraphs."""
    return [Paragraph(line.strip()) for line in f.nfc(text).splitlines() if line.strip()]


def number_line(report):
    number = report.number.strip() if report.number else ""
    symbol = report.symbol.strip()
    return f"Số: {number}/{symbol}" if number else f"Số:        /{symbol}"


def appendix_caption(report):
    """The line under an appendix's title (Nghị định 30/2020, phụ lục kèm theo văn bản)."""
    number = report.number.strip() if report.number else "      "
    day = f.long_date(report.issued_on) if report.issued_on else f"ngày      tháng      năm {report.period.year}"
    return f.nfc(f"(Kèm theo Báo cáo số {number}/{report.symbol.strip()} {day} của {report.unit.short_name or report.unit.name})")


def place_date_line(report):
    place = report.place or place_of(report.unit)
    if report.issued_on:
        return f.place_date(place, report.issued_on)
    return f.nfc(f"{place}, ngày      tháng      năm {report.period.year}")


ADMINISTRATIVE_PREFIXES = ("Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Quận ", "Phường ", "Xã ")


def place_of(unit):
    """The place written before the date: the unit's own, a committee's its area's name («Châu Thành»
    for Huyện Châu Thành, Nghị định 30/2020), otherwise the unit above's."""
    if unit.place_name:
        return unit.place_name
    if unit.kind in COMMITTEE_KINDS:
        name = f.nfc(unit.name)
        for prefix in ADMINISTRATIVE_PREFIXES:
            if name.startswith(prefix):
                return name[len(prefix):].strip()
    return unit.parent.place_name if unit.parent_id else ""


def report_day(report):
    return report.issued_on or report.period.end or datetime.date.today()


def template_in_force(report):
    """The admin-uploaded template of the report's kind in force on the report's date, else None."""
    return (
        ReportTemplate.objects.filter(kind=report.kind_id, valid_from__lte=report_day(report))
        .order_by("-valid_from", "-id")
        .first()
    )


def previous_period(period):
    """The previous comparable period: same type and number, the year before (None if not on record)."""
    return Period.objects.filter(type=period.type, number=period.number, year=period.year - 1).first()


def kind_wording(kind):
    """The kind's conventions (an unsaved default when the kind has none)."""
    return KindWording.objects.filter(kind=kind).first() or KindWording(kind=kind)


def province_wording():
    """{phrase key: the province's text} of the overridden phrases."""
    return dict(ReportPhrase.objects.values_list("key", "text"))


def provider_context(report, wording=None, conventions=None):
    unit = report.unit
    conventions = conventions or kind_wording(report.kind)
    return ReportContext(period=report.period, root=unit.oversight_root(), unit=unit, report=report,
                         previous=previous_period(report.period), source=DataSetSource(),
                         wording=province_wording() if wording is None else wording,
                         period_words=conventions.period_phrase.strip())


def build_content(report, progress=None, strict=True):
    """Everything the document says, providers run, narratives attached; `progress(i, n, node)` per section.

    A provider that fails raises `rendering.SectionError` naming the section when `strict` (a
    document is never built without a section's figures); otherwise (the report page) the section
    shows the error instead of its figures.
    """
    from reports import rendering
    from reports.rendering import SectionError

    report = (
        Report.objects.select_related("kind", "period", "unit", "unit__parent", "basis").get(pk=report.pk)
    )
    values = placeholders(report)
    nodes = list(walk(outline(report, values)))
    narratives = {n.section_id: n for n in SectionNarrative.objects.filter(report=report)}
    conventions = kind_wording(report.kind)
    ctx = provider_context(report, conventions=conventions)
    sections = []
    for i, node in enumerate(nodes, start=1):
        figures, errors = [], []
        ctx.used = set()
        for key in node.section.provider_keys:  # the section's blocks, in the order it lists them
            try:
                provider = registry.get(key)
            except KeyError:
                errors.append(f"Không có nguồn số liệu «{key}».")
                continue
            try:
                figures += [b for b in (provider(ctx) or []) if b] if provider.serves(report.period) else []
            except TRANSIENT_ERRORS:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken provider is this section's fault
                if strict:
                    raise SectionError(node.label, exc) from exc
                errors.append(f"Không lấy được số liệu của mục này: lỗi {type(exc).__name__}: {exc}")
        error = " ".join(errors)
        coverage = []
        for code in sorted(ctx.used):
            found = ctx.coverage(code)
            if found is not None:
                c = Coverage(*found)
                if not c.complete:
                    c.missing = collection_selectors.missing_units(c.data_set, ctx.period, ctx.root)
                coverage.append(c)
        figures = note_coverage(figures, coverage, report.kind.coverage_note, ctx)
        narrative = narratives.get(node.section.pk)
        sections.append(SectionContent(
            node=node, figures=figures,
            narrative=narrative_paragraphs(narrative.text) if narrative else [],
            narrative_obj=narrative, provider_error=error, coverage=coverage, has_children=bool(node.children),
        ))
        if progress:
            progress(i, len(nodes), node)

    # Document-wide rules, once, in outline order: where «trường hợp (TH)» is introduced.
    assemble((block for section in sections for block in section.figures), abbreviate=conventions.abbreviate_cases)

    unit = report.unit
    subject = fill(report.title_template, values)
    basis = f"Thực hiện {report.basis.citation()}, " if report.basis else ""
    intro_template = report.intro_template or "{basis}{unit_short} báo cáo {subject_lower} như sau:"
    intro = fill(intro_template, {**values, "basis": basis, "subject_lower": lower_first(subject)})
    if basis and not intro.startswith("Thực hiện"):
        intro = basis + lower_first(intro)
    intro = intro[:1].upper() + intro[1:]
    closing_template = report.closing_template or "Trên đây là báo cáo {subject_lower} của {unit_name}./."
    closing = fill(closing_template, {**values, "subject_lower": lower_first(subject)})
    if not closing.endswith("./."):
        closing = closing.rstrip(".") + "./."
    recipients = report.recipient_lines or [
        line.strip() for line in report.kind.default_recipients.splitlines() if line.strip()
    ]
    return ReportContent(
        superior_body=superior_line(unit),
        issuing_body="\n".join(issuing_lines(unit)),
        number_line=number_line(report),
        place_date=place_date_line(report),
        doc_type="BÁO CÁO",
        subject=subject,
        addressees=f.nfc(report.addressees.strip()),
        intro=intro,
        sections=sections,
        closing=closing,
        recipients=format_recipients(recipients),
        authority=report.authority_lines,
        signer_name=f.nfc(report.signer_name),
        is_draft=report.is_draft,
        detail_style=conventions.detail_style or report.detail_style,
        file_stem=rendering.file_stem("Báo cáo", report.period.label, unit.short_name or unit.name),
        appendix_caption=appendix_caption(report),
    )


COMMITTEE = "ỦY BAN NHÂN DÂN"


def superior_line(unit):
    """The line above the issuing body (Nghị định 30/2020): none for a People's Committee; a
    department or the Sở has its province's committee («ỦY BAN NHÂN DÂN TỈNH …»)."""
    if unit.kind in COMMITTEE_KINDS or not unit.parent_id:
        return ""
    return unit.parent.document_header()


def issuing_lines(unit):
    """The issuing body: «ỦY BAN NHÂN DÂN» / «HUYỆN CHÂU THÀNH» for a committee, «SỞ NỘI VỤ» otherwise."""
    header = f.nfc(unit.document_header()).strip()
    if unit.kind in COMMITTEE_KINDS:
        rest = header[len(COMMITTEE):].strip() if header.startswith(COMMITTEE) else header
        return [COMMITTEE, rest] if rest else [COMMITTEE]
    return [header]


def format_recipients(lines):
    """"- Bộ Nội vụ;" … "- Lưu: VT, VP." (dash added, «;» after each line, «.» after the last)."""
    out = []
    for i, line in enumerate(lines):
        line = f.nfc(line).strip().lstrip("-").strip().rstrip(";.").strip()
        if not line:
            continue
        out.append(f"- {line}")
    return [line + (";" if i < len(out) - 1 else ".") for i, line in enumerate(out)]


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def report_list(user, period=None, kind=None):
    qs = readable_reports(user)
    if period:
        qs = qs.filter(period=period)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-period__start", "kind__name", "unit__sort_order")


def report_for(user, pk):
    """The report if the user may read it, else None (the view answers 404)."""
    report = Report.objects.select_related("kind", "period", "unit", "unit__parent", "basis", "approved_by").filter(pk=pk).first()
    if report is None or not can_read(user, report):
        return None
    return report


def jobs_of(report):
    return ReportJob.objects.filter(report=report).select_related("requested_by").order_by("-created_at", "-id")


def detail_sections(user, report):
    """Sections with their figures and narrative, and whether this user edits each. The content
    comes from the cache while nothing it reads has changed (reports/cache.py)."""
    from reports import cache as content_cache

    content, _hit = content_cache.content(report, lambda r: build_content(r, strict=False))
    offices = editable_office_ids(user)
    every = scope_for(user).is_admin or writes_every_section(user, report)
    for section in content.sections:
        s = section.node.section
        section.editable = not report.is_approved and (every or (s.office_id is not None and s.office_id in offices))
    return content


def pending_sections(report):
    """Sections whose narrative is still a draft (blocks approval)."""
    return list(
        SectionNarrative.objects.filter(report=report, status=NarrativeStatus.DRAFT).exclude(text="").select_related("section")
    )


def approval_concerns(report, content=None):
    """What a leader must confirm with a written reason before approving (DESIGN §6 «Coverage»):
    leaf sections with nothing written nor generated, sections whose office has written nothing,
    figures covering fewer units than expected."""
    content = content or build_content(report, strict=False)
    concerns = []
    for section in content.sections:
        title = section.node.label
        if section.provider_error:
            concerns.append(f"Mục «{title}» không lấy được số liệu.")
        elif section.is_empty:
            concerns.append(f"Mục «{title}» chưa có nội dung.")
        elif section.node.section.office_id and not section.narrative:
            office = section.node.section.office
            concerns.append(f"Mục «{title}» chưa có nội dung do {office.short_name or office.name} viết.")
        for c in section.incomplete_coverage:
            concerns.append(f"Mục «{title}»: số liệu {c.label} (chưa đủ).")
    return concerns


# ---------------------------------------------------------------------------------------------
# Phrases (mẫu câu): who edits which, and a preview on real data
# ---------------------------------------------------------------------------------------------


def phrase_provider_key(key):
    """The provider a phrase belongs to: the longest registered provider key prefixing it."""
    from collection.report import SENTENCE_PREFIX
    from core import reporting

    if key.startswith(SENTENCE_PREFIX):  # a data set's own sentence feeds the sections of `dataset:CODE`
        return registry.DATASET_PREFIX + key[len(SENTENCE_PREFIX):]
    found = [p for p in reporting.providers() if key == p or key.startswith(p + ".")]
    return max(found, key=len) if found else None


def offices_by_provider():
    """{provider key (data sets without their mode): ids of the offices whose outline sections use it}."""
    by_provider = {}
    for keys, office_id in OutlineSection.objects.exclude(provider_key="").filter(office__isnull=False) \
            .values_list("provider_key", "office_id"):
        for key in registry.split_keys(keys):
            by_provider.setdefault(registry.base_key(key), set()).add(office_id)
    return by_provider


def phrase_offices(key):
    """Ids of the offices responsible for the sections the phrase's provider feeds."""
    provider_key = phrase_provider_key(key)
    if provider_key is None:
        return set()
    return offices_by_provider().get(provider_key, set())


def can_use_phrases(user):
    scope = scope_for(user)
    return scope.is_admin or bool(editable_office_ids(user))


def can_edit_phrase(user, key):
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return bool(phrase_offices(key) & editable_office_ids(user))


@dataclass
class PhraseRow:
    phrase: object
    text: str
    overridden: bool
    provider_label: str = ""


def phrase_rows(user):
    """The phrases this user may edit (an admin: all), with the province's text, by provider."""
    from core import reporting

    overrides = province_wording()
    admin = scope_for(user).is_admin
    offices = editable_office_ids(user)
    by_provider = offices_by_provider()
    labels = {key: p.label for key, p in reporting.providers().items()}
    rows = []
    for key, declared in sorted(reporting.phrases().items()):
        provider_key = phrase_provider_key(key)
        if not admin and not (by_provider.get(provider_key, set()) & offices):
            continue
        rows.append(PhraseRow(declared, overrides.get(key, declared.default), key in overrides,
                              labels.get(provider_key, "")))
    return rows


def preview_report(key):
    """The most recent report whose outline uses the phrase's provider (real data to preview on)."""
    provider_key = phrase_provider_key(key)
    if provider_key is None:
        return None
    # A section lists «a, b»; data sets may carry a mode («dataset:X@cau»): match the key as a list item.
    pattern = rf"(^|,\s*){re.escape(provider_key)}(@[a-z-]+)?\s*(,|$)"
    qs = Report.objects.select_related("kind", "period", "unit", "unit__parent").order_by("-period__start", "-id")
    return qs.filter(sections__provider_key__regex=pattern).first()


def preview_phrase(key, text):
    """(texts, report): what the phrase's provider writes for the latest report using it when the
    phrase reads `text` — notes in parentheses; PhraseError when `text` does not check."""
    from core import reporting

    declared = reporting.get_phrase(key)
    declared.check(text)
    report = preview_report(key)
    if report is None:
        return [], None
    wording = {**province_wording(), key: text}
    ctx = provider_context(report, wording=wording)
    provider_key = phrase_provider_key(key)
    if registry.data_set_key(provider_key):  # a data set's sentence phrase previews as a sentence
        provider_key += registry.MODE_SEPARATOR + "cau"
    blocks = [b for b in (registry.get(provider_key)(ctx) or []) if b]
    assemble(blocks, abbreviate=kind_wording(report.kind).abbreviate_cases)
    return [b.text_with_parentheses() if isinstance(b, Paragraph) else b.caption or "(bảng)" for b in blocks], report
