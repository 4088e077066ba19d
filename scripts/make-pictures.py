#!/usr/bin/env python3
"""Make the picture files that nyttig's tests and demo portal use.

The files this script writes are committed to the repository; nothing in the
build or the tests runs it. Run it only when the pictures are to be made again
(a new case, a changed size), then commit what it wrote:

    python3 -m venv /tmp/pictures-venv
    /tmp/pictures-venv/bin/pip install Pillow numpy
    /tmp/pictures-venv/bin/python scripts/make-pictures.py

It needs Python 3.11 or later, Pillow 10.1 or later (with WebP and LittleCMS,
as in Pillow's wheels) and numpy. Every random choice comes from a fixed seed,
so a second run with the same Pillow and libjpeg writes the same pictures.

It writes:

- tests/fixtures/pictures/: small test pictures (phone.jpg with EXIF
  orientation 6, GPS and personal data; wide.jpg, small.jpg, logo.png,
  opaque.png, photo.webp, anim.gif, cmyk.jpg, p3.jpg) and bad ones
  (truncated.jpg, not-a-picture.jpg, iphone.heic, scan.tiff, bomb.png).
  README.md beside them says what each is for.
- scripts/demo-pictures/: three phone-size (4000 x 3000) photographs for the
  demo portal, bus.jpg, kitchen.jpg and garden.jpg, with phone-like EXIF
  (GPS included). It is a staging folder: the pictures are moved into the
  demo content from there.

With --fixtures-only it makes only the test pictures (a few seconds).
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
import sys
import time
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageDraw, ImageFilter, ImageFont, PngImagePlugin
from PIL.TiffImagePlugin import IFDRational

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "pictures"
DEMO = ROOT / "scripts" / "demo-pictures"

# ---------------------------------------------------------------------------
# EXIF, XMP and IPTC
# ---------------------------------------------------------------------------

# EXIF tag numbers (TIFF/EXIF 2.32).
MAKE, MODEL, ORIENTATION, SOFTWARE, DATETIME, ARTIST = 0x010F, 0x0110, 0x0112, 0x0131, 0x0132, 0x013B
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, BODY_SERIAL = 0x9003, 0xA431


def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees as EXIF writes them: degrees, minutes and seconds, each a rational."""
    value = abs(value)
    degrees = int(value)
    minutes_f = (value - degrees) * 60
    minutes = int(minutes_f)
    seconds = round((minutes_f - minutes) * 60, 2)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(int(round(seconds * 100)), 100)


def make_exif(
    *,
    lat: float | None = None,
    lon: float | None = None,
    orientation: int | None = None,
    make: str | None = None,
    model: str | None = None,
    serial: str | None = None,
    artist: str | None = None,
    when: str | None = None,
    size: tuple[int, int] | None = None,
) -> Image.Exif:
    """EXIF as a phone writes it; with `size` (the stored pixels) also the tags EXIF requires in a JPEG."""
    exif = Image.Exif()
    if make:
        exif[MAKE] = make
    if model:
        exif[MODEL] = model
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if when:
        exif[DATETIME] = when
    if artist:
        exif[ARTIST] = artist
    sub = {}
    if size:
        exif[0x011A] = exif[0x011B] = IFDRational(72, 1)  # XResolution, YResolution
        exif[0x0128] = 2  # ResolutionUnit: inches
        exif[0x0213] = 1  # YCbCrPositioning: centred
        sub[0x9000] = b"0232"  # ExifVersion
        sub[0xA000] = b"0100"  # FlashpixVersion
        sub[0xA001] = 1  # ColorSpace: sRGB
        sub[0xA002], sub[0xA003] = size  # PixelXDimension, PixelYDimension
    if when:
        sub[DATETIME_ORIGINAL] = when
    if serial:
        sub[BODY_SERIAL] = serial
    if sub:
        exif[EXIF_IFD] = sub
    if lat is not None and lon is not None:
        exif[GPS_IFD] = {
            0: b"\x02\x02\x00\x00",  # GPSVersionID 2.2
            1: "N" if lat >= 0 else "S",  # GPSLatitudeRef
            2: dms(lat),  # GPSLatitude
            3: "E" if lon >= 0 else "W",  # GPSLongitudeRef
            4: dms(lon),  # GPSLongitude
            5: b"\x00",  # GPSAltitudeRef: above sea level
            6: IFDRational(12, 1),  # GPSAltitude, metres
        }
    return exif


XMP_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
   <dc:creator><rdf:Seq><rdf:li>Anna Jensen</rdf:li></rdf:Seq></dc:creator>
   <Iptc4xmpCore:CreatorContactInfo rdf:parseType="Resource">
    <Iptc4xmpCore:CiEmailWork>anna.jensen@egebjerg.dk</Iptc4xmpCore:CiEmailWork>
   </Iptc4xmpCore:CreatorContactInfo>
   <exif:GPSLatitude>55,40.566N</exif:GPSLatitude>
   <exif:GPSLongitude>12,34.098E</exif:GPSLongitude>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_segment() -> bytes:
    """An APP1 segment holding the XMP packet above."""
    body = b"http://ns.adobe.com/xap/1.0/\x00" + XMP_PACKET.encode("utf-8")
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def iptc_segment() -> bytes:
    """An APP13 "Photoshop 3.0" segment with one 8BIM resource (0x0404) of IPTC-IIM data."""

    def dataset(record: int, number: int, data: bytes) -> bytes:
        return struct.pack(">BBBH", 0x1C, record, number, len(data)) + data

    iim = b"".join(
        [
            dataset(1, 90, b"\x1b%G"),  # CodedCharacterSet: UTF-8
            dataset(2, 0, b"\x00\x04"),  # RecordVersion 4
            dataset(2, 80, "Anna Jensen".encode()),  # By-line
            dataset(2, 116, "© Anna Jensen".encode()),  # CopyrightNotice
            dataset(2, 118, "anna.jensen@egebjerg.dk".encode()),  # Contact
            dataset(2, 90, "København".encode()),  # City
        ]
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    if len(iim) % 2:
        resource += b"\x00"
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def insert_after_app_segments(jpeg: bytes, segments: bytes) -> bytes:
    """Put `segments` into a JPEG right after the APPn segments that follow SOI."""
    assert jpeg[:2] == b"\xff\xd8"
    pos = 2
    while jpeg[pos] == 0xFF and 0xE0 <= jpeg[pos + 1] <= 0xEF:
        (length,) = struct.unpack(">H", jpeg[pos + 2 : pos + 4])
        pos += 2 + length
    return jpeg[:pos] + segments + jpeg[pos:]


# ---------------------------------------------------------------------------
# A Display P3 ICC profile, built by hand and checked by LittleCMS
# ---------------------------------------------------------------------------


def s15(v: float) -> bytes:
    return struct.pack(">i", int(round(v * 65536)))


def display_p3_icc() -> bytes:
    """An ICC v4.3 matrix/TRC display profile for Display P3 (P3 primaries, D65, sRGB curve).

    Pillow's ImageCms can only create sRGB, LAB and XYZ profiles, so this one is
    put together from the ICC spec; LittleCMS (through ImageCms) then reads it
    and transforms with it, as a check.
    """

    def mluc(text: str) -> bytes:
        s = text.encode("utf-16-be")
        return b"mluc" + b"\0" * 4 + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(">II", len(s), 28) + s

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    # sRGB's curve as a parametric curve of type 3: Y = (aX + b)^g for X >= d, else cX.
    para = b"para" + b"\0" * 4 + struct.pack(">HH", 3, 0)
    para += b"".join(s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
    # Bradford-adapted (D65 -> D50) colorants of Display P3, as in Apple's profile.
    chad = b"sf32" + b"\0" * 4 + b"".join(
        s15(v)
        for v in (1.047882, 0.022919, -0.050201, 0.029587, 0.990479, -0.017059, -0.009232, 0.015076, 0.751678)
    )
    tags = [
        (b"desc", mluc("Display P3 (nyttig test)")),
        (b"cprt", mluc("No copyright, use freely")),
        (b"wtpt", xyz(0.96420, 1.0, 0.82491)),
        (b"rXYZ", xyz(0.515121, 0.241196, -0.001053)),
        (b"gXYZ", xyz(0.291977, 0.692245, 0.041885)),
        (b"bXYZ", xyz(0.157104, 0.066574, 0.784073)),
        (b"rTRC", para),
        (b"gTRC", para),
        (b"bTRC", para),
        (b"chad", chad),
    ]
    table = struct.pack(">I", len(tags))
    data = b""
    offset = 128 + 4 + 12 * len(tags)
    for sig, body in tags:
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    size = offset + len(data)
    header = struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x04300000)
    header += b"mntr" + b"RGB " + b"XYZ " + struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
    header += b"acsp" + b"\0" * 4 + b"\0" * 4 + b"\0" * 4 + b"\0" * 4 + b"\0" * 8
    header += struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 4
    assert len(header) == 84
    profile = header + b"\0" * 16 + b"\0" * 28 + table + data
    # The profile ID is the MD5 of the profile with flags, intent and ID zeroed.
    profile_id = hashlib.md5(profile).digest()
    return profile[:84] + profile_id + profile[100:]


# ---------------------------------------------------------------------------
# Drawing: gradients, shaded shapes, shadows, grain
# ---------------------------------------------------------------------------


def lerp_colors(stops, t):
    """Colours (n, 3) for positions t (n,) along gradient stops [(pos, (r, g, b)), ...]."""
    pos = np.array([p for p, _ in stops], dtype=np.float32)
    cols = np.array([c for _, c in stops], dtype=np.float32)
    return np.stack([np.interp(t, pos, cols[:, k]) for k in range(3)], axis=-1)


def vgradient(w: int, h: int, stops, y0: int = 0, full_h: int | None = None) -> np.ndarray:
    full_h = full_h or h
    t = (np.arange(h, dtype=np.float32) + y0) / full_h
    col = lerp_colors(stops, t)
    return np.broadcast_to(col[:, None, :], (h, w, 3)).copy()


def smooth_noise(rng, w: int, h: int, cell: float) -> np.ndarray:
    """Noise in about [-1, 1] that varies over `cell` pixels (bicubic upscale of a small grid)."""
    gw, gh = max(2, int(w / cell) + 2), max(2, int(h / cell) + 2)
    small = rng.standard_normal((gh, gw)).astype(np.float32)
    img = Image.fromarray(small).resize((w, h), Image.BICUBIC)
    return np.asarray(img, dtype=np.float32) * 0.6


def to_image(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8))


def paint(img: Image.Image, shape, field, blur: float = 0.0) -> None:
    """Fill what `shape(draw)` draws on a mask with `field`: a colour, or f(x0, y0, x1, y1) -> array."""
    mask = Image.new("L", img.size, 0)
    shape(ImageDraw.Draw(mask))
    if blur:
        mask = mask.filter(ImageFilter.GaussianBlur(blur))
    box = mask.getbbox()
    if not box:
        return
    x0, y0, x1, y1 = box
    if callable(field):
        patch = to_image(field(x0, y0, x1, y1))
    else:
        patch = Image.new("RGB", (x1 - x0, y1 - y0), tuple(int(c) for c in field))
    img.paste(patch, (x0, y0), mask.crop(box))


def vgrad(c0, c1):
    def field(x0, y0, x1, y1):
        return vgradient(x1 - x0, y1 - y0, [(0, c0), (1, c1)])

    return field


def hgrad(c0, c1):
    def field(x0, y0, x1, y1):
        return np.transpose(vgradient(y1 - y0, x1 - x0, [(0, c0), (1, c1)]), (1, 0, 2))

    return field


def cylinder(color, light: float = 0.3):
    """A cylinder lit from the left: brightness follows the surface across its width."""

    def field(x0, y0, x1, y1):
        u = np.linspace(-1, 1, x1 - x0, dtype=np.float32)
        shade = 0.55 + 0.55 * np.clip(np.sqrt(1 - u * u) * 0.8 - u * light, 0, 1.2)
        row = np.array(color, dtype=np.float32)[None, :] * shade[:, None]
        return np.broadcast_to(row[None], (y1 - y0, x1 - x0, 3)).copy()

    return field


def shade(img: Image.Image, shape, blur: float, strength: float, tint=(0, 0, 0)) -> None:
    """Blend towards `tint` (a shadow) or towards white (tint=None: light) under a soft mask."""
    mask = Image.new("L", img.size, 0)
    shape(ImageDraw.Draw(mask))
    mask = mask.filter(ImageFilter.GaussianBlur(blur)).point(lambda v: int(v * strength))
    box = mask.getbbox()
    if not box:
        return
    region = img.crop(box)
    if tint is None:
        other = Image.new("RGB", region.size, (255, 250, 235))
    else:
        other = Image.new("RGB", region.size, tint)
    img.paste(Image.composite(other, region, mask.crop(box)), box[:2])


def sphere(img: Image.Image, cx, cy, r, color, squash=1.0, spec=0.45, light=(-0.45, -0.55)) -> None:
    """A shaded ball (fruit, a head, a leaf blob), lit from the upper left, with an anti-aliased edge."""
    r = max(2.0, float(r))
    ry = r * squash
    x0, y0 = int(cx - r) - 2, int(cy - ry) - 2
    w, h = int(2 * r) + 5, int(2 * ry) + 5
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    nx = (xx + x0 - cx) / r
    ny = (yy + y0 - cy) / ry
    d = np.sqrt(nx * nx + ny * ny)
    alpha = np.clip((1 - d) * r, 0, 1)
    nz = np.sqrt(np.clip(1 - d * d, 0, 1))
    lx, ly = light
    lz = math.sqrt(max(0.0, 1 - lx * lx - ly * ly))
    diffuse = np.clip(nx * lx + ny * ly + nz * lz, 0, 1)
    col = np.array(color, dtype=np.float32)[None, None, :] * (0.38 + 0.72 * diffuse)[..., None]
    col += (spec * 255 * diffuse**24)[..., None]
    img.paste(to_image(col), (x0, y0), Image.fromarray((alpha * 255).astype(np.uint8)))


def finish(img: Image.Image, rng, *, grain: float, vignette: float = 0.3, warm=(1.0, 1.0, 1.0), soften: float = 0.8,
           light_from_left: float = 0.0) -> Image.Image:
    """Make a drawing look like a photograph: soft edges, light fall-off, colour, grain."""
    w, h = img.size
    if soften:
        img = img.filter(ImageFilter.GaussianBlur(soften))
    arr = np.asarray(img, dtype=np.float32)
    yy = (np.arange(h, dtype=np.float32)[:, None] - h / 2) / (h / 2)
    xx = (np.arange(w, dtype=np.float32)[None, :] - w / 2) / (w / 2)
    light = 1 - vignette * (0.55 * xx * xx + 0.45 * yy * yy) ** 1.2 - light_from_left * xx
    arr = arr * (light[..., None] * np.array(warm, dtype=np.float32))
    if grain:
        # Luminance grain, a little clumped as a phone's noise reduction leaves it, and some colour noise.
        lum = rng.standard_normal((h, w), dtype=np.float32)
        lum = 1.5 * (0.6 * lum + 0.2 * np.roll(lum, 1, axis=0) + 0.2 * np.roll(lum, 1, axis=1))
        arr += (lum * grain * 1.6)[..., None]
        arr += rng.standard_normal((h, w, 3), dtype=np.float32) * (grain * 0.3)
    return to_image(arr)


def sky(w: int, h: int, horizon: float, rng, top=(58, 105, 178), low=(178, 205, 230), clouds: int = 6) -> Image.Image:
    arr = vgradient(w, h, [(0, top), (horizon, low), (1, low)])
    img = to_image(arr)
    if clouds:
        mask = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(mask)
        for _ in range(clouds):
            cx, cy = rng.uniform(0, w), rng.uniform(0.04, horizon * 0.7) * h
            for _ in range(14):
                rx = rng.uniform(0.03, 0.08) * w
                ry = rx * rng.uniform(0.25, 0.45)
                ox, oy = rng.normal(0, 0.06) * w, rng.normal(0, 0.012) * h
                d.ellipse([cx + ox - rx, cy + oy - ry, cx + ox + rx, cy + oy + ry], fill=int(rng.uniform(120, 200)))
        mask = mask.filter(ImageFilter.GaussianBlur(w * 0.012))
        img = Image.composite(Image.new("RGB", (w, h), (250, 250, 252)), img, mask)
    return img


def tree(img: Image.Image, rng, cx, base, height, width, dark=(38, 72, 34), light=(120, 160, 70), blobs=260) -> None:
    d = ImageDraw.Draw(img)
    tw = width * 0.09
    d.polygon([(cx - tw, base), (cx - tw * 0.6, base - height * 0.55), (cx + tw * 0.6, base - height * 0.55),
               (cx + tw, base)], fill=(72, 55, 42))
    crown_cy, crown_ry = base - height * 0.62, height * 0.38
    for i in range(blobs):
        a = rng.uniform(0, 2 * math.pi)
        rr = math.sqrt(rng.uniform(0, 1))
        x = cx + math.cos(a) * rr * width / 2
        y = crown_cy + math.sin(a) * rr * crown_ry
        # Leaves on the upper left are lit; later (smaller) blobs sit on top.
        lit = np.clip(0.5 - 0.45 * math.cos(a) * rr - 0.45 * math.sin(a) * rr + rng.normal(0, 0.15), 0, 1)
        col = tuple(int(dark[k] + (light[k] - dark[k]) * lit) for k in range(3))
        r = width * rng.uniform(0.05, 0.12) * (1.3 - i / blobs * 0.7)
        d.ellipse([x - r, y - r * 0.85, x + r, y + r * 0.85], fill=col)


# ---------------------------------------------------------------------------
# Scenes
# ---------------------------------------------------------------------------


def landscape(w: int, h: int, seed: int, grain: float) -> Image.Image:
    """A small generic outdoor scene: sky, hills, field, a house and a tree."""
    rng = np.random.default_rng(seed)
    img = sky(w, h, 0.55, rng, clouds=4)
    d = ImageDraw.Draw(img)
    xs = np.linspace(0, w, 60)
    hill = h * (0.50 + 0.04 * np.sin(xs / w * 5 + seed) + 0.02 * np.sin(xs / w * 13))
    d.polygon([(0, h)] + list(zip(xs, hill)) + [(w, h)], fill=(96, 128, 80))
    field = vgradient(w, h, [(0, (120, 160, 80)), (0.6, (120, 160, 80)), (1, (60, 110, 40))])
    field *= (1 + 0.08 * smooth_noise(rng, w, h, w / 30))[..., None]
    paint(img, lambda m: m.polygon([(0, h * 0.62), (w, h * 0.58), (w, h), (0, h)], fill=255),
          lambda x0, y0, x1, y1: field[y0:y1, x0:x1])
    hx, hy, hw = w * 0.58, h * 0.66, w * 0.16
    shade(img, lambda m: m.polygon([(hx, hy), (hx + hw, hy), (hx + hw * 1.35, hy + h * 0.05), (hx + hw * 0.3, hy + h * 0.05)], fill=255),
          blur=w * 0.006, strength=0.5)
    paint(img, lambda m: m.rectangle([hx, hy - hw * 0.45, hx + hw, hy], fill=255), vgrad((196, 80, 60), (150, 60, 45)))
    d.polygon([(hx - hw * 0.06, hy - hw * 0.45), (hx + hw / 2, hy - hw * 0.85), (hx + hw * 1.06, hy - hw * 0.45)], fill=(70, 64, 66))
    for k in range(3):
        wx = hx + hw * (0.12 + 0.3 * k)
        d.rectangle([wx, hy - hw * 0.32, wx + hw * 0.16, hy - hw * 0.16], fill=(240, 240, 236))
        e = max(1.0, hw * 0.012)
        d.rectangle([wx + e, hy - hw * 0.32 + e, wx + hw * 0.16 - e, hy - hw * 0.16 - e], fill=(60, 72, 90))
    tree(img, rng, w * 0.25, h * 0.72, h * 0.5, w * 0.2, blobs=120)
    sphere(img, w * 0.86, h * 0.14, w * 0.04, (255, 236, 170), spec=0.6)
    return finish(img, rng, grain=grain, vignette=0.25, soften=max(0.4, w / 2400))


def bus_scene(w: int, h: int, seed: int = 11) -> Image.Image:
    """A health bus parked in a cobbled town square."""
    rng = np.random.default_rng(seed)
    X = lambda f: f * w  # noqa: E731
    Y = lambda f: f * h  # noqa: E731
    ground_y = 0.58
    img = sky(w, h, 0.5, rng, clouds=7)
    d = ImageDraw.Draw(img)

    # The houses around the square.
    palette = [(214, 170, 92), (176, 66, 48), (226, 220, 204), (232, 204, 118), (196, 150, 140), (150, 160, 150),
               (230, 190, 150)]
    x = -0.03
    while x < 1.02:
        bw = rng.uniform(0.10, 0.17)
        top = rng.uniform(0.15, 0.27)
        color = palette[int(rng.integers(len(palette)))]
        x0, x1 = x, x + bw
        roof = (150, 58, 42) if rng.uniform() < 0.6 else (66, 66, 72)
        if rng.uniform() < 0.5:  # a gable towards the square
            d.polygon([(X(x0), Y(top)), (X((x0 + x1) / 2), Y(top - bw * 0.45)), (X(x1), Y(top))], fill=color)
            d.line([(X(x0), Y(top)), (X((x0 + x1) / 2), Y(top - bw * 0.45)), (X(x1), Y(top))], fill=roof, width=int(X(0.006)))
        else:  # eaves towards the square, the roof seen above
            d.polygon([(X(x0), Y(top)), (X(x0 + 0.015), Y(top - 0.07)), (X(x1 - 0.015), Y(top - 0.07)), (X(x1), Y(top))], fill=roof)
            for k in range(1, 7):
                yy = Y(top - 0.01 * k)
                d.line([(X(x0), yy), (X(x1), yy)], fill=tuple(int(c * 0.85) for c in roof), width=max(1, int(h * 0.0015)))
            dx = X((x0 + x1) / 2)
            d.rectangle([dx - X(0.012), Y(top - 0.05), dx + X(0.012), Y(top)], fill=color)
            d.rectangle([dx - X(0.007), Y(top - 0.04), dx + X(0.007), Y(top - 0.01)], fill=(55, 62, 74))
        paint(img, lambda m: m.rectangle([X(x0), Y(top), X(x1), Y(ground_y)], fill=255),
              vgrad(color, tuple(int(c * 0.82) for c in color)))
        d.rectangle([X(x0), Y(ground_y - 0.03), X(x1), Y(ground_y)], fill=tuple(int(c * 0.7) for c in color))
        d.line([(X(x0), Y(top)), (X(x1), Y(top))], fill=tuple(int(c * 0.75) for c in color), width=int(h * 0.004))
        cols = max(2, int(bw / 0.04))
        rows = max(2, int((ground_y - 0.12 - top) / 0.075))
        for r_ in range(rows):
            for c_ in range(cols):
                wx = x0 + bw * (c_ + 0.5) / cols
                wy = top + 0.03 + r_ * 0.075
                fx0, fy0, fx1, fy1 = X(wx - 0.011), Y(wy), X(wx + 0.011), Y(wy + 0.05)
                d.rectangle([fx0, fy0, fx1, fy1], fill=(236, 234, 226))
                e = X(0.0025)
                paint(img, lambda m: m.rectangle([fx0 + e, fy0 + e, fx1 - e, fy1 - e], fill=255),
                      vgrad((110, 128, 146), (36, 44, 56)))
                d.line([(fx0, (fy0 + fy1) / 2), (fx1, (fy0 + fy1) / 2)], fill=(236, 234, 226), width=int(e * 0.6))
        dx = X(x0 + bw * rng.uniform(0.3, 0.7))
        d.rectangle([dx - X(0.012), Y(ground_y - 0.085), dx + X(0.012), Y(ground_y)], fill=(60, 70, 58))
        x = x1
    # The far pavement.
    d.rectangle([0, Y(ground_y - 0.005), w, Y(ground_y + 0.01)], fill=(176, 172, 164))
    # Depth of field: the houses a little soft.
    img = img.filter(ImageFilter.GaussianBlur(w * 0.0012))
    d = ImageDraw.Draw(img)

    # The cobbled square, rows growing towards the camera.
    gy0 = Y(ground_y + 0.01)
    d.rectangle([0, gy0, w, h], fill=(96, 90, 82))
    y = gy0
    row = 0
    while y < h:
        t = (y - gy0) / (h - gy0)
        rh = h * (0.004 + 0.022 * t)
        sw = rh * 1.8
        x = -sw * (0.5 if row % 2 else 0.0) - rng.uniform(0, sw * 0.3)
        gap = max(1.0, rh * 0.12)
        while x < w:
            cw = sw * rng.uniform(0.8, 1.2)
            tone = rng.normal(0, 11)
            base = (158 + tone, 150 + tone * 0.95 + rng.normal(0, 3), 138 + tone * 0.9 + rng.normal(0, 4))
            base = tuple(int(v * (0.9 + 0.1 * (1 - t))) for v in base)
            d.rounded_rectangle([x + gap, y + gap, x + cw - gap, y + rh - gap], radius=rh * 0.3, fill=base)
            x += cw
        y += rh
        row += 1

    # A lamp post and a bench on the left.
    lx = X(0.07)
    d.rectangle([lx - X(0.004), Y(0.22), lx + X(0.004), Y(0.86)], fill=(40, 44, 48))
    d.rounded_rectangle([lx - X(0.018), Y(0.19), lx + X(0.018), Y(0.23)], radius=X(0.006), fill=(40, 44, 48))
    d.ellipse([lx - X(0.012), Y(0.225), lx + X(0.012), Y(0.24)], fill=(250, 240, 200))

    # The bus's shadow, then the bus.
    shade(img, lambda m: m.polygon([(X(0.15), Y(0.775)), (X(0.83), Y(0.775)), (X(0.90), Y(0.835)), (X(0.20), Y(0.835))], fill=255),
          blur=w * 0.012, strength=0.62)
    bx0, bx1, by0, by1 = X(0.16), X(0.81), Y(0.33), Y(0.775)
    paint(img, lambda m: m.rounded_rectangle([bx0, by0, bx1, by1], radius=X(0.025), fill=255),
          vgrad((250, 251, 252), (200, 204, 208)))
    d = ImageDraw.Draw(img)
    d.rectangle([bx0 + X(0.004), Y(0.705), bx1 - X(0.004), Y(0.76)], fill=(92, 98, 104))  # skirt
    paint(img, lambda m: m.rectangle([bx0, Y(0.585), bx1, Y(0.635)], fill=255), vgrad((0, 150, 136), (0, 112, 102)))
    d.rectangle([bx0, Y(0.64), bx1, Y(0.648)], fill=(0, 128, 116))
    # Windows with a sky reflection, and the door.
    for k in range(7):
        if k == 5:
            continue  # the door goes there
        wx0 = X(0.18 + k * 0.078)
        wx1 = wx0 + X(0.07)
        paint(img, lambda m: m.rounded_rectangle([wx0, Y(0.37), wx1, Y(0.52)], radius=X(0.006), fill=255),
              vgrad((120, 140, 160), (30, 38, 48)))
        shade(img, lambda m: m.polygon([(wx0 + X(0.01), Y(0.37)), (wx0 + X(0.03), Y(0.37)), (wx0 + X(0.012), Y(0.52)), (wx0 - X(0.008), Y(0.52))], fill=255),
              blur=w * 0.002, strength=0.25, tint=(230, 240, 250))
    paint(img, lambda m: m.rounded_rectangle([X(0.575), Y(0.37), X(0.645), Y(0.70)], radius=X(0.004), fill=255),
          vgrad((110, 130, 150), (28, 34, 42)))
    d.line([(X(0.61), Y(0.37)), (X(0.61), Y(0.70))], fill=(180, 184, 188), width=int(X(0.003)))
    paint(img, lambda m: m.rounded_rectangle([X(0.725), Y(0.355), X(0.803), Y(0.60)], radius=X(0.012), fill=255),
          vgrad((140, 160, 178), (24, 30, 38)))
    d.rounded_rectangle([X(0.79), Y(0.66), X(0.808), Y(0.69)], radius=X(0.003), fill=(255, 246, 210))  # lamp
    d.rounded_rectangle([X(0.806), Y(0.38), X(0.822), Y(0.45)], radius=X(0.004), fill=(30, 32, 36))  # mirror
    # Lettering and the red cross.
    font = ImageFont.load_default(size=int(h * 0.04))
    d.text((X(0.20), Y(0.532)), "SUNDHEDSBUS", font=font, fill=(0, 120, 108))
    small = ImageFont.load_default(size=int(h * 0.018))
    d.text((X(0.20), Y(0.655)), "Egebjerg Kommune", font=small, fill=(250, 250, 250))
    cx, cy, cr = X(0.52), Y(0.555), Y(0.028)
    d.ellipse([cx - cr, cy - cr, cx + cr, cy + cr], fill=(255, 255, 255))
    d.rectangle([cx - cr * 0.62, cy - cr * 0.2, cx + cr * 0.62, cy + cr * 0.2], fill=(214, 30, 40))
    d.rectangle([cx - cr * 0.2, cy - cr * 0.62, cx + cr * 0.2, cy + cr * 0.62], fill=(214, 30, 40))
    # Wheels.
    for wxf in (0.28, 0.735):
        wx, wy, wr = X(wxf), Y(0.772), Y(0.062)
        d.ellipse([wx - wr * 1.18, wy - wr * 1.18, wx + wr * 1.18, wy + wr * 1.18], fill=(44, 46, 50))
        d.ellipse([wx - wr, wy - wr, wx + wr, wy + wr], fill=(24, 24, 26))
        sphere(img, wx, wy, wr * 0.55, (170, 172, 176), spec=0.3)
        d.ellipse([wx - wr * 0.15, wy - wr * 0.15, wx + wr * 0.15, wy + wr * 0.15], fill=(60, 62, 66))
    # The roof's light edge.
    shade(img, lambda m: m.rounded_rectangle([bx0 + X(0.01), by0, bx1 - X(0.01), by0 + Y(0.012)], radius=X(0.006), fill=255),
          blur=w * 0.002, strength=0.5, tint=None)

    # People by the door.
    def person(px, feet, ph, jacket, trousers, skin, hair):
        shade(img, lambda m: m.ellipse([px - ph * 0.08, feet - ph * 0.03, px + ph * 0.45, feet + ph * 0.04], fill=255),
              blur=ph * 0.04, strength=0.45)
        dd = ImageDraw.Draw(img)
        dd.rounded_rectangle([px - ph * 0.085, feet - ph * 0.48, px - ph * 0.01, feet], radius=ph * 0.02, fill=trousers)
        dd.rounded_rectangle([px + ph * 0.01, feet - ph * 0.48, px + ph * 0.085, feet], radius=ph * 0.02, fill=trousers)
        paint(img, lambda m: m.rounded_rectangle([px - ph * 0.13, feet - ph * 0.82, px + ph * 0.13, feet - ph * 0.42], radius=ph * 0.05, fill=255),
              cylinder(jacket))
        sphere(img, px, feet - ph * 0.9, ph * 0.075, skin, squash=1.15, spec=0.15)
        dd.chord([px - ph * 0.08, feet - ph * 0.995, px + ph * 0.08, feet - ph * 0.84], 180, 360, fill=hair)

    person(X(0.61), Y(0.905), Y(0.36), (196, 64, 52), (46, 52, 70), (226, 182, 150), (70, 48, 34))
    person(X(0.885), Y(0.87), Y(0.33), (60, 96, 150), (70, 66, 60), (200, 150, 118), (30, 26, 24))
    person(X(0.44), Y(0.935), Y(0.37), (230, 196, 80), (40, 40, 44), (236, 196, 170), (190, 150, 90))
    return finish(img, rng, grain=3.4, vignette=0.32, warm=(1.03, 1.0, 0.96), soften=w / 3200, light_from_left=0.05)


def kitchen_scene(w: int, h: int, seed: int = 22) -> Image.Image:
    """A bright kitchen table by a window, set for lunch."""
    rng = np.random.default_rng(seed)
    X = lambda f: f * w  # noqa: E731
    Y = lambda f: f * h  # noqa: E731
    img = to_image(vgradient(w, h, [(0, (236, 226, 206)), (0.6, (222, 208, 184)), (1, (222, 208, 184))]))
    d = ImageDraw.Draw(img)

    # Cabinets, tiles and the worktop, left and right of the window.
    for cx0, cx1 in ((-0.01, 0.27), (0.73, 1.01)):
        paint(img, lambda m: m.rectangle([X(cx0), 0, X(cx1), Y(0.30)], fill=255), vgrad((244, 242, 236), (226, 222, 214)))
        n = 2
        for k in range(n):
            px0 = cx0 + (cx1 - cx0) * k / n + 0.008
            px1 = cx0 + (cx1 - cx0) * (k + 1) / n - 0.008
            d.rectangle([X(px0), Y(0.02), X(px1), Y(0.28)], outline=(206, 202, 194), width=int(X(0.002)))
            hx = X(px1 - 0.015) if k == 0 else X(px0 + 0.015)
            d.rounded_rectangle([hx - X(0.002), Y(0.2), hx + X(0.002), Y(0.26)], radius=X(0.002), fill=(120, 120, 124))
        shade(img, lambda m: m.rectangle([X(cx0), Y(0.30), X(cx1), Y(0.32)], fill=255), blur=h * 0.01, strength=0.3)
        t = 0.026
        d.rectangle([X(cx0), Y(0.305), X(cx1), Y(0.47)], fill=(198, 196, 190))
        yy = 0.305
        while yy < 0.47:
            xx = cx0
            while xx < cx1:
                tone = int(rng.normal(236, 3))
                d.rectangle([X(xx) + 2, Y(yy) + 2, X(xx + t) - 2, Y(yy) + X(t) - 2], fill=(tone, tone, tone - 4))
                xx += t
            yy += X(t) / h
        paint(img, lambda m: m.rectangle([X(cx0), Y(0.47), X(cx1), Y(0.50)], fill=255), vgrad((150, 148, 144), (96, 94, 92)))
        paint(img, lambda m: m.rectangle([X(cx0), Y(0.50), X(cx1), Y(0.62)], fill=255), vgrad((236, 234, 228), (200, 196, 188)))

    # The window: a bright, blurred garden outside.
    wx0, wx1, wy0, wy1 = X(0.33), X(0.67), Y(0.05), Y(0.44)
    outside = sky(int(wx1 - wx0), int(wy1 - wy0), 0.45, rng, top=(206, 226, 246), low=(232, 240, 246), clouds=0)
    od = ImageDraw.Draw(outside)
    ow, oh = outside.size
    for _ in range(70):
        cx, cy, r = rng.uniform(0, ow), rng.uniform(0.35, 1.1) * oh, rng.uniform(0.04, 0.12) * ow
        g = rng.uniform(0.7, 1.0)
        od.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(int(130 * g), int(182 * g), int(104 * g)))
    outside = outside.filter(ImageFilter.GaussianBlur(ow * 0.02)).point(lambda v: min(255, int(v * 1.12 + 18)))
    img.paste(outside, (int(wx0), int(wy0)))
    d = ImageDraw.Draw(img)
    fw = X(0.012)
    d.rectangle([wx0 - fw, wy0 - fw, wx1 + fw, wy1 + fw], outline=(250, 250, 247), width=int(fw * 1.6))
    d.rectangle([(wx0 + wx1) / 2 - fw / 2, wy0, (wx0 + wx1) / 2 + fw / 2, wy1], fill=(250, 250, 247))
    d.rectangle([wx0, Y(0.17) - fw / 2, wx1, Y(0.17) + fw / 2], fill=(250, 250, 247))
    paint(img, lambda m: m.rectangle([X(0.31), Y(0.44), X(0.69), Y(0.465)], fill=255), vgrad((252, 252, 250), (214, 212, 206)))
    shade(img, lambda m: m.rectangle([X(0.31), Y(0.465), X(0.69), Y(0.48)], fill=255), blur=h * 0.006, strength=0.35)
    # A herb pot on the sill.
    paint(img, lambda m: m.polygon([(X(0.57), Y(0.385)), (X(0.625), Y(0.385)), (X(0.615), Y(0.44)), (X(0.58), Y(0.44))], fill=255),
          cylinder((196, 104, 62)))
    for _ in range(60):
        a = rng.uniform(math.pi, 2 * math.pi)
        rr = rng.uniform(0.2, 1.0)
        sphere(img, X(0.597) + math.cos(a) * rr * X(0.04), Y(0.385) + math.sin(a) * rr * Y(0.08), X(0.008),
               (70 + rng.uniform(-15, 25), 130 + rng.uniform(-20, 30), 60), squash=0.6, spec=0.1)
    # Sunlight on the wall under the window.
    shade(img, lambda m: m.polygon([(X(0.33), Y(0.48)), (X(0.67), Y(0.48)), (X(0.72), Y(0.58)), (X(0.30), Y(0.58))], fill=255),
          blur=w * 0.02, strength=0.35, tint=None)

    # The table, with boards running across.
    ty = 0.58
    wood = vgradient(w, h, [(0, (150, 104, 66)), (ty, (160, 110, 68)), (1, (196, 140, 90))])
    streak = np.asarray(Image.fromarray(rng.standard_normal((300, 10)).astype(np.float32)).resize((w, h), Image.BICUBIC))
    wood *= (1 + 0.07 * streak + 0.05 * smooth_noise(rng, w, h, w / 40))[..., None]
    paint(img, lambda m: m.polygon([(X(0.04), Y(ty)), (X(0.96), Y(ty)), (X(1.2), h), (X(-0.2), h)], fill=255),
          lambda x0, y0, x1, y1: wood[y0:y1, x0:x1])
    d = ImageDraw.Draw(img)
    d.line([(X(0.04), Y(ty)), (X(0.96), Y(ty))], fill=(120, 80, 50), width=int(h * 0.003))
    yy = ty
    step = 0.03
    while yy < 1:
        step *= 1.28
        yy += step
        d.line([(0, Y(yy)), (w, Y(yy))], fill=(110, 74, 46), width=max(2, int(h * step * 0.05)))
    # Light from the window across the table.
    shade(img, lambda m: m.polygon([(X(0.36), Y(ty)), (X(0.64), Y(ty)), (X(0.86), h), (X(0.22), h)], fill=255),
          blur=w * 0.03, strength=0.28, tint=None)

    def plate(cx, cy, r, rim=(246, 246, 244), well=(232, 232, 230)):
        shade(img, lambda m: m.ellipse([cx - r * 0.95, cy - r * 0.35, cx + r * 1.1, cy + r * 0.55], fill=255),
              blur=r * 0.08, strength=0.45)
        paint(img, lambda m: m.ellipse([cx - r, cy - r * 0.42, cx + r, cy + r * 0.42], fill=255), vgrad((252, 252, 250), rim))
        paint(img, lambda m: m.ellipse([cx - r * 0.72, cy - r * 0.29, cx + r * 0.72, cy + r * 0.29], fill=255),
              vgrad((214, 214, 212), well))

    # A salad on the big plate.
    cx, cy, r = X(0.40), Y(0.77), X(0.14)
    plate(cx, cy, r)
    for i in range(420):
        a, rr = rng.uniform(0, 2 * math.pi), rng.uniform(0, 1) ** 0.8 * 0.62
        g = rng.uniform(0.6, 1.1)
        mound = (1 - rr / 0.62) * r * 0.10  # heaped in the middle
        sphere(img, cx + math.cos(a) * rr * r, cy + math.sin(a) * rr * r * 0.40 - r * 0.03 - mound, r * rng.uniform(0.05, 0.09),
               (int(90 * g), int(160 * g), int(60 * g)), squash=0.55, spec=0.15)
    for i in range(16):
        a, rr = rng.uniform(0, 2 * math.pi), math.sqrt(rng.uniform(0, 1)) * 0.55
        sphere(img, cx + math.cos(a) * rr * r, cy + math.sin(a) * rr * r * 0.38 - r * 0.06, r * 0.06, (214, 36, 28), spec=0.6)
    for i in range(40):
        a, rr = rng.uniform(0, 2 * math.pi), math.sqrt(rng.uniform(0, 1)) * 0.55
        sphere(img, cx + math.cos(a) * rr * r, cy + math.sin(a) * rr * r * 0.38 - r * 0.06, r * 0.016, (250, 206, 60), spec=0.3)
    # Bread and cheese on the right.
    cx2, cy2, r2 = X(0.75), Y(0.84), X(0.11)
    plate(cx2, cy2, r2)
    for k in range(3):
        bx, by = cx2 - r2 * 0.45 + k * r2 * 0.28, cy2 - r2 * 0.12 + k * r2 * 0.04
        paint(img, lambda m: m.rounded_rectangle([bx, by - r2 * 0.16, bx + r2 * 0.4, by + r2 * 0.1], radius=r2 * 0.08, fill=255),
              vgrad((150, 92, 48), (112, 66, 34)))
        paint(img, lambda m: m.rounded_rectangle([bx + r2 * 0.03, by - r2 * 0.13, bx + r2 * 0.37, by + r2 * 0.07], radius=r2 * 0.06, fill=255),
              vgrad((226, 196, 150), (196, 160, 112)))
    paint(img, lambda m: m.polygon([(cx2 + r2 * 0.2, cy2 + r2 * 0.05), (cx2 + r2 * 0.62, cy2 - r2 * 0.02), (cx2 + r2 * 0.55, cy2 + r2 * 0.18)], fill=255),
          vgrad((252, 222, 120), (230, 190, 80)))
    # A fruit bowl further back.
    bcx, bcy, br = X(0.58), Y(0.64), X(0.075)
    shade(img, lambda m: m.ellipse([bcx - br, bcy + br * 0.05, bcx + br * 1.3, bcy + br * 0.45], fill=255), blur=br * 0.12, strength=0.4)
    paint(img, lambda m: m.chord([bcx - br, bcy - br * 0.75, bcx + br, bcy + br * 0.4], 0, 180, fill=255), cylinder((52, 96, 160)))
    for k, (fx, fy, col) in enumerate([(-0.45, -0.05, (250, 140, 24)), (0.1, -0.12, (190, 30, 34)), (0.5, -0.02, (250, 150, 30)),
                                        (-0.15, -0.3, (120, 170, 40)), (0.3, -0.35, (250, 140, 24))]):
        sphere(img, bcx + fx * br, bcy + fy * br, br * 0.32, col, spec=0.5)
    paint(img, lambda m: m.ellipse([bcx - br, bcy - br * 0.12, bcx + br, bcy + br * 0.12], fill=255), vgrad((70, 116, 180), (40, 80, 140)))
    for k, (fx, fy, col) in enumerate([(-0.4, -0.1, (250, 150, 30)), (0.35, -0.15, (200, 36, 36))]):
        sphere(img, bcx + fx * br, bcy + fy * br, br * 0.3, col, spec=0.5)
    # A mug of coffee and cutlery.
    mx, my, mw, mh = X(0.86), Y(0.62), X(0.06), Y(0.11)
    shade(img, lambda m: m.ellipse([mx - mw * 0.4, my + mh * 0.8, mx + mw * 1.2, my + mh * 1.1], fill=255), blur=mw * 0.1, strength=0.45)
    d = ImageDraw.Draw(img)
    d.ellipse([mx + mw * 0.75, my + mh * 0.2, mx + mw * 1.25, my + mh * 0.75], outline=(214, 220, 226), width=int(mw * 0.12))
    paint(img, lambda m: (m.rectangle([mx, my, mx + mw, my + mh], fill=255),
                          m.ellipse([mx, my + mh - mw * 0.2, mx + mw, my + mh + mw * 0.2], fill=255)), cylinder((232, 238, 244)))
    d.ellipse([mx, my - mw * 0.2, mx + mw, my + mw * 0.2], fill=(236, 240, 244))
    d.ellipse([mx + mw * 0.08, my - mw * 0.14, mx + mw * 0.92, my + mw * 0.14], fill=(70, 42, 26))
    paint(img, lambda m: m.polygon([(X(0.13), Y(0.68)), (X(0.25), Y(0.68)), (X(0.235), Y(0.99)), (X(0.07), Y(0.99))], fill=255),
          vgrad((188, 206, 222), (150, 172, 192)))  # a napkin
    for k, off in enumerate((0.0, 0.025)):
        fx = X(0.17 + off)
        paint(img, lambda m: m.polygon([(fx, Y(0.70)), (fx + X(0.008), Y(0.70)), (fx - X(0.01), Y(0.97)), (fx - X(0.02), Y(0.97))], fill=255),
              hgrad((230, 232, 236), (150, 152, 158)))
    shade(img, lambda m: m.polygon([(X(0.16), Y(0.70)), (X(0.20), Y(0.70)), (X(0.17), Y(0.97)), (X(0.13), Y(0.97))], fill=255),
          blur=w * 0.004, strength=0.2)
    return finish(img, rng, grain=3.2, vignette=0.36, warm=(1.05, 1.0, 0.92), soften=w / 3000, light_from_left=-0.02)


def garden_scene(w: int, h: int, seed: int = 33) -> Image.Image:
    """A school garden: raised beds on a lawn, the school and trees behind."""
    rng = np.random.default_rng(seed)
    X = lambda f: f * w  # noqa: E731
    Y = lambda f: f * h  # noqa: E731
    horizon = 0.42
    img = sky(w, h, horizon, rng, top=(70, 128, 204), low=(186, 212, 234), clouds=8)
    d = ImageDraw.Draw(img)
    # Trees behind the school.
    for k in range(7):
        tree(img, rng, X(0.55 + 0.08 * k + rng.uniform(-0.02, 0.02)), Y(horizon + 0.01), Y(rng.uniform(0.3, 0.42)),
             X(rng.uniform(0.12, 0.18)), blobs=220)
    tree(img, rng, X(0.06), Y(horizon + 0.01), Y(0.36), X(0.14), blobs=220)
    # The school: a long red-brick building.
    d.polygon([(X(0.08), Y(0.275)), (X(0.11), Y(0.225)), (X(0.60), Y(0.225)), (X(0.63), Y(0.275))], fill=(72, 72, 78))
    brick = vgradient(w, h, [(0, (176, 84, 62)), (1, (140, 62, 46))])
    brick *= (1 + 0.05 * smooth_noise(rng, w, h, w / 300))[..., None]
    paint(img, lambda m: m.rectangle([X(0.09), Y(0.275), X(0.62), Y(horizon + 0.01)], fill=255), lambda x0, y0, x1, y1: brick[y0:y1, x0:x1])
    d = ImageDraw.Draw(img)
    yy = 0.28
    while yy < horizon:
        d.line([(X(0.09), Y(yy)), (X(0.62), Y(yy))], fill=(150, 70, 52), width=1)
        yy += 0.004
    for k in range(8):
        fx0 = 0.115 + k * 0.063
        d.rectangle([X(fx0), Y(0.30), X(fx0 + 0.045), Y(0.37)], fill=(240, 240, 236))
        paint(img, lambda m: m.rectangle([X(fx0 + 0.003), Y(0.304), X(fx0 + 0.042), Y(0.366)], fill=255),
              vgrad((160, 186, 210), (58, 72, 92)))
        d.line([(X(fx0 + 0.0225), Y(0.30)), (X(fx0 + 0.0225), Y(0.37))], fill=(240, 240, 236), width=int(X(0.002)))
    d.rectangle([X(0.36), Y(0.375), X(0.39), Y(horizon + 0.01)], fill=(40, 70, 90))
    img = img.filter(ImageFilter.GaussianBlur(w * 0.0011))

    # The lawn: a gradient, mottled, then blades of grass.
    grass = vgradient(w, h, [(0, (130, 166, 84)), (horizon, (134, 168, 82)), (1, (56, 112, 38))])
    grass *= (1 + 0.10 * smooth_noise(rng, w, h, w / 25) + 0.05 * smooth_noise(rng, w, h, w / 200))[..., None]
    paint(img, lambda m: m.rectangle([0, Y(horizon), w, h], fill=255), lambda x0, y0, x1, y1: grass[y0:y1, x0:x1])
    d = ImageDraw.Draw(img)
    n = int(w * h / 400)
    ts = np.sqrt(rng.uniform(0, 1, n))
    xs = rng.uniform(-0.02, 1.02, n)
    for t, xf in zip(ts, xs):
        y = Y(horizon + (1 - horizon) * t)
        length = h * (0.003 + 0.03 * t ** 2) * rng.uniform(0.5, 1.2)
        lean = rng.normal(0, 0.25) * length
        g = rng.uniform(0.55, 1.25)
        d.line([(X(xf), y), (X(xf) + lean, y - length)], fill=(int(70 * g), int(130 * g), int(44 * g)), width=max(1, int(t * w / 900)))
    # A gravel path towards the school door.
    vx, vy = X(0.47), Y(horizon)
    paint(img, lambda m: m.polygon([(X(0.455), Y(horizon + 0.005)), (X(0.49), Y(horizon + 0.005)), (X(0.66), h), (X(0.30), h)], fill=255),
          vgrad((190, 182, 164), (172, 160, 138)))
    d = ImageDraw.Draw(img)
    for _ in range(int(w * h / 250)):
        t = math.sqrt(rng.uniform(0, 1))
        yv = Y(horizon + (1 - horizon) * t)
        xl = X(0.455) + (X(0.30) - X(0.455)) * t
        xr = X(0.49) + (X(0.66) - X(0.49)) * t
        xv = rng.uniform(xl, xr)
        s = 0.5 + t * w / 1000
        tone = int(rng.normal(168, 26))
        d.ellipse([xv - s, yv - s * 0.7, xv + s, yv + s * 0.7], fill=(tone, tone - 6, tone - 18))

    def bed(fx0, fx1, front, height, depth, plants):
        """A raised bed in one-point perspective towards (vx, vy)."""
        x0, x1, yb, yt = X(fx0), X(fx1), Y(front), Y(front - height)
        back_t = yt - Y(depth)
        s = (back_t - vy) / (yt - vy)
        bx0, bx1 = vx + (x0 - vx) * s, vx + (x1 - vx) * s
        back_b = vy + (yb - vy) * s
        # Shadow on the lawn to the lower right.
        off = Y(height) * 0.6
        shade(img, lambda m: m.polygon([(x0 + off, yb), (x1 + off * 1.6, yb), (x1 + off * 1.6, yb + off * 0.5), (x0 + off, yb + off * 0.5)], fill=255),
              blur=Y(height) * 0.25, strength=0.5)
        side = (x1, yt, bx1, back_t, bx1, back_b, x1, yb) if x1 < vx else (x0, yt, bx0, back_t, bx0, back_b, x0, yb)
        paint(img, lambda m: m.polygon(list(zip(side[::2], side[1::2])), fill=255), vgrad((118, 82, 50), (92, 62, 38)))
        soil = vgradient(w, h, [(0, (66, 48, 34)), (1, (82, 60, 42))])
        soil *= (1 + 0.18 * smooth_noise(rng, w, h, w / 400))[..., None]
        paint(img, lambda m: m.polygon([(x0, yt), (x1, yt), (bx1, back_t), (bx0, back_t)], fill=255), lambda a, b, c, e: soil[b:e, a:c])
        dd = ImageDraw.Draw(img)
        rim = max(2, int(Y(height) * 0.12))
        dd.line([(x0, yt), (x1, yt), (bx1, back_t), (bx0, back_t), (x0, yt)], fill=(168, 124, 82), width=rim)
        paint(img, lambda m: m.rectangle([x0, yt, x1, yb], fill=255), vgrad((170, 124, 80), (128, 90, 56)))
        dd = ImageDraw.Draw(img)
        planks = 3
        for k in range(1, planks):
            py = yt + (yb - yt) * k / planks
            dd.line([(x0, py), (x1, py)], fill=(96, 66, 40), width=max(1, rim // 3))
        # Plants in rows from back to front.
        rows = len(plants)
        for ri, kind in enumerate(plants):
            t = (ri + 0.5) / rows
            ry = back_t + (yt - back_t) * t
            sc = (ry - vy) / (yt - vy)
            rx0 = vx + (x0 - vx) * sc
            rx1 = vx + (x1 - vx) * sc
            size = X(0.022) * sc * (fx1 - fx0) / 0.3
            count = max(3, int((rx1 - rx0) / (size * 2.2)))
            for c in range(count):
                px = rx0 + (rx1 - rx0) * (c + 0.5) / count + rng.normal(0, size * 0.15)
                if kind == "lettuce":
                    for _ in range(9):
                        sphere(img, px + rng.normal(0, size * 0.4), ry - size * 0.4 + rng.normal(0, size * 0.25), size * 0.5,
                               (110 + rng.uniform(-10, 30), 180 + rng.uniform(-20, 30), 70), squash=0.7, spec=0.15)
                elif kind == "kale":
                    for _ in range(12):
                        sphere(img, px + rng.normal(0, size * 0.45), ry - size * 0.8 + rng.normal(0, size * 0.45), size * 0.4,
                               (50 + rng.uniform(-10, 20), 96 + rng.uniform(-20, 20), 70), squash=0.8, spec=0.1)
                elif kind == "marigold":
                    for _ in range(6):
                        sphere(img, px + rng.normal(0, size * 0.4), ry - size * 0.3 + rng.normal(0, size * 0.2), size * 0.35,
                               (70, 130, 50), squash=0.6, spec=0.1)
                    for _ in range(4):
                        sphere(img, px + rng.normal(0, size * 0.4), ry - size * 0.7 + rng.normal(0, size * 0.25), size * 0.22,
                               (250, 150 + rng.uniform(-30, 40), 20), spec=0.2)
                elif kind == "tomato":
                    dd = ImageDraw.Draw(img)
                    dd.line([(px, ry), (px, ry - size * 4)], fill=(150, 120, 80), width=max(1, int(size * 0.12)))
                    for _ in range(16):
                        sphere(img, px + rng.normal(0, size * 0.5), ry - rng.uniform(0.3, 3.8) * size, size * 0.3,
                               (60, 120 + rng.uniform(-20, 20), 44), squash=0.7, spec=0.1)
                    for _ in range(3):
                        sphere(img, px + rng.normal(0, size * 0.45), ry - rng.uniform(0.8, 3.2) * size, size * 0.24,
                               (220, 40 + rng.uniform(0, 40), 26), spec=0.6)

    bed(0.20, 0.37, 0.60, 0.03, 0.05, ["lettuce", "kale", "marigold"])
    bed(0.56, 0.73, 0.60, 0.03, 0.05, ["tomato", "lettuce"])
    bed(0.02, 0.33, 0.90, 0.075, 0.12, ["kale", "lettuce", "marigold", "lettuce"])
    bed(0.66, 0.98, 0.92, 0.075, 0.12, ["tomato", "marigold", "lettuce", "kale"])
    return finish(img, rng, grain=3.2, vignette=0.3, warm=(1.02, 1.0, 0.97), soften=w / 3000, light_from_left=0.04)


# ---------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------

# Where the demo photographs were "taken" (in Denmark), and by what.
DEMO_PICTURES = [
    ("bus.jpg", bus_scene, dict(lat=55.3959, lon=10.3883, make="Nyttig", model="Demophone 3", serial="SN-DEMO-0001-BUS",
                                artist="Mette Hansen", when="2024:05:14 10:32:07")),
    ("kitchen.jpg", kitchen_scene, dict(lat=56.1567, lon=10.2108, make="Nyttig", model="Demophone 3",
                                        serial="SN-DEMO-0002-KITCHEN", artist="Lars Nielsen", when="2024:03:02 12:05:41")),
    ("garden.jpg", garden_scene, dict(lat=57.0488, lon=9.9217, make="Nyttig", model="Demophone 3",
                                      serial="SN-DEMO-0003-GARDEN", artist="Sofie Poulsen", when="2024:06:20 09:48:15")),
]

PHONE_GPS = dict(lat=55.6761, lon=12.5683)


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def save(img: Image.Image, path: Path, **kwargs) -> None:
    buf = io.BytesIO()
    img.save(buf, **kwargs)
    write(path, buf.getvalue())


def jpeg_bytes(img: Image.Image, **kwargs) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kwargs)
    return buf.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_fixtures() -> None:
    out = FIXTURES

    # phone.jpg: stored 640x480, EXIF orientation 6 (shown 480x640), GPS, personal data, XMP and IPTC.
    # The scene is upright when shown: drawn 480x640, stored turned a quarter anticlockwise, as a phone held
    # upright stores it.
    img = landscape(480, 640, seed=1, grain=1.2).transpose(Image.Transpose.ROTATE_90)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 39, 39], fill=(255, 0, 0))  # stored top-left: shown top-right
    d.rectangle([600, 440, 639, 479], fill=(0, 0, 255))  # stored bottom-right: shown bottom-left
    exif = make_exif(orientation=6, make="Nyttig", model="Testphone 1", serial="SN-12345-GPS", artist="Anna Jensen",
                     when="2024:05:14 10:32:07", size=img.size, **PHONE_GPS)
    data = jpeg_bytes(img, quality=92, exif=exif.tobytes())
    write(out / "phone.jpg", insert_after_app_segments(data, xmp_segment() + iptc_segment()))

    # wide.jpg: 2400x1600, GPS, no orientation; resized to 480/800/1200/1600 and cropped to 1200x630.
    img = landscape(2400, 1600, seed=2, grain=1.0)
    exif = make_exif(make="Nyttig", model="Testphone 1", serial="SN-12345-GPS", when="2024:05:15 14:01:55", size=img.size,
                     **PHONE_GPS)
    save(img, out / "wide.jpg", format="JPEG", quality=80, exif=exif.tobytes())

    # small.jpg: 300x200, narrower than every layout width.
    save(landscape(300, 200, seed=3, grain=1.5), out / "small.jpg", format="JPEG", quality=85)

    # logo.png: 400x300 RGBA, a shape on a transparent background, tEXt Author and eXIf with GPS.
    size = (400, 300)
    logo = Image.new("RGBA", (size[0] * 4, size[1] * 4), (0, 0, 0, 0))
    d = ImageDraw.Draw(logo)
    d.ellipse([200, 120, 1000, 920], fill=(0, 136, 122, 255))
    d.ellipse([360, 280, 840, 760], fill=(255, 255, 255, 0))
    d.rounded_rectangle([700, 400, 1400, 800], radius=120, fill=(236, 96, 40, 200))  # half transparent
    d.polygon([(560, 340), (640, 340), (640, 480), (780, 480), (780, 560), (640, 560), (640, 700), (560, 700),
               (560, 560), (420, 560), (420, 480), (560, 480)], fill=(214, 30, 40, 255))
    logo = logo.resize(size, Image.LANCZOS)  # anti-aliased edges: partly transparent pixels too
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Anna Jensen")
    save(logo, out / "logo.png", format="PNG", pnginfo=info, exif=make_exif(**PHONE_GPS).tobytes())

    # opaque.png: 500x400 RGB, no alpha.
    rng = np.random.default_rng(5)
    img = sky(500, 400, 0.6, rng, clouds=3)
    d = ImageDraw.Draw(img)
    d.polygon([(0, 250), (180, 200), (340, 240), (500, 210), (500, 400), (0, 400)], fill=(88, 140, 72))
    d.rectangle([300, 250, 420, 330], fill=(196, 80, 60))
    d.polygon([(290, 250), (360, 200), (430, 250)], fill=(70, 64, 66))
    save(img, out / "opaque.png", format="PNG", optimize=True)

    # photo.webp: 600x400 lossy WebP with an EXIF chunk holding GPS.
    exif = make_exif(make="Nyttig", model="Testphone 1", artist="Anna Jensen", when="2024:05:16 08:15:00", **PHONE_GPS)
    save(landscape(600, 400, seed=6, grain=1.5), out / "photo.webp", format="WEBP", quality=80, method=4, exif=exif.tobytes())

    # anim.gif: 3 frames, 200x150, looping.
    frames = []
    for k in range(3):
        f = Image.new("RGB", (200, 150), (236, 244, 250))
        d = ImageDraw.Draw(f)
        d.rectangle([0, 110, 199, 149], fill=(96, 150, 80))
        x = 20 + k * 60
        d.ellipse([x, 60, x + 50, 110], fill=[(214, 30, 40), (0, 136, 122), (236, 160, 40)][k])
        frames.append(f.convert("P", palette=Image.ADAPTIVE, colors=16))
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=300, loop=0, disposal=2)
    write(out / "anim.gif", buf.getvalue())

    # cmyk.jpg: a 200x150 CMYK JPEG.
    save(landscape(200, 150, seed=7, grain=1.0).convert("CMYK"), out / "cmyk.jpg", format="JPEG", quality=90)

    # p3.jpg: 300x200 with a Display P3 ICC profile.
    icc = display_p3_icc()
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))  # LittleCMS must accept it
    assert "Display P3" in ImageCms.getProfileDescription(profile)
    img = landscape(300, 200, seed=8, grain=1.0)
    d = ImageDraw.Draw(img)
    for k, col in enumerate([(255, 0, 0), (0, 255, 0), (0, 0, 255)]):
        d.rectangle([10 + k * 40, 10, 45 + k * 40, 45], fill=col)  # saturated: where P3 and sRGB differ
    ImageCms.profileToProfile(img, profile, ImageCms.createProfile("sRGB"))  # LittleCMS can transform with it
    save(img, out / "p3.jpg", format="JPEG", quality=90, icc_profile=icc)

    # truncated.jpg: the first 40% of a valid JPEG.
    data = jpeg_bytes(landscape(320, 240, seed=9, grain=1.5), quality=85)
    write(out / "truncated.jpg", data[: int(len(data) * 0.4)])

    # not-a-picture.jpg: text with a picture's name.
    write(out / "not-a-picture.jpg", "Dette er ikke et billede\n".encode())

    # iphone.heic: a HEIF 'ftyp' box (major brand heic; mif1, heic compatible), then an 'mdat' box of
    # made-up bytes. Recognisable as HEIC by its first bytes; no decoder can open it.
    ftyp = struct.pack(">I", 24) + b"ftyp" + b"heic" + struct.pack(">I", 0) + b"mif1" + b"heic"
    payload = np.random.default_rng(10).integers(0, 256, 232, dtype=np.uint8).tobytes()
    write(out / "iphone.heic", ftyp + struct.pack(">I", 8 + len(payload)) + b"mdat" + payload)

    # scan.tiff: a small grey "scanned page", LZW-compressed, 300 dpi.
    page = Image.new("L", (340, 440), 246)
    d = ImageDraw.Draw(page)
    rng = np.random.default_rng(11)
    d.rectangle([30, 30, 310, 52], fill=40)
    y = 80
    while y < 400:
        length = int(rng.uniform(180, 280)) if rng.uniform() > 0.15 else int(rng.uniform(60, 140))
        x = 30
        while x < 30 + length:
            wlen = int(rng.uniform(12, 40))
            d.rectangle([x, y, min(x + wlen, 30 + length), y + 7], fill=int(rng.uniform(50, 90)))
            x += wlen + 6
        y += 18 if rng.uniform() > 0.12 else 34
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    save(page, out / "scan.tiff", format="TIFF", compression="tiff_lzw", dpi=(300, 300))

    # bomb.png: the IHDR says 100000 x 100000 8-bit RGB (30 GB of pixels); the IDAT holds one row.
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(bytes(1 + 3 * 100_000), 9)  # filter byte + one black row
    write(out / "bomb.png", b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))


def make_demo() -> None:
    for name, scene, meta in DEMO_PICTURES:
        started = time.monotonic()
        img = scene(4000, 3000)
        exif = make_exif(orientation=1, size=img.size, **meta)
        save(img, DEMO / name, format="JPEG", quality=88, exif=exif.tobytes())
        print(f"  {name}: {(DEMO / name).stat().st_size / 1e6:.2f} MB in {time.monotonic() - started:.1f} s")


def check() -> None:
    """Open what was written again, as a first check."""
    Image.MAX_IMAGE_PIXELS = None
    with Image.open(FIXTURES / "phone.jpg") as im:
        assert im.size == (640, 480) and im.getexif()[ORIENTATION] == 6
        assert b"anna.jensen@egebjerg.dk" in (FIXTURES / "phone.jpg").read_bytes()
        from PIL import ImageOps

        shown = ImageOps.exif_transpose(im)
        assert shown.size == (480, 640)
        r, g, b = shown.getpixel((460, 20))
        assert r > 200 and g < 60 and b < 60, (r, g, b)  # red: top right
        r, g, b = shown.getpixel((20, 620))
        assert b > 200 and r < 60 and g < 60, (r, g, b)  # blue: bottom left
    for name, size in [("wide.jpg", (2400, 1600)), ("small.jpg", (300, 200)), ("logo.png", (400, 300)),
                       ("opaque.png", (500, 400)), ("photo.webp", (600, 400)), ("anim.gif", (200, 150)),
                       ("cmyk.jpg", (200, 150)), ("p3.jpg", (300, 200)), ("scan.tiff", (340, 440))]:
        with Image.open(FIXTURES / name) as im:
            im.load()
            assert im.size == size, (name, im.size)
    bomb = (FIXTURES / "bomb.png").read_bytes()
    assert struct.unpack(">II", bomb[16:24]) == (100_000, 100_000) and len(bomb) < 1024


def main() -> None:
    started = time.monotonic()
    make_fixtures()
    print(f"test pictures in {FIXTURES.relative_to(ROOT)}")
    if "--fixtures-only" not in sys.argv[1:]:
        print(f"demo pictures in {DEMO.relative_to(ROOT)}")
        make_demo()
    check()
    print(f"done in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
