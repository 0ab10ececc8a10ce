"""A real `latchkeyd --dev` on a temporary socket for each test: `$LATCHKEYD`, else the
repository's target/debug/latchkeyd (`cargo build --bin latchkeyd`)."""

import os
import signal
import socket
import subprocess
import tempfile
import time

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Daemon:
    def __init__(self):
        self.binary = os.environ.get("LATCHKEYD") or os.path.join(ROOT, "target", "debug", "latchkeyd")
        assert os.path.exists(self.binary), f"{self.binary} is missing: cargo build --bin latchkeyd"
        self.dir = tempfile.mkdtemp(prefix="latchkey-py-")
        os.chmod(self.dir, 0o700)
        self.socket = os.path.join(self.dir, "latchkeyd.sock")
        self.port = free_port()
        self.emulator = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        # The emulator's port was free when asked, but another process may take it before the
        # daemon binds it: then another port.
        for attempt in range(3):
            said = self._start()
            if said is None:
                return
            assert "in use" in said.lower() and attempt < 2, f"latchkeyd exited: {said}"
            self.port = free_port()
            self.emulator = f"http://127.0.0.1:{self.port}"

    def _start(self):
        """Starts the daemon; what it said when it exited instead of opening its socket."""
        log = os.path.join(self.dir, "latchkeyd.log")
        with open(log, "wb") as stderr:
            self.process = subprocess.Popen(
                [self.binary, "--dev", "--dev-listen", f"127.0.0.1:{self.port}", "--socket", self.socket],
                stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, "RUST_LOG": "warn"})
        deadline = time.monotonic() + 20
        while True:
            probe = socket.socket(socket.AF_UNIX)
            try:
                probe.connect(self.socket)
                return None
            except OSError:
                assert time.monotonic() < deadline, "latchkeyd did not open its socket in 20 s"
                if self.process.poll() is not None:
                    self.process = None
                    with open(log, encoding="utf-8", errors="replace") as said:
                        return said.read().strip()
                time.sleep(0.02)
            finally:
                probe.close()

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def daemon():
    running = Daemon()
    running.start()
    yield running
    running.stop()
