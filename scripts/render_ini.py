"""Render ckan.ini from ckan.ini.template, generating the secrets once.

Usage: python scripts/render_ini.py TEMPLATE TARGET
"""

import secrets
import string
import sys
from pathlib import Path


def main() -> None:
    template, target = Path(sys.argv[1]), Path(sys.argv[2])
    values = {"secret_key": secrets.token_urlsafe(32)}
    text = string.Template(template.read_text()).substitute(values)
    target.write_text(text)
    target.chmod(0o600)


if __name__ == "__main__":
    main()
