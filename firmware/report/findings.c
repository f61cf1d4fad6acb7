/* Each finding is chosen from the document's figures and told with a sentence template
 * of report/labels.c; Italian articles ("l'83,6 %", "la domenica") are worked out here,
 * so the templates stay simple. A finding with nothing to say is left out. */
#include "report/findings.h"

#include "report/compare.h"
#include "report/labels.h"
#include "report/numfmt.h"
#include "report/orari_tables.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

char *turno_fill(char *out, size_t out_len, const char *template_text, const char *const *args, int nargs)
{
	size_t o = 0;
	for (const char *p = template_text; *p && o + 1 < out_len;) {
		int n = 0;
		const char *q = p + 1;
		if (*p == '{') {
			while (*q >= '0' && *q <= '9' && n < 100)
				n = n * 10 + (*q++ - '0');
		}
		if (*p == '{' && q > p + 1 && *q == '}' && n >= 1 && n <= nargs) {
			const char *arg = args[n - 1] ? args[n - 1] : "";
			size_t len = strlen(arg);
			if (len > out_len - 1 - o)
				len = out_len - 1 - o;
			memcpy(out + o, arg, len);
			o += len;
			p = q + 1;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
	return out;
}

/* "il 71,4 %" but "l'83,6 %", "l'8 %", "l'11 %", "l'1 %", "lo 0 %": the article as the
 * number is read aloud (otto, ottanta, undici, uno, zero). */
static const char *it_article(double percent)
{
	int whole = (int)floor(percent + 0.05);
	if (whole == 0)
		return "lo ";
	if (whole == 1 || whole == 8 || whole == 11 || (whole >= 80 && whole <= 89))
		return "l'";
	return "il ";
}

static void percent_with_article(double percent, enum turno_lang lang, char *out, size_t out_len)
{
	char number[32];
	turno_fmt_percent(percent, lang, number, sizeof(number));
	snprintf(out, out_len, "%s%s", lang == TURNO_LANG_IT ? it_article(percent) : "", number);
}

/* "il lunedì", "la domenica", "il giovedì pomeriggio"; "Monday", "Thursday afternoon". */
static void day_phrase(int weekday, int band, enum turno_lang lang, char *out, size_t out_len)
{
	const char *day = turno_weekday_word(weekday, lang, true);
	const char *band_word = band >= 0 ? turno_band_name((enum turno_band)band, lang) : "";
	if (lang == TURNO_LANG_IT)
		snprintf(out, out_len, "%s%s%s%s", weekday == 6 ? "la " : "il ", day, band >= 0 ? " " : "",
		         band_word);
	else
		snprintf(out, out_len, "%s%s%s", day, band >= 0 ? " " : "", band_word);
}

static void count(long long n, enum turno_lang lang, char *out, size_t out_len)
{
	turno_fmt_int(n, lang, out, out_len);
}

static struct turno_finding *next(struct turno_finding *out, int max, int *n, enum turno_finding_kind kind,
                                  const char *heading)
{
	if (*n >= max)
		return NULL;
	struct turno_finding *f = &out[(*n)++];
	f->kind = kind;
	snprintf(f->heading, sizeof(f->heading), "%s", heading);
	f->text[0] = '\0';
	return f;
}

static void people(const struct turno_semester *doc, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	const struct turno_figures *t = &doc->total[TURNO_SEM_NOW];
	if (t->issued == 0) {
		snprintf(f->text, sizeof(f->text), "%s", turno_label(lang, TURNO_L_F_PEOPLE_NONE));
		return;
	}
	char issued[32], per_day[32], days[32], served[32], served_pct[32];
	count(t->issued, lang, issued, sizeof(issued));
	turno_fmt_decimal(doc->people_per_day, 1, lang, per_day, sizeof(per_day));
	count(doc->open_days, lang, days, sizeof(days));
	count(t->served, lang, served, sizeof(served));
	turno_fmt_percent(100.0 * t->served / t->issued, lang, served_pct, sizeof(served_pct));
	const char *args[] = {issued, per_day, days, served, served_pct};
	turno_fill(f->text, sizeof(f->text),
	           turno_label(lang, t->issued == 1 ? TURNO_L_F_PEOPLE_ONE : TURNO_L_F_PEOPLE), args, 5);
}

static void standard(const struct turno_semester *doc, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	const struct turno_figures *t = &doc->total[TURNO_SEM_NOW];
	char within[48], mean[32], p90[32];
	percent_with_article(t->within_target_pct, lang, within, sizeof(within));
	turno_fmt_minutes(t->wait_mean_s, lang, mean, sizeof(mean));
	turno_fmt_minutes(t->wait_p90_s, lang, p90, sizeof(p90));
	const char *args[] = {within, mean, p90};
	turno_fill(f->text, sizeof(f->text),
	           turno_label(lang, t->target_n > 0 ? TURNO_L_F_STANDARD : TURNO_L_F_STANDARD_NO_TARGET),
	           args, 3);
}

/* "B Anagrafe" (and the office when there are several). */
static void service_name(const struct turno_semester *doc, int office, const struct turno_sem_service *s,
                         char *out, size_t out_len)
{
	if (doc->office_count > 1)
		snprintf(out, out_len, "%c %s (%s)", s->info.letter, s->info.name,
		         doc->offices[office].info.name);
	else
		snprintf(out, out_len, "%c %s", s->info.letter, s->info.name);
}

static bool services(const struct turno_semester *doc, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	int best_office = -1, worst_office = -1, measured = 0;
	const struct turno_sem_service *best = NULL, *worst = NULL;
	for (int o = 0; o < doc->office_count; o++) {
		for (int i = 0; i < doc->offices[o].service_count; i++) {
			const struct turno_sem_service *s = &doc->offices[o].services[i];
			const struct turno_figures *fig = &s->span[TURNO_SEM_NOW];
			if (fig->target_n == 0)
				continue;
			measured++;
			if (!best || fig->within_target_pct > best->span[TURNO_SEM_NOW].within_target_pct) {
				best = s;
				best_office = o;
			}
			if (!worst || fig->within_target_pct < worst->span[TURNO_SEM_NOW].within_target_pct) {
				worst = s;
				worst_office = o;
			}
		}
	}
	if (measured < 2)
		return false;
	if (worst->span[TURNO_SEM_NOW].within_target_pct >= 100) {
		snprintf(f->text, sizeof(f->text), "%s", turno_label(lang, TURNO_L_F_SERVICES_ALL));
		return true;
	}
	char best_name[TURNO_TEXT * 2 + 8], worst_name[TURNO_TEXT * 2 + 8], best_pct[32], worst_pct[32],
	        best_min[32], worst_min[32];
	service_name(doc, best_office, best, best_name, sizeof(best_name));
	service_name(doc, worst_office, worst, worst_name, sizeof(worst_name));
	turno_fmt_percent(best->span[TURNO_SEM_NOW].within_target_pct, lang, best_pct, sizeof(best_pct));
	turno_fmt_percent(worst->span[TURNO_SEM_NOW].within_target_pct, lang, worst_pct, sizeof(worst_pct));
	turno_fmt_minutes(best->info.target_min * 60.0, lang, best_min, sizeof(best_min));
	turno_fmt_minutes(worst->info.target_min * 60.0, lang, worst_min, sizeof(worst_min));
	const char *args[] = {best_name, best_pct, best_min, worst_name, worst_pct, worst_min};
	turno_fill(f->text, sizeof(f->text), turno_label(lang, TURNO_L_F_SERVICES), args, 6);
	return true;
}

static bool days_and_hours(const struct turno_semester *doc, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	int busiest = -1, quietest = -1, peak = -1, days = 0;
	for (int wd = 0; wd < 7; wd++) {
		if (doc->weekday_per_day[wd] < 0)
			continue;
		days++;
		if (busiest < 0 || doc->weekday_per_day[wd] > doc->weekday_per_day[busiest])
			busiest = wd;
		if (quietest < 0 || doc->weekday_per_day[wd] < doc->weekday_per_day[quietest])
			quietest = wd;
	}
	for (int h = 0; h < 24; h++)
		if (doc->hour_per_day[h] >= 0 && (peak < 0 || doc->hour_per_day[h] > doc->hour_per_day[peak]))
			peak = h;
	if (days < 2 || peak < 0 || doc->total[TURNO_SEM_NOW].issued == 0)
		return false;
	char busy[64], busy_n[32], quiet[64], quiet_n[32], from[8], to[8], peak_n[32];
	day_phrase(busiest, -1, lang, busy, sizeof(busy));
	day_phrase(quietest, -1, lang, quiet, sizeof(quiet));
	turno_fmt_decimal(doc->weekday_per_day[busiest], 1, lang, busy_n, sizeof(busy_n));
	turno_fmt_decimal(doc->weekday_per_day[quietest], 1, lang, quiet_n, sizeof(quiet_n));
	turno_fmt_clock(peak * 60, from, sizeof(from));
	turno_fmt_clock((peak + 1) * 60, to, sizeof(to));
	turno_fmt_decimal(doc->hour_per_day[peak], 1, lang, peak_n, sizeof(peak_n));
	const char *args[] = {busy, busy_n, quiet, quiet_n, from, to, peak_n};
	turno_fill(f->text, sizeof(f->text), turno_label(lang, TURNO_L_F_DAYS), args, 7);
	return true;
}

/* The quietest and the busiest band of an office's opening hours. */
static bool bands(const struct turno_semester *doc, int office, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	const struct turno_orari_result *r = &doc->offices[office].orari;
	const struct turno_orari_cell *low = NULL, *high = NULL;
	int low_wd = 0, high_wd = 0, counted = 0;
	for (int wd = 0; wd < 7; wd++) {
		for (int b = 0; b < TURNO_BANDS; b++) {
			const struct turno_orari_cell *c = &r->band[wd][b];
			if (c->days == 0)
				continue;
			counted++;
			if (!low || c->per_day < low->per_day) {
				low = c;
				low_wd = wd;
			}
			if (!high || c->per_day > high->per_day) {
				high = c;
				high_wd = wd;
			}
		}
	}
	if (counted < 2 || r->total_arrivals == 0)
		return false;
	char low_name[64], hours[32] = "", a[8], b[8], low_n[32], low_share[48], low_days[32], high_name[64],
	                   high_n[32], high_share[48];
	day_phrase(low_wd, (int)low->band, lang, low_name, sizeof(low_name));
	if (low->start_min >= 0)
		snprintf(hours, sizeof(hours), "%s–%s", turno_fmt_clock(low->start_min, a, sizeof(a)),
		         turno_fmt_clock(low->end_min, b, sizeof(b)));
	turno_fmt_decimal(low->per_day, 1, lang, low_n, sizeof(low_n));
	percent_with_article(low->share_pct, lang, low_share, sizeof(low_share));
	count(low->days, lang, low_days, sizeof(low_days));
	day_phrase(high_wd, (int)high->band, lang, high_name, sizeof(high_name));
	turno_fmt_decimal(high->per_day, 1, lang, high_n, sizeof(high_n));
	turno_fmt_percent(high->share_pct, lang, high_share, sizeof(high_share));
	const char *args[] = {
	        low_name, hours[0] ? hours : "—", low_n, low_share, low_days, high_name, high_n, high_share};
	turno_fill(f->text, sizeof(f->text), turno_label(lang, TURNO_L_F_BANDS), args, 8);
	return true;
}

/* The change from an earlier span to now, clause by clause (a clause is left out when one
 * side has nothing to measure). */
static void change(const struct turno_semester *doc, enum turno_semester_span span, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	const struct turno_figures *before = &doc->total[span], *now = &doc->total[TURNO_SEM_NOW];
	char name[128], dates[128];
	turno_period_name(&doc->span[span], lang, name, sizeof(name));
	turno_period_dates(doc->span[span].from_days, doc->span[span].to_days, lang, dates, sizeof(dates));
	const char *head[] = {name, dates};
	bool year = span == TURNO_SEM_YEAR_BEFORE;
	if (before->issued == 0) {
		turno_fill(f->text, sizeof(f->text),
		           turno_label(lang, year ? TURNO_L_F_CHANGE_YEAR_NONE : TURNO_L_F_CHANGE_NONE), head,
		           2);
		return;
	}
	struct turno_change c = turno_change_between(before, now);
	char part[512], a[48], b[48], d[48];
	size_t len = strlen(turno_fill(f->text, sizeof(f->text),
	                               turno_label(lang, year ? TURNO_L_F_CHANGE_YEAR : TURNO_L_F_CHANGE),
	                               head, 2));
	turno_fmt_change_pct(before->issued, now->issued, lang, d, sizeof(d));
	count(before->issued, lang, a, sizeof(a));
	count(now->issued, lang, b, sizeof(b));
	const char *people_args[] = {d, a, b};
	turno_fill(part, sizeof(part), turno_label(lang, TURNO_L_F_CHANGE_PEOPLE), people_args, 3);
	snprintf(f->text + len, sizeof(f->text) - len, " %s", part);
	if (c.wait_known) {
		turno_fmt_minutes(before->wait_mean_s, lang, a, sizeof(a));
		turno_fmt_minutes(now->wait_mean_s, lang, b, sizeof(b));
		const char *args[] = {strcmp(a, b) == 0 ? b : a, b};
		/* Minutes are what a reader compares: the same minutes are no change. */
		turno_fill(part, sizeof(part),
		           turno_label(lang, strcmp(a, b) == 0 ? TURNO_L_F_CHANGE_WAIT_SAME
		                                               : TURNO_L_F_CHANGE_WAIT),
		           args, 2);
		len = strlen(f->text);
		snprintf(f->text + len, sizeof(f->text) - len, "; %s", part);
	}
	if (c.target_known) {
		turno_fmt_percent(before->within_target_pct, lang, a, sizeof(a));
		turno_fmt_percent(now->within_target_pct, lang, b, sizeof(b));
		turno_fmt_points(c.within_target_delta_pts, lang, d, sizeof(d));
		const char *args[] = {a, b, d};
		turno_fill(part, sizeof(part), turno_label(lang, TURNO_L_F_CHANGE_TARGET), args, 3);
		len = strlen(f->text);
		snprintf(f->text + len, sizeof(f->text) - len, "; %s", part);
	}
	len = strlen(f->text);
	snprintf(f->text + len, sizeof(f->text) - len, ".");
}

/* Appends a sentence (with a space before it when the text is not empty). */
static void append(struct turno_finding *f, const char *sentence)
{
	size_t len = strlen(f->text);
	snprintf(f->text + len, sizeof(f->text) - len, "%s%s", len ? " " : "", sentence);
}

static bool missed(const struct turno_semester *doc, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	const struct turno_figures *t = &doc->total[TURNO_SEM_NOW];
	if (t->issued == 0 || t->no_show + t->expired + t->pending == 0)
		return false;
	/* Each kind of ticket not served, when there is any, in its own sentence. */
	const struct {
		int count;
		enum turno_label one, many;
	} parts[] = {
	        {t->no_show, TURNO_L_F_MISSED_NO_SHOW_ONE, TURNO_L_F_MISSED_NO_SHOW},
	        {t->expired, TURNO_L_F_MISSED_EXPIRED_ONE, TURNO_L_F_MISSED_EXPIRED},
	        {t->pending, TURNO_L_F_PENDING_ONE, TURNO_L_F_PENDING},
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i].count == 0)
			continue;
		char n[32], pct[32], sentence[512];
		const char *args[] = {n, pct};
		count(parts[i].count, lang, n, sizeof(n));
		turno_fmt_percent(100.0 * parts[i].count / t->issued, lang, pct, sizeof(pct));
		append(f, turno_fill(sentence, sizeof(sentence),
		                     turno_label(lang, parts[i].count == 1 ? parts[i].one : parts[i].many),
		                     args, 2));
	}
	return true;
}

static void offices(const struct turno_semester *doc, struct turno_finding *f)
{
	enum turno_lang lang = doc->lang;
	size_t len = 0;
	for (int o = 0; o < doc->office_count && len + 1 < sizeof(f->text); o++) {
		const struct turno_figures *t = &doc->offices[o].total[TURNO_SEM_NOW];
		char issued[32], within[32], mean[32], line[512];
		count(t->issued, lang, issued, sizeof(issued));
		if (t->target_n > 0)
			turno_fmt_percent(t->within_target_pct, lang, within, sizeof(within));
		else
			snprintf(within, sizeof(within), "—");
		turno_fmt_minutes(t->wait_n > 0 ? t->wait_mean_s : -1, lang, mean, sizeof(mean));
		const char *args[] = {doc->offices[o].info.name, issued, within, mean};
		turno_fill(line, sizeof(line), turno_label(lang, TURNO_L_F_OFFICE), args, 4);
		snprintf(f->text + len, sizeof(f->text) - len, "%s%s", o ? "; " : "", line);
		len = strlen(f->text);
	}
	if (len + 1 < sizeof(f->text))
		snprintf(f->text + len, sizeof(f->text) - len, ".");
}

/* A sentence may begin with a figure's article ("l'83,6 %"): capitalised here. */
static void capitalise(struct turno_finding *f, int n)
{
	for (int i = 0; i < n; i++)
		if (f[i].text[0] >= 'a' && f[i].text[0] <= 'z')
			f[i].text[0] = (char)(f[i].text[0] - 'a' + 'A');
}

int turno_findings(const struct turno_semester *doc, struct turno_finding *out, int max)
{
	enum turno_lang lang = doc->lang;
	int n = 0;
	struct turno_finding *f =
	        next(out, max, &n, TURNO_FINDING_PEOPLE, turno_label(lang, TURNO_L_H_PEOPLE));
	if (f)
		people(doc, f);
	bool any = doc->total[TURNO_SEM_NOW].issued > 0;
	if (any && doc->total[TURNO_SEM_NOW].wait_n > 0 &&
	    (f = next(out, max, &n, TURNO_FINDING_STANDARD, turno_label(lang, TURNO_L_H_STANDARD))))
		standard(doc, f);
	if (any && (f = next(out, max, &n, TURNO_FINDING_SERVICES, turno_label(lang, TURNO_L_H_SERVICES))) &&
	    !services(doc, f))
		n--;
	if (any && (f = next(out, max, &n, TURNO_FINDING_DAYS, turno_label(lang, TURNO_L_H_DAYS))) &&
	    !days_and_hours(doc, f))
		n--;
	for (int o = 0; any && o < doc->office_count; o++) {
		char heading[128];
		if (doc->office_count > 1)
			snprintf(heading, sizeof(heading), "%s — %s", turno_label(lang, TURNO_L_H_BANDS),
			         doc->offices[o].info.name);
		else
			snprintf(heading, sizeof(heading), "%s", turno_label(lang, TURNO_L_H_BANDS));
		if ((f = next(out, max, &n, TURNO_FINDING_BANDS, heading)) && !bands(doc, o, f))
			n--;
	}
	if (any && (f = next(out, max, &n, TURNO_FINDING_PREVIOUS, turno_label(lang, TURNO_L_H_PREVIOUS))))
		change(doc, TURNO_SEM_PREVIOUS, f);
	/* A year's previous period is the year before: said once. */
	bool same = doc->span[TURNO_SEM_PREVIOUS].from_days == doc->span[TURNO_SEM_YEAR_BEFORE].from_days;
	if (any && !same &&
	    (f = next(out, max, &n, TURNO_FINDING_YEAR_BEFORE, turno_label(lang, TURNO_L_H_YEAR_BEFORE))))
		change(doc, TURNO_SEM_YEAR_BEFORE, f);
	if (any && (f = next(out, max, &n, TURNO_FINDING_MISSED, turno_label(lang, TURNO_L_H_MISSED))) &&
	    !missed(doc, f))
		n--;
	if (any && doc->office_count > 1 &&
	    (f = next(out, max, &n, TURNO_FINDING_OFFICES, turno_label(lang, TURNO_L_H_OFFICES))))
		offices(doc, f);
	capitalise(out, n);
	return n;
}
