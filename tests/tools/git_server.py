#!/usr/bin/env python3
"""A git smart-HTTP server for the tests: git's own `http-backend` (CGI) behind Python's
http.server, on loopback, that lets a request through only when it carries the access token
latchkeyd serves now (asked of the `latchkey` CLI at each request), as a Basic password or as a
Bearer token. Each request let through is appended to --log as `SCHEME TOKEN`.

    git_server.py --root DIR --latchkey PATH --socket SOCKET --app APP --log FILE

Prints `listening http://127.0.0.1:PORT` once ready.
"""

import argparse
import base64
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOG_LOCK = threading.Lock()


def current_token():
    done = subprocess.run(
        [ARGS.latchkey, "--socket", ARGS.socket, "--app", ARGS.app, "token", "--min-valid", "0s"],
        capture_output=True, text=True, timeout=30, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def presented(header):
    """(scheme, token) of an Authorization header, or None."""
    if not header or " " not in header:
        return None
    scheme, value = header.split(" ", 1)
    if scheme.lower() == "bearer":
        return ("Bearer", value.strip())
    if scheme.lower() == "basic":
        try:
            user_pass = base64.b64decode(value.strip()).decode()
        except ValueError:
            return None
        return ("Basic", user_pass.split(":", 1)[1]) if ":" in user_pass else None
    return None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *_):
        pass

    def refuse(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="latchkey-test"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def serve(self):
        credential = presented(self.headers.get("Authorization"))
        if credential is None or credential[1] != current_token():
            self.refuse()
            return
        with LOG_LOCK, open(ARGS.log, "a", encoding="utf-8") as log:
            log.write(f"{credential[0]} {credential[1]}\n")
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        env = dict(os.environ,
                   GIT_PROJECT_ROOT=ARGS.root, GIT_HTTP_EXPORT_ALL="1", PATH_INFO=path,
                   QUERY_STRING=query, REQUEST_METHOD=self.command, REMOTE_USER="tester",
                   CONTENT_TYPE=self.headers.get("Content-Type", ""),
                   CONTENT_LENGTH=str(len(body)), GATEWAY_INTERFACE="CGI/1.1")
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["HTTP_GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        done = subprocess.run(["git", "http-backend"], input=body, env=env,
                              capture_output=True, timeout=60, check=False)
        head, _, content = done.stdout.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").split("\r\n"):
            if not line:
                continue
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split(" ")[0])
            else:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = serve
    do_POST = serve


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    for name in ("--root", "--latchkey", "--socket", "--app", "--log"):
        parser.add_argument(name, required=True)
    ARGS = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
