"""Read the bytes of an uploaded article: UTF-8, else the legacy encoding they are in.

Word processors on Windows still save "plain text" as Windows-1252 (or Latin-1, its subset),
and Eastern European newsrooms as Windows-1250/1251. charset-normalizer tells them apart by
how readable each decoding is; among equally readable ones Windows-1252 wins, the commonest
encoding of English copy (on a few accented letters the Central European guess is as good).
"""
import codecs


LEGACY = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "koi8_r", "iso8859_15", "latin_1"]
WESTERN = "cp1252"
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_upload(data: bytes) -> str | None:
    """Return the text the bytes hold, or None when they are not text (a program, an image, a
    Word or PDF document)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode(data, encoding)
    if b"\x00" in data:  # text has no NUL in UTF-8 or any legacy encoding; binary files do
        return None
    text = _decode(data, "utf-8-sig")
    return _legacy(data) if text is None else text


def _decode(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _legacy(data):
    from charset_normalizer import from_bytes  # only for a file that is not UTF-8: not loaded at start

    matches = from_bytes(data, cp_isolation=LEGACY)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos <= best.chaos and WESTERN in match.could_be_from_charset:
            return _decode(data, WESTERN)
    return str(best)
