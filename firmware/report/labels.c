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
        [TURNO_L_ORARI_TITLE] = {"Orari: affluenza e attese per giorno e fascia",
                                 "Opening hours: people and waits by weekday and band"},
        [TURNO_L_ORARI_GRID_TITLE] = {"Persone per apertura, ora per ora",
                                      "People per opening, hour by hour"},
        [TURNO_L_COMPARE_TITLE] = {"Confronto con il periodo precedente e con l'anno prima",
                                   "Against the previous period and the year before"},
        [TURNO_L_BAND] = {"Fascia", "Band"},
        [TURNO_L_MORNING] = {"mattina", "morning"},
        [TURNO_L_AFTERNOON] = {"pomeriggio", "afternoon"},
        [TURNO_L_OPENING] = {"Orario", "Hours"},
        [TURNO_L_OPEN_DAYS] = {"Giorni di apertura", "Opening days"},
        [TURNO_L_PER_DAY] = {"Persone per apertura", "People per opening"},
        [TURNO_L_SHARE] = {"Quota degli utenti", "Share of users"},
        [TURNO_L_PERIOD] = {"Periodo", "Period"},
        [TURNO_L_FROM] = {"Dal", "From"},
        [TURNO_L_TO] = {"Al", "To"},
        [TURNO_L_ISSUED_CHANGE] = {"Variazione emessi", "Change in issued"},
        [TURNO_L_WAIT_CHANGE] = {"Variazione attesa media", "Change in mean wait"},
        [TURNO_L_WITHIN_CHANGE] = {"Variazione entro lo standard (punti)", "Change within target (points)"},
        [TURNO_L_OFFICES] = {"Uffici", "Offices"},
        [TURNO_L_H_PEOPLE] = {"Quante persone", "How many people"},
        [TURNO_L_H_STANDARD] = {"Carta dei servizi", "Service charter"},
        [TURNO_L_H_SERVICES] = {"Servizi", "Services"},
        [TURNO_L_H_DAYS] = {"Giorni e ore di maggiore affluenza", "Busiest days and hours"},
        [TURNO_L_H_BANDS] = {"Orari di apertura", "Opening hours"},
        [TURNO_L_H_PREVIOUS] = {"Rispetto al periodo precedente", "Against the previous period"},
        [TURNO_L_H_YEAR_BEFORE] = {"Rispetto a un anno prima", "Against a year before"},
        [TURNO_L_H_MISSED] = {"Chi non è stato servito", "Who was not served"},
        [TURNO_L_H_OFFICES] = {"Per ufficio", "By office"},
        [TURNO_L_F_PEOPLE] =
                {"Hanno preso il numero {1} persone, in media {2} per giorno di apertura ({3} giorni). "
                 "Sono state servite allo sportello {4} persone ({5} dei numeri).",
                 "{1} people took a number, on average {2} per opening day ({3} days). "
                 "{4} were served at a counter ({5} of the numbers)."},
        [TURNO_L_F_PEOPLE_ONE] =
                {"Ha preso il numero una persona, in {3} giorni di apertura; servite allo "
                 "sportello: {4} ({5}).",
                 "One person took a number, in {3} opening days; served at a counter: {4} ({5})."},
        [TURNO_L_F_PEOPLE_NONE] = {"Nel periodo nessuno ha preso il numero.",
                                   "Nobody took a number in the period."},
        [TURNO_L_F_STANDARD] =
                {"{1} delle persone è stato chiamato allo sportello entro il tempo fissato dalla "
                 "carta dei servizi. L'attesa media è stata di {2}; 9 persone su 10 hanno atteso "
                 "al massimo {3}.",
                 "{1} of the people were called within the time the service charter sets. The "
                 "mean wait was {2}; 9 people in 10 waited {3} at most."},
        [TURNO_L_F_STANDARD_NO_TARGET] =
                {"L'attesa media è stata di {2}; 9 persone su 10 hanno atteso al massimo "
                 "{3}. Nessun servizio ha uno standard di attesa nella configurazione.",
                 "The mean wait was {2}; 9 people in 10 waited {3} at most. No service "
                 "has a waiting standard in the configuration."},
        [TURNO_L_F_SERVICES] =
                {"Il servizio più vicino allo standard è {1}: {2} entro {3}. Il più lontano è {4}: "
                 "{5} entro {6}.",
                 "The service closest to its standard is {1}: {2} within {3}. The furthest is "
                 "{4}: {5} within {6}."},
        [TURNO_L_F_SERVICES_ALL] = {"Ogni servizio ha chiamato tutte le persone entro il proprio standard.",
                                    "Every service called everyone within its standard."},
        [TURNO_L_F_DAYS] =
                {"Il giorno più affollato è {1}, con in media {2} persone; il più tranquillo {3}, con "
                 "{4}. L'ora di punta è fra le {5} e le {6}: in media {7} persone.",
                 "The busiest day is {1}, with {2} people on average; the quietest {3}, with {4}. "
                 "The peak hour is {5} to {6}: {7} people on average."},
        [TURNO_L_F_BANDS] =
                {"La fascia meno frequentata è {1} ({2}): in media {3} persone per apertura, {4} degli "
                 "utenti, su {5} giorni di apertura. La più frequentata è {6}: {7} persone per "
                 "apertura, {8} degli utenti.",
                 "The quietest band is {1} ({2}): on average {3} people per opening, {4} of the "
                 "users, over {5} opening days. The busiest is {6}: {7} people per opening, {8} "
                 "of the users."},
        [TURNO_L_F_CHANGE] = {"Rispetto al periodo precedente ({1}, {2}):",
                              "Against the previous period ({1}, {2}):"},
        [TURNO_L_F_CHANGE_YEAR] = {"Rispetto allo stesso periodo dell'anno prima ({1}, {2}):",
                                   "Against the same period a year before ({1}, {2}):"},
        [TURNO_L_F_CHANGE_NONE] = {"Per il periodo precedente ({1}, {2}) non ci sono dati: nessun confronto.",
                                   "There are no data for the previous period ({1}, {2}): no comparison."},
        [TURNO_L_F_CHANGE_YEAR_NONE] = {"Per lo stesso periodo dell'anno prima ({1}, {2}) non ci sono dati: "
                                        "nessun confronto.",
                                        "There are no data for the same period a year before ({1}, {2}): no "
                                        "comparison."},
        [TURNO_L_F_CHANGE_PEOPLE] = {"persone {1} (da {2} a {3})", "people {1} (from {2} to {3})"},
        [TURNO_L_F_CHANGE_WAIT] = {"attesa media da {1} a {2}", "mean wait from {1} to {2}"},
        [TURNO_L_F_CHANGE_WAIT_SAME] = {"attesa media invariata ({1})", "mean wait unchanged ({1})"},
        [TURNO_L_F_CHANGE_TARGET] = {"entro lo standard da {1} a {2} ({3})",
                                     "within the standard from {1} to {2} ({3})"},
        [TURNO_L_F_MISSED_NO_SHOW] = {"Non si sono presentate alla chiamata {1} persone ({2} dei numeri).",
                                      "{1} people did not come when called ({2} of the numbers)."},
        [TURNO_L_F_MISSED_NO_SHOW_ONE] = {"Non si è presentata alla chiamata una persona ({2} dei numeri).",
                                          "One person did not come when called ({2} of the numbers)."},
        [TURNO_L_F_MISSED_EXPIRED_ONE] = {"Un numero non è stato chiamato prima della chiusura ({2}).",
                                          "One number was not called before closing ({2})."},
        [TURNO_L_F_MISSED_EXPIRED] = {"{1} numeri non sono stati chiamati prima della chiusura ({2}).",
                                      "{1} numbers were not called before closing ({2})."},
        [TURNO_L_F_PENDING] = {"Alla fine del periodo {1} persone erano ancora in attesa o allo sportello.",
                               "At the end of the period {1} people were still waiting or at a counter."},
        [TURNO_L_F_PENDING_ONE] = {"Alla fine del periodo una persona era ancora in attesa o allo sportello.",
                                   "At the end of the period one person was still waiting or at a counter."},
        [TURNO_L_F_OFFICE] = {"{1}: {2} persone, {3} entro lo standard, attesa media {4}",
                              "{1}: {2} people, {3} within the standard, mean wait {4}"},
        [TURNO_L_P_REPORT_TITLE] = {"Tempi di attesa e affluenza agli sportelli",
                                    "Waiting times and attendance at the counters"},
        [TURNO_L_P_KEY_PEOPLE] = {"persone hanno preso il numero", "people took a number"},
        [TURNO_L_P_KEY_WITHIN] = {"chiamate entro lo standard di attesa della carta dei servizi",
                                  "called within the waiting standard of the service charter"},
        [TURNO_L_P_KEY_WAIT] = {"di attesa in media; 9 persone su 10 entro {1}",
                                "mean wait; 9 people in 10 within {1}"},
        [TURNO_L_P_GENERATED] =
                {"Documento prodotto il {1} con Turno, dai tempi registrati dall'eliminacode per "
                 "ogni numero.",
                 "Made on {1} with Turno, from the times the queue kiosk recorded for every number."},
        [TURNO_L_P_FOOTER] = {"Prodotto il {1} con Turno", "Made on {1} with Turno"},
        [TURNO_L_P_PAGE] = {"pagina {1} di {2}", "page {1} of {2}"},
        [TURNO_L_P_FINDINGS_TITLE] = {"In sintesi", "In short"},
        [TURNO_L_P_COMPARE_TITLE] = {"Confronto con i periodi precedenti", "Against earlier periods"},
        [TURNO_L_P_SERVICES_TITLE] = {"Servizi e standard della carta dei servizi",
                                      "Services and their standards"},
        [TURNO_L_P_SERVICES_INTRO] =
                {"Per ogni servizio: lo standard di attesa fissato dalla carta dei servizi, "
                 "quante persone hanno preso il numero, quante sono state chiamate entro lo "
                 "standard e quanto hanno atteso. «9 su 10 entro» è l'attesa che 9 persone su "
                 "10 non hanno superato. L'ultima colonna è la stessa quota nel periodo "
                 "precedente.",
                 "For each service: the waiting standard of the service charter, how many "
                 "people took a number, how many were called within the standard and how "
                 "long they waited. \"9 in 10 within\" is the wait 9 people in 10 did not "
                 "exceed. The last column is the same share in the previous period."},
        [TURNO_L_P_ALL_OFFICES] = {"Tutti gli uffici", "All offices"},
        [TURNO_L_P_COL_SERVICE] = {"Servizio", "Service"},
        [TURNO_L_P_COL_OFFICE] = {"Ufficio", "Office"},
        [TURNO_L_P_COL_STANDARD] = {"Standard di attesa", "Waiting standard"},
        [TURNO_L_P_COL_PEOPLE] = {"Persone", "People"},
        [TURNO_L_P_COL_SERVED] = {"Servite", "Served"},
        [TURNO_L_P_COL_NO_SHOW] = {"Non presentate", "Did not come"},
        [TURNO_L_P_COL_WITHIN] = {"Entro lo standard", "Within the standard"},
        [TURNO_L_P_COL_WAIT_MEAN] = {"Attesa media", "Mean wait"},
        [TURNO_L_P_COL_P90] = {"9 su 10 entro", "9 in 10 within"},
        [TURNO_L_P_COL_SERVICE_TIME] = {"Tempo allo sportello", "Time at the counter"},
        [TURNO_L_P_COL_PREV_WITHIN] = {"Entro lo standard, periodo precedente", "Within, previous period"},
        [TURNO_L_P_COL_MONTH] = {"Mese", "Month"},
        [TURNO_L_P_COL_DAY] = {"Giorno", "Day"},
        [TURNO_L_P_CHARTS_TITLE] = {"Quando arrivano e quanto aspettano",
                                    "When people come and how long they wait"},
        [TURNO_L_P_MINUTES] = {"minuti", "minutes"},
        [TURNO_L_P_LEGEND_MEAN] = {"attesa media, in minuti", "mean wait, in minutes"},
        [TURNO_L_P_LEGEND_P90] = {"9 persone su 10 hanno atteso al massimo (minuti)",
                                  "9 people in 10 waited at most (minutes)"},
        [TURNO_L_P_ROW_MEAN] = {"media", "mean"},
        [TURNO_L_P_ROW_P90] = {"9 su 10", "9 in 10"},
        [TURNO_L_P_HEATMAP_NOTE] =
                {"In ogni casella, in grassetto, l'attesa media in minuti delle persone arrivate in "
                 "quel giorno della settimana e in quell'ora; sotto, quante persone sono arrivate "
                 "in media in quell'ora in un giorno di apertura. Più scura la casella, più lunga "
                 "l'attesa.",
                 "In each box, in bold, the mean wait in minutes of the people who came on that "
                 "weekday in that hour; under it, how many came in that hour on an average "
                 "opening day. The darker the box, the longer the wait."},
        [TURNO_L_P_MONTHS_TITLE] = {"Mese per mese", "Month by month"},
        [TURNO_L_P_MONTH_PEOPLE] = {"Persone al mese", "People per month"},
        [TURNO_L_P_MONTH_WITHIN] = {"Chiamate entro lo standard (%)", "Called within the standard (%)"},
        [TURNO_L_P_ORARI_TITLE] = {"Orari di apertura: affluenza per giorno e fascia",
                                   "Opening hours: attendance by weekday and band"},
        [TURNO_L_P_ORARI_INTRO] =
                {"Per ogni giorno della settimana e fascia dell'orario: in quanti giorni l'ufficio "
                 "è stato aperto nel periodo, quante persone sono venute in media in ognuno, che "
                 "quota sono di tutti gli utenti del periodo e quanto hanno atteso. Evidenziata "
                 "la fascia meno frequentata. Mattina: le aperture che iniziano prima delle 13; "
                 "un orario continuato è diviso alle 14.",
                 "For each weekday and band of the opening hours: on how many days the office "
                 "opened in the period, how many people came on each on average, what share "
                 "of all the period's users that is, and how long they waited. The quietest "
                 "band is highlighted. Morning: openings starting before 13:00; a continuous "
                 "day is split at 14:00."},
        [TURNO_L_P_ORARI_GRID_NOTE] =
                {"In ogni casella le persone arrivate in media in quell'ora, in un giorno di "
                 "apertura. Più scura la casella, più persone.",
                 "In each box, the people who came in that hour on an average opening day. "
                 "The darker the box, the more people."},
        [TURNO_L_P_GLOSSARY_TITLE] = {"Glossario: che cosa vuol dire ogni numero",
                                      "Glossary: what each figure means"},
};

/* Term and meaning, Italian then English. */
static const char *const glossary[][2][2] = {
        {{"Persone (numeri emessi)", "Ogni numero preso al distributore è una persona che si è rivolta allo "
                                     "sportello. Chi prende due numeri per due servizi conta due volte."},
         {"People (numbers issued)",
          "Each number taken at the kiosk is a person who came to a counter. Someone "
          "who takes two numbers for two services counts twice."}},
        {{"Servite", "Le persone chiamate che si sono presentate allo sportello e sono state servite."},
         {"Served", "The people called who came to the counter and were served."}},
        {{"Non presentate",
          "Le persone chiamate che non si sono presentate allo sportello (erano andate via)."},
         {"Did not come", "The people called who did not come to the counter (they had left)."}},
        {{"Non chiamate", "I numeri non chiamati prima della chiusura dell'ufficio: chi li aveva presi non è "
                          "stato ricevuto quel giorno."},
         {"Not called",
          "The numbers not called before the office closed: whoever took them was not seen that "
          "day."}},
        {{"Attesa",
          "Il tempo da quando la persona prende il numero a quando viene chiamata allo sportello. Se "
          "viene mandata a un altro servizio, le attese si sommano."},
         {"Wait", "The time from taking the number to being called to a counter. When a person is sent on to "
                  "another service, the waits add up."}},
        {{"Attesa media", "La somma delle attese divisa per il numero delle persone chiamate."},
         {"Mean wait", "All the waits added up, divided by the number of people called."}},
        {{"9 su 10 entro", "L'attesa che 9 persone su 10 non hanno superato (il 90° percentile): dice quanto "
                           "aspetta chi aspetta di più, senza farsi ingannare da un solo caso eccezionale."},
         {"9 in 10 within",
          "The wait 9 people in 10 did not exceed (the 90th percentile): how long the longest "
          "waits are, without being misled by one exceptional case."}},
        {{"Standard di attesa",
          "Il tempo di attesa massimo che la carta dei servizi dell'ufficio promette per quel "
          "servizio."},
         {"Waiting standard", "The longest wait the office's service charter promises for that service."}},
        {{"Entro lo standard",
          "La quota delle persone chiamate che hanno atteso non più dello standard del loro "
          "servizio. Nel totale ogni persona è confrontata con lo standard del proprio "
          "servizio."},
         {"Within the standard", "The share of the people called who waited no longer than their service's "
                                 "standard. In the total each person is measured against their own service's "
                                 "standard."}},
        {{"Tempo allo sportello",
          "In media, quanto dura il servizio: da quando la persona è chiamata a quando lo "
          "sportello chiama la successiva."},
         {"Time at the counter",
          "On average, how long the service lasts: from the call to the counter's next "
          "call."}},
        {{"Giorni di apertura",
          "I giorni del periodo in cui l'ufficio era aperto in quel giorno della settimana e "
          "in quella fascia secondo l'orario (esclusi i giorni di chiusura), più quelli in "
          "cui sono stati emessi numeri comunque."},
         {"Opening days",
          "The days of the period on which the office was open on that weekday and in that band "
          "by its hours (closed dates excluded), plus any day numbers were issued anyway."}},
        {{"Persone per apertura",
          "Le persone venute in quella fascia divise per i giorni di apertura: quante se ne "
          "aspettano in un giorno normale."},
         {"People per opening",
          "The people who came in that band divided by the opening days: how many to expect "
          "on an ordinary day."}},
        {{"Quota degli utenti", "Le persone di quella fascia sul totale delle persone del periodo."},
         {"Share of users", "The people of that band out of all the people of the period."}},
        {{"Mattina e pomeriggio",
          "Mattina: le aperture che iniziano prima delle 13. Pomeriggio: quelle che iniziano "
          "dopo. Un orario continuato (per esempio 8–18) è diviso alle 14."},
         {"Morning and afternoon",
          "Morning: openings starting before 13:00. Afternoon: those starting later. A "
          "continuous day (for example 8–18) is split at 14:00."}},
        {{"Periodo precedente",
          "Il periodo di uguale durata appena prima: per un semestre, il semestre prima; per "
          "un mese, il mese prima."},
         {"Previous period",
          "The period of the same length just before: for a half year, the half year before; "
          "for a month, the month before."}},
        {{"Stesso periodo dell'anno prima",
          "Le stesse date, un anno prima: tiene conto delle stagioni (l'estate "
          "si confronta con l'estate)."},
         {"Same period a year before", "The same dates a year earlier: it allows for the seasons (summer is "
                                       "compared with summer)."}},
};

int turno_glossary_count(void)
{
	return (int)(sizeof(glossary) / sizeof(glossary[0]));
}

void turno_glossary_entry(enum turno_lang lang, int index, const char **term, const char **meaning)
{
	int l = lang == TURNO_LANG_EN ? 1 : 0;
	if (index < 0 || index >= turno_glossary_count()) {
		*term = *meaning = "";
		return;
	}
	*term = glossary[index][l][0];
	*meaning = glossary[index][l][1];
}

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
