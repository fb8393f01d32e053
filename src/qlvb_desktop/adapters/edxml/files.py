"""A package's decoded attachments: what they really are, ZIPs unwrapped safely, damage found.

Real packages (SPEC §9) carry the file itself, a ZIP holding it, or a "ZIP" that is the file
itself; and a PDF that went through a text encoding on the way (bytes above 0x7F replaced by
U+FFFD or re-encoded as UTF-8) arrives with its cross-reference offsets wrong. The original
bytes are always kept as decoded; nothing is repaired.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath

from qlvb_desktop.domain.exchange import AttachmentInfo

MAX_ZIP_ENTRIES = 200
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)
_OBJ = re.compile(rb"\s*\d+\s+\d+\s+obj")


def sniff(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" in head:
        return "application/pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "application/zip"
    return ""


def pdf_damage(path: Path) -> str:
    """Why this PDF cannot be what its sender signed, or "" when it looks whole."""
    size = path.stat().st_size
    with path.open("rb") as f:
        head = f.read(4096)
        f.seek(max(0, size - 4096))
        tail = f.read()
    if b"\xef\xbf\xbd" in head[:64] or b"\xef\xbf\xbd\xef\xbf\xbd" in head:
        return "tệp PDF đã bị đổi mã khi truyền (byte nhị phân bị thay bằng ký tự �)"
    if _comment_reencoded(head):
        return "tệp PDF đã bị đổi mã khi truyền (qua một bảng mã văn bản), các byte nhị phân đã bị thay đổi"
    matches = list(_STARTXREF.finditer(tail))
    if not matches:
        return "tệp PDF bị cắt cụt (không có phần kết thúc %%EOF)"
    offset = int(matches[-1].group(1))
    if offset >= size:
        return "tệp PDF bị hỏng khi truyền (vị trí bảng tham chiếu nằm ngoài tệp)"
    with path.open("rb") as f:
        f.seek(max(0, offset - 8))
        near = f.read(48)
    # A few bytes of slack: some producers write the offset of the line break before "xref".
    if not any(near[i:].startswith(b"xref") or _OBJ.match(near[i:]) for i in range(min(17, len(near)))):
        high = _high_bytes_look_reencoded(path)
        return (
            "tệp PDF đã bị đổi mã khi truyền (qua một bảng mã văn bản), các vị trí trong tệp không còn đúng"
            if high else "tệp PDF bị hỏng khi truyền (bảng tham chiếu không ở vị trí đã ghi)"
        )
    return ""


def _comment_reencoded(head: bytes) -> bool:
    """The binary comment after `%PDF-1.x` (four bytes above 0x7F, chosen not to be text)
    turned into UTF-8 pairs (C2/C3 xx): the file was read as Latin-1 and written as UTF-8."""
    lines = head.split(b"\n", 2)
    if len(lines) < 2 or not lines[1].startswith(b"%"):
        return False
    comment = lines[1].rstrip(b"\r")[1:]
    high = [b for b in comment if b >= 0x80]
    if len(high) < 4:
        return False
    try:
        comment.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(b in (0xC2, 0xC3) for b in comment[: len(comment)] if b >= 0xC0)


def _high_bytes_look_reencoded(path: Path) -> bool:
    """Bytes above 0x7F that are all valid UTF-8 sequences or U+FFFD: a text codec went over it."""
    with path.open("rb") as f:
        sample = f.read(1 << 20)
    if b"\xef\xbf\xbd" in sample:
        return True
    high = sum(1 for b in sample if b >= 0x80)
    if not high:
        return True  # a binary PDF with no byte above 0x7F: they were stripped
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # only a sequence cut by the sample's end
    return True


def safe_name(raw: str, fallback: str) -> str:
    """A file name without folders or control characters, NFC."""
    name = PurePosixPath(raw.replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable()).strip()
    return name or fallback


def _type_of(path: Path, declared: str, name: str) -> str:
    found = sniff(path)
    if found:
        return found
    guessed = mimetypes.guess_type(name)[0]
    return guessed or declared or "application/octet-stream"


def _info(path: Path, name: str, content_type: str, size: int, sha: str, container: str = "") -> AttachmentInfo:
    info = AttachmentInfo(name, content_type, size, sha, container=container)
    if content_type == "application/pdf":
        damage = pdf_damage(path)
        if damage:
            info.verdict, info.reason = "damaged", damage
    return info


def unwrap_attachment(
    path: Path, name: str, declared: str, size: int, sha256: str, workdir: Path, limit: int, problems: list[str]
) -> list[tuple[AttachmentInfo, Path | None]]:
    name = safe_name(name, path.name)
    kind = sniff(path)
    declared_l = (declared or "").lower()
    if kind == "application/zip" and _office_document(path):
        kind = ""  # a .docx/.xlsx/.odt is a ZIP too: it is the file, not a wrapper
    if kind != "application/zip":
        info = _info(path, name, _type_of(path, declared, name), size, sha256)
        if "zip" in declared_l or name.lower().endswith(".zip"):
            info.notes.append("khai báo là ZIP nhưng chính là tệp")
            if kind == "application/pdf" and not name.lower().endswith(".pdf"):
                info.name = name.rsplit(".", 1)[0] + ".pdf"
        if info.verdict == "damaged":
            problems.append(f"Tệp “{info.name}”: {info.reason}.")
        return [(info, path)]
    out: list[tuple[AttachmentInfo, Path | None]] = []
    try:
        with zipfile.ZipFile(path) as z:
            entries = [e for e in z.infolist() if not e.is_dir()]
            if len(entries) > MAX_ZIP_ENTRIES:
                raise zipfile.BadZipFile(f"quá nhiều tệp ({len(entries)})")
            for n, entry in enumerate(entries):
                inner = safe_name(entry.filename, f"{name}-{n + 1}")
                if entry.file_size > limit:
                    reason = f"lớn hơn giới hạn {limit >> 20} MB ({entry.file_size >> 20} MB theo khai báo)"
                    problems.append(f"Tệp “{inner}” trong “{name}” {reason}; không giải nén.")
                    out.append((AttachmentInfo(inner, "", entry.file_size, "", "damaged", reason, name), None))
                    continue
                target = workdir / f"{path.stem}-{n}.bin"
                digest, written = _extract(z, entry, target, limit)
                if written < 0:
                    reason = f"lớn hơn giới hạn {limit >> 20} MB khi giải nén"
                    problems.append(f"Tệp “{inner}” trong “{name}” {reason}.")
                    out.append((AttachmentInfo(inner, "", entry.file_size, "", "damaged", reason, name), None))
                    continue
                info = _info(target, inner, _type_of(target, "", inner), written, digest, name)
                if info.verdict == "damaged":
                    problems.append(f"Tệp “{inner}” trong “{name}”: {info.reason}.")
                out.append((info, target))
    except Exception as exc:  # zipfile, zlib, bz2 and lzma each fail their own way
        reason = f"tệp ZIP hỏng hoặc không giải nén được ({exc})"
        problems.append(f"Tệp “{name}”: {reason}.")
        return [(AttachmentInfo(name, "application/zip", size, sha256, "damaged", reason), path)]
    if not out:
        problems.append(f"Tệp ZIP “{name}” không chứa tệp nào.")
    return out


def _office_document(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist()[:50])
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names or "mimetype" in names


def _extract(z: zipfile.ZipFile, entry: zipfile.ZipInfo, target: Path, limit: int) -> tuple[str, int]:
    """Copy one entry out, never more than `limit` bytes whatever its header says; -1 if over."""
    digest = hashlib.sha256()
    written = 0
    with z.open(entry) as src, target.open("wb") as dst:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > limit:
                dst.close()
                target.unlink(missing_ok=True)
                return "", -1
            digest.update(chunk)
            dst.write(chunk)
    return digest.hexdigest(), written
