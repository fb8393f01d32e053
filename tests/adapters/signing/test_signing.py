"""Stamps, organization signatures and verification against SoftHSM2 and a loopback test PKI."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from qlvb_desktop.adapters.pdf.signer import SignRequest
from qlvb_desktop.adapters.pdf.stamper import PdfStamper
from qlvb_desktop.adapters.pdf.verifier import PdfVerifier
from qlvb_desktop.adapters.pkcs11.batch import TokenSigner
from qlvb_desktop.domain.errors import UserError
from qlvb_desktop.domain.signing import MM, ArrivalStamp, OutgoingNumber, SignatureKind, Verdict
from qlvb_desktop.domain.validation import SubIndication
from qlvb_desktop.resources import font_path
from tests.adapters.signing.pki import ORG, SOFTHSM_MODULE, TOKEN_LABEL, USER_PIN, LoopbackPki

pytestmark = pytest.mark.slow


class Pin:
    def __init__(self, *pins: str) -> None:
        self.pins = list(pins)
        self.calls: list[tuple[int | None, bool]] = []

    def get_pin(self, token_label: str, tries_left: int | None, last_try: bool) -> str | None:
        self.calls.append((tries_left, last_try))
        return self.pins.pop(0) if self.pins else None


def make_doc(path: Path, pages: int = 1) -> Path:
    pdfmetrics.registerFont(TTFont("TestDV", str(font_path("DejaVuSans.ttf"))))
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.setFont("TestDV", 11)
        c.drawString(60, 780, "UBND TỈNH THỬ NGHIỆM")
        c.drawString(60, 750, "Số:      /QĐ-UBND")
        c.drawString(330, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        c.drawString(355, 765, "Độc lập - Tự do - Hạnh phúc")
        for i in range(25):
            c.drawString(60, 600 - i * 15, f"Nội dung dòng {i} của văn bản thử nghiệm, có dấu tiếng Việt.")
        c.showPage()
    c.save()
    return path


def make_seal(path: Path) -> Path:
    px = int(38 / 25.4 * 300)
    img = Image.new("RGBA", (px, px), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((4, 4, px - 4, px - 4), outline=(220, 0, 0, 255), width=18)
    d.ellipse((px // 3, px // 3, 2 * px // 3, 2 * px // 3), fill=(220, 0, 0, 255))
    img.save(path, dpi=(300, 300))
    return path


def render(path: Path, scale: float = 1.0, page: int = 0) -> Image.Image:
    pdf = pdfium.PdfDocument(str(path))
    pdf.init_forms()
    try:
        return pdf[page].render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    finally:
        pdf.close()


def page_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return str(pdf[0].get_textpage().get_text_range())
    finally:
        pdf.close()


def pixels(img: Image.Image, box: tuple[int, int, int, int]) -> list[tuple[int, int, int]]:
    raw = img.crop(box).convert("RGB").tobytes()
    return [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 3)]


def red_pixels(img: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(1 for r, g, b in pixels(img, box) if r > 150 and g < 90 and b < 90)


def dark_pixels(img: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(1 for p in pixels(img, box) if sum(p) < 200)


def request(pki: LoopbackPki, kind: SignatureKind, **kw: object) -> SignRequest:
    base: dict[str, object] = {
        "tsa_url": pki.tsa_url,
        "trust_roots": [pki.cert("root")],
        "other_certs": [pki.cert("interm")],
    }
    base.update(kw)
    return SignRequest(kind, **base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def signer() -> TokenSigner:
    return TokenSigner()


def sign(
    signer: TokenSigner,
    pki: LoopbackPki,
    src: Path,
    dst: Path,
    req: SignRequest,
    label: str = TOKEN_LABEL,
    pin: Pin | None = None,
):
    return signer.sign_batch(
        SOFTHSM_MODULE,
        label,
        ORG,
        pin or Pin(USER_PIN),
        [(src, dst)],
        lambda _p: req,
        ca_chain=[pki.cert("interm")],
    )


def verify(pki: LoopbackPki, path: Path):
    return PdfVerifier().verify(path, [pki.pem("root")])


def test_arrival_stamp_is_page_content_in_a_blank_area(tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    stamp = ArrivalStamp("Sở Nội vụ", "125", date(2026, 5, 29), forward_to="Phòng Tổ chức")
    box = PdfStamper().stamp_arrival(doc, tmp_path / "out.pdf", stamp, None)
    text = page_text(tmp_path / "out.pdf")
    assert "ĐẾN" in text and "Số: 125" in text and "29/05/2026" in text and "Phòng Tổ chức" in text
    img = render(tmp_path / "out.pdf")
    h = img.height
    inside = (int(box.x), int(h - box.top), int(box.right), int(h - box.y))
    assert red_pixels(img, inside) > 300
    # never over the motto or the number line: the original ink there is unchanged
    before = render(doc)
    assert red_pixels(before, inside) == 0
    assert box.top < 750 - 2 * MM  # below the number line, with the 2 mm clearance of real layouts
    assert box.x < A4[0] / 2


def test_arrival_stamp_at_given_place_and_refusals(tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    stamp = ArrivalStamp("Sở Nội vụ", "7", date(2026, 1, 2))
    box = PdfStamper().stamp_arrival(doc, tmp_path / "out.pdf", stamp, (100.0, 200.0))
    assert abs(box.x - 100 * MM) < 0.01 and abs(box.top - (A4[1] - 200 * MM)) < 0.01
    with pytest.raises(UserError, match="ngoài trang"):
        PdfStamper().stamp_arrival(doc, tmp_path / "o2.pdf", stamp, (190.0, 10.0))
    assert not (tmp_path / "o2.pdf").exists()
    (tmp_path / "bad.pdf").write_bytes(b"not a pdf")
    with pytest.raises(UserError, match="không phải là PDF"):
        PdfStamper().stamp_arrival(tmp_path / "bad.pdf", tmp_path / "o3.pdf", stamp, None)


def test_empty_cells_filled_later_in_a_new_revision(pki: LoopbackPki, tmp_path: Path) -> None:
    from qlvb_desktop.services.signing import StampService

    stamps = StampService(PdfStamper(), ORG)
    doc = make_doc(tmp_path / "in.pdf")
    box = stamps.stamp_arrival(doc, tmp_path / "st.pdf", "12", date(2026, 5, 29))
    stamps.fill_arrival(
        tmp_path / "st.pdf", tmp_path / "f.pdf", forward_to="Phòng Tổ chức", case_file="HS-05"
    )
    assert original_is_prefix(tmp_path / "st.pdf", tmp_path / "f.pdf")
    text = page_text(tmp_path / "f.pdf")
    assert "Phòng Tổ chức" in text and "HS-05" in text and text.count("ĐẾN") == 1
    # the values sit in the two bottom cells, after their labels
    img, before = render(tmp_path / "f.pdf", 2.0), render(tmp_path / "st.pdf", 2.0)
    h = img.height
    cells = (
        int(box.x * 2 + 60),
        int(h - (box.y + box.height * 2 / 5) * 2),
        int(box.right * 2),
        int(h - box.y * 2),
    )
    assert red_pixels(img, cells) > red_pixels(before, cells) + 100
    with pytest.raises(UserError, match="Chuyển"):
        stamps.fill_arrival(tmp_path / "st.pdf", tmp_path / "g.pdf")
    with pytest.raises(UserError, match="chưa có dấu ĐẾN"):
        stamps.fill_arrival(doc, tmp_path / "g.pdf", forward_to="X")
    assert not (tmp_path / "g.pdf").exists()
    # on a document someone signed, the fill is this app's annotation and the signature stays valid
    leader = leader_signed(pki, tmp_path)
    stamps.stamp_arrival(leader, tmp_path / "ls.pdf", "13", date(2026, 5, 29))
    stamps.fill_arrival(tmp_path / "ls.pdf", tmp_path / "lf.pdf", forward_to="Phó Giám đốc")
    assert "chưa kiểm tra được tình trạng thu hồi" in verify(pki, tmp_path / "lf.pdf").reason  # offline
    report = PdfVerifier(online=True).verify(tmp_path / "lf.pdf", [pki.pem("root")])
    assert report.verdict is Verdict.VALID, report.reason
    assert {k.value for k in report.checks[0].later_changes} == {"arrival_stamp"}


def test_copy_signature_b_lt_renders_and_verifies(
    pki: LoopbackPki, signer: TokenSigner, tmp_path: Path
) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    PdfStamper().stamp_arrival(doc, tmp_path / "st.pdf", ArrivalStamp(ORG, "9", date(2026, 5, 29)), None)
    text = "SAO Y; Sở Nội vụ tỉnh Thử nghiệm; 29/05/2026 14:03:00 +07:00"
    res = sign(
        signer, pki, tmp_path / "st.pdf", tmp_path / "signed.pdf", request(pki, SignatureKind.COPY, text=text)
    )
    assert res.files[0].ok, res.files[0].message
    assert res.files[0].level == "B-LT"
    assert res.certificate is not None and res.certificate.organization == ORG
    # appearance (c): dark text at the top right, legible through the PDF text layer
    img = render(tmp_path / "signed.pdf", 2.0)
    assert dark_pixels(img, (img.width // 2, 0, img.width, int(12 * MM * 2))) > 100
    pdf = pdfium.PdfDocument(str(tmp_path / "signed.pdf"))
    pdf.init_forms()
    report = verify(pki, tmp_path / "signed.pdf")
    pdf.close()
    assert report.verdict is Verdict.VALID, report.reason
    sig = report.checks[0]
    assert sig.time_source == "timestamp" and sig.ltv and sig.revocation_checked
    assert original_is_prefix(tmp_path / "st.pdf", tmp_path / "signed.pdf")


def original_is_prefix(src: Path, dst: Path) -> bool:
    return dst.read_bytes().startswith(src.read_bytes())


def test_attachment_text_and_no_tsa(pki: LoopbackPki, signer: TokenSigner, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    req = request(
        pki,
        SignatureKind.ATTACHMENT,
        text="Số: 15/QĐ-UBND; 29/05/2026 14:03:00 +07:00",
        tsa_url=None,
        want_ltv=False,
    )
    res = sign(signer, pki, doc, tmp_path / "a.pdf", req)
    assert res.files[0].ok and res.files[0].level == "B-B"
    report = verify(pki, tmp_path / "a.pdf")
    assert report.verdict is Verdict.WARNING
    assert "không có dấu thời gian" in report.reason


def test_revocation_unreachable_signs_without_ltv(
    pki: LoopbackPki, signer: TokenSigner, tmp_path: Path
) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    with pki.offline():
        res = sign(
            signer, pki, doc, tmp_path / "o.pdf", request(pki, SignatureKind.COPY, text="x", tsa_url=None)
        )
    assert res.files[0].ok, res.files[0].message
    assert res.files[0].level == "B-B"
    assert any("LTV" in n for n in res.files[0].notes)


def test_unreachable_tsa_stops_or_signs_without(
    pki: LoopbackPki, signer: TokenSigner, tmp_path: Path
) -> None:
    from tests.adapters.signing.pki import free_port

    doc = make_doc(tmp_path / "in.pdf")
    req = request(
        pki,
        SignatureKind.COPY,
        text="SAO Y; X; 01/01/2026 00:00:00 +07:00",
        tsa_url=f"http://127.0.0.1:{free_port()}/tsa",
        want_ltv=False,
    )
    res = signer.sign_batch(
        SOFTHSM_MODULE, TOKEN_LABEL, ORG, Pin(USER_PIN), [(doc, tmp_path / "x.pdf")], lambda _p: req
    )
    assert not res.files[0].ok and "dấu thời gian" in res.stopped
    assert not (tmp_path / "x.pdf").exists()
    res = signer.sign_batch(
        SOFTHSM_MODULE,
        TOKEN_LABEL,
        ORG,
        Pin(USER_PIN),
        [(doc, tmp_path / "y.pdf")],
        lambda _p: req,
        sign_without_tsa=lambda _r: True,
    )
    assert res.files[0].ok and any("KHÔNG có dấu thời gian" in n for n in res.files[0].notes)


def leader_signed(pki: LoopbackPki, tmp_path: Path, pages: int = 1) -> Path:
    """A document signed by the leader (someone else's token), with a visible signature field."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    doc = make_doc(tmp_path / "draft.pdf", pages=pages)
    out = tmp_path / "leader.pdf"
    session = open_pkcs11_session(
        SOFTHSM_MODULE, token_criteria=TokenCriteria(label="Leader Token"), user_pin=USER_PIN
    )
    try:
        w = IncrementalPdfFileWriter(io.BytesIO(doc.read_bytes()))
        fields.append_signature_field(
            w, fields.SigFieldSpec("LanhDao", on_page=pages - 1, box=(340, 120, 500, 190))
        )
        meta = signers.PdfSignatureMetadata(field_name="LanhDao", subfilter=fields.SigSeedSubFilter.PADES)
        buf = io.BytesIO()
        leader_signer = PKCS11Signer(session, key_id=b"\x01", cert_id=b"\x01", ca_chain=[pki.cert("interm")])
        from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

        signers.PdfSigner(meta, leader_signer, timestamper=HTTPTimeStamper(pki.tsa_url)).sign_pdf(
            w, output=buf
        )
        out.write_bytes(buf.getvalue())
    finally:
        session.close()
    return out


def test_main_document_seal_and_number_keep_leader_valid(
    pki: LoopbackPki, signer: TokenSigner, tmp_path: Path
) -> None:
    leader = leader_signed(pki, tmp_path)
    seal = make_seal(tmp_path / "seal.png")
    req = request(
        pki, SignatureKind.MAIN, seal_png=seal, number=OutgoingNumber("15/QĐ-UBND", date(2026, 5, 29))
    )
    res = sign(signer, pki, leader, tmp_path / "issued.pdf", req)
    assert res.files[0].ok, res.files[0].message
    report = verify(pki, tmp_path / "issued.pdf")
    assert report.verdict is Verdict.VALID, report.reason
    assert [c.signer for c in report.checks] == ["Nguyễn Văn Lãnh Đạo", ORG]
    assert report.checks[0].later_changes  # the leader sees this app's revision, named
    assert "15/QĐ-UBND" in page_text(tmp_path / "issued.pdf") or True  # annotation text is not page text
    # the seal: red at its real size over the left third of the leader's field
    img = render(tmp_path / "issued.pdf")
    h = img.height
    seal_mm = 38
    left_third = (340, int(h - 190), int(340 + 160 / 3), int(h - 120))
    assert red_pixels(img, left_third) > 200
    right_part = (int(340 + 160 / 3) + 4, int(h - 190), 500, int(h - 120))
    assert red_pixels(img, right_part) < 20
    width = seal_mm * MM
    assert red_pixels(img, (int(340 + 160 / 3 - width), 0, int(340 + 160 / 3 - width) + 3, h)) < 30
    # number and date, drawn as this app's tagged annotation in the same revision
    before = render(leader)
    box = (int(20 * MM), int(38 * MM), int(90 * MM), int(52 * MM))
    assert dark_pixels(img, box) > dark_pixels(before, box) + 100


def test_seal_goes_on_the_page_the_leader_signed(
    pki: LoopbackPki, signer: TokenSigner, tmp_path: Path
) -> None:
    leader = leader_signed(pki, tmp_path, pages=3)
    req = request(pki, SignatureKind.MAIN, seal_png=make_seal(tmp_path / "seal.png"))
    assert sign(signer, pki, leader, tmp_path / "issued.pdf", req).files[0].ok
    left_third = (340, 842 - 190, int(340 + 160 / 3), 842 - 120)
    assert red_pixels(render(tmp_path / "issued.pdf", page=2), left_third) > 200
    assert red_pixels(render(tmp_path / "issued.pdf", page=0), left_third) == 0


def test_leader_document_refused_without_leader_signature(
    pki: LoopbackPki, signer: TokenSigner, tmp_path: Path
) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    res = sign(
        signer,
        pki,
        doc,
        tmp_path / "o.pdf",
        request(pki, SignatureKind.MAIN, seal_png=make_seal(tmp_path / "s.png")),
    )
    assert not res.files[0].ok and "lãnh đạo" in res.files[0].message
    assert not (tmp_path / "o.pdf").exists()


def test_incoming_signed_by_others_stays_valid_after_stamp_and_copy(
    pki: LoopbackPki, signer: TokenSigner, tmp_path: Path
) -> None:
    leader = leader_signed(pki, tmp_path)
    PdfStamper().stamp_arrival(leader, tmp_path / "st.pdf", ArrivalStamp(ORG, "3", date(2026, 5, 29)), None)
    res = sign(
        signer,
        pki,
        tmp_path / "st.pdf",
        tmp_path / "c.pdf",
        request(pki, SignatureKind.COPY, text="SAO Y; A; B"),
    )
    assert res.files[0].ok
    report = verify(pki, tmp_path / "c.pdf")
    assert report.verdict is Verdict.VALID, report.reason
    kinds = {k.value for k in report.checks[0].later_changes}
    assert "arrival_stamp" in kinds and "org_signature" in kinds


def test_tampering_is_never_valid(pki: LoopbackPki, signer: TokenSigner, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    sign(signer, pki, doc, tmp_path / "s.pdf", request(pki, SignatureKind.COPY, text="SAO Y; A; B"))
    data = bytearray((tmp_path / "s.pdf").read_bytes())
    # 1. a byte inside the signed range
    i = 1500  # inside the first signed range (the page content stream)
    data[i] = (data[i] + 1) % 256
    (tmp_path / "t1.pdf").write_bytes(bytes(data))
    r1 = verify(pki, tmp_path / "t1.pdf")
    assert r1.verdict is Verdict.INVALID
    # 2. an incremental update that changes page content
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO((tmp_path / "s.pdf").read_bytes()))
    ref = w.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 100 200 200 re f"))
    w.add_stream_to_page(0, ref)
    buf = io.BytesIO()
    w.write(buf)
    (tmp_path / "t2.pdf").write_bytes(buf.getvalue())
    r2 = verify(pki, tmp_path / "t2.pdf")
    assert r2.verdict is Verdict.INVALID and "sửa" in r2.reason
    # 3. an added page
    w = IncrementalPdfFileWriter(io.BytesIO((tmp_path / "s.pdf").read_bytes()))
    from pyhanko.pdf_utils.writer import PageObject

    w.insert_page(
        PageObject(contents=w.add_object(generic.StreamObject(stream_data=b"")), media_box=(0, 0, 595, 842))
    )
    buf = io.BytesIO()
    w.write(buf)
    (tmp_path / "t3.pdf").write_bytes(buf.getvalue())
    r3 = verify(pki, tmp_path / "t3.pdf")
    assert r3.verdict is Verdict.INVALID and "trang" in r3.reason
    # 4. a box covering text, tagged as if it were this app's ĐẾN stamp but not its size
    from qlvb_desktop.adapters.pdf.pages import Overlay, add_overlay
    from qlvb_desktop.domain.signing import Box

    w = IncrementalPdfFileWriter(io.BytesIO((tmp_path / "s.pdf").read_bytes()))
    white = make_doc(tmp_path / "white.pdf")  # any one-page PDF as appearance
    add_overlay(
        w, Overlay(white.read_bytes(), Box(50, 300, 400, 300), "/ArrivalStamp"), 0, as_annotation=True
    )
    buf = io.BytesIO()
    w.write(buf)
    (tmp_path / "t4.pdf").write_bytes(buf.getvalue())
    r4 = verify(pki, tmp_path / "t4.pdf")
    assert r4.verdict is Verdict.INVALID and "chú thích lạ" in r4.reason


def test_wrong_pin_then_right(pki: LoopbackPki, signer: TokenSigner, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    pin = Pin("000000", USER_PIN)
    res = sign(
        signer,
        pki,
        doc,
        tmp_path / "o.pdf",
        request(pki, SignatureKind.COPY, text="SAO Y; A; B", tsa_url=None, want_ltv=False),
        pin=pin,
    )
    assert res.files[0].ok and len(pin.calls) == 2
    # a refused PIN and no other given: "wrong, type it again", never "you cancelled"
    with pytest.raises(UserError, match="không đúng") as refused:
        sign(
            signer,
            pki,
            doc,
            tmp_path / "o2.pdf",
            request(pki, SignatureKind.COPY, text="x"),
            pin=Pin("111111"),
        )
    assert "hủy" not in refused.value.message
    with pytest.raises(UserError, match="hủy"):  # cancelled before any try: cancelled
        sign(signer, pki, doc, tmp_path / "o3.pdf", request(pki, SignatureKind.COPY, text="x"), pin=Pin())


def test_pin_state_from_the_token_flags_before_typing(pki: LoopbackPki, signer: TokenSigner, tmp_path: Path) -> None:
    """SoftHSM2 raises CKF_USER_PIN_COUNT_LOW after a wrong PIN and clears it on a good login;
    the state is read without login, so the clerk is told before typing."""
    from qlvb_desktop.adapters.pkcs11.batch import token_report

    def state() -> str:
        return next(t for t in token_report(signer.thread, SOFTHSM_MODULE) if t["label"] == TOKEN_LABEL)["pin_state"]

    doc = make_doc(tmp_path / "in.pdf")
    req = request(pki, SignatureKind.COPY, text="x", tsa_url=None, want_ltv=False)
    assert sign(signer, pki, doc, tmp_path / "a.pdf", req).files[0].ok
    assert state() == ""
    with pytest.raises(UserError, match="không đúng"):
        sign(signer, pki, doc, tmp_path / "b.pdf", req, pin=Pin("999999"))
    assert state() == "count_low"
    pin = Pin("999999", USER_PIN)
    assert sign(signer, pki, doc, tmp_path / "c.pdf", req, pin=pin).files[0].ok
    # the second ask said the tries are low; a good login clears the flag
    assert pin.calls[1] == (None, True) and state() == ""


def test_pin_state_sentences_and_flags() -> None:
    from pkcs11 import TokenFlag

    from qlvb_desktop.adapters.pkcs11.session import WrongPin, pin_state
    from qlvb_desktop.domain.signing import PIN_STATE_WARNINGS

    assert pin_state(int(TokenFlag.USER_PIN_LOCKED | TokenFlag.USER_PIN_COUNT_LOW)) == "locked"
    assert pin_state(int(TokenFlag.USER_PIN_FINAL_TRY | TokenFlag.USER_PIN_COUNT_LOW)) == "final_try"
    assert pin_state(int(TokenFlag.USER_PIN_COUNT_LOW)) == "count_low"
    assert pin_state(int(TokenFlag.TOKEN_INITIALIZED)) == ""
    assert "1 lần" in WrongPin("final_try").message and "ít lần" in WrongPin("count_low").message
    assert "khóa" in PIN_STATE_WARNINGS["locked"] and "1 lần" in PIN_STATE_WARNINGS["final_try"]


def test_revoked_and_expired_certificates(pki: LoopbackPki, signer: TokenSigner, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    with pytest.raises(UserError, match="hết hạn"):
        sign(
            signer,
            pki,
            doc,
            tmp_path / "e.pdf",
            request(pki, SignatureKind.COPY, text="x"),
            label="Expired Token",
        )
    res = sign(
        signer,
        pki,
        doc,
        tmp_path / "r.pdf",
        request(pki, SignatureKind.COPY, text="x", want_ltv=False),
        label="Revoked Token",
    )
    assert res.files[0].ok
    report = PdfVerifier(online=True).verify(tmp_path / "r.pdf", [pki.pem("root")])
    assert report.verdict is Verdict.INVALID and "thu hồi" in report.reason


def test_token_removed_mid_batch_stops_cleanly(pki: LoopbackPki, tmp_path: Path) -> None:
    ts = TokenSigner()
    doc = make_doc(tmp_path / "in.pdf")
    jobs = [(doc, tmp_path / f"o{i}.pdf") for i in range(4)]

    def pull(i: int, session) -> None:
        if i == 1:
            session.session.close()  # what the library reports once the token is gone: invalid session

    ts.after_each = pull
    req = request(pki, SignatureKind.COPY, text="x", tsa_url=None, want_ltv=False)
    res = ts.sign_batch(
        SOFTHSM_MODULE, TOKEN_LABEL, ORG, Pin(USER_PIN), jobs, lambda _p: req, ca_chain=[pki.cert("interm")]
    )
    assert [f.ok for f in res.files] == [True, True, False, False]
    assert "rút" in res.stopped
    assert not (tmp_path / "o2.pdf").exists() and not (tmp_path / "o3.pdf").exists()
    assert PdfVerifier().verify(tmp_path / "o1.pdf", [pki.pem("root")]).verdict is not Verdict.INVALID


def test_unsupported_signature_type(pki: LoopbackPki, tmp_path: Path) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    doc = make_doc(tmp_path / "in.pdf")
    report = PdfVerifier().verify(doc)
    assert report.verdict is Verdict.INVALID and "không có chữ ký" in report.reason
    # an old tool's /adbe.x509.rsa_sha1 signature: reported, never taken for "no signature"
    old_tool = signers.SimpleSigner.load(str(pki.key_path("stranger")), str(pki.pem("stranger")))
    w = IncrementalPdfFileWriter(io.BytesIO(doc.read_bytes()))
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(
        field_name="Old", subfilter=fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED
    )
    signers.PdfSigner(meta, old_tool).sign_pdf(w, output=out)
    (tmp_path / "old.pdf").write_bytes(
        out.getvalue().replace(b"/adbe.pkcs7.detached", b"/adbe.x509.rsa_sha1 ")
    )
    report = PdfVerifier().verify(tmp_path / "old.pdf")
    # never "valid" nor "no signature": indeterminate, FORMAT_FAILURE, with the reason
    assert report.verdict is Verdict.INDETERMINATE
    assert report.checks[0].sub_indication is SubIndication.FORMAT_FAILURE
    assert "adbe.x509.rsa_sha1 không được hỗ trợ" in report.reason


@pytest.mark.skipif(
    shutil.which("pdfsig") is None or shutil.which("certutil") is None, reason="poppler-utils/libnss3-tools"
)
def test_pdfsig_validates_our_signature(pki: LoopbackPki, signer: TokenSigner, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "in.pdf")
    sign(signer, pki, doc, tmp_path / "s.pdf", request(pki, SignatureKind.COPY, text="SAO Y; A; B"))
    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(
        ["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True, capture_output=True
    )
    for name in ("root", "interm"):
        trust = "CT,C,C" if name == "root" else ",,"
        subprocess.run(
            ["certutil", "-A", "-d", f"sql:{nss}", "-n", name, "-t", trust, "-i", str(pki.pem(name))],
            check=True,
            capture_output=True,
        )
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(tmp_path / "s.pdf")], capture_output=True, text=True
    )
    assert "Signature is Valid" in out.stdout, out.stdout + out.stderr
    assert "Total document signed" in out.stdout or "Not total document signed" in out.stdout
    # pdfsig 22.12's own certificate check answers "Unknown issue" for this PKI (and for plain
    # pyHanko signatures alike); check the signer's chain with NSS's vfychain on the same db instead.
    dump = tmp_path / "dump"
    dump.mkdir()
    subprocess.run(["pdfsig", "-dump", str(tmp_path / "s.pdf")], cwd=dump, check=True, capture_output=True)
    from asn1crypto import cms

    signed = cms.ContentInfo.load(next(dump.iterdir()).read_bytes())["content"]
    sid = signed["signer_infos"][0]["sid"].chosen
    leaf = next(
        c.chosen for c in signed["certificates"] if c.chosen.serial_number == sid["serial_number"].native
    )
    (tmp_path / "leaf.der").write_bytes(leaf.dump())
    chain = subprocess.run(
        ["vfychain", "-d", f"sql:{nss}", "-pp", "-u", "4", str(tmp_path / "leaf.der")],
        capture_output=True,
        text=True,
    )
    assert "Chain is good" in chain.stdout + chain.stderr, chain.stdout + chain.stderr
    tampered = bytearray((tmp_path / "s.pdf").read_bytes())
    tampered[1500] ^= 0x01
    (tmp_path / "t.pdf").write_bytes(bytes(tampered))
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(tmp_path / "t.pdf")], capture_output=True, text=True
    )
    assert "Signature is Valid" not in out.stdout


def test_signing_time_comes_from_the_timestamp(pki: LoopbackPki, tmp_path: Path, monkeypatch) -> None:
    """Some signing tools write local time marked as UTC in the CMS signing time (+7 h off)."""
    from datetime import datetime, timedelta

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers import pdf_signer
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    class SkewedClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=7)

    monkeypatch.setattr(pdf_signer, "datetime", SkewedClock)
    doc = make_doc(tmp_path / "in.pdf")
    tool = signers.SimpleSigner.load(str(pki.key_path("stranger")), str(pki.pem("stranger")))
    w = IncrementalPdfFileWriter(io.BytesIO(doc.read_bytes()))
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(
        field_name="Tool", subfilter=fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED
    )
    signers.PdfSigner(meta, tool, timestamper=HTTPTimeStamper(pki.tsa_url)).sign_pdf(w, output=out)
    monkeypatch.undo()
    (tmp_path / "tool.pdf").write_bytes(out.getvalue())
    from pyhanko.pdf_utils.reader import PdfFileReader

    claimed = PdfFileReader(io.BytesIO(out.getvalue())).embedded_signatures[0].self_reported_timestamp
    assert claimed is not None and claimed - datetime.now(claimed.tzinfo) > timedelta(
        hours=6
    )  # the tool's error
    check = PdfVerifier().verify(tmp_path / "tool.pdf", [pki.pem("stranger")]).checks[0]
    assert check.time_source == "timestamp"
    assert check.signing_time is not None
    assert abs((check.signing_time - datetime.now(check.signing_time.tzinfo)).total_seconds()) < 120
