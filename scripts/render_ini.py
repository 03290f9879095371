"""Render ckan.ini from ckan.ini.template.

The secret is generated once and kept in .ckan-secret (not tracked by git),
so ckan.ini can be rewritten from the template on every `make demo` and
always matches the project's current plugins and options.

Usage: python scripts/render_ini.py TEMPLATE TARGET
"""

import secrets
import string
import sys
from pathlib import Path


def main() -> None:
    template, target = Path(sys.argv[1]), Path(sys.argv[2])
    secret_file = target.parent / ".ckan-secret"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(32))
        secret_file.chmod(0o600)
    values = {"secret_key": secret_file.read_text().strip()}
    target.write_text(string.Template(template.read_text()).substitute(values))
    target.chmod(0o600)


if __name__ == "__main__":
    main()
