/* Calendar words in the two languages Turno speaks, for the screen, the tickets and the
 * reports alike. Pure; the strings are static. */
#ifndef TURNO_WORDS_H
#define TURNO_WORDS_H

#include <stdbool.h>

/* weekday: Monday = 0 … Sunday = 6; "lunedì"/"Monday", or "lun"/"Mon" when !long_form.
 * "" when out of range. */
const char *turno_weekday_word(int weekday, bool english, bool long_form);
/* month: 1 … 12; "gennaio"/"January". "" when out of range. */
const char *turno_month_word(int month, bool english);

#endif
