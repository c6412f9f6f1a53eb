"""A throw-away PKI made with `cryptography`: a root CA, a timestamping authority and signer certificates."""

import datetime as dt
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = dt.UTC


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _usage(*names: str) -> x509.KeyUsage:
    flags = {name: name in names for name in (
        "digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
        "key_cert_sign", "crl_sign", "encipher_only", "decipher_only",
    )}
    return x509.KeyUsage(**flags)


def to_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


@dataclass
class Issued:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    def pkcs12(self, password: str, chain: list[x509.Certificate]) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"signer", self.key, self.cert, chain, serialization.BestAvailableEncryption(password.encode())
        )

    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


class TestPki:
    def __init__(self, name: str = "Test Root CA Thanh Son") -> None:
        self.root_key = _key()
        self.root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        self.root = (
            x509.CertificateBuilder().subject_name(self.root_name).issuer_name(self.root_name)
            .public_key(self.root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=UTC)).not_valid_after(dt.datetime(2040, 1, 1, tzinfo=UTC))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(_usage("digital_signature", "key_cert_sign", "crl_sign"), critical=True)
            .sign(self.root_key, hashes.SHA256())
        )
        self.tsa = self.issue(
            common_name="Máy chủ dấu thời gian thử", organization="Test TSA", key_usage=("digital_signature",),
            extended=[ExtendedKeyUsageOID.TIME_STAMPING],
        )

    def issue(
        self, *, common_name: str, organization: str, key_usage=("digital_signature", "content_commitment"),
        not_before=dt.datetime(2025, 1, 1, tzinfo=UTC), not_after=dt.datetime(2027, 12, 31, tzinfo=UTC),
        extended=None,
    ) -> Issued:
        key = _key()
        subject = x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ])
        builder = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(self.root_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(*key_usage), critical=True)
        )
        if extended:
            builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=True)
        return Issued(cert=builder.sign(self.root_key, hashes.SHA256()), key=key)

    def root_pem(self) -> bytes:
        return self.root.public_bytes(serialization.Encoding.PEM)

    def tsa_key_asn1(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(self.tsa.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ))


TestPki.__test__ = False  # not a pytest test class
