"""Vietnamese formatting in the official style of Sở Nội vụ reports (DESIGN.md §3).

One module for web pages, Excel exports and DOCX reports, so that a figure reads the
same everywhere: thousands ".", decimal ",", counts 1–9 with two digits ("06"), zero in
words, long dates "ngày 05 tháng 01 năm 2026", lists "a, b và c".

Pure Python (standard library only) so it can be used outside Django (workers, scripts).
Every string returned is Unicode NFC.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

__all__ = [
    "DIGIT_WORDS",
    "VIETNAMESE_LETTERS",
    "alpha",
    "cases",
    "cases_intro",
    "count",
    "delta",
    "join_list",
    "join_semicolon",
    "join_messages",
    "long_date",
    "measure",
    "money",
    "money_words",
    "nfc",
    "number",
    "pad2",
    "parse_number",
    "percent",
    "place_date",
    "quantity",
    "ratio_percent",
    "roman",
    "short_date",
    "spell_number",
    "zero_or",
]

# Words for the digits 0–9, as read in numbers ("một trăm linh năm").
DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# Letters used to number sub-items "a)", "b)", … in Vietnamese administrative documents:
# the Vietnamese alphabet without the letters carrying diacritics except "đ"
# (ă, â, ê, ô, ơ, ư are skipped) and without f, j, w, z, which are not Vietnamese letters.
VIETNAMESE_LETTERS = (
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y",
)

LATIN_LETTERS = tuple("abcdefghijklmnopqrstuvwxyz")

THOUSANDS_SEP = "."
DECIMAL_SEP = ","

# Markers of the Vietnamese counting scale.
WORD_HUNDRED = "trăm"
WORD_THOUSAND = "nghìn"
WORD_MILLION = "triệu"
WORD_BILLION = "tỷ"

CASES_ABBR = "(TH)"
CASES_FULL = "trường hợp"

_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)

_MONEY_SCALES = {
    "dong": (Decimal(1), "đồng"),
    "đồng": (Decimal(1), "đồng"),
    "trieu": (Decimal(10) ** 6, "triệu đồng"),
    "triệu": (Decimal(10) ** 6, "triệu đồng"),
    "ty": (Decimal(10) ** 9, "tỷ đồng"),
    "tỷ": (Decimal(10) ** 9, "tỷ đồng"),
}


# --------------------------------------------------------------------------- text


def nfc(text) -> str:
    """Return ``text`` as a Unicode NFC string (None -> "")."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", text if isinstance(text, str) else str(text))


def _glued(unit: str) -> bool:
    # "%" is written without a space ("99,99%"); every other unit takes one ("46,4 mét").
    return unit.startswith("%")


def _attach(amount: str, unit) -> str:
    unit = nfc(unit).strip()
    if not unit:
        return amount
    return f"{amount}{'' if _glued(unit) else ' '}{unit}"


# ------------------------------------------------------------------------ numbers


def _to_decimal(value) -> Decimal:
    """Coerce int/Decimal/float/str (Python notation) into a finite Decimal."""
    # bool is an int subclass; True printed as "1" would hide a bug.
    if value is None or isinstance(value, bool):
        raise TypeError(f"Expected a number, got {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # repr() gives the shortest round-trip text, so 0.005 stays 0.005 and rounds
        # half-up as the user expects, instead of 0.00499999… from the binary value.
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"Not a number: {value!r}") from None
    else:
        raise TypeError(f"Expected a number, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"Not a finite number: {value!r}")
    return result


def _to_integer(value) -> int:
    d = _to_decimal(value)
    if d != d.to_integral_value():
        raise ValueError(f"Expected a whole number, got {value!r}")
    return int(d)


def _is_missing_or_zero(value) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    return _to_decimal(value) == 0


def _round(d: Decimal, decimals: int) -> Decimal:
    """Round half-up to ``decimals`` places, with enough precision for huge values."""
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    with localcontext() as ctx:
        # The default 28 digits would make quantize() fail on very large amounts.
        ctx.prec = max(28, d.adjusted() + decimals + 3)
        return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS_SEP.join(groups)


def _render(d: Decimal, decimals: int | None = None, strip: bool = True) -> str:
    if decimals is not None:
        d = _round(d, decimals)
    text = format(d, "f")  # plain notation: never "1E+3"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    int_part, _, frac = text.partition(".")
    if strip:
        frac = frac.rstrip("0")
    if not int_part.strip("0") and not frac.strip("0"):
        sign = ""  # no "-0" after rounding -0,001
    result = sign + _group_thousands(int_part)
    if frac:
        result += DECIMAL_SEP + frac
    return result


def pad2(n: int) -> str:
    """Two-digit form of a non-negative integer: 6 -> "06", 12 -> "12"."""
    return f"{n:02d}"


def number(value, decimals: int | None = None) -> str:
    """Format a number: 2222 -> "2.222", 46.4 -> "46,4", -1234 -> "-1.234".

    Accepts int, Decimal, float, or a string in Python notation ("2.650").
    Without ``decimals`` trailing zeros are dropped (Decimal("2.650") -> "2,65");
    with ``decimals`` the value is rounded half-up to exactly that many places.
    """
    return _render(_to_decimal(value), decimals, strip=decimals is None)


def count(n) -> str:
    """Format a count for report text: 6 -> "06", 1360 -> "1.360", -6 -> "-06".

    Report text never shows a bare "0": use :func:`quantity` or :func:`zero_or`
    to say zero in words; ``count(0)`` itself returns "0" (for tables).
    Raises ValueError for non-integers.
    """
    i = _to_integer(n)
    if 0 < abs(i) < 10:
        return ("-" if i < 0 else "") + pad2(abs(i))
    return number(i)


def quantity(n, noun: str, zero: str | None = None) -> str | None:
    """Count with its noun: "02 đơn vị", "1.122 Bằng khen".

    For 0 or None return ``zero`` unchanged (None means "drop the clause"),
    so "0 đơn vị" is never produced.
    """
    if _is_missing_or_zero(n):
        return nfc(zero) if zero is not None else None
    return nfc(_attach(count(n), noun))


def cases(n) -> str | None:
    """Number of cases (trường hợp): "06 (TH)". None for 0/None."""
    if _is_missing_or_zero(n):
        return None
    return f"{count(n)} {CASES_ABBR}"


def cases_intro(n) -> str | None:
    """First mention of cases, introducing the abbreviation: "74 trường hợp (TH)"."""
    if _is_missing_or_zero(n):
        return None
    return f"{count(n)} {CASES_FULL} {CASES_ABBR}"


def delta(
    n,
    noun: str = "",
    up: str = "tăng",
    down: str = "giảm",
    same: str = "không thay đổi",
    pad: bool | None = None,
) -> str:
    """Describe a change: "tăng 02 bậc", "giảm 25 biên chế", "giảm 1,5%", 0 -> "không thay đổi".

    Whole magnitudes are padded like counts unless the noun is "%" (percentages
    are never padded); ``pad`` forces either way. Fractions use :func:`number`.
    """
    d = _to_decimal(n)
    if d == 0:
        return nfc(same)
    magnitude = abs(d)
    if pad is None:
        pad = not _glued(nfc(noun).strip())
    if pad and magnitude == magnitude.to_integral_value():
        amount = count(magnitude)
    else:
        amount = number(magnitude)
    word = up if d > 0 else down
    return nfc(f"{word} {_attach(amount, noun)}")


def percent(value, decimals: int = 2) -> str:
    """Percentage: 99.99 -> "99,99%", 6 -> "6%", 12.50 -> "12,5%".

    ``value`` is already in percent. Rounded half-up to ``decimals`` places,
    trailing zeros dropped, never padded, no space before "%".
    """
    return _render(_to_decimal(value), decimals, strip=True) + "%"


def ratio_percent(part, whole, decimals: int = 2) -> str | None:
    """``part`` as a percentage of ``whole``: (1, 3) -> "33,33%". None if whole is 0/None."""
    if part is None or _is_missing_or_zero(whole):
        return None
    with localcontext() as ctx:
        ctx.prec = 50  # plenty before the half-up rounding in percent()
        value = _to_decimal(part) * 100 / _to_decimal(whole)
    return percent(value, decimals)


def measure(value, unit: str, decimals: int | None = None) -> str:
    """Physical measure, not padded: "46,4 mét", "2,65 mét", "18 mét", "11 m"."""
    return nfc(_attach(number(value, decimals), unit))


MONEY_MAX_DECIMALS = 3  # "2,345 tỷ đồng" is exact; a fourth decimal would be too many to read


def _exact_scaled(dong: Decimal, divisor: Decimal) -> Decimal | None:
    """``dong / divisor`` when it has at most MONEY_MAX_DECIMALS decimals (exact), else None."""
    with localcontext() as ctx:
        ctx.prec = max(28, dong.adjusted() + 5)
        scaled = dong / divisor
    if scaled != _round(scaled, MONEY_MAX_DECIMALS):
        return None
    return scaled


def money(value, scale: str = "auto") -> str:
    """Amount of money in đồng; scaling never changes the figure.

    ``scale``: "dong" -> "20.412.619.000 đồng"; "trieu" -> "150 triệu đồng";
    "ty" -> "2,345 tỷ đồng"; "auto" picks tỷ from 1 tỷ, triệu from 1 triệu, else đồng.

    A scaled figure is written only when it is exact with at most 3 decimals (trailing
    zeros dropped): 2.345.000.000 đồng is "2,345 tỷ đồng", never "2,35 tỷ đồng";
    20.412.619.000 đồng stays "20.412.619.000 đồng" whatever the scale asked. Only
    fractions of a đồng are rounded (half-up to a whole đồng).
    """
    dong = _round(_to_decimal(value), 0)
    if scale == "auto":
        if abs(dong) >= _MONEY_SCALES["ty"][0]:
            scale = "ty"
        elif abs(dong) >= _MONEY_SCALES["trieu"][0]:
            scale = "trieu"
        else:
            scale = "dong"
    try:
        divisor, unit = _MONEY_SCALES[scale]
    except KeyError:
        raise ValueError(f"Unknown money scale {scale!r}") from None
    scaled = None if divisor == 1 else _exact_scaled(dong, divisor)
    if scaled is None:
        return f"{_render(dong)} {_MONEY_SCALES['dong'][1]}"
    return f"{_render(scaled, MONEY_MAX_DECIMALS, strip=True)} {unit}"


# ------------------------------------------------------------------ number words


def _spell_triple(n: int, full: bool) -> list[str]:
    """Words for 0 < n < 1000; ``full`` reads the hundreds even when 0 ("không trăm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGIT_WORDS[hundreds], WORD_HUNDRED]
    if tens == 0:
        if units:
            if words:
                words.append("linh")  # "một trăm linh năm"
            words.append(DIGIT_WORDS[units])
    elif tens == 1:
        words.append("mười")
        if units == 5:
            words.append("lăm")  # "mười lăm"
        elif units:
            words.append(DIGIT_WORDS[units])  # "mười một", "mười bốn"
    else:
        words += [DIGIT_WORDS[tens], "mươi"]
        # After "mươi": 1 -> "mốt", 4 -> "tư", 5 -> "lăm" (common administrative style).
        special = {1: "mốt", 4: "tư", 5: "lăm"}
        if units:
            words.append(special.get(units, DIGIT_WORDS[units]))
    return words


def _spell_below_billion(n: int, full_first: bool) -> list[str]:
    words: list[str] = []
    started = full_first
    for group, scale in (
        (n // 10**6, WORD_MILLION),
        (n // 1000 % 1000, WORD_THOUSAND),
        (n % 1000, ""),
    ):
        if not group:
            continue  # empty groups are silent: "một triệu không trăm linh năm"
        words += _spell_triple(group, full=started)
        if scale:
            words.append(scale)
        started = True
    return words


def _spell_positive(n: int, full_first: bool = False) -> list[str]:
    if n < 10**9:
        return _spell_below_billion(n, full_first)
    # Above a tỷ the scale repeats: 10^12 "nghìn tỷ", 10^15 "triệu tỷ", 10^18 "tỷ tỷ".
    billions, rest = divmod(n, 10**9)
    words = _spell_positive(billions, full_first) + [WORD_BILLION]
    if rest:
        words += _spell_below_billion(rest, full_first=True)
    return words


def spell_number(n) -> str:
    """Vietnamese words for an integer: 21 -> "hai mươi mốt", 105 -> "một trăm linh năm".

    Style: "linh" for a zero ten ("một nghìn không trăm linh năm"), "mốt", "tư", "lăm"
    after "mươi", "lăm" after "mười", "nghìn" (not "ngàn"), "tỷ"; negatives start with "âm".
    No upper limit (10^12 "một nghìn tỷ", 10^15 "một triệu tỷ").
    """
    i = _to_integer(n)
    if i == 0:
        return DIGIT_WORDS[0]
    words = _spell_positive(abs(i))
    if i < 0:
        words.insert(0, "âm")
    return " ".join(words)


def money_words(value) -> str:
    """Money in words, rounded half-up to whole đồng.

    1500000 -> "một triệu năm trăm nghìn đồng".
    """
    return f"{spell_number(_round(_to_decimal(value), 0))} đồng"


def zero_or(n, text_if_zero: str, formatter: Callable[[object], str] = count) -> str:
    """Say zero in words: ``text_if_zero`` when n is 0/None, else ``formatter(n)``.

    zero_or(0, "không xảy ra vụ việc phức tạp") -> "không xảy ra vụ việc phức tạp".
    """
    if _is_missing_or_zero(n):
        return nfc(text_if_zero)
    return nfc(formatter(n))


# -------------------------------------------------------------------------- dates


def _check_date(d) -> _dt.date:
    if not isinstance(d, _dt.date):  # datetime is a subclass of date
        raise TypeError(f"Expected a date or datetime, got {type(d).__name__}")
    return d


def long_date(d) -> str:
    """Long date: "ngày 05 tháng 01 năm 2026", "ngày 13 tháng 6 năm 2023".

    The day always has two digits; the month is padded only for January and
    February ("tháng 01", "tháng 02"), as the official style requires.
    """
    d = _check_date(d)
    month = pad2(d.month) if d.month <= 2 else str(d.month)
    return f"ngày {pad2(d.day)} tháng {month} năm {d.year}"


def short_date(d) -> str:
    """Date for tables: "05/01/2026"."""
    d = _check_date(d)
    return f"{pad2(d.day)}/{pad2(d.month)}/{d.year}"


def place_date(place: str, d) -> str:
    """Place-and-date line: "Hậu Giang, ngày 14 tháng 6 năm 2021"."""
    return nfc(f"{nfc(place).strip()}, {long_date(d)}")


# -------------------------------------------------------------------------- lists


def join_list(items: Iterable, last: str = " và ", sep: str = ", ") -> str:
    """Join into prose: "a, b và c"; None, "" and blank items are skipped."""
    parts = [nfc(item).strip() for item in items if item is not None]
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return nfc(sep.join(parts[:-1]) + last + parts[-1])


def join_semicolon(items: Iterable) -> str:
    """Join with semicolons: "a; b; c"."""
    return join_list(items, last="; ", sep="; ")


def join_messages(items: Iterable, sep: str = "; ") -> str:
    """Messages (each may end with «.» or «;») as one sentence: "a; b; c." — never «.;» or «..»."""
    parts = [nfc(item).strip().rstrip(".;").rstrip() for item in items if item is not None]
    parts = [p for p in parts if p]
    return sep.join(parts) + "." if parts else ""


def roman(n) -> str:
    """Roman numeral for 1..3999: 4 -> "IV", 14 -> "XIV"."""
    i = _to_integer(n)
    if not 1 <= i <= 3999:
        raise ValueError(f"Roman numerals cover 1..3999, got {i}")
    out = []
    for value, symbol in _ROMAN:
        q, i = divmod(i, value)
        out.append(symbol * q)
    return "".join(out)


def alpha(n, vietnamese: bool = True) -> str:
    """Letter for sub-item numbering "a)", "b)": 1 -> "a", 5 -> "đ", 23 -> "y", 24 -> "aa".

    Uses :data:`VIETNAMESE_LETTERS` (a b c d đ e g h i k l m n o p q r s t u v x y,
    23 letters); after "y" it continues "aa", "ab", … (bijective base 23).
    ``vietnamese=False`` uses plain a–z (26 -> "z", 27 -> "aa").
    """
    i = _to_integer(n)
    if i < 1:
        raise ValueError(f"Letters start at 1, got {i}")
    letters = VIETNAMESE_LETTERS if vietnamese else LATIN_LETTERS
    base = len(letters)
    out = []
    while i:
        i, r = divmod(i - 1, base)
        out.append(letters[r])
    return "".join(reversed(out))


# ------------------------------------------------------------------------ parsing

# A valid number: digits with optional "." thousands groups of exactly 3, then an
# optional "," with the decimal digits.
_NUMBER_RE = re.compile(r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<frac>[0-9]+))?")
_ALLOWED_RE = re.compile(r"[0-9.,]+")

_HINT_DECIMAL = "Dùng dấu phẩy cho phần thập phân, ví dụ 46,4."
_HINT_CHARS = (
    "Chỉ được nhập chữ số, dấu chấm phân cách hàng nghìn và dấu phẩy thập phân, "
    "ví dụ 1.234,5."
)
_HINT_COMMAS = "Chỉ được có một dấu phẩy thập phân, ví dụ 1.234,5."
_HINT_ORDER = "Dấu chấm phân cách hàng nghìn phải đứng trước dấu phẩy thập phân, ví dụ 1.234,5."
_HINT_DOTS = "Dấu chấm chỉ dùng để phân cách hàng nghìn (nhóm 3 chữ số), ví dụ 1.234.567."
_HINT_DIGITS = "Phải có chữ số trước và sau dấu phẩy, ví dụ 0,5."
_HINT_EMPTY = "Thiếu chữ số."


def _invalid(original: str, hint: str) -> ValueError:
    return ValueError(f"Số không hợp lệ: «{original}». {hint}")


def parse_number(text) -> Decimal | None:
    """Parse a number typed the Vietnamese way into a Decimal ("" / None -> None).

    Rules: "." only separates thousands and must be followed by exactly 3 digits
    ("1.234.567"); "," marks decimals ("46,4", "1.234,5"); optional sign; an optional
    trailing "%" is dropped ("99,99%" -> 99.99). Anything else raises ValueError with
    a Vietnamese message. So "1.5" and "1234.5" are rejected rather than guessed:
    a dot not followed by a 3-digit group can only be an English decimal point.
    Note "1.234" is one thousand two hundred thirty-four, never 1,234.
    """
    if text is None:
        return None
    if isinstance(text, (int, Decimal, float)) and not isinstance(text, bool):
        return _to_decimal(text)
    if not isinstance(text, str):
        raise TypeError(f"Expected text, got {type(text).__name__}")
    original = nfc(text).strip()
    if not original:
        return None
    body = original
    if body.endswith("%"):
        body = body[:-1].rstrip()
    sign = ""
    if body[:1] in ("-", "+", "\u2212"):  # U+2212 is the minus Word inserts
        sign = "-" if body[0] != "+" else ""
        body = body[1:].lstrip()
    if not body:
        raise _invalid(original, _HINT_EMPTY)
    match = _NUMBER_RE.fullmatch(body)
    if match:
        digits = match["int"].replace(THOUSANDS_SEP, "")
        if match["frac"]:
            digits += "." + match["frac"]
        return Decimal(sign + digits)
    # Explain the most likely mistake.
    if not _ALLOWED_RE.fullmatch(body):
        hint = _HINT_CHARS
    elif body.count(",") > 1:
        hint = _HINT_COMMAS
    elif "," in body and "." in body.split(",", 1)[1]:
        hint = _HINT_ORDER
    elif ".." in body or body[0] == "." or body[-1] == "." or body.count(".") > 1:
        hint = _HINT_DOTS
    elif body.startswith(",") or body.endswith(","):
        hint = _HINT_DIGITS
    else:
        hint = _HINT_DECIMAL
    raise _invalid(original, hint)
