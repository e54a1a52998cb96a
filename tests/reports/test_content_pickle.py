"""Report content survives the page cache (it is pickled into Django's cache)."""

import pickle

from core.reporting.content import Cases, Note, Paragraph


def test_case_counts_and_paragraphs_survive_pickling():
    settled = Cases(74, "74 trường hợp (TH)")
    again = pickle.loads(pickle.dumps(settled))
    assert (again, again.n, type(again)) == ("74 trường hợp (TH)", 74, Cases)

    paragraph = Paragraph()
    paragraph.add("Đợt I có ")
    paragraph.cases(46)
    paragraph.note("thành phố Vị Thanh 30 hồ sơ")
    copy = pickle.loads(pickle.dumps(paragraph))
    assert [(type(s), str(s) if not isinstance(s, Note) else s.text) for s in copy.segments] == [
        (str, "Đợt I có "), (Cases, "46 (TH)"), (Note, "thành phố Vị Thanh 30 hồ sơ")]
