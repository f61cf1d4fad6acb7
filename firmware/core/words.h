/* The two languages Turno speaks (the citizen chooses on the screen; staff choose for
 * reports) and the calendar words in each, for the screen, the tickets and the reports
 * alike. Pure; the strings are static. */
#ifndef TURNO_WORDS_H
#define TURNO_WORDS_H

#include <stdbool.h>

enum turno_lang {
	TURNO_LANG_IT,
	TURNO_LANG_EN,
};

/* "en" -> TURNO_LANG_EN; anything else (NULL included) is Italian. */
enum turno_lang turno_lang_from_code(const char *code);
/* Strict: "it" or "en"; 0, or -EINVAL for anything else. */
int turno_lang_parse(const char *text, enum turno_lang *out);

/* weekday: Monday = 0 … Sunday = 6; "lunedì"/"Monday", or "lun"/"Mon" when !long_form.
 * "" when out of range. */
const char *turno_weekday_word(int weekday, enum turno_lang lang, bool long_form);
/* month: 1 … 12; "gennaio"/"January". "" when out of range. */
const char *turno_month_word(int month, enum turno_lang lang);

#endif
