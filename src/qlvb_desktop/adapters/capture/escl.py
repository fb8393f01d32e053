"""eSCL ("AirScan", driverless network scanners): a small client over plain HTTP.

ScannerCapabilities tells what the device has, a POST to ScanJobs starts a job, and each GET of
`<job>/NextDocument` returns one page: 503 means "not ready yet, ask again", 404 means "no more
pages". A jam or an open cover shows in ScannerStatus; a cancel is a DELETE of the job.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import cv2
import numpy as np

from qlvb_desktop.domain.capture import (
    CancelToken,
    PageCallback,
    RawPage,
    ScanError,
    ScannerInfo,
    ScanSettings,
    Source,
)
from qlvb_desktop.domain.errors import QT_TRANSLATE_NOOP

NS = {"scan": "http://schemas.hp.com/imaging/escl/2011/05/03", "pwg": "http://www.pwg.org/schemas/2010/12/sm"}
TIMEOUT = 30.0
RETRY_DELAY = 0.5
MAX_WAIT_SECONDS = 120.0

_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="{scan}" xmlns:pwg="{pwg}">
  <pwg:Version>2.6</pwg:Version>
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>2480</pwg:Width><pwg:Height>3508</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>
  <pwg:InputSource>{source}</pwg:InputSource>
  <scan:Duplex>{duplex}</scan:Duplex>
  <scan:ColorMode>{mode}</scan:ColorMode>
  <scan:XResolution>{dpi}</scan:XResolution>
  <scan:YResolution>{dpi}</scan:YResolution>
  <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>
  <scan:DocumentFormatExt>image/jpeg</scan:DocumentFormatExt>
</scan:ScanSettings>
"""

_STATES = {
    "ScannerAdfJam": QT_TRANSLATE_NOOP("Errors", "Máy quét bị kẹt giấy ở khay nạp; gỡ giấy kẹt rồi quét tiếp."),
    "ScannerAdfHatchOpen": QT_TRANSLATE_NOOP("Errors", "Nắp máy quét đang mở; hãy đóng nắp rồi quét tiếp."),
    "ScannerAdfEmpty": QT_TRANSLATE_NOOP("Errors", "Khay nạp giấy không có giấy."),
}


@dataclass
class Capabilities:
    make_and_model: str
    platen: bool
    adf: bool
    duplex: bool
    resolutions: tuple[int, ...]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


class EsclClient:
    """One device, by its base URL (`http://host:port/eSCL`)."""

    def __init__(self, base_url: str, timeout: float = TIMEOUT) -> None:
        self.base = base_url.rstrip("/")
        self.timeout = timeout

    def _request(self, method: str, url: str, body: bytes | None = None) -> Response:
        if not url.startswith("http"):
            url = self.base + "/" + url.lstrip("/")
        req = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            req.add_header("Content-Type", "text/xml")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return Response(resp.status, dict(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as exc:
            return Response(exc.code, dict(exc.headers.items()) if exc.headers else {}, exc.read() or b"")
        except (urllib.error.URLError, OSError) as exc:
            raise ScanError(
                QT_TRANSLATE_NOOP("Errors", "Không kết nối được máy quét mạng {url}: {reason}."),
                url=self.base,
                reason=str(getattr(exc, "reason", exc)),
            ) from exc

    def capabilities(self) -> Capabilities:
        resp = self._request("GET", "ScannerCapabilities")
        if resp.status != 200:
            raise ScanError(
                QT_TRANSLATE_NOOP("Errors", "Máy quét mạng {url} trả lời lỗi {status}."),
                url=self.base,
                status=resp.status,
            )
        try:
            root = ET.fromstring(resp.body)
        except ET.ParseError as exc:
            raise ScanError(
                QT_TRANSLATE_NOOP("Errors", "Máy quét mạng {url} trả lời không hợp lệ."), url=self.base
            ) from exc
        model = root.findtext("pwg:MakeAndModel", default="eSCL", namespaces=NS)
        dpis = sorted({int(x.text or 0) for x in root.iterfind(".//scan:XResolution", NS) if (x.text or "").isdigit()})
        return Capabilities(
            make_and_model=model,
            platen=root.find("scan:Platen", NS) is not None,
            adf=root.find("scan:Adf", NS) is not None,
            duplex=root.find(".//scan:AdfDuplexInputCaps", NS) is not None,
            resolutions=tuple(dpis),
        )

    def status(self) -> tuple[str, str]:
        """(scanner state, ADF state), e.g. ("Idle", "ScannerAdfLoaded")."""
        resp = self._request("GET", "ScannerStatus")
        if resp.status != 200:
            return "Unknown", ""
        try:
            root = ET.fromstring(resp.body)
        except ET.ParseError:
            return "Unknown", ""
        return (
            root.findtext("pwg:State", default="", namespaces=NS),
            root.findtext("scan:AdfState", default="", namespaces=NS),
        )

    def start_job(self, settings: ScanSettings) -> str:
        body = _SETTINGS.format(
            scan=NS["scan"],
            pwg=NS["pwg"],
            source="Feeder" if settings.source is Source.FEEDER else "Platen",
            duplex="true" if settings.duplex else "false",
            mode="RGB24" if settings.color else "Grayscale8",
            dpi=settings.dpi,
        ).encode("utf-8")
        resp = self._request("POST", "ScanJobs", body)
        if resp.status == 503:
            raise ScanError(QT_TRANSLATE_NOOP("Errors", "Máy quét đang bận (có thể một chương trình khác đang dùng)."))
        location = next((v for k, v in resp.headers.items() if k.lower() == "location"), "")
        if resp.status not in (200, 201) or not location:
            self._raise_state(resp.status, [])
        return urllib.parse.urljoin(self.base + "/", location)

    def cancel_job(self, job_url: str) -> None:
        self._request("DELETE", job_url)

    def _raise_state(self, status: int, pages: list[RawPage]) -> None:
        _state, adf = self.status()
        template = _STATES.get(adf, QT_TRANSLATE_NOOP("Errors", "Máy quét báo lỗi: {reason}."))
        if pages:
            template += " " + QT_TRANSLATE_NOOP("Errors", "Đã giữ {count} trang quét trước đó.")
        raise ScanError(template, pages=pages, reason=f"HTTP {status} {adf}".strip(), count=len(pages))

    def scan(
        self,
        settings: ScanSettings,
        origin: str,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        job = self.start_job(settings)
        pages: list[RawPage] = []
        waited = 0.0
        while True:
            if cancel is not None and cancel.cancelled:
                self.cancel_job(job)
                return pages
            try:
                resp = self._request("GET", job + "/NextDocument")
            except ScanError as exc:  # the device went away mid-batch: keep what it sent
                kept = " " + QT_TRANSLATE_NOOP("Errors", "Đã giữ {count} trang quét trước đó.") if pages else ""
                raise ScanError(exc.template + kept, pages=pages, count=len(pages), **exc.params) from exc
            if resp.status == 200:
                waited = 0.0
                image = cv2.imdecode(np.frombuffer(resp.body, np.uint8), cv2.IMREAD_UNCHANGED)
                if image is None:
                    self.cancel_job(job)
                    raise ScanError(
                        QT_TRANSLATE_NOOP("Errors", "Máy quét mạng gửi ảnh hỏng ở trang {page}."),
                        pages=pages,
                        page=len(pages) + 1,
                    )
                if image.ndim == 3 and image.shape[2] == 4:
                    image = np.ascontiguousarray(image[:, :, :3])
                page = RawPage(image, settings.dpi, f"{origin} trang {len(pages) + 1}")
                pages.append(page)
                if on_page is not None:
                    on_page(page)
                if settings.source is Source.FLATBED:
                    return pages
            elif resp.status == 404:
                if not pages:
                    self._raise_state(404, pages)
                return pages
            elif resp.status == 503:
                if waited >= MAX_WAIT_SECONDS:
                    self.cancel_job(job)
                    raise ScanError(
                        QT_TRANSLATE_NOOP("Errors", "Máy quét mạng không gửi trang tiếp theo; đã dừng."),
                        pages=pages,
                    )
                time.sleep(RETRY_DELAY)
                waited += RETRY_DELAY
            else:
                self._raise_state(resp.status, pages)


class EsclScanner:
    """The `Scanner` port for eSCL devices; the device URLs come from the settings."""

    backend = "escl"

    def __init__(self, urls: list[str] | None = None) -> None:
        self.urls = list(urls or [])

    def devices(self) -> list[ScannerInfo]:
        out = []
        for url in self.urls:
            try:
                caps = EsclClient(url, timeout=5).capabilities()
            except ScanError as exc:
                out.append(ScannerInfo(f"escl:{url}", url, "escl", False, exc.message))
                continue
            sources = tuple(s for s, on in ((Source.FLATBED, caps.platen), (Source.FEEDER, caps.adf)) if on)
            out.append(ScannerInfo(f"escl:{url}", caps.make_and_model, "escl", True, "", sources, caps.duplex))
        return out

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> list[RawPage]:
        url = device_id.removeprefix("escl:")
        client = EsclClient(url)
        caps = client.capabilities()
        if settings.source is Source.FEEDER and not caps.adf:
            raise ScanError(QT_TRANSLATE_NOOP("Errors", "Máy quét này không có {what}."), what="khay nạp giấy")
        if settings.duplex and not caps.duplex:
            raise ScanError(QT_TRANSLATE_NOOP("Errors", "Máy quét này không có {what}."), what="quét hai mặt")
        return client.scan(settings, caps.make_and_model, on_page, cancel)
