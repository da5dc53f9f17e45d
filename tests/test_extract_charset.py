"""decode_bytes: BOM, declared charset, meta charset, detection."""

import codecs

from indexer.extract import decode_bytes

TEXT = "Grüße aus Köln – schön, dass Sie da sind. Straße, Größe, Maß."


def test_bom_wins():
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"), declared="latin-1") == TEXT
    assert decode_bytes(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")) == TEXT


def test_declared_charset():
    assert decode_bytes(TEXT.encode("cp1252"), declared="windows-1252") == TEXT


def test_meta_charset():
    html = f'<html><head><meta charset="iso-8859-1"></head><body>{TEXT}</body></html>'
    assert TEXT in decode_bytes(html.encode("cp1252"))


def test_utf8_mislabelled_as_latin1():
    html = f'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">{TEXT}'
    assert TEXT in decode_bytes(html.encode("utf-8"))


def test_undeclared_legacy_bytes_are_detected():
    text = "Der Bürgermeister hat die Brücke über den Fluß eröffnet. " * 20
    assert "Bürgermeister" in decode_bytes(text.encode("cp1252"))


def test_never_raises():
    assert isinstance(decode_bytes(b"\xff\xfe\x00\xd8", declared="no-such-charset"), str)
    assert decode_bytes("already text") == "already text"


def test_utf8_bytes_under_a_legacy_meta_charset_are_read_as_utf8():
    text = (
        "<html><head><meta charset='iso-8859-2'></head>"
        "<body><p>Łódź, Kraków i Gdańsk: zażółć gęślą jaźń.</p></body></html>"
    )
    assert decode_bytes(text.encode("utf-8")) == text


def test_legacy_bytes_keep_their_declared_charset():
    text = "<html><head><meta charset='iso-8859-2'></head><body><p>Łódź i Kraków</p></body></html>"
    assert decode_bytes(text.encode("iso-8859-2")) == text
