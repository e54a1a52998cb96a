"""Make a browser screenshot small enough to commit (the user guide's, docs/anh/): re-encode Chromium's
8-bit RGB(A) PNG as a 256-colour palette PNG. Pages are mostly flat colours, so the 255 most frequent
colours keep them; the rest (anti-aliased text edges) take the nearest of those. Standard library only.

    .venv/bin/python tests/browser/png.py docs/anh/*.png
"""

import struct
import sys
import zlib
from collections import Counter
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunks(data):
    pos = len(SIGNATURE)
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode(data):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    assert data[:8] == SIGNATURE, "không phải tệp PNG"
    idat = []
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and not interlace, "chỉ đọc PNG RGB/RGBA 8 bit"
        elif kind == b"IDAT":
            idat.append(body)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    previous = bytearray(stride)
    rows = []
    pos = 0
    for _y in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((x + p) & 255 for x, p in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                up_left = previous[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + _paeth(left, previous[i], up_left)) & 255
        previous = line
        rows.append(list(zip(line[0::bpp], line[1::bpp], line[2::bpp])))
    return width, height, rows


def encode_palette(width, height, rows):
    counts = Counter(pixel for row in rows for pixel in row)
    palette = [colour for colour, _n in counts.most_common(256)]
    index = {colour: i for i, colour in enumerate(palette)}

    def nearest(colour):
        r, g, b = colour
        return min(range(len(palette)), key=lambda i: 2 * (palette[i][0] - r) ** 2 + 4 * (palette[i][1] - g) ** 2
                   + 3 * (palette[i][2] - b) ** 2)

    for colour in counts:
        if colour not in index:
            index[colour] = nearest(colour)
    raw = b"".join(b"\x00" + bytes(index[pixel] for pixel in row) for row in rows)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    return (SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", b"".join(bytes(c) for c in palette)) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def shrink(path):
    """Rewrite the PNG at `path` with a 256-colour palette (a palette PNG is left as it is)."""
    path = Path(path)
    data = path.read_bytes()
    if data[25] == 3:  # IHDR colour type: already a palette
        return path.stat().st_size
    path.write_bytes(encode_palette(*decode(data)))
    return path.stat().st_size


if __name__ == "__main__":
    for name in sys.argv[1:]:
        before = Path(name).stat().st_size
        print(f"{name}: {before:,} → {shrink(name):,} byte")
