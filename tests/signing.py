"""A certificate authority and a signer made by the test itself, and a PAdES signature with pyHanko:
what a ministry's signing tool does to the issued PDF, without any real key."""

import datetime
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bộ Y tế"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=signer,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class Identity:
    ca: x509.Certificate
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def ca_pem(self) -> bytes:
        return self.ca.public_bytes(serialization.Encoding.PEM)


def make_identity(signer_name: str = "Nguyễn Văn An", ca_name: str = "CA thử nghiệm") -> Identity:
    """A self-signed CA and a signing certificate it issued, valid from yesterday for a month."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name(ca_name))
        .issuer_name(_name(ca_name))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(signer=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(signer_name))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(_usage(signer=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return Identity(ca=ca, cert=cert, key=key)


def sign_pdf(content: bytes, identity: Identity) -> bytes:
    """``content`` with a PAdES signature appended as an incremental update (the original bytes unchanged)."""
    # pyHanko's synchronous API runs its own event loop, which cannot start inside Playwright's (the
    # browser tests): signing happens on a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_sign_pdf, content, identity).result()


def _sign_pdf(content: bytes, identity: Identity) -> bytes:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(identity.cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            identity.key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        cert_registry=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(identity.ca.public_bytes(der))]),
    )
    meta = signers.PdfSignatureMetadata(field_name="ChuKySo", subfilter=SigSeedSubFilter.PADES)
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(content)), meta, signer=signer).getvalue()
