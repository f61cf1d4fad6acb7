#!/usr/bin/env python3
"""The host's side of a `make test-pi` guest: it answers the guest's requests on the
virtio-serial port "turno.host", one line each way.

  shot NAME   -> the display as qemu scans it out, saved through QMP's screendump as
                 DIR/NAME.ppm; answered "done NAME WxH" once the file is whole
                 ("error ..." otherwise)

Usage: host.py CHANNEL_SOCKET QMP_SOCKET DIR (both sockets are qemu's, as servers)."""
import json
import os
import socket
import sys
import time


def connect(path, seconds=120):
    # qemu creates its listening sockets a moment after it starts: wait for them.
    end = time.monotonic() + seconds
    while True:
        s = socket.socket(socket.AF_UNIX)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.monotonic() > end:
                raise
            time.sleep(0.05)


class Qmp:
    def __init__(self, path):
        self.sock = connect(path)
        self.buf = b""
        self.read()  # the greeting
        self.command("qmp_capabilities")

    def read(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("qmp closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def command(self, name, **arguments):
        msg = {"execute": name}
        if arguments:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        while True:
            reply = self.read()
            if "return" in reply or "error" in reply:
                return reply


def ppm_size(path):
    with open(path, "rb") as f:
        fields = f.read(64).split()
    return int(fields[1]), int(fields[2])


def main():
    chan_path, qmp_path, out_dir = sys.argv[1:4]
    qmp = Qmp(qmp_path)
    chan = connect(chan_path)
    buf = b""
    while True:
        chunk = chan.recv(4096)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            words = line.decode(errors="replace").split()
            if len(words) == 2 and words[0] == "shot" and words[1].replace("-", "").isalnum():
                path = os.path.join(out_dir, words[1] + ".ppm")
                reply = qmp.command("screendump", filename=path)
                if "error" in reply:
                    answer = "error " + reply["error"].get("desc", "screendump failed")
                else:
                    w, h = ppm_size(path)
                    answer = "done %s %dx%d" % (words[1], w, h)
            else:
                answer = "error unknown request"
            print(line.decode(errors="replace"), "->", answer, flush=True)
            chan.sendall(answer.encode() + b"\n")


if __name__ == "__main__":
    main()
