"""Outgoing issue figures (issue 7): time from the clerk confirming the PIN to the signed file on
disk and recorded, and the longest pause of a 5 ms ticker in the main thread meanwhile (what the
GUI thread would feel), with the idle pause measured the same way beside it.

Runs against SoftHSM2 and the loopback test PKI of the test suite (TSA and OCSP in their own
process, as a real CA is another machine):

    .venv/bin/python bench/desk_issue.py [N]
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from scratch import scratch_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tests.adapters.signing.conftest as signing_conftest  # noqa: E402 - sets SOFTHSM2_CONF first
from tests.adapters.signing.pki import USER_PIN, init_token, start_pki  # noqa: E402


class Pin:
    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        return USER_PIN


def ticker_gap(work) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    gaps: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    # the ticker is the "GUI thread"; the work runs beside it, as the wizard's task does
    t0 = time.perf_counter()
    worker = threading.Thread(target=work)
    worker.start()
    tick_thread = threading.Thread(target=tick)
    tick_thread.start()
    worker.join()
    elapsed = time.perf_counter() - t0
    stop.set()
    tick_thread.join()
    return elapsed, max(gaps) * 1000 if gaps else 0.0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    base = signing_conftest._BASE
    pki = start_pki(base / "pki")
    init_token(pki, signing_conftest.TOKEN_DIR, signing_conftest.SOFTHSM_CONF)
    init_token(pki, signing_conftest.TOKEN_DIR, signing_conftest.SOFTHSM_CONF, label="Leader Token",
               entities=("leader",))
    from qlvb_desktop.app import build_core
    from qlvb_desktop.domain.outgoing import make_draft
    from tests.adapters.desk.conftest import configure_station
    from tests.adapters.signing.test_signing import leader_signed

    tmp = scratch_dir("qlvb-bench-desk-")
    desk = configure_station(build_core(tmp / "data"), pki, tmp)
    leader = leader_signed(pki, tmp)
    service = desk.outgoing
    _, idle = ticker_gap(lambda: time.sleep(1.0))
    for label, spec in (
        ("B-LT (TSA + OCSP, test PKI on loopback)", desk.sign_spec()),
        ("B-B (no TSA, no revocation data)", replace(desk.sign_spec(), tsa_url=None, want_ltv=False)),
    ):
        times, stalls = [], []
        for i in range(n):
            draft = make_draft(book=service.book("di"), doc_type="Quyết định", subject=f"Văn bản thử {i}",
                               issued=service.today(), abbreviation=desk.abbreviation)
            elapsed, stall = ticker_gap(lambda d=draft, s=spec: service.issue(leader, d, s, Pin()))
            times.append(elapsed)
            stalls.append(stall)
        print(f"{label}: confirm → signed file on disk median {statistics.median(times):.2f} s, "
              f"max {max(times):.2f} s; longest main-thread pause median {statistics.median(stalls):.0f} ms, "
              f"max {max(stalls):.0f} ms (idle {idle:.0f} ms); {n} documents")
    pki.stop()


if __name__ == "__main__":
    main()
