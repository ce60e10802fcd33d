"""Generate the sample photos of the demo site (content/images/*.jpg).

The pictures are abstract computer-made illustrations (sky, sea, hills,
buildings, people, documents, a podium). They carry no text and no real
person, so they can be published under CC0.

Deterministic: every image has its own seeded RNG, and the JPEG is written
without EXIF or timestamps, so rerunning gives byte-identical files (with the
same Pillow version).

    .venv/bin/python tests/tools/make_sample_images.py [output_dir]
"""

from __future__ import annotations

import hashlib
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "content" / "images"
QUALITY = 82
MAX_BYTES = 400_000

# Colour palettes (top sky, horizon, sea, land, accent).
PALETTES = {
    "pagi": ((120, 180, 230), (250, 220, 170), (40, 120, 170), (90, 150, 80), (230, 120, 60)),
    "siang": ((70, 150, 220), (200, 230, 250), (20, 110, 160), (120, 160, 70), (240, 190, 40)),
    "senja": ((60, 60, 130), (250, 150, 90), (50, 70, 120), (70, 90, 60), (250, 200, 80)),
    "teduh": ((150, 190, 200), (235, 240, 230), (70, 140, 150), (110, 140, 100), (200, 80, 70)),
    "savana": ((110, 170, 220), (240, 225, 180), (30, 100, 150), (190, 160, 90), (170, 60, 50)),
    "ruang": ((225, 220, 205), (245, 240, 230), (180, 160, 130), (140, 100, 70), (160, 40, 40)),
    "biru": ((30, 70, 120), (120, 170, 210), (20, 60, 100), (60, 90, 120), (240, 200, 60)),
}

# name, scene, palette, size
IMAGES = [
    ("kenaikan-pangkat-april-2027", "dokumen", "ruang", (2000, 1333)),
    ("pensiun-bup-berkas", "dokumen", "teduh", (1800, 1200)),
    ("seleksi-pppk-tahap-ii", "aula", "biru", (2400, 1600)),
    ("sosialisasi-disiplin-sumba-timur", "podium", "savana", (2100, 1400)),
    ("kegiatan-alor-1", "pantai", "siang", (2400, 1600)),
    ("kegiatan-alor-2", "podium", "pagi", (1800, 1200)),
    ("kegiatan-alor-3", "orang", "teduh", (1800, 1200)),
    ("kegiatan-alor-4", "dokumen", "pagi", (1600, 1067)),
    ("bimtek-siasn-manggarai", "bukit", "pagi", (2400, 1600)),
    ("pembaruan-data-myasn", "gawai", "siang", (1800, 1200)),
    ("ketentuan-cuti-pns", "pantai", "senja", (2100, 1400)),
    ("evaluasi-kinerja-skp", "grafik", "ruang", (1800, 1200)),
    ("netralitas-asn", "gedung", "teduh", (2000, 1333)),
    ("layanan-konsultasi", "gedung", "siang", (2400, 1600)),
    ("satyalancana-karya-satya", "upacara", "pagi", (2400, 1600)),
    ("portal-bkd-ntt", "gawai", "biru", (1600, 1067)),
    ("jadwal-kenaikan-pangkat-oktober-2027", "dokumen", "siang", (1800, 1200)),
    ("rencana-kegiatan-2027", "bukit", "teduh", (1600, 1067)),
]


def seed_for(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")


def mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def shade(c, f):
    return tuple(max(0, min(255, int(v * f))) for v in c)


def vertical_gradient(img, box, top, bottom):
    x0, y0, x1, y1 = box
    d = ImageDraw.Draw(img)
    h = max(1, y1 - y0)
    for y in range(y0, y1):
        d.line([(x0, y), (x1, y)], fill=mix(top, bottom, (y - y0) / h))


def sky(img, pal, horizon):
    vertical_gradient(img, (0, 0, img.width, horizon), pal[0], pal[1])


def sun(img, rng, pal, horizon):
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    r = int(img.height * rng.uniform(0.05, 0.09))
    cx = int(img.width * rng.uniform(0.15, 0.85))
    cy = int(horizon * rng.uniform(0.25, 0.6))
    for k in range(6, 0, -1):
        rr = r * (1 + k * 0.35)
        d.ellipse([cx - rr, cy - rr, cx + rr, cy + rr], fill=pal[4] + (18,))
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(*mix(pal[4], (255, 250, 230), 0.5), 255))
    img.alpha_composite(layer.filter(ImageFilter.GaussianBlur(3)))


def clouds(img, rng, horizon, n=5):
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for _ in range(n):
        cx = rng.uniform(0, img.width)
        cy = rng.uniform(horizon * 0.1, horizon * 0.6)
        w = img.width * rng.uniform(0.08, 0.18)
        for _ in range(5):
            ox, oy = rng.uniform(-w, w), rng.uniform(-w * 0.15, w * 0.15)
            rw, rh = w * rng.uniform(0.4, 0.7), w * rng.uniform(0.18, 0.3)
            d.ellipse(
                [cx + ox - rw, cy + oy - rh, cx + ox + rw, cy + oy + rh], fill=(255, 255, 255, 120)
            )
    img.alpha_composite(layer.filter(ImageFilter.GaussianBlur(img.width / 160)))


def hills(img, rng, pal, base, layers=3):
    d = ImageDraw.Draw(img)
    for k in range(layers):
        color = shade(mix(pal[3], pal[1], 0.45 - k * 0.18), 1.0 - k * 0.08)
        y = base - img.height * 0.12 + k * img.height * 0.06
        pts = [(0, img.height)]
        phase = rng.uniform(0, 6.28)
        amp = img.height * rng.uniform(0.03, 0.08)
        steps = 40
        for s in range(steps + 1):
            x = img.width * s / steps
            yy = y - amp * (math.sin(phase + s * 0.35) + 0.5 * math.sin(phase * 2 + s * 0.9))
            pts.append((x, yy))
        pts.append((img.width, img.height))
        d.polygon(pts, fill=color)


def sea(img, rng, pal, horizon, bottom):
    vertical_gradient(img, (0, horizon, img.width, bottom), mix(pal[2], pal[1], 0.3), pal[2])
    d = ImageDraw.Draw(img)
    for _ in range(40):
        y = rng.uniform(horizon + 5, bottom)
        x = rng.uniform(0, img.width)
        w = img.width * rng.uniform(0.02, 0.08) * (y - horizon) / max(1, bottom - horizon)
        d.line([(x, y), (x + w, y)], fill=mix(pal[2], (255, 255, 255), 0.35), width=3)


def buildings(img, rng, pal, ground, count=6, big=False):
    d = ImageDraw.Draw(img)
    x = rng.uniform(0, img.width * 0.05)
    while x < img.width:
        w = img.width * rng.uniform(0.07, 0.16) * (1.6 if big else 1)
        h = img.height * rng.uniform(0.12, 0.32) * (1.4 if big else 1)
        body = mix(rng.choice([(235, 230, 215), (210, 220, 230), (240, 225, 200)]), pal[1], 0.2)
        d.rectangle([x, ground - h, x + w, ground], fill=body)
        # roof
        roof = shade(pal[4], 0.8)
        if rng.random() < 0.6:
            d.polygon(
                [
                    (x - w * 0.05, ground - h),
                    (x + w / 2, ground - h - w * 0.3),
                    (x + w * 1.05, ground - h),
                ],
                fill=roof,
            )
        else:
            d.rectangle([x - w * 0.03, ground - h - h * 0.05, x + w * 1.03, ground - h], fill=roof)
        # windows
        cols = max(2, int(w / (img.width * 0.02)))
        rows = max(2, int(h / (img.height * 0.06)))
        for c in range(cols):
            for r in range(rows):
                wx = x + w * (c + 0.3) / cols
                wy = ground - h + h * (r + 0.3) / (rows + 0.5)
                d.rectangle(
                    [wx, wy, wx + w * 0.4 / cols, wy + h * 0.35 / (rows + 0.5)],
                    fill=mix(pal[2], (255, 255, 255), 0.25),
                )
        x += w + img.width * rng.uniform(0.01, 0.05)


def person(d, cx, ground, height, color, head=None):
    hr = height * 0.11
    d.ellipse([cx - hr, ground - height, cx + hr, ground - height + 2 * hr], fill=head or color)
    bw = height * 0.2
    top = ground - height + 2.1 * hr
    d.rounded_rectangle([cx - bw, top, cx + bw, ground], radius=bw * 0.6, fill=color)


def crowd(img, rng, ground, rows=3, palette=None):
    d = ImageDraw.Draw(img)
    shirts = palette or [
        (60, 80, 120),
        (150, 60, 50),
        (230, 230, 225),
        (90, 120, 80),
        (200, 150, 60),
        (110, 90, 140),
    ]
    for r in range(rows):
        height = img.height * (0.18 + 0.07 * r)
        y = ground + r * img.height * 0.09
        n = int(img.width / (height * 0.5))
        for i in range(n):
            cx = (i + rng.uniform(0.2, 0.8)) * img.width / n
            person(d, cx, y, height * rng.uniform(0.9, 1.05), rng.choice(shirts), head=(60, 45, 35))


def podium(img, rng, pal, floor):
    d = ImageDraw.Draw(img)
    w = img.width
    # backdrop
    d.rectangle([w * 0.12, floor * 0.25, w * 0.88, floor], fill=shade(pal[2], 0.9))
    d.rectangle([w * 0.12, floor * 0.25, w * 0.88, floor * 0.32], fill=pal[4])
    # podium box
    px = w * rng.uniform(0.35, 0.6)
    d.polygon(
        [
            (px - w * 0.06, floor),
            (px + w * 0.06, floor),
            (px + w * 0.05, floor * 0.68),
            (px - w * 0.05, floor * 0.68),
        ],
        fill=(120, 80, 50),
    )
    d.rectangle([px - w * 0.055, floor * 0.66, px + w * 0.055, floor * 0.69], fill=(90, 60, 40))
    person(d, px, floor * 0.72, img.height * 0.28, (40, 50, 70), head=(60, 45, 35))
    # table on the side
    tx = w * (0.2 if px > w * 0.5 else 0.62)
    d.rectangle([tx, floor * 0.78, tx + w * 0.22, floor * 0.82], fill=(240, 240, 235))
    d.rectangle([tx, floor * 0.82, tx + w * 0.22, floor], fill=shade(pal[4], 0.7))
    for k in range(3):
        person(
            d,
            tx + w * (0.04 + 0.07 * k),
            floor * 0.79,
            img.height * 0.17,
            (50, 60, 80),
            head=(60, 45, 35),
        )


def documents(img, rng, pal):
    d = ImageDraw.Draw(img)
    w, h = img.size
    # desk
    wood = mix((165, 120, 80), pal[3], 0.2)
    vertical_gradient(img, (0, int(h * 0.35), w, h), shade(wood, 1.1), shade(wood, 0.75))
    for _ in range(rng.randint(3, 5)):
        cx = w * rng.uniform(0.2, 0.8)
        cy = h * rng.uniform(0.5, 0.75)
        pw, ph = w * 0.16, w * 0.22
        layer = Image.new("RGBA", (int(pw * 1.6), int(ph * 1.6)), (0, 0, 0, 0))
        ld = ImageDraw.Draw(layer)
        ox, oy = pw * 0.3, ph * 0.3
        ld.rectangle([ox + 12, oy + 12, ox + pw + 12, oy + ph + 12], fill=(0, 0, 0, 60))
        ld.rectangle([ox, oy, ox + pw, oy + ph], fill=(250, 249, 244, 255))
        for line in range(9):
            ly = oy + ph * (0.12 + line * 0.08)
            ll = pw * rng.uniform(0.5, 0.8)
            ld.line(
                [(ox + pw * 0.1, ly), (ox + pw * 0.1 + ll, ly)],
                fill=(170, 170, 180, 255),
                width=max(2, int(h / 300)),
            )
        ld.ellipse(
            [ox + pw * 0.62, oy + ph * 0.78, ox + pw * 0.85, oy + ph * 0.94],
            outline=pal[4] + (255,),
            width=max(3, int(h / 250)),
        )
        layer = layer.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC)
        img.alpha_composite(layer, (int(cx - layer.width / 2), int(cy - layer.height / 2)))
    # pen
    x0, y0 = w * rng.uniform(0.6, 0.8), h * rng.uniform(0.8, 0.9)
    d.line([(x0, y0), (x0 + w * 0.15, y0 - h * 0.08)], fill=(30, 40, 70), width=int(h / 60))


def chart(img, rng, pal):
    w, h = img.size
    vertical_gradient(img, (0, 0, w, h), pal[1], pal[0])
    d = ImageDraw.Draw(img)
    d.rounded_rectangle(
        [w * 0.1, h * 0.12, w * 0.9, h * 0.88], radius=h * 0.03, fill=(252, 251, 247)
    )
    bars = rng.randint(5, 8)
    colors = [pal[4], pal[2], pal[3], shade(pal[4], 0.7)]
    for i in range(bars):
        bx = w * 0.16 + i * (w * 0.68 / bars)
        bh = h * rng.uniform(0.15, 0.6)
        d.rectangle(
            [bx, h * 0.8 - bh, bx + w * 0.68 / bars * 0.6, h * 0.8], fill=colors[i % len(colors)]
        )
    d.line([(w * 0.14, h * 0.8), (w * 0.86, h * 0.8)], fill=(80, 80, 90), width=4)


def phone(img, rng, pal):
    w, h = img.size
    d = ImageDraw.Draw(img)
    pw, ph = h * 0.38, h * 0.75
    px, py = w * rng.uniform(0.35, 0.5), h * 0.14
    d.rounded_rectangle(
        [px + 14, py + 14, px + pw + 14, py + ph + 14], radius=pw * 0.12, fill=shade(pal[3], 0.5)
    )
    d.rounded_rectangle([px, py, px + pw, py + ph], radius=pw * 0.12, fill=(30, 32, 40))
    sx0, sy0, sx1, sy1 = px + pw * 0.07, py + ph * 0.06, px + pw * 0.93, py + ph * 0.94
    d.rectangle([sx0, sy0, sx1, sy1], fill=(245, 246, 250))
    d.rectangle([sx0, sy0, sx1, sy0 + ph * 0.1], fill=pal[2])
    for k in range(5):
        y = sy0 + ph * (0.16 + k * 0.14)
        d.rounded_rectangle(
            [sx0 + pw * 0.06, y, sx1 - pw * 0.06, y + ph * 0.1],
            radius=8,
            fill=mix(pal[0], (255, 255, 255), 0.6),
        )
        d.ellipse(
            [sx0 + pw * 0.1, y + ph * 0.02, sx0 + pw * 0.1 + ph * 0.06, y + ph * 0.08], fill=pal[4]
        )


def flags(img, rng, ground):
    d = ImageDraw.Draw(img)
    w, h = img.size
    for k in range(3):
        x = w * (0.3 + 0.2 * k)
        d.line([(x, ground), (x, h * 0.12)], fill=(200, 200, 200), width=int(w / 300))
        fw, fh = w * 0.07, h * 0.07
        d.rectangle([x, h * 0.12, x + fw, h * 0.12 + fh / 2], fill=(200, 30, 40))
        d.rectangle([x, h * 0.12 + fh / 2, x + fw, h * 0.12 + fh], fill=(250, 250, 250))


def render(name: str, scene: str, palette: str, size) -> Image.Image:
    rng = random.Random(seed_for(name))
    pal = PALETTES[palette]
    img = Image.new("RGBA", size, pal[1] + (255,))
    w, h = size
    horizon = int(h * rng.uniform(0.42, 0.55))
    if scene == "pantai":
        sky(img, pal, horizon)
        sun(img, rng, pal, horizon)
        clouds(img, rng, horizon)
        sea(img, rng, pal, horizon, h)
        hills(img, rng, pal, horizon + int(h * 0.05), layers=2)
        d = ImageDraw.Draw(img)
        d.polygon(
            [(0, h), (0, h * 0.82), (w * 0.5, h * 0.9), (w, h * 0.84), (w, h)], fill=(235, 220, 180)
        )
        crowd(img, rng, int(h * 0.95), rows=1)
    elif scene == "bukit":
        sky(img, pal, horizon)
        sun(img, rng, pal, horizon)
        clouds(img, rng, horizon, 7)
        hills(img, rng, pal, horizon + int(h * 0.2), layers=4)
        buildings(img, rng, pal, int(h * 0.86))
    elif scene == "gedung":
        sky(img, pal, horizon)
        clouds(img, rng, horizon)
        ImageDraw.Draw(img).rectangle([0, horizon, w, h], fill=shade(pal[3], 0.95))
        buildings(img, rng, pal, int(h * 0.78), big=True)
        ImageDraw.Draw(img).rectangle([0, int(h * 0.78), w, h], fill=(180, 175, 165))
        crowd(img, rng, int(h * 0.98), rows=1)
    elif scene in ("podium", "aula"):
        vertical_gradient(img, (0, 0, w, h), shade(pal[0], 1.05), pal[1])
        floor = int(h * 0.72)
        podium(img, rng, pal, floor)
        ImageDraw.Draw(img).rectangle([0, floor, w, h], fill=shade(pal[3], 0.9))
        crowd(img, rng, int(h * 0.9), rows=2 if scene == "podium" else 3)
    elif scene == "orang":
        sky(img, pal, horizon)
        clouds(img, rng, horizon)
        hills(img, rng, pal, horizon + int(h * 0.1), layers=2)
        buildings(img, rng, pal, int(h * 0.7))
        ImageDraw.Draw(img).rectangle([0, int(h * 0.7), w, h], fill=shade(pal[3], 1.1))
        crowd(img, rng, int(h * 0.8), rows=3)
    elif scene == "upacara":
        sky(img, pal, horizon)
        clouds(img, rng, horizon)
        ImageDraw.Draw(img).rectangle([0, horizon, w, h], fill=shade(pal[3], 1.05))
        buildings(img, rng, pal, horizon + 4)
        flags(img, rng, horizon)
        crowd(
            img,
            rng,
            int(h * 0.78),
            rows=3,
            palette=[(120, 130, 80), (110, 120, 75), (240, 240, 235), (130, 135, 85)],
        )
    elif scene == "dokumen":
        vertical_gradient(img, (0, 0, w, int(h * 0.35)), pal[0], pal[1])
        documents(img, rng, pal)
    elif scene == "grafik":
        chart(img, rng, pal)
    elif scene == "gawai":
        vertical_gradient(img, (0, 0, w, h), pal[0], pal[1])
        hills(img, rng, pal, int(h * 0.95), layers=2)
        phone(img, rng, pal)
    else:
        raise ValueError(scene)
    return img.convert("RGB").filter(ImageFilter.SMOOTH)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, scene, palette, size in IMAGES:
        img = render(name, scene, palette, size)
        path = out / f"{name}.jpg"
        # No exif, no icc, fixed settings: same bytes on every run.
        img.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=True)
        n = path.stat().st_size
        if n > MAX_BYTES:
            raise SystemExit(f"{path}: {n} bytes, above {MAX_BYTES}")
        total += n
        print(
            f"{path.relative_to(out.parent) if out.parent in path.parents else path}  "
            f"{size[0]}x{size[1]}  {n} B"
        )
    print(f"{len(IMAGES)} images, {total} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
