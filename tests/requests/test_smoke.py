
from tests.conftest import act
from tests.requests.conftest import file_request, requests_on

pytestmark = requests_on


def test_smoke(people):
    got = file_request()
    assert got["number"].startswith("PD-")
    n = got["number"]
    act("satudata_request_assign", people["walidata"], id=n,
        organizations=[people["org_a"]["name"]])
    got = act("satudata_request_show", people["operator_a"], id=n)
    assert got["state"] == "diproses"
    assert "comment" in got["may"]
    got = act("satudata_request_show", None, id=n)
    assert "email" not in got
    got = act("satudata_request_list", None)
    assert got["count"] == 1
    print(act("satudata_request_metrics", None))
