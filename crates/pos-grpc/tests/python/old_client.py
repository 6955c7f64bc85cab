"""An old client of the pos server, in Python: it generates its gRPC code from the
project's proto/api.proto, starts `pos serve`, adds a job, streams it to completion,
and checks the job's file against `pos compute`. Exits non-zero on any failure.

    .venv/bin/python crates/pos-grpc/tests/python/old_client.py --pos target/debug/pos
"""

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PROTO_DIR = Path(__file__).resolve().parents[2] / "proto"
PATIENCE_S = 300
CLIENT_ID = bytes.fromhex("1215eda121")  # 5 bytes, as the old server's tests sent
SIZE_BITS = 8192 * 64


def generate_code(out: Path):
    """api_pb2 and api_pb2_grpc from the project's .proto, as an old client builds them."""
    from grpc_tools import protoc

    include = Path(protoc.__file__).parent / "_proto"
    out.mkdir()
    status = protoc.main([
        "grpc_tools.protoc",
        f"-I{PROTO_DIR}",
        f"-I{include}",
        f"--python_out={out}",
        f"--grpc_python_out={out}",
        str(PROTO_DIR / "api.proto"),
    ])
    if status != 0:
        sys.exit(f"protoc failed on {PROTO_DIR / 'api.proto'} (status {status})")
    sys.path.insert(0, str(out))


def start_server(pos: str, work: Path) -> tuple[subprocess.Popen, str]:
    config = work / "config.json"
    config.write_text(json.dumps({
        "data_dir": str(work / "data"),
        "host": "127.0.0.1",
        "port": 0,
    }))
    server = subprocess.Popen(
        [pos, "serve", "--no-gpu", "-c", str(config)],
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: lines.put(server.stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=PATIENCE_S)
    except queue.Empty:
        server.kill()
        sys.exit("pos serve did not say where it listens")
    prefix = "listening on "
    if not line.startswith(prefix):
        server.kill()
        sys.exit(f"unexpected first line from pos serve: {line!r}")
    return server, line[len(prefix):].strip()


def check(condition: bool, what: str):
    if not condition:
        raise AssertionError(what)


def run(pos: str, work: Path):
    generate_code(work / "gen")
    import grpc
    import api_pb2
    import api_pb2_grpc

    server, addr = start_server(pos, work)
    try:
        with grpc.insecure_channel(addr) as channel:
            stub = api_pb2_grpc.PosDataServiceStub(channel)
            config = stub.GetConfig(api_pb2.GetConfigRequest(), timeout=30).config
            check((config.N, config.R, config.P) == (512, 1, 1), f"default N, R, P: {config}")
            check(config.bits_per_index == 8, f"default bits_per_index: {config}")

            try:
                stub.AddJob(api_pb2.AddJobRequest(client_id=bytes(33), post_size_bits=SIZE_BITS))
                check(False, "a 33-byte client id was accepted")
            except grpc.RpcError as e:
                check(e.code() == grpc.StatusCode.INVALID_ARGUMENT, f"33-byte id: {e.code()}")

            job = stub.AddJob(api_pb2.AddJobRequest(
                client_id=CLIENT_ID,
                post_size_bits=SIZE_BITS,
                start_index=0,
                friendly_name="python client",
            ), timeout=60).job
            check(job.size_bits == SIZE_BITS, f"size_bits: {job}")

            states = []
            last = None
            for response in stub.SubscribeJobStatusStream(
                api_pb2.JobStatusStreamRequest(id=job.id), timeout=PATIENCE_S
            ):
                last = response.Job
                check(last.status != api_pb2.Job.STOPPED, f"the job stopped: {last}")
                name = api_pb2.Job.JobStatus.Name(last.status)
                if not states or states[-1] != name:
                    states.append(name)
                if last.status == api_pb2.Job.COMPLETED:
                    break
            check(last is not None and last.status == api_pb2.Job.COMPLETED,
                  f"the stream ended before the job completed: {states}")
            check(last.bits_written == SIZE_BITS, f"bits_written: {last}")
            check(last.client_id == CLIENT_ID + bytes(27), f"client_id: {last.client_id.hex()}")
            check(last.pow_solution_index == 2**64 - 1, f"pow_solution_index: {last}")

        expected = work / "expected.bin"
        subprocess.run([
            pos, "compute",
            "--id", (CLIENT_ID + bytes(27)).hex(),
            "--salt", config.salt.hex(),
            "--n", str(config.N),
            "--bits", str(config.bits_per_index),
            "--count", str(SIZE_BITS // config.bits_per_index),
            "--out", str(expected),
        ], check=True)
        written = Path(config.data_dir) / f"{job.id}.pos"
        check(written.read_bytes() == expected.read_bytes(),
              f"{written} differs from pos compute's labels")

        server.send_signal(signal.SIGTERM)
        status = server.wait(timeout=PATIENCE_S)
        check(status == 0, f"pos serve exited with {status} after SIGTERM")
        print(f"python client: job {job.id} went {' -> '.join(states)}; "
              f"{written.name} matches pos compute; pos serve stopped cleanly")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pos", required=True, help="the pos binary")
    args = parser.parse_args()
    pos = os.path.abspath(args.pos)
    with tempfile.TemporaryDirectory(prefix="pos-python-client-") as work:
        run(pos, Path(work))


if __name__ == "__main__":
    main()
