#!/usr/bin/env python3
"""AWS through its real SDK: boto3 with `web_identity_token_file` (the file `latchkey token
--id-token --write FILE --follow` keeps current) against moto's server, whose STS answers
AssumeRoleWithWebIdentity; moto's request recorder says which token the call carried.

    aws_check.py --token-file FILE

Prints one JSON report: the caller identity boto3 got (or its error) and the WebIdentityToken
of every AssumeRoleWithWebIdentity moto received.
"""

import argparse
import base64
import json
import os
import socket
import tempfile
import urllib.parse
import urllib.request


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--token-file", required=True)
    args = parser.parse_args()
    # The recorder appends to a file of its own: one per run, not the working directory's.
    os.environ["MOTO_RECORDER_FILEPATH"] = os.path.join(
        tempfile.mkdtemp(), "moto-recording")
    from moto.server import ThreadedMotoServer
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    urllib.request.urlopen(urllib.request.Request(
        f"{endpoint}/moto-api/recorder/start-recording", method="POST"), timeout=30).read()
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        os.environ.pop(name, None)
    os.environ.update({
        "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/latchkey-test",
        "AWS_ROLE_SESSION_NAME": "latchkey-test",
        "AWS_WEB_IDENTITY_TOKEN_FILE": args.token_file,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    import boto3
    result = {}
    try:
        identity = boto3.Session().client("sts").get_caller_identity()
        result["arn"] = identity["Arn"]
    except Exception as err:  # noqa: BLE001 -- the error is the report
        result["error"] = f"{type(err).__name__}: {err}"
    recording = urllib.request.urlopen(
        f"{endpoint}/moto-api/recorder/download-recording", timeout=30).read().decode()
    tokens = []
    for line in recording.splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        body = entry.get("body") or ""
        if entry.get("body_encoded"):
            body = base64.b64decode(body).decode()
        form = urllib.parse.parse_qs(body)
        if form.get("Action") == ["AssumeRoleWithWebIdentity"]:
            tokens.append(form.get("WebIdentityToken", [None])[0])
    result["web_identity_tokens"] = tokens
    server.stop()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
