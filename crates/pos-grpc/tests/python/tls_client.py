"""Remote mode from a Python grpcio client: `pos serve --allow-remote` refuses a short
token, then serves TLS with the certificate it made on first start, whose SHA-256
fingerprint it prints; the client trusts that certificate (after checking the printed
fingerprint) and sends the token as `authorization: Bearer <token>`. Exits non-zero on
any failure.

    .venv/bin/python crates/pos-grpc/tests/python/tls_client.py --pos target/debug/pos
"""

import argparse
import hashlib
import json
import os
import queue
import re
import secrets
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from old_client import CLIENT_ID, check, generate_code

PATIENCE_S = 300
CERT_FILE = "pos-api-cert.pem"


def write_config(work: Path) -> Path:
    config = work / "config.json"
    config.write_text(json.dumps({"data_dir": str(work / "data"), "host": "127.0.0.1", "port": 0}))
    return config


def serve(pos: str, config: Path, token: str, log: Path) -> subprocess.Popen:
    env = dict(os.environ, POS_SERVE_TOKEN=token)
    with open(log, "w") as stderr:
        return subprocess.Popen(
            [pos, "serve", "--no-gpu", "--allow-remote", "-c", str(config)],
            stdout=subprocess.PIPE, stderr=stderr, text=True, env=env,
        )


def listening_addr(server: subprocess.Popen) -> str:
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: lines.put(server.stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=PATIENCE_S)
    except queue.Empty:
        server.kill()
        sys.exit("pos serve did not say where it listens")
    prefix = "listening on "
    check(line.startswith(prefix), f"unexpected first line from pos serve: {line!r}")
    return line[len(prefix):].strip()


def fingerprint(pem: str) -> str:
    digest = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def run(pos: str, work: Path):
    generate_code(work / "gen")
    import grpc
    import api_pb2
    import api_pb2_grpc

    config = write_config(work)
    short = subprocess.run(
        [pos, "serve", "--no-gpu", "--allow-remote", "-c", str(config)],
        env=dict(os.environ, POS_SERVE_TOKEN="a" * 31), capture_output=True, text=True,
        timeout=PATIENCE_S,
    )
    check(short.returncode == 2, f"a 31-byte token: exit {short.returncode}")
    check("at least 32 random bytes" in short.stderr, f"a 31-byte token: {short.stderr!r}")
    check(short.stdout == "", "pos serve listened with a short token")

    token = secrets.token_hex(32)
    log = work / "serve.log"
    server = serve(pos, config, token, log)
    try:
        addr = listening_addr(server)
        printed = re.search(r"SHA-256 fingerprint ([0-9A-F:]{95})", log.read_text())
        check(printed is not None, f"no fingerprint in pos serve's stderr: {log.read_text()!r}")
        cert = (work / "data" / CERT_FILE).read_text()
        check(fingerprint(cert) == printed.group(1),
              f"{CERT_FILE} has fingerprint {fingerprint(cert)}, pos serve printed {printed.group(1)}")

        trusted = grpc.ssl_channel_credentials(root_certificates=cert.encode())
        with_token = grpc.composite_channel_credentials(
            trusted, grpc.access_token_call_credentials(token))
        with grpc.secure_channel(addr, with_token) as channel:
            stub = api_pb2_grpc.PosDataServiceStub(channel)
            config_message = stub.GetConfig(api_pb2.GetConfigRequest(), timeout=30).config
            check(config_message.N == 512, f"GetConfig over TLS: {config_message}")
            job = stub.AddJob(api_pb2.AddJobRequest(
                client_id=CLIENT_ID, post_size_bits=8 * 1024, friendly_name="over TLS"),
                timeout=60).job
            seen = stub.GetAllJobsStatuses(api_pb2.GetAllJobsStatusRequest(), timeout=30).Jobs
            check([j.id for j in seen] == [job.id], f"jobs over TLS: {seen}")

        with grpc.secure_channel(addr, trusted) as channel:
            stub = api_pb2_grpc.PosDataServiceStub(channel)
            try:
                stub.GetConfig(api_pb2.GetConfigRequest(), timeout=30)
                check(False, "a call without the token was answered")
            except grpc.RpcError as e:
                check(e.code() == grpc.StatusCode.UNAUTHENTICATED, f"no token: {e.code()}")

        # Only the server's own certificate is trusted: the system's roots do not vouch
        # for it, so the handshake fails.
        untrusting = grpc.composite_channel_credentials(
            grpc.ssl_channel_credentials(), grpc.access_token_call_credentials(token))
        with grpc.secure_channel(addr, untrusting) as channel:
            stub = api_pb2_grpc.PosDataServiceStub(channel)
            try:
                stub.GetConfig(api_pb2.GetConfigRequest(), timeout=30)
                check(False, "a client that does not trust the certificate was answered")
            except grpc.RpcError as e:
                check(e.code() == grpc.StatusCode.UNAVAILABLE, f"untrusted: {e.code()}")

        server.send_signal(signal.SIGTERM)
        status = server.wait(timeout=PATIENCE_S)
        check(status == 0, f"pos serve exited with {status} after SIGTERM")
        print(f"python TLS client: a short token was refused; certificate {printed.group(1)[:23]}... "
              f"matched what pos serve printed; job {job.id} added over TLS with the token")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pos", required=True, help="the pos binary")
    args = parser.parse_args()
    pos = os.path.abspath(args.pos)
    with tempfile.TemporaryDirectory(prefix="pos-python-tls-") as work:
        run(pos, Path(work))


if __name__ == "__main__":
    main()
