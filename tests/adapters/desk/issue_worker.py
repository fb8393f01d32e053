"""Run in a child process by the kill test: issues an outgoing document, but the signing step
stops half-way (after the number was allocated inside its transaction, with half a file
written) and waits to be killed."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def main() -> None:
    data_dir, src, ready = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    import qlvb_desktop.adapters.pkcs11.batch as batch
    from qlvb_desktop.app import build_core
    from qlvb_desktop.domain.outgoing import make_draft
    from tests.adapters.signing.pki import USER_PIN  # (not conftest: it would make a new SoftHSM config)

    class Pin:
        def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
            return USER_PIN

    def hang(src_: Path, dst: Path, signer: object, req: object) -> object:
        dst.write_bytes(src_.read_bytes()[:1000])  # a half-written signed file
        ready.write_text(str(req.number.number))  # type: ignore[attr-defined]
        while True:
            time.sleep(1)

    batch.sign_pdf_file = hang  # type: ignore[assignment]
    core = build_core(data_dir)
    desk = core.desk
    service = desk.outgoing
    draft = make_draft(
        book=service.book("di"), doc_type="Quyết định", subject="Về việc thử mất điện", issued=service.today(),
        abbreviation=desk.abbreviation,
    )
    service.issue(src, draft, desk.sign_spec(), Pin())


if __name__ == "__main__":
    main()
