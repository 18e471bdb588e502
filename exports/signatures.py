"""Checking a signed copy of an issued report with pyHanko (PAdES, as Vietnamese government PDFs are signed).

``check_signed_copy(signed, issued)`` accepts the copy only when
- it carries a signature whose cryptographic check holds (the signed bytes are intact, the signature
  value verifies against the signer's certificate);
- the signed content is the issued report: the file begins with the issued bytes unchanged (the
  signature is an incremental update of the issued revision), its signature covers them from byte 0,
  and nothing after the signature alters the document (pyHanko's difference analysis);
- when ``SIGNATURE_TRUST_ROOTS`` names CA certificates, the signer's certificate chains to one of them.
Otherwise it raises ``SignatureRejected`` with the reason in Vietnamese.
"""

import asyncio
import datetime
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _


class SignatureRejected(Exception):
    """The signed copy cannot be accepted; the message says why."""


@dataclass
class SignedCopy:
    sha256: str
    signer_name: str
    signer_subject: str
    signer_issuer: str
    signed_at: datetime.datetime | None
    trusted: bool | None  # None: no trust roots configured, the chain was not judged


def _trust_roots():
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    roots = []
    for name in settings.SIGNATURE_TRUST_ROOTS:
        data = Path(name).read_bytes()
        if pem.detect(data):
            roots += [asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, multiple=True)]
        else:
            roots.append(asn1_x509.Certificate.load(data))
    return roots


def check_signed_copy(signed: bytes, issued: bytes) -> SignedCopy:
    """Verify ``signed`` as a signed copy of ``issued`` (see the module's docstring)."""
    # pyHanko's synchronous API starts an event loop of its own, which cannot happen on a thread that
    # already runs one (an ASGI server): there the check runs on a thread of its own.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _check(signed, issued)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_check, signed, issued).result()


def _check(signed: bytes, issued: bytes) -> SignedCopy:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if not signed.startswith(b"%PDF"):
        raise SignatureRejected(_("Tệp tải lên không phải là tệp PDF."))
    try:
        reader = PdfFileReader(io.BytesIO(signed), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise SignatureRejected(_("Không đọc được tệp PDF: %(error)s") % {"error": error}) from error
    if not signatures:
        raise SignatureRejected(_("Tệp không có chữ ký số."))
    if not signed.startswith(issued):
        raise SignatureRejected(
            _("Nội dung đã ký khác với báo cáo đã ban hành: tệp không bắt đầu bằng đúng các byte của bản ban hành.")
        )
    signature = signatures[0]
    byte_range = list(signature.byte_range)
    if byte_range[0] != 0 or byte_range[1] < len(issued):
        raise SignatureRejected(_("Chữ ký không bao trùm toàn bộ báo cáo đã ban hành."))
    roots = _trust_roots()
    # No fetching: the portal does not reach out to CRLs or OCSP responders; revocation is not judged.
    # The trust roots are always passed (pyHanko 0.38 deprecates falling back to the system's TLS list):
    # none configured, none trusted, and the chain is reported as not judged (trusted=None below).
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as error:  # a malformed signature dictionary or CMS blob
        raise SignatureRejected(
            _("Chữ ký số không hợp lệ: không kiểm tra được (%(error)s).") % {"error": error}
        ) from error
    if not status.intact or not status.valid:
        raise SignatureRejected(_("Chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng."))
    if status.docmdp_ok is False:
        raise SignatureRejected(_("Tệp đã bị sửa sau khi ký."))
    if roots and not status.trusted:
        raise SignatureRejected(_("Chứng thư của người ký không do tổ chức cung cấp dịch vụ chứng thực tin cậy cấp."))
    cert = status.signing_cert
    subject = cert.subject.native
    return SignedCopy(
        sha256=hashlib.sha256(signed).hexdigest(),
        signer_name=str(subject.get("common_name") or cert.subject.human_friendly),
        signer_subject=cert.subject.human_friendly,
        signer_issuer=cert.issuer.human_friendly,
        signed_at=status.signer_reported_dt
        or (status.timestamp_validity.timestamp if status.timestamp_validity else None),
        trusted=bool(status.trusted) if roots else None,
    )
