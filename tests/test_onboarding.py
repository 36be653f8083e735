"""Reading the QR code PRONOTE shows: as JSON text, from a text file, or from a saved image."""

from __future__ import annotations

import json

import pytest

from espace_parents_tui.pronote import auth
from espace_parents_tui.service.onboarding import QrImageError, qr_text, read_qr_image

segno = pytest.importorskip("segno")


def test_qr_code_from_a_saved_image(tmp_path):
    qr = auth.encode_qr(
        "https://pronote.example/pronote/mobile.parent.html", "login-demo", "jeton-123", "1234"
    )
    image = tmp_path / "qrcode.png"
    segno.make(json.dumps(qr), error="m").save(image, scale=6)
    text = qr_text(str(image))
    assert json.loads(text) == qr
    decoded = auth.decode_qr(text, "1234")
    assert (decoded.login, decoded.jeton) == ("login-demo", "jeton-123")


def test_qr_code_from_text_or_text_file(tmp_path):
    qr = {"login": "aa", "jeton": "bb", "url": "https://x.example/pronote/mobile.parent.html"}
    assert json.loads(qr_text(json.dumps(qr))) == qr
    saved = tmp_path / "qr.json"
    saved.write_text(json.dumps(qr), encoding="utf-8")
    assert json.loads(qr_text(str(saved))) == qr


def test_an_image_without_qr_code_is_explained(tmp_path):
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("RGB", (60, 60), "white").save(blank)
    with pytest.raises(QrImageError) as info:
        read_qr_image(blank)
    assert "Aucun QR code" in str(info.value)
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(QrImageError):
        read_qr_image(broken)
