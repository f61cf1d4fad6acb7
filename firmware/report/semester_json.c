/* Built with cJSON; every allocation failure ends in one check at the end: cJSON's Add
 * functions do nothing on a NULL parent, so a failed branch only has to be noticed. */
#include "report/semester_json.h"

#include "report/calendar.h"
#include "report/compare.h"
#include "report/orari_tables.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

/* Numbers as the tables give them to programs: whole ones whole, the rest to 0.1. */
static bool add_number(cJSON *obj, const char *key, double value, bool known)
{
	cJSON *item = known ? cJSON_CreateNumber(round(value * 10) / 10) : cJSON_CreateNull();
	return item && cJSON_AddItemToObject(obj, key, item);
}

cJSON *turno_figures_to_json(const struct turno_figures *f)
{
	cJSON *o = cJSON_CreateObject();
	bool ok = o != NULL;
	ok = ok && add_number(o, "issued", f->issued, true) && add_number(o, "served", f->served, true) &&
	     add_number(o, "no_show", f->no_show, true) && add_number(o, "expired", f->expired, true) &&
	     add_number(o, "transferred", f->transferred, true) && add_number(o, "pending", f->pending, true);
	bool waits = f->wait_n > 0, services = f->service_n > 0;
	ok = ok && add_number(o, "wait_mean_s", f->wait_mean_s, waits) &&
	     add_number(o, "wait_median_s", f->wait_median_s, waits) &&
	     add_number(o, "wait_p90_s", f->wait_p90_s, waits) &&
	     add_number(o, "wait_max_s", f->wait_max_s, waits) &&
	     add_number(o, "service_mean_s", f->service_mean_s, services) &&
	     add_number(o, "service_median_s", f->service_median_s, services) &&
	     add_number(o, "within_target_pct", f->within_target_pct, f->target_n > 0);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static bool add_figures(cJSON *obj, const char *key, const struct turno_figures *f)
{
	cJSON *item = turno_figures_to_json(f);
	if (!item || !cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

static bool add_date(cJSON *obj, const char *key, int64_t days)
{
	char text[11];
	turno_cal_format_date(days, text);
	return cJSON_AddStringToObject(obj, key, text) != NULL;
}

static bool add_change(cJSON *obj, const char *key, const struct turno_figures *before,
                       const struct turno_figures *after)
{
	struct turno_change c = turno_change_between(before, after);
	cJSON *o = cJSON_CreateObject();
	bool ok = o && add_number(o, "issued_change_pct", c.issued_pct, c.issued_known) &&
	          add_number(o, "wait_mean_change_s", c.wait_mean_delta_s, c.wait_known) &&
	          add_number(o, "wait_p90_change_s", c.wait_p90_delta_s, c.wait_known) &&
	          add_number(o, "within_target_change_pts", c.within_target_delta_pts, c.target_known);
	if (!ok || !cJSON_AddItemToObject(obj, key, o)) {
		cJSON_Delete(o);
		return false;
	}
	return true;
}

static const char *const span_keys[TURNO_SEM_SPANS] = {"current", "previous", "year_before"};
static const char *const total_keys[TURNO_SEM_SPANS] = {"total", "previous_total", "year_before_total"};

static bool add_table(cJSON *obj, const char *key, struct turno_table *table)
{
	cJSON *rows = table ? turno_table_to_json(table) : NULL;
	turno_table_free(table);
	if (!rows || !cJSON_AddItemToObject(obj, key, rows)) {
		cJSON_Delete(rows);
		return false;
	}
	return true;
}

static cJSON *office_json(const struct turno_sem_office *office, enum turno_lang lang)
{
	cJSON *o = cJSON_CreateObject();
	bool ok = o && cJSON_AddStringToObject(o, "name", office->info.name);
	for (int s = 0; ok && s < TURNO_SEM_SPANS; s++)
		ok = add_figures(o, total_keys[s], &office->total[s]);
	cJSON *services = ok ? cJSON_AddArrayToObject(o, "services") : NULL;
	ok = ok && services;
	for (int i = 0; ok && i < office->service_count; i++) {
		const struct turno_sem_service *s = &office->services[i];
		char letter[2] = {s->info.letter, '\0'};
		cJSON *item = turno_figures_to_json(&s->span[TURNO_SEM_NOW]);
		ok = item && cJSON_AddItemToArray(services, item);
		if (!ok) {
			cJSON_Delete(item);
			break;
		}
		ok = cJSON_AddStringToObject(item, "service", letter) &&
		     cJSON_AddStringToObject(item, "service_name", s->info.name) &&
		     add_number(item, "target_min", s->info.target_min, s->info.target_min > 0) &&
		     add_figures(item, "previous", &s->span[TURNO_SEM_PREVIOUS]) &&
		     add_figures(item, "year_before", &s->span[TURNO_SEM_YEAR_BEFORE]);
	}
	cJSON *orari = ok ? cJSON_AddObjectToObject(o, "orari") : NULL;
	ok = ok && orari && add_number(orari, "total_arrivals", office->orari.total_arrivals, true) &&
	     add_number(orari, "open_days", office->orari.open_days, true) &&
	     add_table(orari, "bands", turno_orari_band_table(&office->orari, lang)) &&
	     add_table(orari, "hours", turno_orari_hour_table(&office->orari, lang));
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static bool add_periods(cJSON *root, const struct turno_semester *doc)
{
	cJSON *periods = cJSON_AddObjectToObject(root, "periods");
	bool ok = periods != NULL;
	for (int s = 0; ok && s < TURNO_SEM_SPANS; s++) {
		char name[128];
		cJSON *p = cJSON_AddObjectToObject(periods, span_keys[s]);
		ok = p && add_date(p, "from", doc->span[s].from_days) &&
		     add_date(p, "to", doc->span[s].to_days) &&
		     cJSON_AddStringToObject(p, "name",
		                             turno_period_name(&doc->span[s], doc->lang, name, sizeof(name)));
	}
	for (int s = 0; ok && s < TURNO_SEM_SPANS; s++)
		ok = add_figures(root, total_keys[s], &doc->total[s]);
	cJSON *change = ok ? cJSON_AddObjectToObject(root, "change") : NULL;
	return ok && change &&
	       add_change(change, "previous", &doc->total[TURNO_SEM_PREVIOUS], &doc->total[TURNO_SEM_NOW]) &&
	       add_change(change, "year_before", &doc->total[TURNO_SEM_YEAR_BEFORE],
	                  &doc->total[TURNO_SEM_NOW]);
}

static bool add_time_figures(cJSON *root, const struct turno_semester *doc)
{
	cJSON *by_hour = cJSON_AddArrayToObject(root, "by_hour");
	bool ok = by_hour != NULL;
	for (int h = doc->layout.first_hour; ok && h >= 0 && h <= doc->layout.last_hour; h++) {
		cJSON *item = turno_figures_to_json(&doc->by_hour[h]);
		ok = item && cJSON_AddItemToArray(by_hour, item) && add_number(item, "hour", h, true) &&
		     add_number(item, "arrivals_per_day", doc->hour_per_day[h], doc->hour_per_day[h] >= 0);
	}
	cJSON *heatmap = ok ? cJSON_AddArrayToObject(root, "heatmap") : NULL;
	ok = ok && heatmap;
	for (int wd = 0; ok && wd < 7; wd++) {
		if (!doc->layout.row[wd])
			continue;
		for (int h = doc->layout.first_hour; ok && h >= 0 && h <= doc->layout.last_hour; h++) {
			cJSON *cell = cJSON_CreateObject();
			double mean = turno_heatmap_mean_wait(&doc->heatmap, wd, h);
			ok = cell && cJSON_AddItemToArray(heatmap, cell) &&
			     cJSON_AddStringToObject(cell, "weekday",
			                             turno_weekday_word(wd, doc->lang, true)) &&
			     add_number(cell, "weekday_index", wd + 1, true) &&
			     add_number(cell, "hour", h, true) &&
			     add_number(cell, "arrivals", doc->heatmap.arrivals[wd][h], true) &&
			     add_number(cell, "arrivals_per_day", doc->cell_per_day[wd][h],
			                doc->cell_per_day[wd][h] >= 0) &&
			     add_number(cell, "wait_mean_s", mean, mean >= 0);
		}
	}
	cJSON *weekdays = ok ? cJSON_AddArrayToObject(root, "weekdays") : NULL;
	ok = ok && weekdays;
	for (int wd = 0; ok && wd < 7; wd++) {
		if (doc->weekday_per_day[wd] < 0)
			continue;
		cJSON *day = cJSON_CreateObject();
		ok = day && cJSON_AddItemToArray(weekdays, day) &&
		     cJSON_AddStringToObject(day, "weekday", turno_weekday_word(wd, doc->lang, true)) &&
		     add_number(day, "weekday_index", wd + 1, true) &&
		     add_number(day, "arrivals_per_day", doc->weekday_per_day[wd], true);
	}
	cJSON *months = ok ? cJSON_AddArrayToObject(root, "months") : NULL;
	ok = ok && months;
	for (int i = 0; ok && i < doc->month_count; i++) {
		char month[16];
		snprintf(month, sizeof(month), "%04d-%02d", doc->months[i].year, doc->months[i].month);
		cJSON *item = turno_figures_to_json(&doc->months[i].fig);
		ok = item && cJSON_AddItemToArray(months, item) &&
		     cJSON_AddStringToObject(item, "month", month);
	}
	return ok;
}

cJSON *turno_semester_to_json(const struct turno_semester *doc)
{
	cJSON *root = cJSON_CreateObject();
	bool ok = root && cJSON_AddStringToObject(root, "report", "semester") &&
	          cJSON_AddStringToObject(root, "lang", doc->lang == TURNO_LANG_EN ? "en" : "it") &&
	          cJSON_AddStringToObject(root, "title", doc->title) &&
	          add_date(root, "generated", doc->generated_days) && add_periods(root, doc) &&
	          add_number(root, "people_per_day", doc->people_per_day, doc->people_per_day >= 0) &&
	          add_number(root, "open_days", doc->open_days, true);
	cJSON *offices = ok ? cJSON_AddArrayToObject(root, "offices") : NULL;
	ok = ok && offices;
	for (int i = 0; ok && i < doc->office_count; i++) {
		cJSON *office = office_json(&doc->offices[i], doc->lang);
		ok = office && cJSON_AddItemToArray(offices, office);
		if (!ok)
			cJSON_Delete(office);
	}
	ok = ok && add_time_figures(root, doc);
	if (!ok) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}
