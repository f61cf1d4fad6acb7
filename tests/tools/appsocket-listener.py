#!/usr/bin/env python3
"""A fake network ticket printer (AppSocket/JetDirect, what CUPS's socket:// backend talks to).

    appsocket-listener.py PORT DIR

Listens on 127.0.0.1:PORT; each connection's bytes are saved to DIR/job-N.bin once the
connection closes (written to a temporary name first, so a waiting test never sees half a
job). Writes DIR/listening when ready to accept. Stops on SIGTERM.
"""
import os
import signal
import socket
import sys


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", port))
    server.listen(8)
    with open(os.path.join(out, "listening"), "w") as f:
        f.write(str(os.getpid()))
    n = len([x for x in os.listdir(out) if x.startswith("job-") and x.endswith(".bin")])
    while True:
        conn, _ = server.accept()
        chunks = []
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                chunks.append(data)
        if not chunks:
            continue  # a connection that sent nothing (a probe) is not a job
        n += 1
        tmp = os.path.join(out, ".job-%d.tmp" % n)
        with open(tmp, "wb") as f:
            f.write(b"".join(chunks))
        os.rename(tmp, os.path.join(out, "job-%d.bin" % n))


if __name__ == "__main__":
    main()
