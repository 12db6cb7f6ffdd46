"""Writing side of data quality: taking in residents' error reports."""

from tarjotin.publishing.models import ErrorReport


def report_error(service, message: str, reply_email: str, language: str) -> ErrorReport:
    return ErrorReport.objects.create(
        service=service, message=message.strip(), reply_email=reply_email, language=language
    )
