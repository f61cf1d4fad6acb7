#!/usr/bin/env python3
"""What the `make test-pi` guests measured, beside their floors from the same boot, and
the display lines decoded. Reads the boots' directories (figures, display.txt from
tests/tools/max7219-trace); prints the verdicts on the display ("ok WHAT" or
"not ok WHAT<TAB>WHY"), then the table as "# " lines, and writes the table as JSON.

Usage: report.py ARCH JSON_OUT PANEL_DIR [MONITOR_DIR]"""
import json
import os
import sys

NS = 1e9
CLK_TCK = 100  # Debian's kernels: USER_HZ is 100


def figures(path):
    out = {}
    try:
        lines = open(os.path.join(path, "figures")).read().splitlines()
    except OSError:
        return out
    for line in lines:
        words = line.split()
        if len(words) >= 2 and words[0] == "figure":
            out[words[1]] = words[2:]
    return out


def proc(words, at=0):
    """'wakeups N cpu_ticks N rss_kb N T' starting at words[at]."""
    return {"wakeups": int(words[at + 1]), "cpu": int(words[at + 3]), "rss_kb": int(words[at + 5]),
            "t": int(words[at + 6])}


def idle(words):
    seconds = float(words[0])
    a, b = proc(words, 1), proc(words, 8)
    r = {"seconds": seconds, "wakeups_per_s": (b["wakeups"] - a["wakeups"]) / seconds,
         "cpu_pct": (b["cpu"] - a["cpu"]) * 100.0 / CLK_TCK / seconds}
    if len(words) >= 17:
        # Two status requests around the span wake the loop once each.
        r["loop_per_s"] = (int(words[16]) - int(words[15]) - 1) / seconds
    return r


def display(path):
    """The latches of display.txt: [(t, [chip texts])], markers {text: t}."""
    latches, markers = [], {}
    try:
        lines = open(os.path.join(path, "display.txt")).read().splitlines()
    except OSError:
        return latches, markers
    for line in lines:
        if line.startswith("marker "):
            _, t, text = line.split(" ", 2)
            markers[text] = int(t)
        elif line.startswith("latch "):
            head, *chips = line.split("|")
            _, t, misaligned = head.split()
            latches.append((int(t), int(misaligned), chips))
    return latches, markers


def main():
    arch, json_out, panel = sys.argv[1:4]
    monitor = sys.argv[4] if len(sys.argv) > 4 else None
    f = figures(panel)
    rows = []

    def row(figure, value, unit, floor=None, floor_is="", includes=""):
        ratio = value / floor if isinstance(value, float) and isinstance(floor, float) and floor > 0 else None
        rows.append({"figure": figure, "value": value, "unit": unit, "floor": floor, "floor_is": floor_is,
                     "ratio": round(ratio, 2) if ratio else None, "includes": includes})

    def get(name, fn):
        try:
            return fn(f[name])
        except (KeyError, IndexError, ValueError):
            return None

    # ------------------------------------------------------------ the display lines
    latches, markers = display(panel)
    press = markers.get("turno: press 0")
    ran = os.path.exists(os.path.join(panel, "figures"))
    shown = next(((t, m) for t, m, chips in latches if press and t > press and chips and chips[0] == "A 001  1"),
                 None)
    if not ran:
        pass
    elif shown:
        print("ok panel: the display lines, decoded as a MAX7219 chain, show A 001  1 on counter 1's module")
    else:
        last = latches[-1][2] if latches else []
        print("not ok panel: the display lines, decoded as a MAX7219 chain, show A 001  1 on counter 1's module\t"
              "press marker %s, %d latches, last shows %s" % (press, len(latches), last))
    misaligned = latches[-1][1] if latches else 0
    if not ran:
        latches = []
    if latches and misaligned == 0:
        print("ok panel: every frame on the display lines is whole (%d latches, 16 bits per chip)" % len(latches))
    elif latches:
        print("not ok panel: every frame on the display lines is whole\t%d of %d latches misaligned"
              % (misaligned, len(latches)))
    floor_press = markers.get("turno: press floor")
    floor_frames = [t for t, _, _ in latches if floor_press and t > floor_press][:4]
    floor_led = (floor_frames[-1] - floor_press) / 1e6 if len(floor_frames) == 4 else None

    # ------------------------------------------------------------ the figures
    boot = get("boot-userland", lambda w: int(w[0]) / NS)
    row("boot: kernel start -> the test's userland", boot, "s", None, "", "initramfs, 9p root, chroot")
    start = get("kiosk-first-frame", lambda w: (int(w[1]) - int(w[0])) / NS)
    floor_start = get("floor-first-frame", lambda w: (int(w[1]) - int(w[0])) / NS)
    row("start -> first frame on KMSDRM", start, "s", floor_start, "a bare SDL program: init, window, one frame",
        "exec as the turno user until READY=1 (sent after the first frame): config, database, SDL, fonts, "
        "layout, llvmpipe under TCG")
    tap_floor = get("floor-tap", lambda w: (int(w[5]) - int(w[4])) / 1e6 if w[0] == "framed" else None)
    for name, what in (("tap", "tap -> ticket page on the display"),
                       ("tap-replugged", "tap on the re-plugged panel -> ticket page"),
                       ("tap-restarted", "first tap after a restart -> ticket page")):
        v = get(name, lambda w: (int(w[3]) - int(w[2])) / 1e6)
        row(what, v, "ms", tap_floor, "a bare SDL program: finger up -> its next frame scanned out",
            "finger lifted (uinput) until the display scans out the frame of the ticket page (a page flip seen in "
            "debugfs): evdev, SDL, tap filter, issue with its synchronous=FULL commit, layout, llvmpipe drawing")
    row("  of which the kiosk draws and presents the ticket page", get("ticket-frame", lambda w: float(w[0])), "ms",
        None, "", "the kiosk's own time for that frame (status frame_ms): SDL_ttf, llvmpipe on the emulated CPU")
    row("control socket: one status round trip", get("status-rtt", lambda w: int(w[1]) / 1e6), "ms", None, "", "")
    replug = get("replug-open", lambda w: (int(w[1]) - int(w[0])) / 1e6)
    row("panel plugged -> opened by the kiosk and by SDL", replug, "ms", None, "",
        "udev's announcement wakes the loop (seen from /proc, nothing else wakes it)")
    led = (shown[0] - press) / 1e6 if shown else None
    row("button edge -> LED module shows the call", led, "ms", floor_led,
        "a bare libgpiod program: edge, debounce from its timestamp, one commit, the 4 frames of a new number",
        "trace marker at the sysfs pull, debounce (30 ms), the engine's call, the MAX7219 frames (kernel trace)")
    sound_floor = get("floor-sound", lambda w: (int(w[3]) - int(w[1])) / 1e6 if w[2] == "sound" else None)
    rows.append({"figure": "button edge -> first sound sample", "value": None, "unit": "ms",
                 "na": "turno-kiosk plays no sound yet", "floor": sound_floor,
                 "floor_is": "a bare SDL program: play -> first loud sample captured on ALSA's loopback"})
    ki, fi = get("kiosk-idle", idle), get("floor-idle", idle)
    row("idle wake-ups per second (every thread)", ki and ki["wakeups_per_s"], "/s", fi and fi["wakeups_per_s"],
        "a bare SDL program sleeping in poll() on the evdev devices", "voluntary context switches over 20 s")
    row("idle loop wake-ups per second", ki and ki.get("loop_per_s"), "/s", None, "goal: 1",
        "the kiosk's own count (status loop_wakeups)")
    row("idle CPU", ki and ki["cpu_pct"], "%", fi and fi["cpu_pct"], "the same bare program", "")
    for name, what in (("idle-unplugged", "wake-ups per second with the panel unplugged"),
                       ("idle-unplugged-no-udev", "wake-ups per second, panel unplugged, no udev")):
        un = get(name, idle)
        row(what, un and un["wakeups_per_s"], "/s", fi and fi["wakeups_per_s"], "the same bare program",
            "every thread, 3 s after the unplug; the loop: %s/s" % ("n/a" if not un else "%.2g" % un["loop_per_s"]))
    rss = get("kiosk-rss-start", lambda w: proc(w)["rss_kb"] / 1024.0)
    floor_rss = get("floor-rss", lambda w: proc(w)["rss_kb"] / 1024.0)
    row("resident memory after the first frame", rss, "MB", floor_rss, "the bare SDL program after its frame",
        "VmRSS (Mesa's llvmpipe included)")
    row("resident memory idle, after the scenario", get("kiosk-rss-idle", lambda w: proc(w)["rss_kb"] / 1024.0),
        "MB", floor_rss, "the same", "")

    print("# %s guest (qemu TCG: emulated CPU): figure | value | floor | ratio" % arch)
    for r in rows:
        def fmt(v):
            return "n/a" if v is None else ("%.3g" % v if isinstance(v, float) else str(v))
        value = r.get("na") if r["value"] is None and r.get("na") else fmt(r["value"])
        print("#   %-48s %10s %-3s  floor %8s  ratio %s  (%s)" % (r["figure"], value, r["unit"], fmt(r["floor"]),
                                                                fmt(r.get("ratio")), r["floor_is"] or "-"))
    with open(json_out, "w") as out:
        json.dump({"arch": arch, "table": rows}, out, indent=1)


if __name__ == "__main__":
    main()
