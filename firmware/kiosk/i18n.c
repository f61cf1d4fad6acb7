/* The string table. Italian first: the default for Italian offices. */
#include "kiosk/i18n.h"

#include "core/words.h"

#include <string.h>

static const char *const table[TURNO_TX_COUNT][2] = {
        [TURNO_TX_CHOOSE] = {"Tocchi il servizio per prendere il numero", "Tap a service to take a number"},
        [TURNO_TX_WAITING_NONE] = {"Nessuna attesa", "No wait"},
        [TURNO_TX_WAITING_ONE] = {"1 in attesa", "1 waiting"},
        [TURNO_TX_WAITING_MANY] = {"{1} in attesa", "{1} waiting"},
        [TURNO_TX_ESTIMATE] = {"circa {1} min", "about {1} min"},
        [TURNO_TX_PRIORITY] = {"Precedenza", "Priority"},
        [TURNO_TX_PRIORITY_HINT] = {"disabilità, gravidanza", "disability, pregnancy"},
        [TURNO_TX_PRIORITY_ON] = {"✓ Precedenza attiva", "✓ Priority on"},
        [TURNO_TX_PRIORITY_ON_HINT] = {"ora scelga il servizio", "now choose a service"},
        [TURNO_TX_OTHER_LANGUAGE] = {"English", "Italiano"},
        [TURNO_TX_NOW_SERVING] = {"Ora serviamo", "Now serving"},
        [TURNO_TX_NO_CALLS] = {"nessun numero chiamato", "no number called yet"},
        [TURNO_TX_RATE_LIMIT] = {"Troppi numeri in poco tempo: attenda un momento, per favore",
                                 "Too many numbers at once: please wait a moment"},
        [TURNO_TX_REASON_CAP] = {"Esauriti per oggi", "No more today"},
        [TURNO_TX_REASON_FROM] = {"Disponibile dalle {1}", "Available from {1}"},
        [TURNO_TX_REASON_HOURS] = {"Oggi solo {1}", "Today only {1}"},
        [TURNO_TX_REASON_NOT_TODAY] = {"Non disponibile oggi", "Not available today"},
        [TURNO_TX_REASON_LAST_TICKET] = {"Numeri terminati per ora", "No more numbers for now"},
        [TURNO_TX_REASON_CLOSED] = {"Chiuso", "Closed"},
        [TURNO_TX_REASON_OTHER] = {"Non disponibile", "Not available"},
        [TURNO_TX_TICKET_INTRO] = {"Il suo numero è", "Your number is"},
        [TURNO_TX_TICKET_PRIORITY] = {"Con precedenza", "With priority"},
        [TURNO_TX_AHEAD_NONE] = {"Nessuno prima di lei", "Nobody ahead of you"},
        [TURNO_TX_AHEAD_ONE] = {"1 persona prima di lei", "1 person ahead of you"},
        [TURNO_TX_AHEAD_MANY] = {"{1} persone prima di lei", "{1} people ahead of you"},
        [TURNO_TX_TICKET_WAIT] = {"Attesa stimata: circa {1} min", "Estimated wait: about {1} min"},
        [TURNO_TX_TAKE_PRINTED] = {"Ritiri il biglietto stampato", "Please take your printed ticket"},
        [TURNO_TX_PRINT_FAILED] = {"Stampa non riuscita: prenda nota del suo numero",
                                   "Printing failed: please note your number"},
        [TURNO_TX_PRINTER_DOWN_HOME] =
                {"La stampante non funziona: il numero apparirà sullo schermo, lo annoti.",
                 "The printer is not working: please note the number shown on screen."},
        [TURNO_TX_PRINTER_DOWN_TICKET] = {"La stampante non funziona: prenda nota del suo numero",
                                          "The printer is not working: please note your number"},
        [TURNO_TX_TAP_TO_CLOSE] = {"Tocchi lo schermo per tornare all'inizio", "Tap the screen to go back"},
        [TURNO_TX_CLOSED_TITLE] = {"Ufficio chiuso", "The office is closed"},
        [TURNO_TX_LAST_TICKET_TITLE] = {"Distribuzione dei numeri terminata",
                                        "No more numbers are issued now"},
        [TURNO_TX_REOPEN_TODAY] = {"Riapriamo oggi alle {1}", "We reopen today at {1}"},
        [TURNO_TX_REOPEN_TOMORROW] = {"Riapriamo domani alle {1}", "We reopen tomorrow at {1}"},
        [TURNO_TX_REOPEN_DAY] = {"Riapriamo {1} alle {2}", "We reopen on {1} at {2}"},
        [TURNO_TX_HOURS_TITLE] = {"Orari di apertura", "Opening hours"},
        [TURNO_TX_DAY_CLOSED] = {"chiuso", "closed"},
        [TURNO_TX_OOO_TITLE] = {"Distributore fuori servizio", "Ticket machine out of order"},
        [TURNO_TX_OOO_BODY] = {"In questo momento non possiamo dare numeri.",
                               "We cannot give out numbers right now."},
        [TURNO_TX_OOO_WHAT] = {"Si rivolga allo sportello, per favore", "Please ask at the desk"},
        [TURNO_TX_HELP_KEYS] = {"Prova: F1…F4 chiama · Maiusc+F richiama · Ctrl+F assente",
                                "Demo: F1…F4 call · Shift+F recall · Ctrl+F no-show"},
};

static int column(enum turno_lang lang)
{
	switch (lang) {
	case TURNO_LANG_IT:
		return 0;
	case TURNO_LANG_EN:
		return 1;
	}
	return 0;
}

const char *turno_i18n(enum turno_lang lang, enum turno_text text)
{
	if ((int)text < 0 || text >= TURNO_TX_COUNT || !table[text][0])
		return "";
	return table[text][column(lang)];
}

const char *turno_i18n_weekday(enum turno_lang lang, int weekday)
{
	return turno_weekday_word(weekday, lang, true);
}

const char *turno_i18n_month(enum turno_lang lang, int month)
{
	return turno_month_word(month, lang);
}

char *turno_i18n_format(char *out, size_t out_len, enum turno_lang lang, enum turno_text text,
                        const char *arg1, const char *arg2)
{
	if (!out_len)
		return out;
	const char *s = turno_i18n(lang, text);
	size_t n = 0;
	while (*s && n + 1 < out_len) {
		const char *arg = NULL;
		if (s[0] == '{' && (s[1] == '1' || s[1] == '2') && s[2] == '}') {
			arg = s[1] == '1' ? arg1 : arg2;
			s += 3;
			for (const char *a = arg ? arg : ""; *a && n + 1 < out_len; a++)
				out[n++] = *a;
			continue;
		}
		out[n++] = *s++;
	}
	out[n] = '\0';
	return out;
}
