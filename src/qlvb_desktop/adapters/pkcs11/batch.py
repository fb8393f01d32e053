"""Batch signing with one login, on the token thread.

A token pulled out mid-batch stops the batch: the files already signed are complete (each is
written whole or not at all), the rest are reported as not signed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from qlvb_desktop.adapters.pdf.signer import SignRequest, TsaUnreachable, end_batch, sign_pdf_file
from qlvb_desktop.adapters.pkcs11.driver import resolve_module
from qlvb_desktop.adapters.pkcs11.session import TokenRemoved, TokenSession, removal_errors
from qlvb_desktop.adapters.pkcs11.worker import TokenThread
from qlvb_desktop.domain.errors import QlvbError
from qlvb_desktop.domain.signing import BatchResult, FileResult, PinHandler, SignatureKind, SignSpec


class TokenSigner:
    """Adapter for the `DocumentSigner` port: signs files with the key on a PKCS#11 token."""

    def sign_files(
        self,
        jobs: Sequence[tuple[Path, Path]],
        spec: SignSpec,
        appearance: Callable[[], str],
        pin_handler: PinHandler,
        progress: Callable[[int, int, FileResult], None] | None = None,
        sign_without_tsa: Callable[[str], bool] | None = None,
    ) -> BatchResult:
        """The port: trust list and module from the spec, then `sign_batch`."""
        from qlvb_desktop.adapters.pdf.verifier import shipped_trust_roots

        trusted = shipped_trust_roots(spec.extra_trust)
        roots = [c for c in trusted if c.self_signed != "no"]
        intermediates = [c for c in trusted if c.self_signed == "no"]  # embedded with the signature
        module = resolve_module(spec.pkcs11_module)

        def make_request(_src: Path) -> SignRequest:
            return SignRequest(
                spec.kind,
                text=appearance() if spec.kind is not SignatureKind.MAIN else "",
                seal_png=spec.seal_png,
                seal_offset_mm=spec.seal_offset_mm,
                number=spec.number_source() if spec.number_source is not None else spec.number,
                number_at_mm=spec.number_at_mm,
                tsa_url=spec.tsa_url,
                trust_roots=roots,
                other_certs=intermediates,
                want_ltv=spec.want_ltv,
            )

        return self.sign_batch(
            module,
            spec.token_label,
            spec.organization,
            pin_handler,
            jobs,
            make_request,
            progress=progress,
            sign_without_tsa=sign_without_tsa,
            ca_chain=intermediates,
        )

    def __init__(self, thread: TokenThread | None = None) -> None:
        self.thread = thread or TokenThread()
        # Tests use it to pull the "token" out at a chosen moment.
        self.after_each: Callable[[int, TokenSession], None] | None = None

    def sign_batch(
        self,
        module: str,
        token_label: str | None,
        organization: str,
        pin_handler: PinHandler,
        jobs: Sequence[tuple[Path, Path]],
        make_request: Callable[[Path], SignRequest],
        progress: Callable[[int, int, FileResult], None] | None = None,
        sign_without_tsa: Callable[[str], bool] | None = None,
        ca_chain: Sequence[Any] = (),
    ) -> BatchResult:
        """`sign_without_tsa(reason)` is asked once when the TSA cannot be reached: True signs the
        rest without a timestamp (each result says so), False stops the batch."""
        return self.thread.run(
            lambda: self._run(
                module,
                token_label,
                organization,
                pin_handler,
                jobs,
                make_request,
                progress,
                sign_without_tsa,
                list(ca_chain),
            )
        )

    def _run(
        self,
        module: str,
        token_label: str | None,
        organization: str,
        pin_handler: PinHandler,
        jobs: Sequence[tuple[Path, Path]],
        make_request: Callable[[Path], SignRequest],
        progress: Callable[[int, int, FileResult], None] | None,
        sign_without_tsa: Callable[[str], bool] | None,
        ca_chain: list[Any],
    ) -> BatchResult:
        session = TokenSession(self.thread, module, token_label, organization)
        try:
            cert = session.login(pin_handler)
        except removal_errors() as exc:
            raise TokenRemoved() from exc
        result = BatchResult(cert, [])
        try:
            signer = session.signer(ca_chain)
            no_tsa = False
            for i, (src, dst) in enumerate(jobs):
                try:
                    req = make_request(src)
                    if no_tsa:
                        req.tsa_url = None
                    try:
                        outcome = sign_pdf_file(src, dst, signer, req)
                    except TsaUnreachable as exc:
                        if sign_without_tsa is None or not sign_without_tsa(exc.message):
                            raise
                        no_tsa, req.tsa_url = True, None
                        outcome = sign_pdf_file(src, dst, signer, req)
                    if no_tsa:
                        outcome.notes.append(
                            "ký KHÔNG có dấu thời gian (không kết nối được máy chủ dấu thời gian)"
                        )
                    fr = FileResult(src, dst, True, outcome.level, notes=outcome.notes)
                except removal_errors():
                    result.stopped = TokenRemoved().message
                    result.files.append(FileResult(src, dst, False, message=result.stopped))
                    result.files += [FileResult(s, d, False, message="chưa ký") for s, d in jobs[i + 1 :]]
                    break
                except QlvbError as exc:
                    fr = FileResult(src, dst, False, message=str(exc))
                    if isinstance(exc, TsaUnreachable):
                        result.stopped = str(exc)
                        result.files.append(fr)
                        result.files += [FileResult(s, d, False, message="chưa ký") for s, d in jobs[i + 1 :]]
                        break
                result.files.append(fr)
                if progress:
                    progress(i + 1, len(jobs), fr)
                if self.after_each:
                    self.after_each(i, session)
        finally:
            end_batch()
            session.logout()
        return result


def token_report(thread: TokenThread, module: str) -> list[dict[str, Any]]:
    from qlvb_desktop.adapters.pkcs11.session import describe_tokens

    return [
        {
            "module": t.module,
            "slot": t.slot,
            "label": t.label,
            "manufacturer": t.manufacturer,
            "model": t.model,
            "serial": t.serial,
            "certificates": [c.to_json() for c in t.certificates],
            "pin_state": t.pin_state,
        }
        for t in thread.run(lambda: describe_tokens(module))
    ]
