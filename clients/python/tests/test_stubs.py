"""The committed stubs are what the pinned grpcio-tools makes of proto/ today."""

import os
import subprocess
import sys

import latchkey

GENERATOR = os.path.join(os.path.dirname(__file__), "..", "generate_stubs.py")


def test_the_committed_stubs_match_the_proto():
    result = subprocess.run([sys.executable, GENERATOR, "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_reasons_are_the_protos():
    """`latchkey.Reason` is generated from the proto's Reason enum: every value but the zero one,
    each its own name, which is the string the daemon sends."""
    names = [name for name in latchkey.pb.Reason.keys() if name != "REASON_UNSPECIFIED"]
    assert [reason.value for reason in latchkey.Reason] == names
    assert "REAUTH_REQUIRED" in names and "REFRESH_TOKEN_REJECTED" in names
