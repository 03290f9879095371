"""The Indonesian and English catalogues cover every message."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "ckanext" / "satudata" / "i18n"


def test_template_has_every_message_of_the_code(tmp_path):
    """The catalogue template is extracted afresh from the code and the
    templates (``make i18n``): a new message cannot go untranslated by
    being left out of it."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "setup.py", "-q", "extract_messages",
                    "--output-file", str(fresh)], cwd=ROOT, check=True,
                   capture_output=True)
    extracted = {e.msgid for e in polib.pofile(str(fresh))}
    committed = {e.msgid for e in polib.pofile(
        str(I18N / "ckanext-satudata.pot"))}
    assert sorted(extracted - committed) == []
    assert sorted(committed - extracted) == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_catalogue_is_complete(lang):
    template = polib.pofile(str(I18N / "ckanext-satudata.pot"))
    catalogue = polib.pofile(
        str(I18N / lang / "LC_MESSAGES" / "ckanext-satudata.po"))
    translated = {e.msgid for e in catalogue.translated_entries()}
    missing = [e.msgid for e in template if e.msgid not in translated]
    assert missing == []
    assert catalogue.fuzzy_entries() == []


#: messages that read the same in both languages (URLs, names, placeholders)
SAME_IN_BOTH = {
    "http://example.com/my-image.jpg", "http://example.com/external-data.csv",
    "URL:", "X", "Facebook", "{actor} {activity_type}", "{key}",
    "<q>{key}</q>", "{tag_link}", "{number}: {state}",
    # words of the Satu Data domain, the same in both languages
    "Walidata", "OPD", "Metadata", "Status", "Daftar Data",
    "Daftar Data {year}", "Berita acara", "Surat Pernyataan", "NIP",
    "Kepala {opd}"}


def test_indonesian_differs_from_english():
    catalogue = polib.pofile(
        str(I18N / "id" / "LC_MESSAGES" / "ckanext-satudata.po"))
    same = [e.msgid for e in catalogue
            if e.msgstr == e.msgid and e.msgid not in SAME_IN_BOTH]
    assert same == []


@pytest.mark.usefixtures("with_plugins", "clean_db")
@pytest.mark.ckan_config("ckan.locale_default", "id")
def test_core_pages_are_indonesian(app):
    """CKAN core messages of the everyday pages come out in Indonesian."""
    body = app.get("/dataset/").get_data(as_text=True)
    assert "Urutkan berdasarkan" in body
    assert "Order by" not in body
    assert "Tidak ada kumpulan data yang ditemukan" in body
    body = app.get("/organization/").get_data(as_text=True)
    assert "What are Organizations?" not in body
