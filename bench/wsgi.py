"""The portal as a WSGI application for gunicorn (the benchmark serves it
this way): ``CKAN_INI`` names the configuration file."""

import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

application = make_app(load_config(os.environ["CKAN_INI"]))
