import datetime as dt
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from asn1crypto import tsp
from django.core.files.base import ContentFile
from PIL import Image
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from weasyprint import HTML

from documents.signing.models import OrganizationSeal, SignerConfig

from .pki import TestPki, to_asn1

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 3, 10, 9, 30, tzinfo=VIETNAM)
P12_PASSWORD = "mat-khau-thu"  # noqa: S105 — a test key's password
PASSWORD_ENV = "SIGNING_TEST_P12_PASSWORD"  # noqa: S105 — the NAME of the variable


@pytest.fixture(autouse=True)
def _frozen_clock():
    # tick: aiohttp and the TSA measure elapsed time; the date stays 10/03/2026, inside the test certificates.
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(scope="session")
def pki():
    return TestPki()


@pytest.fixture(scope="session")
def root_pem_path(pki, tmp_path_factory):
    path = tmp_path_factory.mktemp("roots") / "root.pem"
    path.write_bytes(pki.root_pem())
    return str(path)


@pytest.fixture(scope="session")
def tsa_url(pki):
    """A real RFC 3161 server on 127.0.0.1: pyHanko's DummyTimeStamper behind HTTP, signing with the test TSA key."""
    stamper = DummyTimeStamper(
        tsa_cert=to_asn1(pki.tsa.cert), tsa_key=pki.tsa_key_asn1(), certs_to_embed=[to_asn1(pki.root)]
    )

    class Handler(BaseHTTPRequestHandler):
        requests = 0

        def do_POST(self):  # noqa: N802 — the http.server API
            Handler.requests += 1
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.handler = Handler
    yield f"http://127.0.0.1:{server.server_port}/tsa"
    server.shutdown()
    server.server_close()


@pytest.fixture
def signing_settings(settings, root_pem_path, tsa_url):
    settings.SIGNING_TRUST_ROOTS = [root_pem_path]
    settings.SIGNING_TSA_URL = tsa_url
    return settings


def sample_pdf(*, signer: str = "Sầm Văn Thao", pages: int = 1) -> bytes:
    """A document closing with a Decree 30 signature block, on its last page."""
    filler = "".join(f'<p style="page-break-after: always">Trang {n + 1}</p>' for n in range(pages - 1))
    html = f"""<html><head><style>
      @page {{ size: A4; margin: 20mm 15mm 20mm 30mm }}
      body {{ font-family: 'Liberation Serif'; font-size: 14pt }}
      .sig {{ margin-left: 45%; text-align: center; font-weight: bold }}
      </style></head><body>{filler}
      <p>Văn bản thử nghiệm ký số theo Nghị định 30/2020/NĐ-CP.</p>
      <div class="sig"><div>TM. ỦY BAN NHÂN DÂN</div><div>CHỦ TỊCH</div><div style="height: 30mm"></div>
      <div>{signer}</div></div></body></html>"""
    return HTML(string=html).write_pdf()


def png_bytes(*, size=(300, 150), color=(0, 0, 0), transparent=True, shape="ellipse") -> bytes:
    from PIL import ImageDraw

    image = Image.new("RGBA" if transparent else "RGB", size, (0, 0, 0, 0) if transparent else (255, 255, 255))
    draw = ImageDraw.Draw(image)
    if shape == "ellipse":
        draw.ellipse((4, 4, size[0] - 4, size[1] - 4), outline=(*color, 255), width=12)
    else:
        draw.line((10, size[1] - 20, size[0] - 10, 20), fill=(*color, 255), width=14)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def p12_config(db, org, pki, monkeypatch):
    """The organization's PKCS#12 key, its password in the environment."""
    issued = pki.issue(common_name="Sầm Văn Thao", organization="UBND xã Thanh Sơn")
    monkeypatch.setenv(PASSWORD_ENV, P12_PASSWORD)
    config = SignerConfig(organization=org, kind=SignerConfig.Kind.PKCS12, secret_env=PASSWORD_ENV)
    config.pkcs12_file.save("ubnd.p12", ContentFile(issued.pkcs12(P12_PASSWORD, [pki.root])), save=False)
    config.save()
    return config


@pytest.fixture
def with_images(p12_config, org):
    p12_config.signature_image.save("chu-ky.png", ContentFile(png_bytes(shape="line")), save=True)
    seal = OrganizationSeal(organization=org)
    seal.image.save("dau.png", ContentFile(png_bytes(size=(200, 200))), save=True)
    return p12_config
