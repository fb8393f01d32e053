"""Shared fixtures of the capture tests: a private SANE config (test backend only), a loopback
eSCL device, the capture services wired as the app wires them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import cv2
import pytest

from qlvb_desktop.adapters.capture.wiring import CaptureCore, build_capture
from tests.adapters.capture.pages import text_page


@pytest.fixture
def sane_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SANE sees only its `test` backend (no network probing)."""
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("test\n")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    return conf


@pytest.fixture
def capture() -> CaptureCore:
    return build_capture(50 * 1024 * 1024, escl_urls=[], workers=2)


CAPS = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03"
    xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>Loopback eSCL Scanner</pwg:MakeAndModel>
  <scan:Platen><scan:PlatenInputCaps><scan:SettingProfiles><scan:SettingProfile>
    <scan:SupportedResolutions><scan:DiscreteResolutions>
      <scan:DiscreteResolution><scan:XResolution>200</scan:XResolution><scan:YResolution>200</scan:YResolution></scan:DiscreteResolution>
      <scan:DiscreteResolution><scan:XResolution>300</scan:XResolution><scan:YResolution>300</scan:YResolution></scan:DiscreteResolution>
    </scan:DiscreteResolutions></scan:SupportedResolutions>
  </scan:SettingProfile></scan:SettingProfiles></scan:PlatenInputCaps></scan:Platen>
  <scan:Adf><scan:AdfSimplexInputCaps/>{duplex}</scan:Adf>
</scan:ScannerCapabilities>"""

STATUS = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03"
    xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version><pwg:State>{state}</pwg:State><scan:AdfState>{adf}</scan:AdfState>
</scan:ScannerStatus>"""


class EsclDevice:
    """A loopback eSCL scanner: a feeder with `pages` sheets, optionally jamming at one."""

    def __init__(self) -> None:
        self.pages = 3
        self.jam_at: int | None = None
        self.busy_polls = 1  # 503s before each page, as a real device warming up
        self.duplex = True
        self.requests: list[str] = []
        self.jobs: dict[str, dict[str, int]] = {}
        self.adf_state = "ScannerAdfLoaded"
        ok, jpg = cv2.imencode(".jpg", text_page(100, color=True))
        assert ok
        self.jpeg = jpg.tobytes()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/eSCL"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        device = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _send(
                self, code: int, body: bytes = b"", ctype: str = "text/xml", headers: dict[str, str] | None = None
            ):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                device.requests.append(f"GET {self.path}")
                if self.path == "/eSCL/ScannerCapabilities":
                    duplex = "<scan:AdfDuplexInputCaps/>" if device.duplex else ""
                    return self._send(200, CAPS.format(duplex=duplex).encode())
                if self.path == "/eSCL/ScannerStatus":
                    return self._send(200, STATUS.format(state="Idle", adf=device.adf_state).encode())
                if self.path.startswith("/eSCL/ScanJobs/") and self.path.endswith("/NextDocument"):
                    job = device.jobs.get(self.path.split("/")[3])
                    if job is None:
                        return self._send(404)
                    if job["waits"] < device.busy_polls:
                        job["waits"] += 1
                        return self._send(503)
                    job["waits"] = 0
                    if device.jam_at is not None and job["sent"] == device.jam_at:
                        device.adf_state = "ScannerAdfJam"
                        return self._send(409)
                    if job["sent"] >= job["total"]:
                        return self._send(404)
                    job["sent"] += 1
                    return self._send(200, device.jpeg, "image/jpeg")
                return self._send(404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length).decode()
                device.requests.append(f"POST {self.path}")
                if self.path != "/eSCL/ScanJobs":
                    return self._send(404)
                job = f"job{len(device.jobs) + 1}"
                total = 1 if "<pwg:InputSource>Platen" in body else device.pages
                device.jobs[job] = {"sent": 0, "total": total, "waits": 0}
                return self._send(201, headers={"Location": f"/eSCL/ScanJobs/{job}"})

            def do_DELETE(self) -> None:
                device.requests.append(f"DELETE {self.path}")
                device.jobs.pop(self.path.split("/")[3], None)
                return self._send(200)

        return Handler


@pytest.fixture
def escl_device() -> Iterator[EsclDevice]:
    device = EsclDevice()
    device.thread.start()
    try:
        yield device
    finally:
        device.server.shutdown()
        device.server.server_close()
        device.thread.join(5)
