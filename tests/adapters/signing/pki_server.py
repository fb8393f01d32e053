"""Serves the test PKI (TSA, OCSP, CRL, certificates) from its own process, as a real CA is another
machine: answering in the test process would hold its interpreter lock for ~100 ms per request and
show up as stalls of the GUI thread that the application does not have.

    python pki_server.py CONFIG.yml KEY_DIR PORT [ARCH]

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
    name = sys.argv[4] if len(sys.argv) > 4 else "testing"
    arch = CertomancerConfig.from_file(cfg_path, key_search_dir=key_dir).get_pki_arch(name)
    app = Animator(AnimatorArchStore({name: arch}), with_web_ui=False)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", port, app, threaded=True)

    def parent_gone() -> None:
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=parent_gone, daemon=True).start()
    print(json.dumps(cert_digests(arch)), flush=True)
    server.serve_forever()


def cert_digests(arch: object) -> dict[str, str]:
    """SHA-256 of every certificate of the architecture, by label."""
    labels = [spec.label for _, specs in arch.enumerate_certs_by_issuer() for spec in specs]  # type: ignore[attr-defined]
    return {str(label): hashlib.sha256(arch.get_cert(label).dump()).hexdigest() for label in labels}  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
