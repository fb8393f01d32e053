"""Generated test pages: Vietnamese text rendered with the shipped font, turned and skewed by known angles."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from qlvb_desktop.resources import font_path

SENTENCE = "Ủy ban nhân dân tỉnh Tuyên Quang quyết định phê duyệt kế hoạch số hóa tài liệu lưu trữ"
BODY = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "QUYẾT ĐỊNH",
    "Về việc ban hành quy chế công tác văn thư",
    SENTENCE,
    "Điều 1. Ban hành kèm theo Quyết định này quy chế công tác văn thư của cơ quan.",
    "Điều 2. Quyết định có hiệu lực thi hành kể từ ngày ký ban hành.",
    "Chánh Văn phòng, Thủ trưởng các đơn vị chịu trách nhiệm thi hành.",
    "Nơi nhận: như Điều 2; lưu văn thư, hồ sơ điện tử của đơn vị.",
    "Những người được giao nhiệm vụ phải thực hiện đúng quy định về bảo mật.",
    "Việc số hóa văn bản giấy phải bảo đảm đầy đủ, chính xác và rõ nét.",
    "Hà Nội, ngày 05 tháng 01 năm 2026. Giám đốc Sở Nội vụ ký tên đóng dấu.",
]


def text_page(dpi: int = 200, lines: list[str] | None = None, color: bool = True, size_pt: float = 12) -> np.ndarray:
    """An A4 page (BGR or gray) with Vietnamese text, black on white."""
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    img = Image.new("RGB" if color else "L", (w, h), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(font_path("DejaVuSans.ttf")), round(size_pt * dpi / 72))
    y = round(1.0 * dpi)
    x = round(0.8 * dpi)
    for line in lines or BODY * 2:
        draw.text((x, y), line, fill="black", font=font)
        y += round(size_pt * 1.9 * dpi / 72)
        if y > h - dpi:
            break
    if color:
        draw.rectangle((x, h - round(1.6 * dpi), x + round(1.2 * dpi), h - round(1.2 * dpi)), fill=(200, 30, 30))
        return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)
    return np.asarray(img).copy()


def blank_page(dpi: int = 200, noise: float = 6.0, seed: int = 1) -> np.ndarray:
    w, h = round(8.27 * dpi), round(11.69 * dpi)
    rng = np.random.default_rng(seed)
    page = np.full((h, w, 3), 245, np.float32) + rng.normal(0, noise, (h, w, 1))
    return np.clip(page, 0, 255).astype(np.uint8)


def turn(image: np.ndarray, rotation: int) -> np.ndarray:
    """Turn the page `rotation` degrees clockwise (what a clerk feeding it sideways does)."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return image if rotation == 0 else cv2.rotate(image, codes[rotation])


def skew(image: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate the content `degrees` counter-clockwise, keeping the size, white corners."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    white = 255 if image.ndim == 2 else (255, 255, 255)
    return cv2.warpAffine(image, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=white)


def add_noise(image: np.ndarray, sigma: float = 8.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noisy = image.astype(np.float32) + rng.normal(0, sigma, image.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def dark_border(image: np.ndarray, px: int = 40) -> np.ndarray:
    """A scanner's black frame around the page."""
    value = 15 if image.ndim == 2 else (15, 15, 15)
    return cv2.copyMakeBorder(image, px, px, px + 10, px, cv2.BORDER_CONSTANT, value=value)
