"""Without TARJOTIN_SECRET_KEY an installation signs with a key of its own, not one in the code
(security audit #16: the fixed development key let anyone forge confirmation links)."""

import os
import stat
import subprocess
import sys

OLD_FIXED_KEY = "tarjotin-development-only-key-do-not-use-in-production"


def key_of(var_dir) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "TARJOTIN_SECRET_KEY"}
    environment.update(TARJOTIN_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="tarjotin.settings")
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    answer = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return answer.stdout.strip()


def test_each_installation_makes_its_own_key_and_keeps_it(tmp_path):
    first = key_of(tmp_path / "one")
    assert len(first) >= 50 and first != OLD_FIXED_KEY
    assert key_of(tmp_path / "one") == first  # links signed yesterday still open today
    assert key_of(tmp_path / "two") != first
    mode = stat.S_IMODE((tmp_path / "one" / "secret_key").stat().st_mode)
    assert mode == 0o600
