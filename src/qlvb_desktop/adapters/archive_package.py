"""The archive package of one closed case file (SPEC §11 OPEN default; layout in
docs/casefiles.md) and its checker.

One ZIP (root folder: the FileCode with dashes, 000-00-04-G14-2026-01-TCCB) laid out after
E-ARK CSIP (the METS manifest at the root of the package folder), which
implementations of Thông tư 05/2025/TT-BNV follow:

    <root>/METS.xml                               manifest: every file, its size and SHA-256
    <root>/metadata/descriptive/ho-so.xml          Phụ lục VI metadata of the file and each document
    <root>/representations/rep1/data/NNN/<name>    the documents' files, byte for byte
    <root>/documentation/muc-luc-van-ban.pdf|xlsx  the printed "Mục lục văn bản"

The checker refuses a package in which any file differs from the manifest (size or SHA-256),
is missing, is not listed, or lies outside the package folder.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path, PurePosixPath

from qlvb_desktop.domain.casefiles import CaseFile, FiledDocument, retention_text
from qlvb_desktop.domain.clock import iso, now_vn
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP, EnvironmentProblem, UserError
from qlvb_desktop.domain.filenames import ascii_part
from qlvb_desktop.domain.registration import split_number
from qlvb_desktop.domain.report import Organization
from qlvb_desktop.services.atomic_file import atomic_path

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
HOSO_NS = "urn:qlvb:nd30-2020:phu-luc-vi"
PROFILE = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
CHUNK = 1 << 20
ET.register_namespace("mets", METS_NS)
ET.register_namespace("xlink", XLINK_NS)
ET.register_namespace("csip", CSIP_NS)
MIME = {".pdf": "application/pdf", ".xml": "text/xml", ".xlsx":
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".png": "image/png",
        ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".tif": "image/tiff", ".tiff": "image/tiff"}


def _safe_name(name: str) -> str:
    """A member name that stays inside its folder and reads on any archive system."""
    base = PurePosixPath(name.replace("\\", "/")).name or "tep"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    folded = ascii_part(stem)[:90] or "tep"
    ext = re.sub(r"[^A-Za-z0-9]", "", suffix)[:8]
    return f"{folded}.{ext}" if ext else folded


def _sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _sub(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    el = ET.SubElement(parent, f"{{{HOSO_NS}}}{tag}")
    if value is not None:
        el.text = str(value)
    return el


def metadata_xml(cf: CaseFile, docs: Sequence[FiledDocument], files: dict[tuple[int, int], str]) -> bytes:
    """Phụ lục VI: the case file's metadata and each document's, each file linked by its path."""
    ET.register_namespace("", HOSO_NS)
    root = ET.Element(f"{{{HOSO_NS}}}HoSo")
    for tag, value in (
        ("FileCode", cf.code), ("OrganId", cf.organ_id), ("FileCatalog", cf.year), ("FileNotation", cf.notation),
        ("Title", cf.title), ("Maintenance", retention_text(cf.retention)), ("Rights", cf.rights),
        ("Creator", cf.creator), ("Language", cf.language), ("StartDate", cf.start_date.isoformat()),
        ("EndDate", cf.end_date.isoformat() if cf.end_date else ""), ("DocTotal", len(docs)),
        ("PageTotal", sum(d.page_count or 1 for d in docs)), ("Description", cf.description),
    ):
        _sub(root, tag, value)
    for d in docs:
        doc = _sub(root, "VanBan")
        number, notation = split_number(d.number)
        for tag, value in (
            ("FileCode", cf.code), ("DocOrdinal", d.ordinal), ("TypeName", d.doc_type), ("CodeNumber", number),
            ("CodeNotation", notation), ("IssuedDate", d.issued_date.isoformat() if d.issued_date else ""),
            ("OrganName", d.author), ("Subject", d.subject), ("Language", cf.language),
            ("PageAmount", d.page_count or ""), ("Description", d.note),
        ):
            _sub(doc, tag, value)
        listed = _sub(doc, "Files")
        for position, (sha, _name, size) in enumerate(d.files):
            f = _sub(listed, "File")
            f.set("href", files[(d.ordinal, position)])
            f.set("sha256", sha)
            f.set("size", str(size))
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def mets_xml(cf: CaseFile, organization: Organization, entries: Sequence[tuple[str, str, int, str]],
             created: datetime) -> bytes:
    """The METS manifest (E-ARK CSIP): `entries` are (relative path, sha256, size, group)."""
    m = f"{{{METS_NS}}}"
    mets = ET.Element(f"{m}mets", {
        "OBJID": cf.code, "TYPE": "Other", f"{{{CSIP_NS}}}OTHERTYPE": "Hồ sơ",
        f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE": "Other", "PROFILE": PROFILE, "LABEL": cf.title,
    })
    hdr = ET.SubElement(mets, f"{m}metsHdr", {"CREATEDATE": iso(created), "RECORDSTATUS": "NEW",
                                               f"{{{CSIP_NS}}}OAISPACKAGETYPE": "SIP"})
    agent = ET.SubElement(hdr, f"{m}agent", {"ROLE": "CREATOR", "TYPE": "ORGANIZATION"})
    ET.SubElement(agent, f"{m}name").text = organization.name or cf.creator
    file_sec = ET.SubElement(mets, f"{m}fileSec", {"ID": "filesec"})
    groups: dict[str, ET.Element] = {}
    struct = ET.Element(f"{m}structMap", {"TYPE": "PHYSICAL", "LABEL": "CSIP"})
    top = ET.SubElement(struct, f"{m}div", {"LABEL": cf.code})
    for n, (path, sha, size, group) in enumerate(entries, start=1):
        if group == "Metadata":
            dmd = ET.Element(f"{m}dmdSec", {"ID": f"dmd-{n}", "CREATED": iso(created)})
            ET.SubElement(dmd, f"{m}mdRef", {
                "LOCTYPE": "URL", "MDTYPE": "OTHER", "OTHERMDTYPE": "NĐ30-2020 Phụ lục VI",
                f"{{{XLINK_NS}}}type": "simple",
                f"{{{XLINK_NS}}}href": path, "MIMETYPE": "text/xml", "SIZE": str(size), "CREATED": iso(created),
                "CHECKSUM": sha, "CHECKSUMTYPE": "SHA-256",
            })
            mets.insert(1, dmd)
            continue
        grp = groups.get(group)
        if grp is None:
            grp = groups[group] = ET.SubElement(file_sec, f"{m}fileGrp", {"ID": f"grp-{len(groups) + 1}", "USE": group})
            ET.SubElement(ET.SubElement(top, f"{m}div", {"LABEL": group}), f"{m}fptr", {"FILEID": grp.get("ID", "")})
        f = ET.SubElement(grp, f"{m}file", {
            "ID": f"file-{n}", "MIMETYPE": MIME.get(PurePosixPath(path).suffix.lower(), "application/octet-stream"),
            "SIZE": str(size), "CREATED": iso(created), "CHECKSUM": sha, "CHECKSUMTYPE": "SHA-256",
        })
        ET.SubElement(f, f"{m}FLocat", {"LOCTYPE": "URL", f"{{{XLINK_NS}}}type": "simple",
                                          f"{{{XLINK_NS}}}href": path})
    mets.append(struct)
    ET.indent(mets)
    return bytes(ET.tostring(mets, encoding="utf-8", xml_declaration=True))


class ZipArchivePackager:
    def __init__(self, path_of: Callable[[str], Path], clock: Callable[[], datetime] = now_vn) -> None:
        self.path_of = path_of  # the content store: sha256 -> stored file
        self.clock = clock

    def build(
        self, case_file: CaseFile, docs: Sequence[FiledDocument], organization: Organization,
        printed: Sequence[Path], out: Path,
    ) -> Path:
        root = ascii_part(case_file.code.replace(".", "-")) or "ho-so"  # 000-00-04-G14-2026-01-TCCB
        # (relative path, source file on disk) of every file; the metadata follows
        members: list[tuple[str, Path, str]] = []
        hrefs: dict[tuple[int, int], str] = {}
        for d in docs:
            used: set[str] = set()
            for position, (sha, name, _size) in enumerate(d.files):
                safe = _safe_name(name)
                if safe in used:
                    safe = f"{position + 1}_{safe}"
                used.add(safe)
                rel = f"representations/rep1/data/{d.ordinal:03d}/{safe}"
                source = self.path_of(sha)
                if not source.is_file():
                    raise EnvironmentProblem(
                        QT_TRANSLATE_NOOP("Errors", "Thiếu tệp {name} của văn bản thứ {ordinal} trong kho tệp."),
                        name=name, ordinal=d.ordinal,
                    )
                members.append((rel, source, "Representations/rep1/data"))
                hrefs[(d.ordinal, position)] = rel
        for p in printed:
            members.append((f"documentation/{p.name}", p, "Documentation"))
        metadata = metadata_xml(case_file, docs, hrefs)
        entries: list[tuple[str, str, int, str]] = [
            ("metadata/descriptive/ho-so.xml", hashlib.sha256(metadata).hexdigest(), len(metadata), "Metadata")
        ]
        for rel, source, group in members:
            sha, size = _sha256_file(source)
            entries.append((rel, sha, size, group))
        manifest = mets_xml(case_file, organization, entries, self.clock())
        try:
            with (
                atomic_path(out, suffix=".zip") as tmp,  # the one atomic writer (fsync, rename)
                zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z,
            ):
                z.writestr(f"{root}/METS.xml", manifest)
                z.writestr(f"{root}/metadata/descriptive/ho-so.xml", metadata)
                for rel, source, _group in members:
                    z.write(source, f"{root}/{rel}")
        except OSError as exc:
            raise EnvironmentProblem(
                QT_TRANSLATE_NOOP("Errors", "Không ghi được tệp {path}: {reason}."),
                path=str(out), reason=exc.strerror or str(exc),
            ) from exc
        return out

    def check(self, package: Path) -> list[str]:
        """Every problem found, one Vietnamese sentence each; an empty list: the package is whole."""
        try:
            z = zipfile.ZipFile(package)
        except (OSError, zipfile.BadZipFile) as exc:
            raise UserError(
                QT_TRANSLATE_NOOP("Errors", "Tệp {path} không phải gói hồ sơ ZIP đọc được."), path=str(package)
            ) from exc
        problems: list[str] = []
        with z:
            names = [i.filename for i in z.infolist() if not i.is_dir()]
            manifests = [n for n in names if n.count("/") == 1 and n.endswith("/METS.xml")]
            if len(manifests) != 1:
                return ["Gói không có đúng một tệp METS.xml ở thư mục gốc."]
            root = manifests[0].split("/")[0]
            try:
                mets = ET.fromstring(z.read(manifests[0]))
            except ET.ParseError as exc:
                return [f"METS.xml không đọc được: {exc}."]
            listed: dict[str, tuple[str, int]] = {}
            for el in mets.iter():
                if el.tag in (f"{{{METS_NS}}}file", f"{{{METS_NS}}}mdRef"):
                    loc = el if el.tag.endswith("mdRef") else el.find(f"{{{METS_NS}}}FLocat")
                    href = loc.get(f"{{{XLINK_NS}}}href", "") if loc is not None else ""
                    listed[href] = (el.get("CHECKSUM", ""), int(el.get("SIZE", "-1")))
            for href, (sha, size) in listed.items():
                rel = PurePosixPath(href)
                if rel.is_absolute() or ".." in rel.parts:
                    problems.append(f"Đường dẫn {href} ra ngoài gói.")
                    continue
                member = f"{root}/{href}"
                if member not in names:
                    problems.append(f"Thiếu tệp {href} có trong bản kê METS.")
                    continue
                digest, got = hashlib.sha256(), 0
                with z.open(member) as f:
                    for block in iter(lambda: f.read(CHUNK), b""):
                        digest.update(block)
                        got += len(block)
                if got != size or digest.hexdigest() != sha:
                    problems.append(f"Tệp {href} đã bị thay đổi (SHA-256 hoặc kích thước khác bản kê METS).")
            for name in names:
                if name == manifests[0]:
                    continue
                if not name.startswith(f"{root}/") or name[len(root) + 1:] not in listed:
                    problems.append(f"Tệp {name} không có trong bản kê METS.")
        return problems
