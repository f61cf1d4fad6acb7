/* The builder keeps one aggregate per office and span (by service and in total), one per
 * span for the group, the group's hours, heatmap and months, and an Orari accumulator per
 * office; finish() turns them into the plain document. */
#include "report/semester.h"

#include "report/calendar.h"
#include "report/labels.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct office_state {
	struct turno_sem_office_info info;
	struct turno_agg *services[TURNO_SEM_SPANS]; /* keyed by service letter */
	struct turno_agg *total[TURNO_SEM_SPANS];    /* key 0 */
	struct turno_orari *orari;
};

struct turno_semester_builder {
	enum turno_lang lang;
	char title[TURNO_TEXT];
	struct turno_period span[TURNO_SEM_SPANS];
	int64_t today_days;
	int office_count;
	struct office_state offices[TURNO_SEM_MAX_OFFICES];
	struct turno_agg *total[TURNO_SEM_SPANS];
	struct turno_agg *by_hour;  /* key: hour */
	struct turno_agg *by_month; /* key: year × 100 + month */
	struct turno_heatmap heatmap;
};

struct turno_semester_builder *turno_semester_builder_new(enum turno_lang lang, const char *title,
                                                          const struct turno_period *period,
                                                          int64_t today_days)
{
	struct turno_semester_builder *b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->lang = lang;
	snprintf(b->title, sizeof(b->title), "%s", title ? title : "");
	b->span[TURNO_SEM_NOW] = *period;
	b->span[TURNO_SEM_PREVIOUS] = turno_period_previous(period);
	b->span[TURNO_SEM_YEAR_BEFORE] = turno_period_year_before(period);
	b->today_days = today_days;
	bool ok = true;
	for (int s = 0; s < TURNO_SEM_SPANS; s++)
		ok = ok && (b->total[s] = turno_agg_new()) != NULL;
	ok = ok && (b->by_hour = turno_agg_new()) != NULL && (b->by_month = turno_agg_new()) != NULL;
	if (!ok) {
		turno_semester_builder_free(b);
		return NULL;
	}
	return b;
}

void turno_semester_builder_free(struct turno_semester_builder *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->office_count; i++) {
		for (int s = 0; s < TURNO_SEM_SPANS; s++) {
			turno_agg_free(b->offices[i].services[s]);
			turno_agg_free(b->offices[i].total[s]);
		}
		turno_orari_free(b->offices[i].orari);
	}
	for (int s = 0; s < TURNO_SEM_SPANS; s++)
		turno_agg_free(b->total[s]);
	turno_agg_free(b->by_hour);
	turno_agg_free(b->by_month);
	free(b);
}

void turno_semester_builder_period(const struct turno_semester_builder *b, enum turno_semester_span span,
                                   int64_t *from_days, int64_t *to_days)
{
	*from_days = b->span[span].from_days;
	*to_days = b->span[span].to_days;
}

int turno_semester_builder_add_office(struct turno_semester_builder *b,
                                      const struct turno_sem_office_info *office)
{
	if (b->office_count == TURNO_SEM_MAX_OFFICES)
		return -ENOSPC;
	struct office_state *o = &b->offices[b->office_count];
	memset(o, 0, sizeof(*o));
	o->info = *office;
	bool ok = true;
	for (int s = 0; s < TURNO_SEM_SPANS; s++)
		ok = ok && (o->services[s] = turno_agg_new()) != NULL &&
		     (o->total[s] = turno_agg_new()) != NULL;
	/* Openings count up to yesterday: today's are counted by its tickets so far. */
	const struct turno_period *now = &b->span[TURNO_SEM_NOW];
	o->orari = turno_orari_new(office->has_hours ? &o->info.hours : NULL, now->from_days, now->to_days,
	                           b->today_days - 1);
	b->office_count++; /* freed with the builder even when incomplete */
	if (!ok || !o->orari)
		return -ENOMEM;
	return b->office_count - 1;
}

static int target_s(const struct office_state *o, char letter)
{
	for (int i = 0; i < o->info.service_count; i++)
		if (o->info.services[i].letter == letter)
			return o->info.services[i].target_min * 60;
	return 0;
}

int turno_semester_builder_add(struct turno_semester_builder *b, int office, enum turno_semester_span span,
                               const struct turno_report_row *row)
{
	if (office < 0 || office >= b->office_count || (int)span < 0 || span >= TURNO_SEM_SPANS)
		return -EINVAL;
	const struct turno_period *p = &b->span[span];
	if (row->local_days < p->from_days || row->local_days > p->to_days)
		return 0;
	struct office_state *o = &b->offices[office];
	int target = target_s(o, row->service);
	int rc = turno_agg_add(o->services[span], (unsigned char)row->service, row, target);
	if (rc == 0)
		rc = turno_agg_add(o->total[span], 0, row, target);
	if (rc == 0)
		rc = turno_agg_add(b->total[span], 0, row, target);
	if (rc < 0 || span != TURNO_SEM_NOW)
		return rc;
	rc = turno_agg_add(b->by_hour, turno_group_key(TURNO_BY_HOUR, row), row, target);
	if (rc == 0)
		rc = turno_agg_add(b->by_month, turno_group_key(TURNO_BY_MONTH, row), row, target);
	if (rc == 0)
		rc = turno_orari_add(o->orari, row, target);
	turno_heatmap_add(&b->heatmap, turno_cal_weekday(row->local_days), row->local_minute,
	                  turno_report_row_wait(row));
	return rc;
}

/* A group's figures, or the figures of no ticket at all (counts 0, times unknown). */
static struct turno_figures figures_or_empty(const struct turno_agg *agg, int64_t key)
{
	const struct turno_figures *f = agg ? turno_agg_find(agg, key) : NULL;
	if (f)
		return *f;
	struct turno_figures empty = {.key = key};
	empty.wait_mean_s = empty.service_mean_s = empty.within_target_pct = -1;
	empty.wait_median_s = empty.wait_p90_s = empty.wait_max_s = empty.service_median_s = -1;
	return empty;
}

/* The services of an office: the configured ones in their order, then any letter that
 * appears only in the tickets (a service since removed from the configuration). */
static void fill_services(const struct office_state *o, struct turno_sem_office *out)
{
	out->service_count = 0;
	for (int i = 0; i < o->info.service_count && out->service_count < TURNO_MAX_SERVICES; i++)
		out->services[out->service_count++].info = o->info.services[i];
	for (int s = 0; s < TURNO_SEM_SPANS; s++) {
		for (size_t g = 0; g < turno_agg_count(o->services[s]); g++) {
			char letter = (char)turno_agg_group(o->services[s], g)->key;
			if (turno_sem_service_find(out, letter) || out->service_count == TURNO_MAX_SERVICES)
				continue;
			struct turno_sem_service_info *info = &out->services[out->service_count++].info;
			memset(info, 0, sizeof(*info));
			info->letter = letter;
			snprintf(info->name, sizeof(info->name), "%c", letter);
		}
	}
	for (int i = 0; i < out->service_count; i++)
		for (int s = 0; s < TURNO_SEM_SPANS; s++)
			out->services[i].span[s] =
			        figures_or_empty(o->services[s], (unsigned char)out->services[i].info.letter);
}

static int fill_months(struct turno_semester_builder *b, struct turno_semester *doc)
{
	const struct turno_period *now = &b->span[TURNO_SEM_NOW];
	struct turno_date first = turno_cal_from_days(now->from_days),
	                  last = turno_cal_from_days(now->to_days);
	int count = (last.year - first.year) * 12 + last.month - first.month + 1;
	doc->months = calloc(count > 0 ? (size_t)count : 1, sizeof(*doc->months));
	if (!doc->months)
		return -ENOMEM;
	for (int i = 0; i < count; i++) {
		int index = first.year * 12 + first.month - 1 + i;
		struct turno_sem_month *m = &doc->months[i];
		m->year = index / 12;
		m->month = index % 12 + 1;
		m->fig = figures_or_empty(b->by_month, (int64_t)m->year * 100 + m->month);
	}
	doc->month_count = count > 0 ? count : 0;
	return 0;
}

/* Sums of the offices' averages per opening day (see the header). */
static void fill_per_day(struct turno_semester *doc)
{
	for (int wd = 0; wd < 7; wd++) {
		doc->weekday_per_day[wd] = -1;
		for (int h = 0; h < 24; h++)
			doc->cell_per_day[wd][h] = -1;
	}
	for (int h = 0; h < 24; h++)
		doc->hour_per_day[h] = -1;
	doc->people_per_day = -1;
	for (int i = 0; i < doc->office_count; i++) {
		const struct turno_orari_result *r = &doc->offices[i].orari;
		for (int wd = 0; wd < 7; wd++) {
			if (r->day[wd].days > 0)
				doc->weekday_per_day[wd] =
				        (doc->weekday_per_day[wd] < 0 ? 0 : doc->weekday_per_day[wd]) +
				        r->day[wd].per_day;
			for (int h = 0; h < 24; h++)
				if (r->hour[wd][h].days > 0)
					doc->cell_per_day[wd][h] =
					        (doc->cell_per_day[wd][h] < 0 ? 0
					                                      : doc->cell_per_day[wd][h]) +
					        r->hour[wd][h].per_day;
		}
		for (int h = 0; h < 24; h++) {
			int issued = 0, days = 0;
			for (int wd = 0; wd < 7; wd++) {
				issued += r->hour[wd][h].fig.issued;
				days += r->hour[wd][h].days;
			}
			if (days > 0)
				doc->hour_per_day[h] = (doc->hour_per_day[h] < 0 ? 0 : doc->hour_per_day[h]) +
				                       (double)issued / days;
		}
		if (r->open_days > doc->open_days)
			doc->open_days = r->open_days;
		if (r->open_days > 0)
			doc->people_per_day = (doc->people_per_day < 0 ? 0 : doc->people_per_day) +
			                      (double)r->total_arrivals / r->open_days;
	}
}

int turno_semester_builder_finish(struct turno_semester_builder *b, struct turno_semester **out)
{
	*out = NULL;
	for (int s = 0; s < TURNO_SEM_SPANS; s++)
		if (turno_agg_finish(b->total[s]) < 0)
			return -ENOMEM;
	if (turno_agg_finish(b->by_hour) < 0 || turno_agg_finish(b->by_month) < 0)
		return -ENOMEM;
	struct turno_semester *doc = calloc(1, sizeof(*doc));
	if (!doc)
		return -ENOMEM;
	doc->lang = b->lang;
	memcpy(doc->span, b->span, sizeof(doc->span));
	doc->generated_days = b->today_days;
	doc->office_count = b->office_count;
	if (b->title[0])
		snprintf(doc->title, sizeof(doc->title), "%s", b->title);
	else if (b->office_count == 1)
		snprintf(doc->title, sizeof(doc->title), "%s", b->offices[0].info.name);
	else
		snprintf(doc->title, sizeof(doc->title), "%s", turno_label(b->lang, TURNO_L_OFFICES));
	for (int i = 0; i < b->office_count; i++) {
		struct office_state *o = &b->offices[i];
		struct turno_sem_office *d = &doc->offices[i];
		d->info = o->info;
		for (int s = 0; s < TURNO_SEM_SPANS; s++) {
			if (turno_agg_finish(o->services[s]) < 0 || turno_agg_finish(o->total[s]) < 0)
				goto err_free_doc;
			d->total[s] = figures_or_empty(o->total[s], 0);
		}
		fill_services(o, d);
		if (turno_orari_finish(o->orari, &d->orari) < 0)
			goto err_free_doc;
	}
	for (int s = 0; s < TURNO_SEM_SPANS; s++)
		doc->total[s] = figures_or_empty(b->total[s], 0);
	for (int h = 0; h < 24; h++)
		doc->by_hour[h] = figures_or_empty(b->by_hour, h);
	doc->heatmap = b->heatmap;
	/* Rows and columns: every office's opening hours, widened by the tickets. */
	doc->layout = turno_heatmap_layout(&doc->heatmap, NULL);
	for (int i = 0; i < b->office_count; i++) {
		if (!b->offices[i].info.has_hours)
			continue;
		struct turno_heatmap_layout l =
		        turno_heatmap_layout(&doc->heatmap, &b->offices[i].info.hours);
		for (int wd = 0; wd < 7; wd++)
			doc->layout.row[wd] = doc->layout.row[wd] || l.row[wd];
		if (l.first_hour >= 0 &&
		    (doc->layout.first_hour < 0 || l.first_hour < doc->layout.first_hour))
			doc->layout.first_hour = l.first_hour;
		if (l.last_hour > doc->layout.last_hour)
			doc->layout.last_hour = l.last_hour;
	}
	fill_per_day(doc);
	if (fill_months(b, doc) < 0)
		goto err_free_doc;
	*out = doc;
	return 0;
err_free_doc:
	turno_semester_free(doc);
	return -ENOMEM;
}

void turno_semester_free(struct turno_semester *doc)
{
	if (!doc)
		return;
	free(doc->months);
	free(doc);
}

void turno_sem_office_from_config(const struct turno_config *config, enum turno_lang lang,
                                  struct turno_sem_office_info *out)
{
	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", config->office_name);
	for (int i = 0; i < config->service_count && i < TURNO_MAX_SERVICES; i++) {
		const struct turno_service_config *s = &config->services[i];
		struct turno_sem_service_info *info = &out->services[out->service_count++];
		info->letter = s->letter;
		snprintf(info->name, sizeof(info->name), "%s",
		         lang == TURNO_LANG_EN && s->name_en[0] ? s->name_en : s->name);
		info->target_min = s->target_wait_minutes;
	}
	out->hours = config->hours;
	out->has_hours = true;
}

const struct turno_sem_service *turno_sem_service_find(const struct turno_sem_office *office, char letter)
{
	for (int i = 0; i < office->service_count; i++)
		if (office->services[i].info.letter == letter)
			return &office->services[i];
	return NULL;
}
