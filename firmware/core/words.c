/* Calendar words, Italian and English. */
#include "core/words.h"

#include <errno.h>
#include <string.h>

static const char *const weekdays[2][2][7] = {
        {{"lun", "mar", "mer", "gio", "ven", "sab", "dom"},
         {"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"}},
        {{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"},
         {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}},
};

static const char *const months[2][12] = {
        {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
         "ottobre", "novembre", "dicembre"},
        {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
         "November", "December"},
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

enum turno_lang turno_lang_from_code(const char *code)
{
	return code && strcmp(code, "en") == 0 ? TURNO_LANG_EN : TURNO_LANG_IT;
}

int turno_lang_parse(const char *text, enum turno_lang *out)
{
	if (text && strcmp(text, "it") == 0)
		*out = TURNO_LANG_IT;
	else if (text && strcmp(text, "en") == 0)
		*out = TURNO_LANG_EN;
	else
		return -EINVAL;
	return 0;
}

const char *turno_weekday_word(int weekday, enum turno_lang lang, bool long_form)
{
	if (weekday < 0 || weekday > 6)
		return "";
	return weekdays[column(lang)][long_form][weekday];
}

const char *turno_month_word(int month, enum turno_lang lang)
{
	if (month < 1 || month > 12)
		return "";
	return months[column(lang)][month - 1];
}
