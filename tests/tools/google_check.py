#!/usr/bin/env python3
"""Google's executable-sourced credentials through the real library (`google-auth` on PyPI):
a credential file whose `credential_source.executable` runs `latchkey token --id-token --format
google-executable`, and whose token exchange goes to a local stand-in for Google's security
token service that accepts only the ID token latchkeyd serves now.

    google_check.py --latchkey PATH --socket S --app APP

Prints one JSON report: the access token the library got (or its error) and the subject tokens
the stand-in saw.
"""

import argparse
import json
import os
import tempfile
import urllib.parse
from http.server import BaseHTTPRequestHandler

import common


def main():
    parser = argparse.ArgumentParser()
    for name in ("--latchkey", "--socket", "--app"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    seen = []

    class Sts(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode())
            subject = form.get("subject_token", [None])[0]
            seen.append({"subject_token": subject,
                         "subject_token_type": form.get("subject_token_type", [None])[0]})
            if subject and subject == common.current(args.latchkey, args.socket, args.app, True):
                status, body = 200, {
                    "access_token": f"sts-access-{len(seen)}",
                    "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
                    "token_type": "Bearer", "expires_in": 3600}
            else:
                status, body = 400, {"error": "invalid_grant",
                                     "error_description": "not the current ID token"}
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = common.serve(Sts)
    command = f"{args.latchkey} --socket {args.socket} --app {args.app} token --id-token --format google-executable"
    info = {
        "type": "external_account",
        "audience": "//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/latchkey",
        "subject_token_type": "urn:ietf:params:oauth:token-type:id_token",
        "token_url": f"http://127.0.0.1:{server.server_address[1]}/v1/token",
        "credential_source": {"executable": {"command": command, "timeout_millis": 30000}},
    }
    path = os.path.join(tempfile.mkdtemp(), "credentials.json")
    with open(path, "w", encoding="utf-8") as out:
        json.dump(info, out)
    os.environ["GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES"] = "1"
    import google.auth.pluggable
    import google.auth.transport.requests
    result = {"seen": seen}
    try:
        # The credential file as google.auth.default() would read it from
        # GOOGLE_APPLICATION_CREDENTIALS (which also asks Cloud Resource Manager for the
        # project, not reachable here).
        with open(path, encoding="utf-8") as source:
            credentials = google.auth.pluggable.Credentials.from_info(
                json.load(source), scopes=["https://www.googleapis.com/auth/cloud-platform"])
        credentials.refresh(google.auth.transport.requests.Request())
        result["token"] = credentials.token
    except Exception as err:  # noqa: BLE001 -- the error is the report
        result["error"] = f"{type(err).__name__}: {err}"
    common.report(result)


if __name__ == "__main__":
    main()
