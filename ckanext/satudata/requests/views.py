"""Pages of requests and complaints (placeholder)."""
from flask import Blueprint

bp = Blueprint("satudata_requests", __name__)


def get_blueprints() -> list:
    return [bp]
