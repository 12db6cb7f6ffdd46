"""Bulk upload for small organizations: a spreadsheet of services (XLSX or CSV), checked row by
row with the same rules as the editor's form; nothing is saved until the whole file is valid,
or the user chooses to import only the valid rows."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from tarjotin.publishing import services
from tarjotin.publishing.forms import ServiceForm, choices
from tarjotin.publishing.selectors import create_place

COLUMNS = (
    "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en",
    "application_process_fi", "fees_description_fi", "category", "target_group", "delivery",
    "cost", "phone", "email", "url", "minimum_age", "maximum_age", "new_place_name",
    "new_place_street", "new_place_postcode", "new_place_city", "days_0", "opens_0", "closes_0",
)  # fmt: skip
LIST_COLUMNS = {"category", "target_group", "delivery", "cost", "days_0"}
EXAMPLE = {
    "name_fi": "Tuolijumppa", "description_fi": "Kevyttä jumppaa tuolilla istuen. Sopii kaikille.",
    "application_process_fi": "Ei ilmoittautumista – tule paikalle!", "category": "exercise",
    "target_group": "older_people", "delivery": "in_person", "cost": "free",
    "phone": "09 123 4567", "new_place_name": "Asukastalo", "new_place_street": "Esimerkkitie 1",
    "new_place_postcode": "00530", "new_place_city": "Helsinki", "days_0": "TU,TH",
    "opens_0": "10:00", "closes_0": "11:00",
}  # fmt: skip
MAX_ROWS = 500


class FileError(ValueError):
    """The file as a whole cannot be read (not a spreadsheet, wrong columns, too long)."""


@dataclass
class Row:
    number: int  # as the spreadsheet shows it (the header is row 1)
    data: dict
    errors: list[str] = field(default_factory=list)


def template(kind: str) -> bytes:
    """The downloadable template with the columns and one example row."""
    if kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerow([EXAMPLE.get(c, "") for c in COLUMNS])
        return out.getvalue().encode("utf-8-sig")
    book = Workbook()
    sheet = book.active
    sheet.title = "services"
    sheet.append(COLUMNS)
    sheet.append([EXAMPLE.get(c, "") for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # 500 rows of the template are well under 1 MB
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024  # an XLSX is a zip: its unpacked size is bounded too


def read(upload) -> list[dict]:
    """Rows of an uploaded .xlsx or .csv as {column: text}; FileError if it cannot be read.

    Any editor can upload, so nothing here grows with the file: its size is checked before it is
    read, an XLSX's unpacked size before it is opened, and rows are read one by one and the
    reading stops one row past the limit (security audit #10).
    """
    name = (upload.name or "").lower()
    if upload.size > MAX_UPLOAD_BYTES:
        raise FileError(_("The file is larger than %(mb)s MB. Split it into smaller files.")
                        % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})  # fmt: skip
    if name.endswith(".xlsx"):
        lines = _xlsx_lines(upload)
    elif name.endswith(".csv"):
        lines = _csv_lines(upload.read())
    else:
        raise FileError(_("Upload the template as .xlsx or .csv."))
    header = [h.strip() for h in next(lines, [])]
    if not any(header):
        raise FileError(_("The file is empty."))
    missing = [c for c in ("name_fi", "description_fi", "category") if c not in header]
    if missing:
        raise FileError(
            _("Columns missing: %(columns)s. Use the template.") % {"columns": ", ".join(missing)}
        )
    body = []
    for line in lines:
        if any(cell.strip() for cell in line):
            body.append(line)
            if len(body) > MAX_ROWS:
                raise FileError(_("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
    return [dict(zip(header, line, strict=False)) for line in body]


def _xlsx_lines(upload) -> Iterator[list[str]]:
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
        upload.seek(0)
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            raise FileError(_("The file is larger than %(mb)s MB. Split it into smaller files.")
                            % {"mb": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)})  # fmt: skip
        sheet = load_workbook(upload, read_only=True, data_only=True).active
    except FileError:
        raise
    except Exception as error:  # zipfile and openpyxl raise many kinds for a broken file
        raise FileError(_("The file is not a readable Excel file.")) from error
    return (["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True))


def _csv_lines(raw: bytes) -> Iterator[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's CSV on Windows
    try:
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
    except csv.Error:  # one column, or no text: the ordinary comma
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def check(rows: list[dict], organization) -> list[Row]:
    """Each row checked by the editor's form; the errors say the column and what to fix."""
    checked, options = [], choices(organization)
    for number, values in enumerate(rows, start=2):
        data = {}
        for column, value in values.items():
            if column in LIST_COLUMNS:
                data[column] = [v.strip() for v in (value or "").split(",") if v.strip()]
            elif column in COLUMNS:
                data[column] = (value or "").strip()
        form = ServiceForm(data, organization=organization, options=options)
        row = Row(number, data)
        if not form.is_valid():
            row.errors = [
                f"{form.fields[name].label if name in form.fields else name}: {message}"
                for name, messages in form.errors.items()
                for message in messages
            ]
        checked.append(row)
    return checked


def import_rows(rows: list[Row], organization, user) -> int:
    """Create the valid rows' services, each sent for review (published if trusted)."""
    created, options = 0, choices(organization)
    for row in rows:
        if row.errors:
            continue
        form = ServiceForm(row.data, organization=organization, options=options)
        form.is_valid()
        location_id = create_place(form.cleaned_data, organization)
        service = services.new_service(organization)
        services.save_version(service, form.content(location_id), user, submit=True)
        created += 1
    return created
