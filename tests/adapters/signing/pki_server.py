"""Serves the test PKI (TSA, OCSP, CRL, certificates) from its own process, as a real CA is another
machine: answering in the test process would hold its interpreter lock for ~100 ms per request and
show up as stalls of the GUI thread that the application does not have.

    python pki_server.py CONFIG.yml KEY_DIR PORT

Prints one JSON line with the SHA-256 of every certificate (the parent checks it built the same
ones from the same configuration), then serves until its standard input closes (the parent exits).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading


def main() -> None:
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig
    from werkzeug.serving import make_server

    cfg_path, key_dir, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    arch = CertomancerConfig.from_file(cfg_path, key_search_dir=key_dir).get_pki_arch("testing")
    app = Animator(AnimatorArchStore({"testing": arch}), with_web_ui=False)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", port, app, threaded=True)

    def parent_gone() -> None:
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=parent_gone, daemon=True).start()
    print(json.dumps(cert_digests(arch)), flush=True)
    server.serve_forever()


def cert_digests(arch: object) -> dict[str, str]:
    from tests.adapters.signing.pki import ENTITIES

    return {name: hashlib.sha256(arch.get_cert(name).dump()).hexdigest() for name in ENTITIES}  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
