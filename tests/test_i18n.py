"""The Indonesian and English catalogues cover every message."""

from pathlib import Path

import polib
import pytest

I18N = Path(__file__).resolve().parents[1] / "ckanext" / "satudata" / "i18n"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_catalogue_is_complete(lang):
    template = polib.pofile(str(I18N / "ckanext-satudata.pot"))
    catalogue = polib.pofile(
        str(I18N / lang / "LC_MESSAGES" / "ckanext-satudata.po"))
    translated = {e.msgid for e in catalogue.translated_entries()}
    missing = [e.msgid for e in template if e.msgid not in translated]
    assert missing == []
    assert catalogue.fuzzy_entries() == []


def test_indonesian_differs_from_english():
    catalogue = polib.pofile(
        str(I18N / "id" / "LC_MESSAGES" / "ckanext-satudata.po"))
    same = [e.msgid for e in catalogue if e.msgstr == e.msgid]
    assert same == []
