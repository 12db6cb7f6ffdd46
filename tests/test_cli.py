"""``python -m tarjotin``: our own subcommands, and Django's management commands through it."""

import subprocess
import sys

import pytest

from tarjotin import cli


def test_unknown_subcommands_go_to_django(capsys):
    cli.main(["check"])
    assert "no issues" in capsys.readouterr().out


def test_serve_rejects_a_bad_port():
    with pytest.raises(SystemExit):
        cli.serve(["--port", "eighty"])


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "tarjotin", "help", "load_demo"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "empty database" in result.stdout


@pytest.mark.django_db
def test_front_page_points_to_the_api(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"/api/hsda/" in response.content
