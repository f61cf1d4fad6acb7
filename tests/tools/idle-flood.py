#!/usr/bin/env python3
"""A crowd of idle clients on the kiosk's control socket: each connects, sends nothing,
and connects again as soon as the kiosk drops it. Runs until STOP-FILE exists; prints
how many connections it made.
    idle-flood.py SOCKET CLIENTS STOP-FILE"""
import os
import socket
import sys
import threading

path, clients, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3]
made = [0]
lock = threading.Lock()


def crowd():
    while not os.path.exists(stop):
        s = socket.socket(socket.AF_UNIX)
        try:
            s.connect(path)
            with lock:
                made[0] += 1
            s.settimeout(0.5)
            while not os.path.exists(stop):
                try:
                    if not s.recv(64):
                        break  # dropped by the kiosk: come back at once
                except socket.timeout:
                    continue
        except OSError:
            pass
        finally:
            s.close()


threads = [threading.Thread(target=crowd, daemon=True) for _ in range(clients)]
for t in threads:
    t.start()
print("ready", flush=True)
for t in threads:
    t.join()
print(made[0])
