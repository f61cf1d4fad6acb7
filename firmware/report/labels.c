/* Italian first: the offices and their carta dei servizi are Italian. */
#include "report/labels.h"

#include "core/words.h"

#include <errno.h>
#include <string.h>

static const char *const words[TURNO_L_COUNT_][2] = {
        [TURNO_L_SERVICE] = {"Servizio", "Service"},
        [TURNO_L_SERVICE_NAME] = {"Nome del servizio", "Service name"},
        [TURNO_L_DAY] = {"Giorno", "Day"},
        [TURNO_L_WEEK] = {"Settimana", "Week"},
        [TURNO_L_MONTH] = {"Mese", "Month"},
        [TURNO_L_WEEKDAY] = {"Giorno della settimana", "Weekday"},
        [TURNO_L_HOUR] = {"Ora", "Hour"},
        [TURNO_L_COUNTER] = {"Sportello", "Counter"},
        [TURNO_L_ALL] = {"Tutti", "All"},
        [TURNO_L_TOTAL] = {"Totale", "Total"},
        [TURNO_L_ISSUED] = {"Emessi", "Issued"},
        [TURNO_L_SERVED] = {"Serviti", "Served"},
        [TURNO_L_NO_SHOW] = {"Assenti", "No-shows"},
        [TURNO_L_EXPIRED] = {"Scaduti", "Expired"},
        [TURNO_L_TRANSFERRED] = {"Trasferiti", "Transferred"},
        [TURNO_L_PENDING] = {"In corso", "Pending"},
        [TURNO_L_WAIT_MEAN] = {"Attesa media", "Mean wait"},
        [TURNO_L_WAIT_MEDIAN] = {"Attesa mediana", "Median wait"},
        [TURNO_L_WAIT_P90] = {"Attesa 90° perc.", "90th pct wait"},
        [TURNO_L_WAIT_MAX] = {"Attesa massima", "Longest wait"},
        [TURNO_L_SERVICE_MEAN] = {"Servizio medio", "Mean service"},
        [TURNO_L_SERVICE_MEDIAN] = {"Servizio mediano", "Median service"},
        [TURNO_L_TARGET] = {"Standard (min)", "Target (min)"},
        [TURNO_L_WITHIN_TARGET] = {"Entro lo standard", "Within target"},
        [TURNO_L_NO_COUNTER] = {"nessuno", "none"},
        [TURNO_L_ARRIVALS] = {"Arrivi", "Arrivals"},
        [TURNO_L_MEAN_WAIT_MIN] = {"Attesa media (min)", "Mean wait (min)"},
        [TURNO_L_LABEL] = {"Numero", "Number"},
        [TURNO_L_PRIORITY] = {"Priorità", "Priority"},
        [TURNO_L_STATE] = {"Esito", "Outcome"},
        [TURNO_L_ISSUED_AT] = {"Emesso alle", "Issued at"},
        [TURNO_L_CALLED_AT] = {"Chiamato alle", "Called at"},
        [TURNO_L_FINISHED_AT] = {"Concluso alle", "Finished at"},
        [TURNO_L_WAIT] = {"Attesa", "Wait"},
        [TURNO_L_SERVICE_TIME] = {"Servizio", "Service time"},
        [TURNO_L_RECALLS] = {"Richiami", "Recalls"},
        [TURNO_L_TRANSFERS] = {"Trasferimenti", "Transfers"},
        [TURNO_L_PRINT] = {"Stampa", "Print"},
        [TURNO_L_ISSUED_AS] = {"Servizio iniziale", "Issued for"},
        [TURNO_L_YES] = {"sì", "yes"},
        [TURNO_L_NO] = {"no", "no"},
        [TURNO_L_REPORT_TITLE] = {"Tempi di attesa e di servizio", "Waiting and service times"},
        [TURNO_L_HEATMAP_ARRIVALS_TITLE] = {"Arrivi per giorno e ora", "Arrivals by weekday and hour"},
        [TURNO_L_HEATMAP_WAIT_TITLE] = {"Attesa media per giorno e ora", "Mean wait by weekday and hour"},
        [TURNO_L_CHART_WAIT_BY_HOUR] = {"Attesa per ora di arrivo", "Wait by hour of arrival"},
        [TURNO_L_CHART_HEATMAP] = {"Attesa media per giorno e ora di arrivo",
                                   "Mean wait by weekday and hour of arrival"},
        [TURNO_L_AXIS_HOUR] = {"Ora di arrivo", "Hour of arrival"},
        [TURNO_L_AXIS_MINUTES] = {"Minuti di attesa", "Minutes waited"},
        [TURNO_L_AXIS_WEEKDAY] = {"Giorno della settimana", "Weekday"},
        [TURNO_L_LEGEND_MEAN] = {"media", "mean"},
        [TURNO_L_LEGEND_P90] = {"90° percentile", "90th percentile"},
        [TURNO_L_NO_DATA] = {"nessun dato", "no data"},
        [TURNO_L_COUNT_NOTE] = {"numero piccolo: arrivi", "small number: arrivals"},
};

static int index_of(enum turno_lang lang)
{
	switch (lang) {
	case TURNO_LANG_IT:
		return 0;
	case TURNO_LANG_EN:
		return 1;
	}
	return 0;
}

const char *turno_label(enum turno_lang lang, enum turno_label label)
{
	if ((int)label < 0 || label >= TURNO_L_COUNT_)
		return "?";
	return words[label][index_of(lang)];
}

const char *turno_weekday_name(enum turno_lang lang, int weekday, int long_form)
{
	if (weekday < 0 || weekday > 6)
		return "?";
	return turno_weekday_word(weekday, lang, long_form != 0);
}

const char *turno_month_name(enum turno_lang lang, int month)
{
	if (month < 1 || month > 12)
		return "?";
	return turno_month_word(month, lang);
}

const char *turno_state_label(enum turno_lang lang, const char *state)
{
	static const char *const states[][3] = {
	        {"waiting", "in attesa", "waiting"},
	        {"called", "allo sportello", "at a counter"},
	        {"completed", "servito", "served"},
	        {"no_show", "assente", "no-show"},
	        {"expired", "scaduto", "expired"},
	        /* print_state words */
	        {"none", "non stampato", "not printed"},
	        {"pending", "in stampa", "printing"},
	        {"printed", "stampato", "printed"},
	        {"failed", "stampa fallita", "print failed"},
	        {"unknown", "esito ignoto", "unknown"},
	};
	for (size_t i = 0; state && i < sizeof(states) / sizeof(states[0]); i++) {
		if (strcmp(state, states[i][0]) == 0)
			return states[i][1 + index_of(lang)];
	}
	return state ? state : "?";
}
