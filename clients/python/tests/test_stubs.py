"""The committed stubs are what the pinned grpcio-tools makes of proto/ today."""

import os
import subprocess
import sys

GENERATOR = os.path.join(os.path.dirname(__file__), "..", "generate_stubs.py")


def test_the_committed_stubs_match_the_proto():
    result = subprocess.run([sys.executable, GENERATOR, "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
