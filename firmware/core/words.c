/* Calendar words, Italian and English. */
#include "core/words.h"

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

const char *turno_weekday_word(int weekday, bool english, bool long_form)
{
	if (weekday < 0 || weekday > 6)
		return "";
	return weekdays[english][long_form][weekday];
}

const char *turno_month_word(int month, bool english)
{
	if (month < 1 || month > 12)
		return "";
	return months[english][month - 1];
}
