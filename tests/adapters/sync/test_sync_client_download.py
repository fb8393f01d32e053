"""The sync client's download: bytes that do not match their hash are reported as such (not as
"cannot connect") and never kept. The server cannot be made to send wrong bytes (it rechecks
every file it serves), so the transport is a fake here."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from qlvb_desktop.adapters.sync_client import HttpSyncServer, ServerUnreachable


def test_a_download_that_does_not_match_its_hash_says_so(tmp_path):
    wanted = hashlib.sha256(b"the real bytes").hexdigest()
    server = HttpSyncServer("https://qlvb.example", station="st-1", token="t")
    server.client.close()
    server.client = httpx.Client(
        base_url="https://qlvb.example/api/v1",
        transport=httpx.MockTransport(lambda _req: httpx.Response(200, content=b"other bytes")),
    )
    target = tmp_path / "files" / wanted
    try:
        with pytest.raises(ServerUnreachable) as caught:
            server.download(wanted, target)
    finally:
        server.close()
    assert "không khớp mã SHA-256" in caught.value.message
    assert "Không kết nối được" not in caught.value.message
    assert not target.exists() and not list(target.parent.iterdir())
