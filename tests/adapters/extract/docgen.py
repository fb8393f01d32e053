"""Generated scans in the layout of SPEC §5, so the extraction tests need no corpus.

A page is drawn at 200 dpi on A4 with the Vietnamese font of `resources/fonts`, then skewed,
given noise, a red seal and a blue signature over the signer block, like a real scan.

The traits of the real documents (`../shared/corpus/real-dev`, SPEC §5) can be asked for:
`pen=True` leaves the template's gaps (`Số:      /CT-UBND`, `ngày      tháng 03`) and writes the
number and the day into them in blue-black pen (a handwriting font of Debian's when one is
installed, slanted, thick, off the baseline); `arrival_stamp` draws another office's boxed
arrival stamp in the left margin beside the subject; `authority` may be several lines (TL. /
KT. / title); `finish` gives a photocopy (gray, contrast, toner specks) or a phone photo
(perspective, uneven light); `write_signed_pdf` lays a signing tool's appearance (a box with
organization, e-mail and time) as a widget annotation over the top of page 1.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
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
    authority: str = "KT. GIÁM ĐỐC"  # lines separated by "\n" for a three-line block
    title: str = "PHÓ GIÁM ĐỐC"
    signer: str = "Nguyễn Văn An"
    recipients: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
    skew: float = 0.8
    seal: bool = True
    signature: bool = True
    pages: int = 1
    upside_down: bool = False
    seed: int = 1
    pen: bool = False  # number and day written by pen into the template's gaps
    arrival_stamp: bool = False  # another office's arrival stamp in the left margin
    finish: str = "scan"  # "scan", "photocopy" or "photo"
    extra: dict[str, str] = field(default_factory=dict)


PEN_FONTS = (
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf",
)
PEN_INK = (35, 45, 120)


def _pen(page: Image.Image, x: int, y: int, text: str, rnd: random.Random) -> None:
    """Digits written by pen: larger than the print, slanted, off the baseline, blue-black."""
    path = next((p for p in PEN_FONTS if Path(p).exists()), str(FONTS / "DejaVuSans.ttf"))
    font = ImageFont.truetype(path, 44)
    layer = Image.new("L", (60 * len(text) + 40, 90), 0)
    d = ImageDraw.Draw(layer)
    cx = 10
    for ch in text:
        d.text((cx, 10 + rnd.randint(-4, 4)), ch, font=font, fill=255, stroke_width=1, stroke_fill=255)
        cx += int(d.textlength(ch, font=font)) + rnd.randint(0, 6)
    layer = layer.transform(layer.size, Image.AFFINE, (1, 0.25, -10, 0, 1, 0), resample=Image.BICUBIC)
    page.paste(Image.new("RGB", layer.size, PEN_INK), (x, y - 18), layer)


def _arrival_stamp(page: Image.Image, x: int, y: int) -> None:
    d = ImageDraw.Draw(page)
    d.rectangle((x, y, x + 300, y + 130), outline=(60, 60, 60), width=3)
    d.text((x + 12, y + 8), "TRUNG TÂM CÔNG BÁO", font=_font(20, True), fill=(60, 60, 60))
    d.text((x + 12, y + 44), "CV ĐẾN Số: 2352", font=_font(22), fill=(60, 60, 60))
    d.text((x + 12, y + 84), "Ngày: 21/3/18", font=_font(22), fill=(60, 60, 60))


def _finish(page: Image.Image, finish: str, rnd: random.Random) -> Image.Image:
    import cv2

    if finish == "photocopy":
        gray = np.asarray(page.convert("L")).astype(np.float32)
        gray = np.clip((gray - 60) * 1.4, 0, 255)
        noise = np.random.default_rng(rnd.randint(0, 10**6)).random(gray.shape) < 0.0015
        gray[noise] = 30
        return Image.fromarray(gray.astype(np.uint8)).convert("RGB")
    if finish == "photo":
        image = np.asarray(page).astype(np.float32)
        h, w = image.shape[:2]
        light = np.linspace(1.0, 0.82, w)[None, :, None] * np.linspace(1.0, 0.9, h)[:, None, None]
        image = image * light + 12
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = np.float32([[40, 30], [w - 25, 55], [w - 60, h - 20], [20, h - 45]])
        warped = cv2.warpPerspective(
            np.clip(image, 0, 255).astype(np.uint8),
            cv2.getPerspectiveTransform(src, dst),
            (w, h),
            borderValue=(70, 60, 50),
        )
        return Image.fromarray(warped)
    return page


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
    dd, mm, yyyy = doc.day
    if doc.pen:
        digits, notation = doc.number.split("/", 1)
        label, tail = "Số: ", f"          /{notation}"
        left = lx - d.textlength(label + tail, font=reg) / 2
        d.text((left, y), label + tail, font=reg, fill=(0, 0, 0))
        _pen(first, int(left + d.textlength(label, font=reg)) + 8, y, digits, rnd)
        head, rest = f"{doc.place}, ngày", f"          tháng {mm:02d} năm {yyyy}"
        left = rx - d.textlength(f"{head} {rest}", font=_font(30)) / 2
        d.text((left, y), f"{head} {rest}", font=_font(30), fill=(0, 0, 0))
        _pen(first, int(left + d.textlength(head + " ", font=_font(30))) + 8, y, f"{dd:02d}", rnd)
    else:
        _center(d, lx, y, f"Số: {doc.number}", reg)
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
        if doc.arrival_stamp:
            _arrival_stamp(first, 30, y - 10)
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
    for line in doc.authority.split("\n") if doc.authority else ():
        sy = _center(d, sx, sy, line, bold)
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
        out.append(_finish(page, doc.finish, rnd))
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


def write_signed_pdf(doc: Doc, out: Path, signed_at: str = "D:20260306091500+07'00'") -> Path:
    """The scan as a PDF signed the way the province's gazette centre signs: its appearance (a
    box with organization, e-mail and time) is a widget annotation over the top of page 1, and
    the signature field says when it was signed. (No signature value: the extractor only reads
    the appearance's place and the time; verification is the verifier's.)"""
    import pikepdf

    write_pdf(doc, out)
    with pikepdf.open(out, allow_overwriting_input=True) as pdf:
        page = pdf.pages[0]
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        rect = [width - 230, height - 75, width - 10, height - 10]
        font = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
        )
        lines = [
            "TRUNG TAM CONG BAO VA TIN HOC",
            "SO TAI CHINH TINH TUYEN QUANG",
            "ttcb@tuyenquang.gov.vn",
            "06.03.2026 09:15:00 +07:00",
        ]
        text = "".join(f"BT /F1 9 Tf 6 {50 - 12 * i} Td ({line}) Tj ET " for i, line in enumerate(lines))
        ap = pdf.make_stream(f"q 1 0 0 RG 2 w 1 1 218 63 re S Q {text}".encode())
        ap.Type = pikepdf.Name.XObject
        ap.Subtype = pikepdf.Name.Form
        ap.BBox = [0, 0, 220, 65]
        ap.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        value = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Sig, M=pikepdf.String(signed_at)))
        widget = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Annot,
                Subtype=pikepdf.Name.Widget,
                FT=pikepdf.Name.Sig,
                T=pikepdf.String("Signature1"),
                Rect=rect,
                F=4,
                P=page.obj,
                V=value,
                AP=pikepdf.Dictionary(N=ap),
            )
        )
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([widget]))
        # More than the bare image on the page (as the real signed scans have: an empty text
        # object of the signing tool), so the page is rendered, not its image taken as it is.
        page.contents_add(pdf.make_stream(b"BT ET"), prepend=False)
        pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array([widget]), SigFlags=3))
        pdf.save(out)
    return out
