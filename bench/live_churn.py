#!/usr/bin/env python3
"""Live-feed churn: what each WebSocket session costs the server's memory once it has ended.

Starts `pingan serve` (embedded SQLite in a temporary directory, the shipped map), signs in, then
runs `--rounds` rounds of `--sessions` live-feed sessions one after another (each: upgrade, read
the 101, send a close frame, wait for the server's close), pausing `--pause` seconds after each
round: an ended session's keep-alive ping timer (30 s) holds about 1 KB until it would have fired,
so the pause lets those go before RSS is read. It prints the server's RSS after every round and,
from the rounds after the first (which pays for warm-up), the growth per session. A connection
whose memory is kept after it ends shows up as kilobytes a session; a server that frees it stays
within allocator noise.

    python3 bench/live_churn.py --bin .build/release/pingan [--sessions 2000 --rounds 4 --pause 35] [--json out.json]
"""
import argparse, base64, json, os, shutil, signal, socket, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pingan_server import login, start  # noqa: E402


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def session(port, token):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /v1/live?token={token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = s.recv(65536)
    if not head.startswith(b"HTTP/1.1 101"):
        sys.exit(f"upgrade refused: {head[:200]!r}")
    s.sendall(b"\x88\x80\x00\x00\x00\x00")  # masked close frame, no payload
    try:
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("PINGAN_BIN", ".build/release/pingan"))
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--pause", type=float, default=35, help="seconds after each round before RSS is read")
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="pingan-churn-")
    proc, base, port = start(args.bin, data_dir)
    try:
        token = login(base)
        time.sleep(2)
        rows = [{"round": 0, "rss_kb": rss_kb(proc.pid)}]
        print(json.dumps(rows[0]))
        for r in range(1, args.rounds + 1):
            t = time.time()
            for _ in range(args.sessions):
                session(port, token)
            elapsed = time.time() - t
            time.sleep(args.pause)
            rows.append({"round": r, "rss_kb": rss_kb(proc.pid), "sessions_per_s": round(args.sessions / elapsed, 1)})
            print(json.dumps(rows[-1]))
        later = rows[1:]
        growth = (later[-1]["rss_kb"] - later[0]["rss_kb"]) * 1024 / (args.sessions * (len(later) - 1)) if len(later) > 1 else None
        summary = {"sessions": args.sessions * args.rounds, "bytes_per_session_after_first_round": None if growth is None else round(growth)}
        print(json.dumps(summary))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"rows": rows, "summary": summary}, f, indent=1)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
