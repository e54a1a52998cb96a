"""The core app's reporting interface: the legal documents the province issued in the period, as the
annual report's appendix «Danh mục văn bản quy phạm pháp luật …» (through the report kit only)."""

from core import formatting as f
from core.models import DocumentStyle, LegalDocument
from core.reporting import Table, indicator, phrase, provider

phrase("van-ban.qppl.tong-so", "Văn bản QPPL: câu tổng số văn bản ban hành trong kỳ",
       "Tổng số: {count:so|văn bản}[, trong đó: {list:theo_loai}].",
       so=("number", "số văn bản quy phạm pháp luật ban hành trong kỳ"),
       theo_loai=("clauses", "số văn bản theo từng loại (mẫu câu «van-ban.qppl.loai»)"))
phrase("van-ban.qppl.loai", "Văn bản QPPL: vế số văn bản của một loại",
       "{count:so} {text:loai}", so=("number", "số văn bản của loại"), loai=("text", "tên loại văn bản («Nghị quyết»)"))

COLUMNS = ["STT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu nội dung", "Cơ quan ban hành"]


def _documents(ctx):
    def read():
        qs = LegalDocument.objects.filter(style=DocumentStyle.NORMATIVE, issued_on__gte=ctx.period.start,
                                          issued_on__lte=ctx.period.end)
        if ctx.root is not None:  # the province's own documents, not the national ones it cites
            qs = qs.filter(unit__in=ctx.root.descendants())
        return list(qs.order_by("issued_on", "doc_type", "number", "id"))

    return ctx.cached("van-ban.qppl", read)


@provider("van-ban.qppl", label="Phụ lục: văn bản quy phạm pháp luật của tỉnh ban hành trong kỳ")
def normative_documents(ctx):
    documents = _documents(ctx)
    if not documents:
        return []
    by_type = {}
    for document in documents:
        label = document.get_doc_type_display()
        by_type[label] = by_type.get(label, 0) + 1
    rows = [[str(i), document.reference, f.short_date(document.issued_on), f.nfc(document.subject).strip(),
             f.nfc(document.issuer)] for i, document in enumerate(documents, start=1)]
    total = ctx.sentence("van-ban.qppl.tong-so", so=len(documents), theo_loai=ctx.clauses(
        *(("van-ban.qppl.loai", {"so": n, "loai": label}) for label, n in by_type.items())))
    return [b for b in (total, Table(columns=COLUMNS, rows=rows)) if b]


@indicator("van-ban.qppl-ban-hanh", "Văn bản quy phạm pháp luật của tỉnh ban hành trong kỳ", "văn bản")
def normative_count(ctx):
    return len(_documents(ctx))
