"""The pages' stylesheet and script are served from /static."""

from litestar.testing import TestClient


def test_static_files_are_served(client: TestClient) -> None:
    script = client.get("/static/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert "data-person-search" in script.text
    style = client.get("/static/app.css")
    assert style.status_code == 200 and "text/css" in style.headers["content-type"]
    assert client.get("/static/missing.js").status_code == 404
