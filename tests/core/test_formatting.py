"""Tests for core.formatting: the official Vietnamese report style (DESIGN.md §3)."""

import ast
import datetime
import inspect
import unicodedata
from decimal import Decimal

import pytest

from core import formatting as fmt
from core.formatting import (
    DIGIT_WORDS,
    VIETNAMESE_LETTERS,
    alpha,
    cases,
    cases_intro,
    count,
    delta,
    join_list,
    join_semicolon,
    long_date,
    measure,
    money,
    money_words,
    nfc,
    number,
    pad2,
    parse_number,
    percent,
    place_date,
    quantity,
    ratio_percent,
    roman,
    short_date,
    spell_number,
    zero_or,
)

HAU_GIANG = "Hậu Giang"
HAU_GIANG_NFD = unicodedata.normalize("NFD", HAU_GIANG)


def is_nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


# ------------------------------------------------------------------ module rules


def test_module_imports_only_standard_library():
    tree = ast.parse(inspect.getsource(fmt))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported <= {"__future__", "collections", "datetime", "decimal", "re", "unicodedata"}


def test_every_public_function_has_a_docstring():
    missing = [
        name for name in fmt.__all__
        if callable(getattr(fmt, name)) and not getattr(fmt, name).__doc__
    ]
    assert missing == []


def test_digit_words_constant():
    assert DIGIT_WORDS == ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def test_vietnamese_letters_constant():
    assert "".join(VIETNAMESE_LETTERS) == "abcdđeghiklmnopqrstuvxy"


def test_source_file_is_nfc():
    assert is_nfc(inspect.getsource(fmt))


# --------------------------------------------------------------------------- nfc


def test_nfc_composes_decomposed_text():
    assert nfc(HAU_GIANG_NFD) == HAU_GIANG


def test_nfc_decomposed_input_really_differs():
    assert HAU_GIANG_NFD != HAU_GIANG


def test_nfc_none_is_empty():
    assert nfc(None) == ""


def test_nfc_non_string_is_converted():
    assert nfc(12) == "12"


def test_nfc_keeps_composed_text():
    assert nfc("Sở Nội vụ") == "Sở Nội vụ"


# ------------------------------------------------------------------------ number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (2222, "2.222"),
        (3316, "3.316"),
        (1_000_000, "1.000.000"),
        (20412619000, "20.412.619.000"),
        (10**15, "1.000.000.000.000.000"),
        (-1234, "-1.234"),
        (-1_234_567, "-1.234.567"),
        (46.4, "46,4"),
        (2.65, "2,65"),
        (Decimal("2.650"), "2,65"),
        (Decimal("18.00"), "18"),
        (Decimal("1E+3"), "1.000"),
        (Decimal("0.000"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("1234.5"), "1.234,5"),
        (Decimal("-1234.56"), "-1.234,56"),
        ("2222", "2.222"),
        ("46.4", "46,4"),
        (" 12 ", "12"),
        (0.1 + 0.2, "0,30000000000000004"),
    ],
)
def test_number(value, expected):
    assert number(value) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.005, 2, "0,01"),
        (0.004, 2, "0,00"),
        (Decimal("2.345"), 2, "2,35"),
        (Decimal("2.335"), 2, "2,34"),
        (Decimal("-2.345"), 2, "-2,35"),
        (1.005, 2, "1,01"),
        (46.4, 2, "46,40"),
        (1234, 2, "1.234,00"),
        (Decimal("1234.5"), 0, "1.235"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("1" + "0" * 30 + ".5"), 0, "1" + ".000" * 9 + ".001"),
    ],
)
def test_number_with_decimals_rounds_half_up(value, decimals, expected):
    assert number(value, decimals) == expected


def test_number_no_padding_for_small_values():
    assert number(6) == "6"


@pytest.mark.parametrize("bad", [None, True, [], object()])
def test_number_rejects_non_numbers_with_type_error(bad):
    with pytest.raises(TypeError):
        number(bad)


@pytest.mark.parametrize("bad", ["abc", "1,5", float("nan"), float("inf"), Decimal("NaN")])
def test_number_rejects_invalid_values(bad):
    with pytest.raises(ValueError):
        number(bad)


def test_number_rejects_negative_decimals():
    with pytest.raises(ValueError):
        number(1, -1)


# ------------------------------------------------------------------------- pad2


@pytest.mark.parametrize(("n", "expected"), [(0, "00"), (6, "06"), (12, "12"), (123, "123")])
def test_pad2(n, expected):
    assert pad2(n) == expected


# ------------------------------------------------------------------------ count


@pytest.mark.parametrize(("n", "expected"), [(i, f"0{i}") for i in range(1, 10)])
def test_count_one_to_nine_has_two_digits(n, expected):
    assert count(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (10, "10"),
        (46, "46"),
        (99, "99"),
        (100, "100"),
        (1360, "1.360"),
        (1_000_000, "1.000.000"),
        (-6, "-06"),
        (-10, "-10"),
        (-1360, "-1.360"),
        (Decimal("6"), "06"),
        (Decimal("6.00"), "06"),
        (6.0, "06"),
        ("7", "07"),
    ],
)
def test_count(n, expected):
    assert count(n) == expected


def test_count_zero_is_plain_zero():
    assert count(0) == "0"


@pytest.mark.parametrize("bad", [6.5, Decimal("1.5"), "2.5"])
def test_count_rejects_non_integers(bad):
    with pytest.raises(ValueError):
        count(bad)


def test_count_rejects_none():
    with pytest.raises(TypeError):
        count(None)


# --------------------------------------------------------------------- quantity


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [
        (2, "đơn vị", "02 đơn vị"),
        (1122, "Bằng khen", "1.122 Bằng khen"),
        (6, "đại biểu", "06 đại biểu"),
        (1921, "đại biểu", "1.921 đại biểu"),
        (10, "đơn", "10 đơn"),
        (4, "", "04"),
    ],
)
def test_quantity(n, noun, expected):
    assert quantity(n, noun) == expected


@pytest.mark.parametrize("n", [0, None, Decimal("0"), 0.0, ""])
def test_quantity_zero_drops_clause_by_default(n):
    assert quantity(n, "đơn vị") is None


def test_quantity_zero_uses_words():
    assert quantity(0, "đơn vị", zero="không có đơn vị nào") == "không có đơn vị nào"


def test_quantity_never_returns_bare_zero():
    assert quantity(0, "đơn vị", zero="") == ""


def test_quantity_normalises_noun():
    assert quantity(3, unicodedata.normalize("NFD", "đơn vị")) == "03 đơn vị"


def test_quantity_rejects_fractions():
    with pytest.raises(ValueError):
        quantity(1.5, "đơn vị")


# ------------------------------------------------------------------------ cases


@pytest.mark.parametrize(
    ("n", "expected"),
    [(6, "06 (TH)"), (1, "01 (TH)"), (46, "46 (TH)"), (1360, "1.360 (TH)")],
)
def test_cases(n, expected):
    assert cases(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(74, "74 trường hợp (TH)"), (2, "02 trường hợp (TH)"), (1360, "1.360 trường hợp (TH)")],
)
def test_cases_intro(n, expected):
    assert cases_intro(n) == expected


@pytest.mark.parametrize("n", [0, None])
def test_cases_zero_is_none(n):
    assert cases(n) is None


@pytest.mark.parametrize("n", [0, None])
def test_cases_intro_zero_is_none(n):
    assert cases_intro(n) is None


# ------------------------------------------------------------------------ delta


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((2, "bậc"), {}, "tăng 02 bậc"),
        ((-25, "biên chế"), {}, "giảm 25 biên chế"),
        ((-3, "biên chế"), {}, "giảm 03 biên chế"),
        ((1360, "trường hợp"), {}, "tăng 1.360 trường hợp"),
        ((0, "bậc"), {}, "không thay đổi"),
        ((-1.5, "%"), {}, "giảm 1,5%"),
        ((2, "%"), {}, "tăng 2%"),
        ((Decimal("0.25"), "%"), {}, "tăng 0,25%"),
        ((2.5, "điểm"), {}, "tăng 2,5 điểm"),
        ((5,), {}, "tăng 05"),
        ((Decimal("-2.0"), "bậc"), {}, "giảm 02 bậc"),
        ((3, "bậc"), {"up": "nhiều hơn", "down": "ít hơn"}, "nhiều hơn 03 bậc"),
        ((-3, "bậc"), {"up": "nhiều hơn", "down": "ít hơn"}, "ít hơn 03 bậc"),
        ((0,), {"same": "giữ nguyên"}, "giữ nguyên"),
        ((7, "mét"), {"pad": False}, "tăng 7 mét"),
        ((7, "%"), {"pad": True}, "tăng 07%"),
    ],
)
def test_delta(args, kwargs, expected):
    assert delta(*args, **kwargs) == expected


def test_delta_rejects_none():
    with pytest.raises(TypeError):
        delta(None, "bậc")


# ---------------------------------------------------------------------- percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (99.99, "99,99%"),
        (6, "6%"),
        (12.5, "12,5%"),
        (Decimal("12.50"), "12,5%"),
        (100, "100%"),
        (0, "0%"),
        (Decimal("99.995"), "100%"),
        (Decimal("33.3333"), "33,33%"),
        (Decimal("66.666"), "66,67%"),
        (-1.5, "-1,5%"),
        (1234.5, "1.234,5%"),
    ],
)
def test_percent(value, expected):
    assert percent(value) == expected


def test_percent_is_not_padded():
    assert percent(6) != "06%"


def test_percent_has_no_space():
    assert " " not in percent(99.99)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(Decimal("12.345"), 1, "12,3%"), (Decimal("12.35"), 1, "12,4%"), (Decimal("12.5"), 0, "13%")],
)
def test_percent_decimals(value, decimals, expected):
    assert percent(value, decimals) == expected


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 3, "33,33%"),
        (2, 3, "66,67%"),
        (9999, 10000, "99,99%"),
        (18, 19, "94,74%"),
        (3, 3, "100%"),
        (0, 5, "0%"),
        (1, 8, "12,5%"),
    ],
)
def test_ratio_percent(part, whole, expected):
    assert ratio_percent(part, whole) == expected


@pytest.mark.parametrize(("part", "whole"), [(5, 0), (5, None), (None, 5), (0, 0)])
def test_ratio_percent_undefined_is_none(part, whole):
    assert ratio_percent(part, whole) is None


def test_ratio_percent_decimals():
    assert ratio_percent(1, 3, decimals=0) == "33%"


# ---------------------------------------------------------------------- measure


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (46.4, "mét", "46,4 mét"),
        (Decimal("2.65"), "mét", "2,65 mét"),
        (18, "mét", "18 mét"),
        (39, "mét", "39 mét"),
        (11, "m", "11 m"),
        (3, "mét", "3 mét"),
        (1234.5, "m²", "1.234,5 m²"),
        (5, "%", "5%"),
    ],
)
def test_measure(value, unit, expected):
    assert measure(value, unit) == expected


def test_measure_decimals():
    assert measure(Decimal("2.654"), "mét", 2) == "2,65 mét"


def test_measure_is_not_padded():
    assert measure(3, "mét") == "3 mét"


# ------------------------------------------------------------------------ money


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [
        (20412619000, "dong", "20.412.619.000 đồng"),
        (150_000, "dong", "150.000 đồng"),
        (Decimal("12345.5"), "dong", "12.346 đồng"),
        (Decimal("12345.4"), "dong", "12.345 đồng"),
        (0, "dong", "0 đồng"),
        (1_250_000_000, "auto", "1,25 tỷ đồng"),
        (20412619000, "auto", "20.412.619.000 đồng"),  # 20,41 tỷ would change the figure
        (2_345_000_000, "auto", "2,345 tỷ đồng"),
        (2_350_000_000, "auto", "2,35 tỷ đồng"),
        (2_345_600_000, "auto", "2.345.600.000 đồng"),
        (1_000_000_000, "auto", "1 tỷ đồng"),
        (1_500_000_000, "auto", "1,5 tỷ đồng"),
        (1_005_000_000, "auto", "1,005 tỷ đồng"),
        (150_000_000, "auto", "150 triệu đồng"),
        (1_000_000, "auto", "1 triệu đồng"),
        (2_345_678, "auto", "2.345.678 đồng"),
        (2_345_000, "auto", "2,345 triệu đồng"),
        (999_994_999, "auto", "999.994.999 đồng"),
        (999_995_000, "auto", "999,995 triệu đồng"),
        (999_999_999, "auto", "999.999.999 đồng"),
        (Decimal("999999.5"), "auto", "1 triệu đồng"),  # only the half đồng is rounded
        (999_999, "auto", "999.999 đồng"),
        (500, "auto", "500 đồng"),
        (-1_250_000_000, "auto", "-1,25 tỷ đồng"),
        (150_000_000, "trieu", "150 triệu đồng"),
        (20412619000, "trieu", "20.412,619 triệu đồng"),
        (20412619500, "trieu", "20.412.619.500 đồng"),
        (1_250_000_000, "ty", "1,25 tỷ đồng"),
        (150_000_000, "ty", "0,15 tỷ đồng"),
        (10**18, "ty", "1.000.000.000 tỷ đồng"),
        (1_250_000_000, "tỷ", "1,25 tỷ đồng"),
    ],
)
def test_money(value, scale, expected):
    assert money(value, scale) == expected


_MONEY_SCALE_OF = {"dong": 1, "trieu": 10**6, "ty": 10**9}


@pytest.mark.parametrize("scale", ["auto", "dong", "trieu", "ty"])
def test_money_never_changes_the_figure(scale):
    """Property over many amounts: reading the text back (scale × figure) gives the amount exactly."""
    amounts = [0, 1, 999, 10**6, 10**9, 2_345_000_000, 2_345_600_000, 20412619000, 999_999_999, 10**15 + 1]
    amounts += [a * k + r for a in (10**6, 10**9) for k in (1, 7, 13, 999, 1234) for r in (0, 1000, 10**5, 10**6, 5 * 10**6, 123_456)]
    amounts += [-a for a in amounts[:10]]
    for amount in amounts:
        text = money(amount, scale)
        figure, _, unit = text.partition(" ")
        multiplier = {"đồng": 1, "triệu đồng": 10**6, "tỷ đồng": 10**9}[unit]
        decimals = figure.partition(",")[2]
        assert len(decimals) <= 3, text
        assert Decimal(figure.replace(".", "").replace(",", ".")) * multiplier == amount, (amount, text)


def test_money_default_scale_is_auto():
    assert money(150_000_000) == "150 triệu đồng"


def test_money_unknown_scale():
    with pytest.raises(ValueError):
        money(1, "usd")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (20412619000, "hai mươi tỷ bốn trăm mười hai triệu sáu trăm mười chín nghìn đồng"),
        (1_500_000, "một triệu năm trăm nghìn đồng"),
        (Decimal("0.4"), "không đồng"),
    ],
)
def test_money_words(value, expected):
    assert money_words(value) == expected


# ----------------------------------------------------------------- spell_number


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "không"),
        (1, "một"),
        (4, "bốn"),
        (5, "năm"),
        (9, "chín"),
        (10, "mười"),
        (11, "mười một"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (19, "mười chín"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (31, "ba mươi mốt"),
        (55, "năm mươi lăm"),
        (74, "bảy mươi tư"),
        (99, "chín mươi chín"),
        (100, "một trăm"),
        (101, "một trăm linh một"),
        (104, "một trăm linh bốn"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (200, "hai trăm"),
        (999, "chín trăm chín mươi chín"),
        (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"),
        (1005, "một nghìn không trăm linh năm"),
        (1010, "một nghìn không trăm mười"),
        (1015, "một nghìn không trăm mười lăm"),
        (1021, "một nghìn không trăm hai mươi mốt"),
        (1100, "một nghìn một trăm"),
        (1360, "một nghìn ba trăm sáu mươi"),
        (2021, "hai nghìn không trăm hai mươi mốt"),
        (2222, "hai nghìn hai trăm hai mươi hai"),
        (10_000, "mười nghìn"),
        (15_000, "mười lăm nghìn"),
        (21_000, "hai mươi mốt nghìn"),
        (100_000, "một trăm nghìn"),
        (105_000, "một trăm linh năm nghìn"),
        (1_000_000, "một triệu"),
        (1_000_005, "một triệu không trăm linh năm"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (1_250_000, "một triệu hai trăm năm mươi nghìn"),
        (10**9, "một tỷ"),
        (10**9 + 5, "một tỷ không trăm linh năm"),
        (1_005_000_000, "một tỷ không trăm linh năm triệu"),
        (1_250_000_000, "một tỷ hai trăm năm mươi triệu"),
        (
            20412619000,
            "hai mươi tỷ bốn trăm mười hai triệu sáu trăm mười chín nghìn",
        ),
        (10**12, "một nghìn tỷ"),
        (2 * 10**12 + 5, "hai nghìn tỷ không trăm linh năm"),
        (10**15, "một triệu tỷ"),
        (10**18, "một tỷ tỷ"),
        (
            999_999_999_999_999,
            "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ "
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
            "chín trăm chín mươi chín",
        ),
        (-5, "âm năm"),
        (-21, "âm hai mươi mốt"),
        (Decimal("105"), "một trăm linh năm"),
    ],
)
def test_spell_number(n, expected):
    assert spell_number(n) == expected


def test_spell_number_rejects_fractions():
    with pytest.raises(ValueError):
        spell_number(1.5)


def test_spell_number_rejects_none():
    with pytest.raises(TypeError):
        spell_number(None)


# ---------------------------------------------------------------------- zero_or


def test_zero_or_zero_in_words():
    text = "không xảy ra vụ việc phức tạp"
    assert zero_or(0, text, cases) == text


def test_zero_or_none_in_words():
    assert zero_or(None, "không có", count) == "không có"


def test_zero_or_formats_non_zero():
    assert zero_or(6, "không có", cases) == "06 (TH)"


def test_zero_or_default_formatter_is_count():
    assert zero_or(3, "không có") == "03"


def test_zero_or_with_spelled_zero():
    assert zero_or(0, spell_number(0)) == "không"


# ------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2023, 6, 13), "ngày 13 tháng 6 năm 2023"),
        (datetime.date(2021, 12, 14), "ngày 14 tháng 12 năm 2021"),
        (datetime.date(2021, 2, 28), "ngày 28 tháng 02 năm 2021"),
        (datetime.date(2010, 3, 15), "ngày 15 tháng 3 năm 2010"),
        (datetime.date(2021, 10, 1), "ngày 01 tháng 10 năm 2021"),
        (datetime.date(2021, 11, 30), "ngày 30 tháng 11 năm 2021"),
        (datetime.date(2021, 9, 9), "ngày 09 tháng 9 năm 2021"),
        (datetime.datetime(2026, 1, 5, 23, 59), "ngày 05 tháng 01 năm 2026"),
    ],
)
def test_long_date(d, expected):
    assert long_date(d) == expected


@pytest.mark.parametrize("month", range(3, 13))
def test_long_date_month_three_to_twelve_not_padded(month):
    assert f" tháng {month} " in long_date(datetime.date(2024, month, 1))


@pytest.mark.parametrize("bad", [None, "2026-01-05", 20260105])
def test_long_date_rejects_non_dates(bad):
    with pytest.raises(TypeError):
        long_date(bad)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (datetime.date(2026, 1, 5), "05/01/2026"),
        (datetime.date(2021, 12, 14), "14/12/2021"),
        (datetime.datetime(2023, 6, 13, 8, 0), "13/06/2023"),
    ],
)
def test_short_date(d, expected):
    assert short_date(d) == expected


def test_short_date_rejects_none():
    with pytest.raises(TypeError):
        short_date(None)


def test_place_date():
    expected = "Hậu Giang, ngày 14 tháng 6 năm 2021"
    assert place_date("Hậu Giang", datetime.date(2021, 6, 14)) == expected


def test_place_date_normalises_decomposed_place():
    expected = "Hậu Giang, ngày 14 tháng 6 năm 2021"
    assert place_date(HAU_GIANG_NFD, datetime.date(2021, 6, 14)) == expected


def test_place_date_output_is_nfc():
    assert is_nfc(place_date(HAU_GIANG_NFD, datetime.date(2021, 6, 14)))


def test_place_date_strips_place():
    assert place_date(" Hậu Giang ", datetime.date(2021, 6, 14)).startswith("Hậu Giang, ")


# ------------------------------------------------------------------------ lists


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["a"], "a"),
        (["a", "b"], "a và b"),
        (["a", "b", "c"], "a, b và c"),
        (["a", None, "b", "", "c", "  "], "a, b và c"),
        ([None, ""], ""),
        ([None, "a"], "a"),
        (iter(["x", "y"]), "x và y"),
        ([1, 2, 3], "1, 2 và 3"),
        (["Sở Y tế", "Sở Tài chính", "UBND huyện"], "Sở Y tế, Sở Tài chính và UBND huyện"),
    ],
)
def test_join_list(items, expected):
    assert join_list(items) == expected


def test_join_list_custom_separators():
    assert join_list(["a", "b", "c"], last=" hoặc ", sep=", ") == "a, b hoặc c"


def test_join_list_normalises_items():
    assert join_list([HAU_GIANG_NFD, "Cần Thơ"]) == "Hậu Giang và Cần Thơ"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["a"], "a"),
        (["a", "b"], "a; b"),
        (["a", "b", "c"], "a; b; c"),
        (["a", None, "c"], "a; c"),
    ],
)
def test_join_semicolon(items, expected):
    assert join_semicolon(items) == expected


# ------------------------------------------------------------------ roman/alpha


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (9, "IX"), (10, "X"),
        (14, "XIV"), (15, "XV"), (40, "XL"), (90, "XC"), (400, "CD"), (1994, "MCMXCIV"),
        (2021, "MMXXI"), (3999, "MMMCMXCIX"),
    ],
)
def test_roman(n, expected):
    assert roman(n) == expected


@pytest.mark.parametrize("bad", [0, -1, 4000])
def test_roman_out_of_range(bad):
    with pytest.raises(ValueError):
        roman(bad)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "a"), (2, "b"), (4, "d"), (5, "đ"), (6, "e"), (7, "g"), (10, "k"),
        (22, "x"), (23, "y"), (24, "aa"), (25, "ab"), (46, "ay"), (47, "ba"),
    ],
)
def test_alpha_vietnamese_sequence(n, expected):
    assert alpha(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "a"), (6, "f"), (26, "z"), (27, "aa"), (52, "az"), (53, "ba")],
)
def test_alpha_latin_sequence(n, expected):
    assert alpha(n, vietnamese=False) == expected


def test_alpha_skips_letters_not_used_in_numbering():
    letters = {alpha(i) for i in range(1, 24)}
    assert letters.isdisjoint({"f", "j", "w", "z"})


@pytest.mark.parametrize("bad", [0, -3])
def test_alpha_rejects_non_positive(bad):
    with pytest.raises(ValueError):
        alpha(bad)


# ---------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", Decimal("1234")),
        ("1.234.567", Decimal("1234567")),
        ("20.412.619.000", Decimal("20412619000")),
        ("46,4", Decimal("46.4")),
        ("2,65", Decimal("2.65")),
        ("1.234,5", Decimal("1234.5")),
        (" 12 ", Decimal("12")),
        ("1234", Decimal("1234")),
        ("0", Decimal("0")),
        ("06", Decimal("6")),
        ("0,5", Decimal("0.5")),
        ("-5", Decimal("-5")),
        ("-1.234,5", Decimal("-1234.5")),
        ("+7", Decimal("7")),
        ("\u22123", Decimal("-3")),
        ("99,99%", Decimal("99.99")),
        ("6%", Decimal("6")),
        ("12,5 %", Decimal("12.5")),
        ("\u00a012\u00a0", Decimal("12")),
        (unicodedata.normalize("NFD", "1.234,5"), Decimal("1234.5")),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_parse_number_returns_decimal():
    assert isinstance(parse_number("46,4"), Decimal)


def test_parse_number_keeps_decimal_exact():
    assert str(parse_number("46,4")) == "46.4"


@pytest.mark.parametrize("text", ["", "   ", None])
def test_parse_number_empty_is_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, Decimal(5)), (Decimal("2.5"), Decimal("2.5")), (46.4, Decimal("46.4"))],
)
def test_parse_number_passes_numbers_through(value, expected):
    assert parse_number(value) == expected


def test_parse_number_rejects_english_decimal_point_with_message():
    with pytest.raises(ValueError) as excinfo:
        parse_number("1.5")
    assert str(excinfo.value) == (
        "Số không hợp lệ: «1.5». Dùng dấu phẩy cho phần thập phân, ví dụ 46,4."
    )


def test_parse_number_rejects_plain_english_decimal():
    with pytest.raises(ValueError, match="Dùng dấu phẩy cho phần thập phân"):
        parse_number("1234.5")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1.5", "Dùng dấu phẩy cho phần thập phân"),
        ("1234.5", "Dùng dấu phẩy cho phần thập phân"),
        ("0.25", "Dùng dấu phẩy cho phần thập phân"),
        ("1.2345", "Dùng dấu phẩy cho phần thập phân"),
        ("abc", "Chỉ được nhập chữ số"),
        ("12a", "Chỉ được nhập chữ số"),
        ("1 234", "Chỉ được nhập chữ số"),
        ("1,2,3", "Chỉ được có một dấu phẩy"),
        ("1..2", "Dấu chấm chỉ dùng để phân cách hàng nghìn"),
        ("12.34.567", "Dấu chấm chỉ dùng để phân cách hàng nghìn"),
        (".5", "Dấu chấm chỉ dùng để phân cách hàng nghìn"),
        ("5.", "Dấu chấm chỉ dùng để phân cách hàng nghìn"),
        ("1,234.5", "phải đứng trước dấu phẩy"),
        (",5", "Phải có chữ số trước và sau dấu phẩy"),
        ("5,", "Phải có chữ số trước và sau dấu phẩy"),
        ("-", "Thiếu chữ số"),
        ("%", "Thiếu chữ số"),
        ("--5", "Chỉ được nhập chữ số"),
    ],
)
def test_parse_number_rejects_with_vietnamese_hint(text, hint):
    with pytest.raises(ValueError, match=hint):
        parse_number(text)


@pytest.mark.parametrize("text", ["1.5", "abc", "1,2,3", "1..2"])
def test_parse_number_message_quotes_input(text):
    with pytest.raises(ValueError, match=f"^Số không hợp lệ: «{text}»"):
        parse_number(text)


def test_parse_number_rejects_other_types():
    with pytest.raises(TypeError):
        parse_number(["1"])


@pytest.mark.parametrize(
    "value",
    [0, 6, 1360, 20412619000, Decimal("46.4"), Decimal("-1234.5"), Decimal("2.65")],
)
def test_parse_number_round_trips_number(value):
    assert parse_number(number(value)) == value


# ------------------------------------------------------------------ NFC output


@pytest.mark.parametrize(
    "output",
    [
        quantity(2, unicodedata.normalize("NFD", "đơn vị")),
        cases_intro(74),
        delta(2, unicodedata.normalize("NFD", "bậc")),
        delta(0, same=unicodedata.normalize("NFD", "không thay đổi")),
        measure(46.4, unicodedata.normalize("NFD", "mét")),
        money(20412619000, "dong"),
        money(1_250_000_000),
        spell_number(1_000_005),
        zero_or(0, unicodedata.normalize("NFD", "không xảy ra vụ việc phức tạp")),
        long_date(datetime.date(2026, 1, 5)),
        join_list([unicodedata.normalize("NFD", "Sở Nội vụ"), "Sở Y tế"]),
        join_semicolon([HAU_GIANG_NFD, "Cần Thơ"]),
        alpha(5),
    ],
)
def test_outputs_are_nfc(output):
    assert is_nfc(output)


# -------------------------------------------------------- reference examples


def test_reference_sentence():
    """A sentence of the Hậu Giang H1 2021 report, built from the helpers."""
    sentence = (
        f"Thực hiện tinh giản biên chế đợt I năm 2021 có {cases_intro(74)}; "
        f"rà soát thẩm định kinh phí tinh giản biên chế đợt II năm 2021: {cases(46)}."
    )
    assert sentence == (
        "Thực hiện tinh giản biên chế đợt I năm 2021 có 74 trường hợp (TH); "
        "rà soát thẩm định kinh phí tinh giản biên chế đợt II năm 2021: 46 (TH)."
    )


def test_reference_training_budget():
    text = f"với {quantity(354, 'lớp')}, tổng kinh phí: {money(20412619000, 'dong')}"
    assert text == "với 354 lớp, tổng kinh phí: 20.412.619.000 đồng"


def test_reference_election_turnout():
    assert f"tỷ lệ cử tri đi bầu đạt {percent(99.99)}" == "tỷ lệ cử tri đi bầu đạt 99,99%"


# ------------------------------------------------------------- template filters


@pytest.fixture(scope="module")
def vn():
    pytest.importorskip("django")
    from core.templatetags import vn as module

    return module


@pytest.mark.parametrize("blank", [None, "", "  "])
@pytest.mark.parametrize(
    "name",
    ["vn_number", "vn_count", "vn_percent", "vn_money", "vn_long_date", "vn_short_date"],
)
def test_filters_blank_is_empty(vn, name, blank):
    assert getattr(vn, name)(blank) == ""


def test_filter_vn_number(vn):
    assert vn.vn_number(2222) == "2.222"


def test_filter_vn_number_decimals(vn):
    assert vn.vn_number(0.005, 2) == "0,01"


def test_filter_vn_number_decimals_as_string(vn):
    assert vn.vn_number(46.4, "2") == "46,40"


def test_filter_vn_count(vn):
    assert vn.vn_count(6) == "06"


def test_filter_vn_percent(vn):
    assert vn.vn_percent(99.99) == "99,99%"


def test_filter_vn_money(vn):
    assert vn.vn_money(20412619000, "dong") == "20.412.619.000 đồng"


def test_filter_vn_money_auto(vn):
    assert vn.vn_money(1_250_000_000) == "1,25 tỷ đồng"
    assert vn.vn_money(2_345_000_000) == "2,345 tỷ đồng"


def test_filter_vn_long_date(vn):
    assert vn.vn_long_date(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"


def test_filter_vn_short_date(vn):
    assert vn.vn_short_date(datetime.date(2026, 1, 5)) == "05/01/2026"


def test_filter_invalid_value_returned_unchanged(vn):
    assert vn.vn_number("abc") == "abc"


def test_filters_are_registered(vn):
    assert set(vn.register.filters) >= {
        "vn_number", "vn_count", "vn_percent", "vn_money", "vn_long_date", "vn_short_date",
    }
