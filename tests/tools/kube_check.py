#!/usr/bin/env python3
"""Kubernetes through its real clients: the official Python client (`kubernetes` on PyPI) and
kubectl, each with a kubeconfig whose user runs `latchkey kubernetes-credential --id-token`,
against an HTTPS stand-in for an API server that accepts only the ID token latchkeyd serves now.

    kube_check.py --latchkey PATH --socket S --app APP --api-version VERSION
                  [--kubectl PATH] [--expect ok|fail]

Prints one JSON report: what each client got (or its error) and the tokens the server saw.
"""

import argparse
import json
import os
import ssl
import subprocess
import tempfile
from http.server import BaseHTTPRequestHandler

import common

NAMESPACES = {"kind": "NamespaceList", "apiVersion": "v1", "metadata": {},
              "items": [{"metadata": {"name": "latchkey-ok"}}]}


def main():
    parser = argparse.ArgumentParser()
    for name in ("--latchkey", "--socket", "--app", "--api-version"):
        parser.add_argument(name, required=True)
    parser.add_argument("--kubectl")
    parser.add_argument("--expect", default="ok")
    args = parser.parse_args()
    work = tempfile.mkdtemp()
    cert, key = os.path.join(work, "server.pem"), os.path.join(work, "server.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-addext", "basicConstraints=critical,CA:TRUE",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    seen = []

    class ApiServer(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_GET(self):
            bearer = self.headers.get("Authorization", "")
            token = bearer[len("Bearer "):] if bearer.startswith("Bearer ") else None
            seen.append(token)
            if token is None or token != common.current(args.latchkey, args.socket, args.app, True):
                body, status = {"kind": "Status", "code": 401, "message": "Unauthorized"}, 401
            elif self.path.startswith("/api/v1/namespaces"):
                body, status = NAMESPACES, 200
            else:
                body, status = {"kind": "Status", "code": 404, "message": "not here"}, 404
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = common.serve(ApiServer, lambda sock: context.wrap_socket(sock, server_side=True))
    kubeconfig = os.path.join(work, "kubeconfig")
    user = {"exec": {
        "apiVersion": args.api_version,
        "command": args.latchkey,
        "args": ["--socket", args.socket, "--app", args.app, "kubernetes-credential", "--id-token"],
        "interactiveMode": "IfAvailable",
        "provideClusterInfo": False,
    }}
    config = {
        "apiVersion": "v1", "kind": "Config", "current-context": "test",
        "clusters": [{"name": "test", "cluster": {
            "server": f"https://127.0.0.1:{server.server_address[1]}",
            "certificate-authority": cert}}],
        "users": [{"name": "latchkey", "user": user}],
        "contexts": [{"name": "test", "context": {"cluster": "test", "user": "latchkey"}}],
    }
    with open(kubeconfig, "w", encoding="utf-8") as out:
        json.dump(config, out)
    result = {"seen": seen}
    from kubernetes import client, config as kube_config
    try:
        kube_config.load_kube_config(config_file=kubeconfig)
        names = [ns.metadata.name for ns in client.CoreV1Api().list_namespace().items]
        result["python"] = {"ok": names}
    except Exception as err:  # noqa: BLE001 -- the error is the report
        result["python"] = {"error": str(err)}
    if args.kubectl:
        done = subprocess.run([args.kubectl, "--kubeconfig", kubeconfig, "get", "--raw",
                               "/api/v1/namespaces"], capture_output=True, text=True,
                              timeout=60, check=False, stdin=subprocess.DEVNULL)
        result["kubectl"] = {"status": done.returncode, "stdout": done.stdout,
                             "stderr": done.stderr}
    common.report(result)


if __name__ == "__main__":
    main()
