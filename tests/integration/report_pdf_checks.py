"""Checks of the semester report PDF and the Orari analysis (see report-pdf.sh).

The PDF's text must hold the figures the other reports give as JSON, written the Italian
way; the Orari figures must equal the ones worked out here from the generator's own log
of every ticket and the configuration's opening hours (an independent path: the log's
times come from the simulation, not from the database). Prints TAP lines numbered after
the shell's own."""
import csv
import io
import json
import math
import re
import sys
from datetime import date, timedelta

out, tmp, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
TARGETS = {"A": 15, "B": 30, "C": 20, "D": 30, "E": 30, "F": 20}  # config/turno.ini
WEEKDAYS = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
FROM, TO, TODAY = date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 2)


def tap(good, what, why=""):
    global n
    n += 1
    print(("ok %d - %s" if good else "not ok %d - %s") % (n, what))
    if not good and why:
        for line in str(why).splitlines()[:20]:
            print("# " + line)


def read(name, newline=None):
    with open(f"{out}/{name}", encoding="utf-8", newline=newline) as f:
        return f.read()


def r1(x):
    """To 0.1, halves away from zero, as the C side rounds."""
    return math.floor(x * 10 + 0.5) / 10


def load(name):
    try:
        return json.loads(read(name))
    except Exception as e:
        tap(False, f"{name} parses as JSON", e)
        return None


def normal(text):
    """pdftotext's text with the no-break spaces and minus signs made plain."""
    return text.replace("\u00a0", " ").replace("\u2212", "-")


def flat(text):
    return " ".join(normal(text).split())


# ---------------------------------------------------------------- Italian formats
def fmt_int(v):
    return f"{int(v):,}".replace(",", ".")


def fmt_dec(v, places=1):
    return f"{v:.{places}f}".replace(".", ",")


def fmt_pct(v):
    return "—" if v is None else fmt_dec(v) + " %"


def fmt_min(s):
    if s is None:
        return "—"
    m = math.floor(s / 60 + 0.5)
    if m < 1:
        return "< 1 min"
    if m < 60:
        return f"{m} min"
    return f"{m // 60} h {m % 60:02d} min"


def row_regex(cells):
    return r"\s+".join(re.escape(c).replace(r"\ ", r"\s+") for c in cells)


def has_row(text, start, cells):
    """A line of text starting with start and then holding cells in order."""
    pattern = r"^\s*" + re.escape(start).replace(r"\ ", r"\s+") + r".*?" + row_regex(cells)
    return re.search(pattern, normal(text), re.M) is not None


# ---------------------------------------------------------------- the PDF itself
info = read("pdfinfo.txt")
tap("595.276 x 841.89 pts (A4)" in info, "the PDF is A4", info)
pages = int(re.search(r"Pages:\s+(\d+)", info).group(1)) if "Pages:" in info else 0
tap(6 <= pages <= 16, f"the PDF has a reasonable number of pages ({pages})", info)
fonts = [l.split() for l in read("pdffonts.txt").splitlines()[2:] if l.strip()]
tap(fonts and all("yes" == f[-5] for f in fonts), "every font is embedded (pdffonts: emb yes)", read("pdffonts.txt"))
names = {f[0].split("+")[-1] for f in fonts}
tap(names == {"DejaVuSans", "DejaVuSans-Bold"}, "the fonts are DejaVu Sans and its bold", names)
tap(not any("Type" in f and "3" in f for f in fonts), "no Type 3 (bitmap) fonts", fonts)

text = read("semestre.txt")
flat_text = flat(text)
doc = load("doc.json")

# ---------------------------------------------------------------- services, per office
offices = {"a": "Comune di Borgo San Lorenzo - URP", "b": "Comune di Montelupo - URP"}
services_part = normal(text)
s0 = services_part.find("Servizi e standard della carta dei servizi")
s1 = services_part.find("Quando arrivano e quanto aspettano")
services_part = services_part[s0:s1]
parts = {"a": services_part[services_part.find(offices["a"]):services_part.find(offices["b"])],
         "b": services_part[services_part.find(offices["b"]):services_part.find("Tutti gli uffici")]}
for key in ("a", "b"):
    summary = load(f"summary-{key}.json")
    if not summary or not doc:
        continue
    office_doc = [o for o in doc["offices"] if o["name"] == offices[key]]
    tap(len(office_doc) == 1, f"office {key}: in the document")
    prev = {s["service"]: s["previous"] for s in office_doc[0]["services"]} if office_doc else {}
    missing = []
    for r in summary["rows"] + [summary["total"]]:
        label = f"{r['service']} {r['service_name']}" if r.get("service") else "Totale"
        target = fmt_min(r["target_min"] * 60) if r.get("target_min") else "—"
        p = prev.get(r.get("service"), office_doc[0]["previous_total"] if office_doc else {})
        cells = [target, fmt_int(r["issued"]), fmt_int(r["served"]), fmt_int(r["no_show"]),
                 fmt_pct(r["within_target_pct"]), fmt_min(r["wait_mean_s"]), fmt_min(r["wait_p90_s"]),
                 fmt_min(r["service_mean_s"]), fmt_pct(p.get("within_target_pct"))]
        if not has_row(parts[key], " ".join(label.split()[:2]), cells):
            missing.append(f"{label}: {cells}")
    tap(not missing, f"office {key}: every service's row (and the total) of the summary JSON is in the PDF",
        "\n".join(missing) + "\n" + parts[key][:1500])
    # The document agrees with the summary report, figure for figure.
    keys = ["issued", "served", "no_show", "expired", "transferred", "wait_mean_s", "wait_median_s", "wait_p90_s",
            "wait_max_s", "service_mean_s", "service_median_s", "within_target_pct"]
    by_letter = {s["service"]: s for s in office_doc[0]["services"]} if office_doc else {}
    diff = [(r["service"], k, r[k], by_letter.get(r["service"], {}).get(k)) for r in summary["rows"] for k in keys
            if r[k] != by_letter.get(r["service"], {}).get(k)]
    diff += [("total", k, summary["total"][k], office_doc[0]["total"][k]) for k in keys
             if office_doc and summary["total"][k] != office_doc[0]["total"][k]]
    tap(not diff, f"office {key}: the document's figures equal the summary report's", diff[:10])

# ---------------------------------------------------------------- Orari, per office
orari_part = normal(text).split("Orari di apertura: affluenza per giorno e fascia")
for i, key in enumerate(("a", "b")):
    orari = load(f"orari-{key}.json")
    if not orari or len(orari_part) < 3:
        tap(False, f"office {key}: an Orari page", len(orari_part))
        continue
    page = orari_part[1 + i]
    tap(offices[key] in page, f"office {key}: its Orari page is headed by its name")
    missing = []
    for r in orari["rows"]:
        hours = r["hours"].replace("-", "–") if r["hours"] else "—"
        cells = [r["band_name"], hours, fmt_int(r["days"]), fmt_dec(r["arrivals_per_day"]) if r["arrivals_per_day"]
                 is not None else "—", fmt_pct(r["share_pct"]), fmt_min(r["wait_mean_s"]), fmt_min(r["wait_p90_s"]),
                 fmt_pct(r["within_target_pct"])]
        if not has_row(page, r["weekday"], cells):
            missing.append(f"{r['weekday']}: {cells}")
    tap(not missing, f"office {key}: every band of the orari JSON is a row of the PDF's Orari table",
        "\n".join(missing) + "\n" + page[:1500])
    doc_office = [o for o in doc["offices"] if o["name"] == offices[key]] if doc else []
    tap(doc_office and doc_office[0]["orari"]["bands"] == orari["rows"],
        f"office {key}: the document's Orari equals the orari report's")
    # The quietest band, as the findings tell it.
    counted = [r for r in orari["rows"] if r["days"] > 0]
    low = min(counted, key=lambda r: r["arrivals_per_day"])
    article = "la" if low["weekday"] == "domenica" else "il"
    sentence = (f"La fascia meno frequentata è {article} {low['weekday']} {low['band_name']} "
                f"({low['hours'].replace('-', '–')}): in media {fmt_dec(low['arrivals_per_day'])} persone per apertura")
    tap(sentence in flat_text, f"office {key}: the findings name the quietest band ({low['weekday']} "
        f"{low['band_name']}, {fmt_dec(low['arrivals_per_day'])} a day, {fmt_pct(low['share_pct'])})",
        sentence)

# ---------------------------------------------------------------- findings and comparisons
if doc:
    t, p, y = doc["total"], doc["previous_total"], doc["year_before_total"]
    tap(f"Hanno preso il numero {fmt_int(t['issued'])} persone" in flat_text, "findings: how many people",
        flat_text[:600])
    a_cmp, b_cmp = load("compare-a.json"), load("compare-b.json")
    if a_cmp and b_cmp:
        prev_sum = a_cmp["rows"][1]["issued"] + b_cmp["rows"][1]["issued"]
        now_sum = a_cmp["rows"][0]["issued"] + b_cmp["rows"][0]["issued"]
        tap((p["issued"], t["issued"]) == (prev_sum, now_sum),
            "the document's previous semester is the compare reports' (both offices)",
            f"{p['issued']} {t['issued']} vs {prev_sum} {now_sum}")
    change = 100 * (t["issued"] - p["issued"]) / p["issued"]
    sign = "+" if round(change, 1) > 0 else ""
    want = f"persone {sign}{fmt_dec(change)} % (da {fmt_int(p['issued'])} a {fmt_int(t['issued'])})"
    tap(want in flat_text, "findings: the change against the previous semester", want)
    want = f"entro lo standard da {fmt_pct(p['within_target_pct'])} a {fmt_pct(t['within_target_pct'])}"
    tap(want in flat_text, "findings: the share within the standard, before and now", want)
    tap("(1° semestre 2025, 1 gennaio – 30 giugno 2025)" in flat_text and
        f"da {fmt_int(y['issued'])} a {fmt_int(t['issued'])}" in flat_text,
        "findings: the same semester a year before", flat_text[:3000])
    # The chart of waits by hour writes its figures out: the mean and 9-in-10 rows.
    means = [str(math.floor(h["wait_mean_s"] / 60 + 0.5)) for h in doc["by_hour"] if h["wait_mean_s"] is not None]
    p90s = [str(math.floor(h["wait_p90_s"] / 60 + 0.5)) for h in doc["by_hour"] if h["wait_p90_s"] is not None]
    want = "media " + " ".join(means) + " 9 su 10 " + " ".join(p90s)
    tap(want in flat_text, "the wait-by-hour chart's rows hold the mean and 90th percentile of each hour", want)
    tap("Glossario: che cosa vuol dire ogni numero" in flat_text and "9 su 10 entro" in flat_text,
        "a glossary of the figures")
    tap(re.search(r"pagina 1 di \d+|pagina 2 di %d" % pages, flat_text) is not None, "pages are numbered 'pagina N di M'")
en = flat(read("semestre-en.txt"))
tap("In short" in en and "Glossary: what each figure means" in en and "people took a number" in en,
    "--lang en: the same document in English", en[:300])
one = flat(read("one.txt"))
tap(one.startswith("Comune di Montelupo - URP") and "Tutti gli uffici" not in one,
    "one office: its name on the cover, no table of offices", one[:300])


# ---------------------------------------------------------------- Orari from the log
def hours_of(ini):
    """The [hours] of a configuration: weekday → [(start, end)], closed dates."""
    week, closed, section = {}, [], None
    keys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    for line in open(ini, encoding="utf-8"):
        line = line.split(";")[0].strip()
        if line.startswith("["):
            section = line
        elif section == "[hours]" and "=" in line:
            k, v = (x.strip() for x in line.split("=", 1))
            if k in keys:
                ranges = []
                for part in v.split(","):
                    part = part.strip()
                    if part != "closed":
                        a, b = part.split("-")
                        ranges.append((int(a[:2]) * 60 + int(a[3:]), int(b[:2]) * 60 + int(b[3:])))
                week[keys.index(k)] = ranges
            elif k == "closed":
                closed = [c.strip() for c in v.split(",")]
    return week, closed


def day_ranges(week, closed, d):
    if d.strftime("%m-%d") in closed or d.isoformat() in closed:
        return []
    return week.get(d.weekday(), [])


def range_band(start, end, minute):
    if start < 13 * 60 and end > 15 * 60:
        return "morning" if minute < 14 * 60 else "afternoon"
    return "morning" if start < 13 * 60 else "afternoon"


def band_of(ranges, minute):
    for s, e in ranges:
        if s <= minute < e:
            return range_band(s, e, minute)
    return "morning" if minute < 14 * 60 else "afternoon"


def nearest_rank(values, p):
    return values[max(1, math.ceil(p * len(values) / 100)) - 1]


def expected_orari(ini, log_path):
    week, closed = hours_of(ini)
    days, tickets = {}, {}
    d = FROM
    while d <= TO:
        if d < TODAY:
            for s, e in day_ranges(week, closed, d):
                bands = {"morning", "afternoon"} if s < 780 and e > 900 else {range_band(s, e, s)}
                for b in bands:
                    days.setdefault((d.weekday(), b), set()).add(d)
        d += timedelta(days=1)
    total = 0
    with open(log_path, newline="") as f:
        for t in csv.DictReader(f):
            when = date.fromisoformat(t["issued_local"][:10])
            if not FROM <= when <= TO:
                continue
            minute = int(t["issued_local"][11:13]) * 60 + int(t["issued_local"][14:16])
            band = band_of(day_ranges(week, closed, when), minute)
            key = (when.weekday(), band)
            days.setdefault(key, set()).add(when)
            tickets.setdefault(key, []).append(t)
            total += 1
    rows = {}
    for key in set(days) | set(tickets):
        ts = tickets.get(key, [])
        waits = sorted(int(t["wait_s"]) for t in ts if t["wait_s"] != "")
        within = sum(1 for t in ts if t["wait_s"] != "" and int(t["wait_s"]) <= TARGETS[t["service"]] * 60)
        rows[key] = {
            "days": len(days.get(key, ())), "arrivals": len(ts),
            "arrivals_per_day": r1(len(ts) / len(days[key])) if days.get(key) else None,
            "share_pct": r1(100 * len(ts) / total),
            "wait_mean_s": r1(sum(waits) / len(waits)) if waits else None,
            "wait_p90_s": nearest_rank(waits, 90) if waits else None,
            "within_target_pct": r1(100 * within / len(waits)) if waits else None,
        }
    return rows


for key in ("a", "b"):
    orari = load(f"orari-{key}.json")
    if not orari:
        continue
    want = expected_orari(f"{tmp}/{key}.ini", f"{tmp}/{key}/log.csv")
    got = {(r["weekday_index"] - 1, r["band"]): {k: r[k] for k in ("days", "arrivals", "arrivals_per_day", "share_pct",
                                                                  "wait_mean_s", "wait_p90_s", "within_target_pct")}
           for r in orari["rows"]}
    diff = [(k, want.get(k), got.get(k)) for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
    tap(not diff, f"office {key}: Orari per weekday and band = the log's, days counted from the hours "
        f"({len(got)} bands, {orari['total_arrivals']} people)", "\n".join(map(str, diff[:8])))
b = load("orari-b.json")
if b:
    thu = [r for r in b["rows"] if r["weekday"] == "giovedì" and r["band"] == "afternoon"]
    tap(thu and thu[0]["hours"] == "14:30-17:30" and thu[0]["days"] == 25,
        "Montelupo's Thursday afternoon: 14:30-17:30 over the 25 open Thursdays of the semester", thu)
hours = load("orari-hour-b.json")
if hours:
    tap(all(r["hour"] >= 8 and r["hour"] <= 17 for r in hours["rows"]) and
        sum(r["arrivals"] for r in hours["rows"]) == hours["total_arrivals"],
        "orari --by hour: hour rows 08-17 adding up to every arrival")
table = normal(read("orari-b.table"))
tap(re.search(r"giovedì\s+pomeriggio\s+14:30-17:30", table) is not None and "Persone per apertura" in table,
    "orari on the screen: a row per weekday and band, and the hour-by-hour grid", table[:800])

# ---------------------------------------------------------------- the Italian CSV
for key in ("a", "b"):
    raw = read(f"summary-{key}.csv-it", newline="")
    summary = load(f"summary-{key}.json")
    tap(raw.startswith("\ufeff") and "\r\n" in raw, f"office {key}: the Italian CSV starts with a BOM, lines end in CRLF")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"), newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    col = {h: i for i, h in enumerate(header)}
    bad = []
    for r, j in zip(body, summary["rows"] + [summary["total"]]):
        for h, k, scale in (("Attesa media (min)", "wait_mean_s", 60), ("Entro lo standard (%)", "within_target_pct", 1),
                            ("Emessi", "issued", 1)):
            want = None if j[k] is None else r1(j[k] / scale)
            got = float(r[col[h]].replace(",", ".")) if r[col[h]] else None
            if want != got:
                bad.append((h, r[col[h]], j[k]))
    tap(len(body) == len(summary["rows"]) + 1 and not bad,
        f"office {key}: the Italian CSV has the JSON's figures (minutes, decimal comma)", bad[:5])
orari_csv = read("orari-b.csv-it", newline="")
tap(re.search(r"\r\ngiovedì;pomeriggio;14:30-17:30;25;\d+;\d+,\d;\d+,\d;", orari_csv) is not None,
    "the orari report in Italian CSV", orari_csv[:400])
