"""A service as `make run` and the images start it (uvicorn), seen from the network."""

import httpx

from support.processes import ServiceProcess


def test_a_running_service_names_no_server_software(judging_process: ServiceProcess) -> None:
    for path in ("/health/live", "/nowhere"):
        response = httpx.get(f"{judging_process.url}{path}", timeout=10)
        assert "server" not in response.headers, response.headers
        assert response.headers["x-content-type-options"] == "nosniff"
