"""Generated scans in the layout of SPEC §5, so the extraction tests need no corpus.

A page is drawn at 200 dpi on A4 with the Vietnamese font of `resources/fonts`, then skewed,
given noise, a red seal and a blue signature over the signer block, like a real scan.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path(__file__).resolve().parents[3] / "resources" / "fonts"
DPI = 200
W, H = int(8.27 * DPI), int(11.69 * DPI)
BODY = (
    "Thực hiện chỉ đạo của cấp trên về công tác văn thư, đề nghị các cơ quan, đơn vị rà soát "
    "việc tiếp nhận, đăng ký và quản lý văn bản đến trên hệ thống quản lý văn bản và điều hành."
)


@dataclass
class Doc:
    issuer: str = "SỞ TÀI CHÍNH"
    issuer_lines: tuple[str, ...] = ("SỞ TÀI CHÍNH",)
    parent_lines: tuple[str, ...] = ("ỦY BAN NHÂN DÂN TỈNH", "TUYÊN QUANG")
    number: str = "15/QĐ-STC"
    place: str = "Tuyên Quang"
    day: tuple[int, int, int] = (5, 3, 2026)
    doc_type: str = "QUYẾT ĐỊNH"  # "" for a công văn
    subject_lines: tuple[str, ...] = ("Về việc ban hành quy chế văn thư",)
    urgency: str = ""  # printed in red in the left column
    authority: str = "KT. GIÁM ĐỐC"
    title: str = "PHÓ GIÁM ĐỐC"
    signer: str = "Nguyễn Văn An"
    recipients: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
    skew: float = 0.8
    seal: bool = True
    signature: bool = True
    pages: int = 1
    upside_down: bool = False
    seed: int = 1
    extra: dict[str, str] = field(default_factory=dict)


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _center(draw: ImageDraw.ImageDraw, cx: int, y: int, text: str, font: ImageFont.FreeTypeFont, fill=(0, 0, 0)) -> int:
    w = draw.textlength(text, font=font)
    draw.text((cx - w / 2, y), text, font=font, fill=fill)
    return y + int(font.size * 1.45)


def _body(draw: ImageDraw.ImageDraw, y: int, lines: int) -> int:
    font = _font(30)
    words = BODY.split()
    line = ""
    count = 0
    i = 0
    while count < lines:
        word = words[i % len(words)]
        i += 1
        if draw.textlength(line + " " + word, font=font) > W - 380:
            draw.text((190, y), line.strip(), font=font, fill=(0, 0, 0))
            y += 48
            count += 1
            line = ""
        line += " " + word
    return y + 20


def render_pages(doc: Doc) -> list[Image.Image]:
    rnd = random.Random(doc.seed)
    pages = []
    first = Image.new("RGB", (W, H), (250, 250, 247))
    d = ImageDraw.Draw(first)
    reg, bold = _font(30), _font(30, True)
    lx, rx = 420, 1150
    y = 150
    for line in doc.parent_lines:
        y = _center(d, lx, y, line, reg)
    for line in doc.issuer_lines:
        y = _center(d, lx, y, line, bold)
    d.line((lx - 70, y + 8, lx + 70, y + 8), fill=(0, 0, 0), width=2)
    ry = _center(d, rx, 150, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _font(29, True))
    ry = _center(d, rx, ry, "Độc lập - Tự do - Hạnh phúc", _font(30, True))
    d.line((rx - 200, ry + 8, rx + 200, ry + 8), fill=(0, 0, 0), width=2)
    y = max(y, ry) + 50
    _center(d, lx, y, f"Số: {doc.number}", reg)
    dd, mm, yyyy = doc.day
    _center(d, rx, y, f"{doc.place}, ngày {dd:02d} tháng {mm:02d} năm {yyyy}", _font(30))
    y += 60
    if not doc.doc_type:
        for line in doc.subject_lines:
            y = _center(d, lx, y, line, _font(27))
    if doc.urgency:
        y += 30
        _center(d, lx, y, doc.urgency.upper(), _font(40, True), fill=(215, 30, 35))
        y += 60
    y += 50
    if doc.doc_type:
        y = _center(d, W // 2, y, doc.doc_type, _font(36, True))
        for line in doc.subject_lines:
            y = _center(d, W // 2, y, line, bold)
        y += 40
    else:
        y = _center(d, W // 2, y + 10, "Kính gửi: Các cơ quan, đơn vị trực thuộc.", reg) + 20
    y = _body(d, y, 6)
    pages.append(first)
    last = first
    if doc.pages > 1:
        for _ in range(doc.pages - 1):
            page = Image.new("RGB", (W, H), (250, 250, 247))
            y = _body(ImageDraw.Draw(page), 150, 8)
            pages.append(page)
        last = pages[-1]
    d = ImageDraw.Draw(last)
    y += 40
    d.text((190, y), "Nơi nhận:", font=_font(26, True), fill=(0, 0, 0))
    ry = y
    for item in doc.recipients:
        ry += 40
        d.text((190, ry), f"- {item}", font=_font(22), fill=(0, 0, 0))
    sx = 1150
    sy = y
    if doc.authority:
        sy = _center(d, sx, sy, doc.authority, bold)
    sy = _center(d, sx, sy, doc.title, bold)
    name_y = sy + 230
    _center(d, sx, name_y, doc.signer, bold)
    # Ink over ink: the seal and the signature are multiplied over the printed text, as on paper.
    ink = Image.new("RGB", (W, H), (255, 255, 255))
    di = ImageDraw.Draw(ink)
    if doc.seal:
        r = int(19 * DPI / 25.4)
        cx, cy = sx - 120, sy + 110
        di.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 40, 45), width=8)
        di.ellipse((cx - r + 30, cy - r + 30, cx + r - 30, cy + r - 30), outline=(220, 40, 45), width=4)
        di.text((cx - 15, cy - 25), "★", font=_font(40), fill=(220, 40, 45))
    if doc.signature:
        pts = [(sx - 60 + i * 12, sy + 120 + rnd.randint(-40, 40)) for i in range(22)]
        di.line(pts, fill=(30, 50, 200), width=5)
    from PIL import ImageChops

    blended = ImageChops.multiply(last, ink)
    last.paste(blended)
    out = []
    for page in pages:
        page = page.rotate(doc.skew, resample=Image.BICUBIC, fillcolor=(250, 250, 247))
        page = page.filter(ImageFilter.GaussianBlur(0.6))
        px = page.load()
        for _ in range(4000):
            x, yy = rnd.randrange(W), rnd.randrange(H)
            px[x, yy] = (90, 90, 90)
        if doc.upside_down:
            page = page.rotate(180)
        out.append(page)
    return out


def write_scan(doc: Doc, out: Path, blank_after: bool = False) -> list[Path]:
    """The pages as JPEG files (one per page), optionally followed by a blank back side."""
    pages = render_pages(doc)
    if blank_after:
        pages.append(Image.new("RGB", (W, H), (248, 248, 246)))
    paths = []
    for i, page in enumerate(pages):
        path = out.with_name(f"{out.stem}{'' if i == 0 else f'_p{i + 1}'}.jpg")
        page.save(path, quality=85, dpi=(DPI, DPI))
        paths.append(path)
    return paths


def write_pdf(doc: Doc, out: Path) -> Path:
    pages = render_pages(doc)
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=DPI)
    return out
