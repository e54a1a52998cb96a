"""The zip package of an uploaded .xlsx/.docx, checked before any reader sees it.

Nothing here trusts the zip headers: every member is inflated (streaming, discarded) from its raw
compressed bytes with a hard cap, so a deflate bomb stops at the cap, a member whose declared size
or CRC lies is refused, and the sum over members is bounded too. Macro parts and macro-enabled
content types are refused. Every refusal is a `Refused` with a Vietnamese message; it is final
(callers never retry the file with another reader).
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

MB = 1024 * 1024
CHUNK = 256 * 1024  # inflate output per step: memory stays flat whatever the member inflates to


class Refused(Exception):
    """An upload refused by a guard; `message` is Vietnamese and meant for the user."""

    def __init__(self, message, code="refused"):
        super().__init__(message)
        self.message = message
        self.code = code  # not_zip, macro, too_big, bomb, corrupt, structure, too_many_cells, text


@dataclass(frozen=True)
class Limits:
    """What one upload path accepts. Sizes are bytes after inflating unless said otherwise."""

    max_bytes: int = 5 * MB  # the uploaded file itself
    max_members: int = 300
    max_part: int = 4 * MB  # any member not matched by `part_caps`
    part_caps: tuple = ()  # ((path prefix, cap), …), first match wins: e.g. a register's sheets
    max_total: int = 32 * MB  # all members together
    # Sheets (xlsx): the used range calamine/openpyxl would allocate densely.
    # rows × cols is what a dense reader allocates: keep the product within the memory budget.
    max_rows: int = 5_000
    max_cols: int = 256
    max_cells: int = 200_000  # cell elements (each becomes an object in the reader)
    max_strings: int = 500_000  # entries of sharedStrings.xml
    max_text: int = 16 * MB  # bytes of shared strings the cells reference (each reference is a copy)
    kind: str = "xlsx"  # or "docx"

    def part_cap(self, name):
        for prefix, cap in self.part_caps:
            if name.startswith(prefix):
                return cap
        return self.max_part


def megabytes(n):
    value = n / MB
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(".", ",")


def _describe_kind(kind):
    return "Word (.docx)" if kind == "docx" else "Excel (.xlsx)"


MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "activex")
MACRO_TYPES = (b"macroenabled", b"vbaproject", b"ms-office.activex")


@dataclass
class Package:
    """A zip that passed the guard: its members by name, and a way to read one (bounded)."""

    data: bytes
    limits: Limits
    infos: dict = field(default_factory=dict)  # name → ZipInfo
    sizes: dict = field(default_factory=dict)  # name → real inflated size

    def has(self, name):
        return name in self.infos

    def chunks(self, name):
        """The inflated bytes of one member, in chunks (never more than its checked size)."""
        yield from _inflate(self.data, self.infos[name], self.limits.part_cap(name))

    def read(self, name, cap=None):
        """One member's bytes; `cap` bounds what the caller is willing to hold in memory."""
        size = self.sizes[name]
        if cap is not None and size > cap:
            raise Refused(f"Phần «{name}» của tệp quá lớn ({megabytes(size)} MB sau khi giải nén).", "bomb")
        return b"".join(self.chunks(name))


def _raw_span(data, info):
    """(start, end) of a member's compressed bytes, from its local header."""
    offset = info.header_offset
    header = data[offset:offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise Refused("Tệp nén bị hỏng (đầu mục không hợp lệ).", "corrupt")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        raise Refused("Tệp nén bị hỏng hoặc bị cắt cụt.", "corrupt")
    return start, end


def _inflate(data, info, cap):
    """Inflate one member from its raw bytes, refusing beyond `cap` and on a bad CRC or size."""
    start, end = _raw_span(data, info)
    raw = memoryview(data)[start:end]
    total, crc = 0, 0
    if info.compress_type == zipfile.ZIP_STORED:
        for pos in range(0, len(raw), CHUNK):
            piece = bytes(raw[pos:pos + CHUNK])
            total += len(piece)
            if total > cap:
                raise _bomb(info.filename, cap)
            crc = zlib.crc32(piece, crc)
            yield piece
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        pos = 0
        pending = b""
        while True:
            if not pending:
                if pos >= len(raw):
                    break
                pending = raw[pos:pos + CHUNK]
                pos += CHUNK
            try:
                piece = inflater.decompress(pending, CHUNK)
            except zlib.error:
                raise Refused(f"Tệp nén bị hỏng (không giải nén được «{info.filename}»).", "corrupt") from None
            pending = inflater.unconsumed_tail
            if piece:
                total += len(piece)
                if total > cap:
                    raise _bomb(info.filename, cap)
                crc = zlib.crc32(piece, crc)
                yield piece
            if inflater.eof:
                break
        if not inflater.eof:
            raise Refused(f"Tệp nén bị hỏng hoặc bị cắt cụt («{info.filename}»).", "corrupt")
    else:
        raise Refused("Tệp dùng kiểu nén không được hỗ trợ; hãy mở bằng Excel/Word và lưu lại.", "corrupt")
    if total != info.file_size or crc != info.CRC:
        raise Refused(f"Tệp nén bị hỏng (kích thước hoặc mã kiểm tra của «{info.filename}» sai).", "corrupt")


def _bomb(name, cap):
    return Refused(
        f"Tệp giải nén quá lớn: phần «{name}» vượt {megabytes(cap)} MB sau khi giải nén. "
        "Tệp không phải bảng tính/văn bản thông thường nên không được nhận.",
        "bomb",
    )


def read_limited(source, max_bytes):
    """The bytes of an upload (bytes, a path or a file object), refusing more than `max_bytes`
    before reading it all. A file object is left rewound."""
    too_big = Refused(f"Tệp lớn hơn giới hạn {megabytes(max_bytes)} MB cho phép.", "too_big")
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        if os.path.getsize(source) > max_bytes:
            raise too_big
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    else:
        size = getattr(source, "size", None)
        if isinstance(size, int) and size > max_bytes:
            raise too_big
        _rewind(source)
        data = source.read(max_bytes + 1)
        _rewind(source)
    if len(data) > max_bytes:
        raise too_big
    return data


def _rewind(source):
    if hasattr(source, "seek"):
        try:
            source.seek(0)
        except (OSError, ValueError):
            pass


def open_package(data, limits: Limits) -> Package:
    """Check a zip package (size, members, every member inflated under its cap, no macro)."""
    what = _describe_kind(limits.kind)
    not_zip = Refused(f"Tệp không phải {what} hoặc đã bị hỏng.", "not_zip")
    if len(data) > limits.max_bytes:
        raise Refused(f"Tệp lớn hơn giới hạn {megabytes(limits.max_bytes)} MB cho phép.", "too_big")
    if not data.startswith(b"PK\x03\x04"):
        raise not_zip
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError, struct.error):
        raise not_zip from None
    if len(infos) > limits.max_members:
        raise Refused(f"Tệp nén có quá nhiều phần ({len(infos)}); không phải tệp {what} thông thường.", "structure")
    package = Package(data=data, limits=limits)
    seen = set()
    for info in infos:
        name = info.filename
        lower = name.lower()
        if lower in seen:
            raise Refused(f"Tệp nén có hai phần trùng tên «{name}».", "corrupt")
        seen.add(lower)
        if "\\" in name or name.startswith("/") or ".." in posixpath.normpath(name).split("/"):
            raise Refused(f"Tệp nén có đường dẫn không hợp lệ «{name}».", "corrupt")
        if info.flag_bits & 0x1:
            raise Refused("Tệp được mã hóa bằng mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.", "structure")
        if any(part in lower for part in MACRO_PARTS) or lower == "xl/workbook.bin":
            raise _macro(limits.kind)
        package.infos[name] = info
    total = 0
    for name, info in package.infos.items():
        size = 0
        for piece in _inflate(data, info, limits.part_cap(name)):
            size += len(piece)
        package.sizes[name] = size
        total += size
        if total > limits.max_total:
            raise Refused(
                f"Tệp giải nén quá lớn (hơn {megabytes(limits.max_total)} MB sau khi giải nén); "
                f"không phải tệp {what} thông thường.",
                "bomb",
            )
    if "[Content_Types].xml" not in package.infos:
        raise not_zip
    types = package.read("[Content_Types].xml").lower()
    if any(marker in types for marker in MACRO_TYPES):
        raise _macro(limits.kind)
    return package


def _macro(kind):
    if kind == "docx":
        return Refused("Tệp có chứa macro (.docm) nên không được nhận vì lý do an toàn; hãy lưu thành .docx.", "macro")
    return Refused(
        "Tệp có chứa macro (.xlsm) nên không được nhận vì lý do an toàn. Vui lòng lưu thành "
        "Sổ làm việc Excel .xlsx rồi tải lên.",
        "macro",
    )
