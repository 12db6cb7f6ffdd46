"""Security audit 2026-12, finding 10: a bulk upload cannot make the server read or unpack
without bound: size before reading, unpacked size before opening, rows until one past the limit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tarjotin.publishing import bulk

HEADER = "name_fi,description_fi,category\n"


def csv_upload(rows: int, filler: str = "") -> SimpleUploadedFile:
    body = HEADER + "".join(f"Ryhmä {i},Kuvaus {i}{filler},exercise\n" for i in range(rows))
    return SimpleUploadedFile("palvelut.csv", body.encode(), content_type="text/csv")


def test_a_file_over_the_size_limit_is_refused_before_reading():
    big = csv_upload(20, filler="x" * (bulk.MAX_UPLOAD_BYTES // 20))
    big.file.close()  # reading it now would fail: the size alone must decide
    with pytest.raises(bulk.FileError, match=r"\b2 M"):  # MB, Mt: in the active language
        bulk.read(big)


def test_too_many_rows_are_refused_without_reading_them_all():
    upload = csv_upload(20_000)
    assert upload.size < bulk.MAX_UPLOAD_BYTES
    with pytest.raises(bulk.FileError, match="500"):
        bulk.read(upload)


def test_an_xlsx_that_unpacks_far_larger_than_it_is_refused():
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["name_fi", "description_fi", "category"])
    for number in range(800):  # each cell its own string: the shared strings grow to ~24 MB
        sheet.append([f"Ryhmä {number}", "a" * 30_000 + str(number), "exercise"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("pommi.xlsx", out.getvalue())
    assert upload.size < bulk.MAX_UPLOAD_BYTES
    with pytest.raises(bulk.FileError, match=r"\b20 M"):
        bulk.read(upload)


def test_an_xml_entity_bomb_is_not_expanded():
    import zipfile

    out = io.BytesIO()
    book = Workbook()
    book.active.append(["name_fi", "description_fi", "category"])
    book.save(out)
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')  # fmt: skip
    bombed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source, zipfile.ZipFile(bombed, "w") as dst:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.endswith("sheet1.xml"):
                data = laughs.encode() + (
                    data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
                )
            dst.writestr(entry, data)
    with pytest.raises(bulk.FileError):
        bulk.read(SimpleUploadedFile("lol.xlsx", bombed.getvalue()))
