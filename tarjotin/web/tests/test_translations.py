"""The interface is complete in Finnish, Swedish and English."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_interface_text_is_translated(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalog if not e.translated() and not e.obsolete]
    assert not missing
    assert len(catalog) > 150
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists(), "run scripts/setup.sh"
