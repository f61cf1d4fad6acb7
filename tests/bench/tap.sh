#!/usr/bin/env bash
# bench.sh's screen figure: a tap (an X click by xdotool under Xvfb) on a service tile to
# the frame that shows the ticket (the pointer is moved there first, untimed), seen through the control socket's status (page
# "ticket", frames counted). Floor: the same click on a spot with nothing to tap, plus one
# status round trip. One JSON line per measurement set on stdout.
. "$(dirname "$0")/../lib.sh"
TAPS=${BENCH_TAPS:-20}
for tool in Xvfb xdotool; do command -v $tool >/dev/null || { echo "no $tool" >&2; exit 1; }; done
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3>"$TMP/display" 2>"$TMP/xvfb.log" &
on_exit "kill $!"
for ((i = 0; i < 200; i++)); do [ -s "$TMP/display" ] && break; sleep 0.05; done
export DISPLAY=":$(head -n1 "$TMP/display")"
make_config "$TMP/turno.ini" 's/^ticket_seconds = .*/ticket_seconds = 2/' \
	's/^tickets_per_minute = .*/tickets_per_minute = 600/'
SDL_VIDEODRIVER=x11 SDL_RENDER_DRIVER=software "$KIOSK" --config "$TMP/turno.ini" --ignore-hours \
	--database "$TMP/turno.db" --socket "$TMP/control.sock" --print-preview "$TMP/tickets" >>"$TMP/kiosk.log" 2>&1 &
KIOSK_PID=$!
"$CTL" --socket "$TMP/control.sock" --wait 20 ping >/dev/null || { tail -3 "$TMP/kiosk.log" >&2; exit 1; }
wid=$(timeout 20 xdotool search --sync --name 'Turno' | head -n1)
[ -n "$wid" ] || { echo "no Turno window" >&2; exit 1; }
timeout 600 python3 - "$TMP/control.sock" "$TAPS" "$wid" <<'PY'
import json, socket, subprocess, sys, time
path, taps, wid = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def status():
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.sendall(b"status\n")
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
    s.close()
    return json.loads(buf)["status"]["screen"]

def wait_home():
    for _ in range(400):
        if status()["page"] == "home":
            return
        time.sleep(0.025)

def move(x, y):  # outside the timed span: xdotool's --sync waits in steps of ~100 ms
    subprocess.run(["xdotool", "mousemove", "--window", wid, "--sync", str(x), str(y)], check=True)

def click():
    subprocess.run(["xdotool", "click", "1"], check=True)

def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))]

scr = status()
target = next(t for t in scr["targets"] if t["service"] == "A")
tap, floor, frames = [], [], []
time.sleep(2.1)  # the screen ignores taps in the first 2 s after a ticket: start clean
for i in range(taps):
    wait_home()
    time.sleep(2.1)  # past the 2 s tap guard of the previous ticket
    # Floor: a click where nothing can be tapped, and one status round trip.
    move(2, 2)
    t0 = time.monotonic()
    click()
    status()
    floor.append((time.monotonic() - t0) * 1000)
    move(target["x"], target["y"])
    before = status()["frames"]
    t0 = time.monotonic()
    click()
    while True:
        s = status()
        if s["page"] == "ticket" and s["frames"] > before:
            break
        if time.monotonic() - t0 > 5:
            sys.exit("the tap did not show a ticket within 5 s (page %s)" % s["page"])
    tap.append((time.monotonic() - t0) * 1000)
    frames.append(s["frames"] - before)

def out(name, v, extra=None):
    print(json.dumps(dict({"name": name, "n": len(v), "p50_ms": round(pct(v, .5), 3), "p95_ms": round(pct(v, .95), 3),
                           "p99_ms": round(pct(v, .99), 3)}, **(extra or {}))))

out("tap_to_frame", tap, {"frames_per_tap": round(sum(frames) / len(frames), 2)})
out("tap_floor", floor)
PY
