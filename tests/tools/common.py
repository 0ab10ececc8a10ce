"""What the tool checks share: the daemon's current tokens, asked of the `latchkey` CLI, and
small loopback servers run on a thread."""

import json
import subprocess
import threading
from http.server import ThreadingHTTPServer


def current(latchkey, socket, app, id_token):
    """The token latchkeyd serves now (ID token or access token), or None."""
    command = [latchkey, "--socket", socket, "--app", app, "token", "--min-valid", "0s"]
    if id_token:
        command.append("--id-token")
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def serve(handler, wrap=None):
    """Starts `handler` on a free loopback port on a thread; the server (`wrap` may put TLS on
    its socket)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if wrap:
        server.socket = wrap(server.socket)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def report(value):
    print(json.dumps(value), flush=True)
