"""Compares grey page images (pdftoppm -gray -png) with their goldens, pixel by pixel.

    png_compare.py ACTUAL_DIR GOLDEN_DIR LOG_DIR TAP_N

Each ACTUAL_DIR/NAME.png is checked against GOLDEN_DIR/NAME.png: the same size, and at
most 0.1 % of the pixels differing by more than a quarter of the grey range (a moved
line of text changes thousands). A failure leaves NAME-actual.png and NAME-diff.png
(differences black on white) in LOG_DIR. With TURNO_GOLDEN_UPDATE=1 the goldens are
rewritten instead. Only the standard library: PNG is zlib and five row filters."""
import os
import shutil
import struct
import sys
import zlib

actual_dir, golden_dir, log_dir, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def tap(good, what, why=""):
    global n
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, what))
    if not good and why:
        print("# " + str(why))


def read_png(path):
    """(width, height, rows of grey bytes) of an 8-bit grey or RGB PNG, not interlaced."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (0, 2) or interlace:
                raise ValueError(f"{path}: only 8-bit grey or RGB PNGs")
            channels = 1 if colour == 0 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        filt, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if filt == 1:
                line[i] = (line[i] + a) & 255
            elif filt == 2:
                line[i] = (line[i] + b) & 255
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        rows.append(bytes(line[::channels]))
    return width, height, rows


def write_png(path, width, height, rows):
    raw = b"".join(b"\x00" + r for r in rows)
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


update = os.environ.get("TURNO_GOLDEN_UPDATE") == "1"
names = sorted(f for f in os.listdir(actual_dir) if f.endswith(".png"))
goldens = sorted(f for f in os.listdir(golden_dir) if f.endswith(".png")) if os.path.isdir(golden_dir) else []
if update:
    os.makedirs(golden_dir, exist_ok=True)
    for g in goldens:
        if g not in names:
            os.remove(os.path.join(golden_dir, g))
    for name in names:
        shutil.copyfile(os.path.join(actual_dir, name), os.path.join(golden_dir, name))
    tap(True, f"goldens rewritten: {len(names)} pages in {golden_dir}")
    sys.exit(0)
tap(names == goldens, f"as many pages as the goldens ({len(names)})", f"{names} vs {goldens}")
os.makedirs(log_dir, exist_ok=True)
for name in names:
    golden = os.path.join(golden_dir, name)
    if not os.path.exists(golden):
        tap(False, f"{name} has a golden", golden)
        continue
    w, h, rows = read_png(os.path.join(actual_dir, name))
    gw, gh, grows = read_png(golden)
    if (w, h) != (gw, gh):
        tap(False, f"{name}: the golden's size", f"{w}x{h} vs {gw}x{gh}")
        continue
    diff_rows, bad = [], 0
    for r, g in zip(rows, grows):
        line = bytes(0 if abs(a - b) > 64 else 255 for a, b in zip(r, g))
        bad += line.count(0)
        diff_rows.append(line)
    good = bad <= w * h // 1000
    if not good:
        base = os.path.join(log_dir, name[:-4])
        shutil.copyfile(os.path.join(actual_dir, name), base + "-actual.png")
        write_png(base + "-diff.png", w, h, diff_rows)
    tap(good, f"{name} looks like its golden ({bad} of {w * h} pixels differ)",
        f"see {os.path.join(log_dir, name[:-4])}-actual.png and -diff.png; make golden rewrites the goldens")
