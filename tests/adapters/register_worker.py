"""A station registering documents in a loop, run as a separate process by the tests.

Usage: python register_worker.py DATA_DIR COUNT TAG [--with-file]
Prints "<arrival_number>" after each registration is committed (flushed at once), so the
parent knows exactly which registrations were acknowledged before it killed us.
"""

import sys
from pathlib import Path

import pikepdf

from qlvb_desktop.app import build_core


def main() -> None:
    data_dir, count, tag = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with_file = "--with-file" in sys.argv
    core = build_core(data_dir)
    attachment = data_dir / f"scan-{tag}.pdf"
    if with_file:
        pdf = pikepdf.new()  # a real PDF: attachments are checked at the door
        pdf.add_blank_page()
        pdf.docinfo["/Subject"] = tag * 5000
        pdf.save(attachment)
    for i in range(count):
        reg = core.register.register(
            {
                "issuer": f"Sở Nội vụ {tag}",
                "number": f"{i + 1}/SNV-{tag}",
                "doc_type": "Công văn",
                "subject": f"V/v thử nghiệm {tag} {i}",
            },
            [attachment] if with_file else [],
        )
        print(reg.arrival_number, flush=True)


if __name__ == "__main__":
    main()
