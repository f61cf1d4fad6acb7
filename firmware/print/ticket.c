/* Words of the printed ticket, in Italian or English. Pure: config and ticket in,
 * plain data out. The renderers never choose words; this file is the only place. */
#include "print/ticket.h"

#include "core/error.h"

#include <stdio.h>
#include <string.h>

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

/* "YYYY-MM-DD HH:MM:SS" -> "DD/MM/YYYY" and "HH:MM", the way Italian offices write dates. */
static int split_local_time(const char *local, char date[11], char time[6])
{
	int y, mo, d, h, mi, s;
	if (!local || sscanf(local, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6)
		return TURNO_E_INVALID;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || y < 1970 ||
	    y > 9999)
		return TURNO_E_INVALID;
	snprintf(date, 11, "%02d/%02d/%04d", d, mo, y);
	snprintf(time, 6, "%02d:%02d", h, mi);
	return 0;
}

static void fill_common(struct turno_printed_ticket *out, const struct turno_config *config,
                        enum turno_lang language)
{
	bool en = language == TURNO_LANG_EN;
	out->language = language;
	out->paper_width_mm = config->paper_width_mm;
	COPY(out->office, config->office_name);
	COPY(out->heading, en ? "YOUR NUMBER" : "IL SUO NUMERO");
	for (int i = 0; i < config->footer_count && i < TURNO_MAX_FOOTER; i++)
		COPY(out->footer[i], config->footer[i]);
	out->footer_count = config->footer_count < TURNO_MAX_FOOTER ? config->footer_count : TURNO_MAX_FOOTER;
	COPY(out->qr, config->printer_qr);
}

static void fill_wait_lines(struct turno_printed_ticket *out)
{
	bool en = out->language == TURNO_LANG_EN;
	if (out->ahead <= 0)
		COPY(out->ahead_line, en ? "You are next" : "Nessuno prima di lei");
	else if (out->ahead == 1)
		COPY(out->ahead_line, en ? "People ahead of you: 1" : "Persone prima di lei: 1");
	else
		snprintf(out->ahead_line, sizeof(out->ahead_line),
		         en ? "People ahead of you: %d" : "Persone prima di lei: %d", out->ahead);
	if (out->wait_minutes < 1)
		COPY(out->wait_line, en ? "Estimated wait: under 1 min" : "Attesa stimata: meno di 1 min");
	else
		snprintf(out->wait_line, sizeof(out->wait_line),
		         en ? "Estimated wait: about %d min" : "Attesa stimata: circa %d min",
		         out->wait_minutes);
}

static void fill_service(struct turno_printed_ticket *out, const struct turno_service_config *service)
{
	COPY(out->service, service->name);
	if (out->language == TURNO_LANG_EN && strcmp(service->name_en, service->name) != 0)
		COPY(out->service_en, service->name_en);
}

int turno_printed_ticket_fill(struct turno_printed_ticket *out, const struct turno_config *config,
                              const struct turno_ticket *ticket, enum turno_lang language)
{
	memset(out, 0, sizeof(*out));
	/* The label keeps the letter it was issued with; the name follows it, not a later transfer. */
	char letter = ticket->label[0] ? ticket->label[0] : ticket->service;
	const struct turno_service_config *service = turno_config_service(config, letter);
	if (!service)
		return TURNO_E_UNKNOWN_SERVICE;
	if (!ticket->label[0] || strlen(ticket->label) >= sizeof(out->label))
		return TURNO_E_INVALID;
	int err = split_local_time(ticket->issued_local, out->date, out->time);
	if (err)
		return err;
	fill_common(out, config, language);
	fill_service(out, service);
	out->ticket_id = ticket->id;
	COPY(out->label, ticket->label);
	out->priority = ticket->priority;
	if (out->priority)
		COPY(out->priority_text, language == TURNO_LANG_EN ? "PRIORITY" : "PRECEDENZA");
	snprintf(out->date_line, sizeof(out->date_line), "%s  %s", out->date, out->time);
	out->ahead = ticket->ahead;
	out->wait_minutes = ticket->wait_minutes;
	fill_wait_lines(out);
	return 0;
}

int turno_printed_ticket_fill_test(struct turno_printed_ticket *out, const struct turno_config *config,
                                   const char *local_time, enum turno_lang language)
{
	memset(out, 0, sizeof(*out));
	if (config->service_count < 1)
		return TURNO_E_UNKNOWN_SERVICE;
	int err = split_local_time(local_time, out->date, out->time);
	if (err)
		return err;
	fill_common(out, config, language);
	fill_service(out, &config->services[0]);
	COPY(out->heading, language == TURNO_LANG_EN ? "TEST TICKET" : "BIGLIETTO DI PROVA");
	COPY(out->label, "T000");
	snprintf(out->date_line, sizeof(out->date_line), "%s  %s", out->date, out->time);
	fill_wait_lines(out);
	return 0;
}
