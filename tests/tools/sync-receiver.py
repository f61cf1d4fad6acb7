#!/usr/bin/env python3
"""A back-office receiver for turno-sync's tests (protocol v1, README "The protocol"), on loopback.

Stores events keyed by (kiosk_id, seq) and answers {"acked_through": N}, N being the
highest sequence such that it holds every event 1..N of that kiosk. It can misbehave on
command: POST /_control {"script": [action, ...]} queues actions, one per later POST of
events (then "ok" again). Actions:
  "ok"            store everything, answer acked_through
  "500"           answer 500, store nothing
  {"status": 429|503, "retry_after": "2"}   answer that status (no store) with Retry-After
  "stall"         store nothing, answer nothing until the client gives up
  "store_stall"   store everything, then answer nothing until the client gives up
  "reset_request" read half of the request body, then reset the connection
  "reset_reply"   store everything, send half a reply, then reset the connection
  "garbage"       store everything, answer 200 with bytes that are not JSON
  "empty"         store everything, answer 200 with an empty body
  {"partial": K}  store the first K events of the batch only, answer truthfully
  "beyond"        store everything, answer an acked_through 1000 past what was sent
  "backwards"     store everything, answer acked_through 0
  "lower"         store everything, answer acked_through after_seq - 1 (one less than before)
  "hold"          store everything in memory only (not in --state): a later restart loses it
  "401"           answer 401
  "echo_401"      answer 401 quoting the Authorization header it got (a careless back office)
  "echo_500"      answer 500 quoting pieces of the token (its middle, its first 5 characters)
With --tls-cert/--tls-key it speaks HTTPS.
GET /_state gives counters; GET /_dump every stored event. With --state FILE the store
survives a restart (except what "hold" kept in memory).
"""
import argparse
import json
import os
import select
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
store = {}  # (kiosk_id, seq) -> canonical JSON text of the event
stats = {"requests": 0, "batches_stored": 0, "events_received": 0, "duplicates": 0, "conflicts": 0,
         "unauthorized": 0, "bad_requests": 0, "violations": 0, "key_mismatch": 0}
violations = []
script = []
request_log = []  # one dict per POST of events
keys_seen = {}  # idempotency key -> body hash
args = None
state_file = None


def canonical(event):
    return json.dumps(event, sort_keys=True, separators=(",", ":"))


through_cache = {}  # kiosk -> N: the store only grows while the process lives


def through(kiosk):
    n = through_cache.get(kiosk, 0)
    while (kiosk, n + 1) in store:
        n += 1
    through_cache[kiosk] = n
    return n


def highest(kiosk):
    return max((s for (k, s) in store if k == kiosk), default=0)


def store_events(kiosk, events, durable):
    lines = []
    for e in events:
        key = (kiosk, e["seq"])
        text = canonical(e)
        stats["events_received"] += 1
        if key in store:
            stats["duplicates"] += 1
            if store[key] != text:
                stats["conflicts"] += 1
                violations.append("conflict on %s: %s != %s" % (key, store[key], text))
            continue
        store[key] = text
        lines.append(json.dumps({"kiosk_id": kiosk, "event": e}, sort_keys=True))
    if durable and state_file and lines:
        with open(state_file, "a") as f:
            f.write("\n".join(lines) + "\n")
            f.flush()
            os.fsync(f.fileno())
    stats["batches_stored"] += 1


def load_state():
    if not state_file or not os.path.exists(state_file):
        return
    with open(state_file) as f:
        for line in f:
            line = line.strip()
            if line:
                rec = json.loads(line)
                store[(rec["kiosk_id"], rec["event"]["seq"])] = canonical(rec["event"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    reset = False

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle and delayed ACKs
        # add 40 ms to every reply and the measurement measures them.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *a):
        if args.verbose:
            sys.stderr.write("receiver: " + (fmt % a) + "\n")

    def send_json(self, status, obj, headers=None):
        body = json.dumps(obj).encode()
        self.send_raw(status, body, headers)

    def send_raw(self, status, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def reset_connection(self):
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.reset = True
        self.close_connection = True

    def wait_for_client_to_leave(self):
        # A stalled server: answer nothing until the client closes (its timeout).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.connection], [], [], 1.0)
            if r:
                try:
                    if not self.connection.recv(1024):
                        break
                except OSError:
                    break
        self.close_connection = True

    def finish(self):
        if self.reset:
            return
        try:
            super().finish()
        except OSError:
            pass

    def do_GET(self):
        with lock:
            if self.path == "/_state":
                out = dict(stats)
                out["stored"] = len(store)
                out["script_left"] = len(script)
                out["violation_list"] = violations[:20]
                out["through"] = {k: through(k) for k in {k for (k, _) in store}}
                self.send_json(200, out)
            elif self.path == "/_dump":
                self.send_json(200, {"events": [{"kiosk_id": k, "seq": s, "event": json.loads(t)}
                                                for (k, s), t in sorted(store.items())]})
            elif self.path == "/_log":
                self.send_json(200, {"requests": request_log})
            else:
                self.send_json(404, {"error": "no such path"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if self.path == "/_control":
            cmd = json.loads(self.rfile.read(length) or b"{}")
            with lock:
                script.extend(cmd.get("script", []))
                if cmd.get("clear_log"):
                    request_log.clear()
            self.send_json(200, {"script_left": len(script)})
            return
        if self.path != "/events":
            self.send_json(404, {"error": "no such path"})
            return
        with lock:
            action = script.pop(0) if script else "ok"
            stats["requests"] += 1
        entry = {"t": time.time(), "action": action}
        if action == "reset_request":
            self.rfile.read(length // 2)
            entry["result"] = "reset"
            with lock:
                request_log.append(entry)
            self.reset_connection()
            return
        raw = self.rfile.read(length)
        if action in ("echo_401", "echo_500"):
            auth = self.headers.get("Authorization") or ""
            token = auth[len("Bearer "):]
            with lock:
                entry["result"] = 401 if action == "echo_401" else 500
                request_log.append(entry)
            if action == "echo_401":
                self.send_raw(401, ("refused credentials: %s (expected another token)" % auth).encode())
            else:
                middle = token[len(token) // 4: len(token) * 3 // 4]
                self.send_raw(500, ("internal error near key ...%s... (prefix %s)" % (middle, token[:5])).encode())
            return
        if self.headers.get("Authorization") != "Bearer " + args.token or action == "401":
            with lock:
                stats["unauthorized"] += 1
                entry["result"] = 401
                request_log.append(entry)
            self.send_json(401, {"error": "unauthorized"})
            return
        try:
            batch = json.loads(raw)
            kiosk = batch["kiosk_id"]
            events = batch["events"]
            after = batch["after_seq"]
            assert batch["version"] == 1
            assert isinstance(events, list)
        except Exception as e:  # a malformed batch is the client's bug: count it
            with lock:
                stats["bad_requests"] += 1
                violations.append("bad request: %r" % e)
                entry["result"] = 400
                request_log.append(entry)
            self.send_json(400, {"error": "bad batch"})
            return
        with lock:
            entry.update({"kiosk_id": kiosk, "after_seq": after, "count": len(events),
                          "first": events[0]["seq"] if events else None,
                          "last": events[-1]["seq"] if events else None,
                          "key": self.headers.get("Idempotency-Key")})
            if self.headers.get("Idempotency-Key") != batch.get("batch_id"):
                stats["key_mismatch"] += 1
                violations.append("Idempotency-Key %s != batch_id %s" % (self.headers.get("Idempotency-Key"),
                                                                       batch.get("batch_id")))
            key = self.headers.get("Idempotency-Key")
            digest = hash(raw)
            if key in keys_seen and keys_seen[key] != digest:
                stats["violations"] += 1
                violations.append("idempotency key %s reused for a different body" % key)
            keys_seen[key] = digest
            # The kiosk must send, in order and without holes, what follows after_seq.
            seqs = [e["seq"] for e in events]
            if seqs and (seqs != sorted(seqs) or len(set(seqs)) != len(seqs) or seqs[0] <= after):
                stats["violations"] += 1
                violations.append("batch out of order or overlapping after_seq: after %d, %s" % (after, seqs[:5]))
            request_log.append(entry)
        if isinstance(action, dict) and "status" in action:
            entry["result"] = action["status"]
            headers = {"Retry-After": action["retry_after"]} if "retry_after" in action else {}
            self.send_json(action["status"], {"error": "try later"}, headers)
            return
        if action == "500":
            entry["result"] = 500
            self.send_json(500, {"error": "internal"})
            return
        if action == "stall":
            entry["result"] = "stall"
            self.wait_for_client_to_leave()
            return
        with lock:
            if isinstance(action, dict) and "partial" in action:
                store_events(kiosk, events[: action["partial"]], True)
            else:
                store_events(kiosk, events, action != "hold")
            acked = through(kiosk)
            if action == "beyond":
                acked = (events[-1]["seq"] if events else after) + 1000
            elif action == "backwards":
                acked = 0
            elif action == "lower":
                acked = max(after - 1, 0)
            entry["acked"] = acked
        if action == "store_stall":
            entry["result"] = "stall"
            self.wait_for_client_to_leave()
            return
        if action == "reset_reply":
            entry["result"] = "reset"
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                             b'{"acked_thr')
            self.wfile.flush()
            self.reset_connection()
            return
        if action == "garbage":
            entry["result"] = 200
            self.send_raw(200, b"\x00<html>not json\xff{{{")
            return
        if action == "empty":
            entry["result"] = 200
            self.send_raw(200, b"")
            return
        entry["result"] = 200
        self.send_json(200, {"acked_through": acked})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        if args.verbose:
            super().handle_error(request, client_address)


def main():
    global args, state_file
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--ready-file", help="written with the port once listening")
    p.add_argument("--state", help="durable store (JSON lines)")
    p.add_argument("--token", default="test-token")
    p.add_argument("--tls-cert", help="serve HTTPS with this certificate chain (PEM)")
    p.add_argument("--tls-key", help="and this private key (PEM)")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args()
    state_file = args.state
    load_state()
    server = Server(("127.0.0.1", args.port), Handler)
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % server.server_address[1])
        os.rename(tmp, args.ready_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
