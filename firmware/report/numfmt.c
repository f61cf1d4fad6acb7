/* Italian number typography: a point groups thousands, a comma marks decimals, a
 * no-break space comes before "%" and before units. English: the reverse, and "%" close up. */
#include "report/numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The digits of magnitude (already rounded, non-negative) with groups of three. */
static void grouped(unsigned long long magnitude, const char *separator, char *out, size_t out_len)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%llu", magnitude);
	size_t o = 0, sep_len = strlen(separator);
	for (int i = 0; i < n && o + sep_len + 2 < out_len; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(out + o, separator, sep_len);
			o += sep_len;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

char *turno_fmt_int(long long value, enum turno_lang lang, char *out, size_t out_len)
{
	return turno_fmt_decimal((double)value, 0, lang, out, out_len);
}

char *turno_fmt_decimal(double value, int decimals, enum turno_lang lang, char *out, size_t out_len)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 3)
		decimals = 3;
	double scale = pow(10, decimals);
	double rounded = round(fabs(value) * scale);
	bool negative = value < 0 && rounded > 0;
	unsigned long long whole = (unsigned long long)(rounded / scale);
	unsigned long long fraction = (unsigned long long)(rounded - (double)whole * scale);
	bool it = lang == TURNO_LANG_IT;
	char integer[48];
	grouped(whole, it ? "." : ",", integer, sizeof(integer));
	if (decimals == 0)
		snprintf(out, out_len, "%s%s", negative ? TURNO_MINUS : "", integer);
	else
		snprintf(out, out_len, "%s%s%s%0*llu", negative ? TURNO_MINUS : "", integer, it ? "," : ".",
		         decimals, fraction);
	return out;
}

char *turno_fmt_percent(double percent, enum turno_lang lang, char *out, size_t out_len)
{
	char number[48];
	turno_fmt_decimal(percent, 1, lang, number, sizeof(number));
	snprintf(out, out_len, "%s%s%%", number, lang == TURNO_LANG_IT ? TURNO_NBSP : "");
	return out;
}

char *turno_fmt_minutes(double seconds, enum turno_lang lang, char *out, size_t out_len)
{
	if (seconds < 0 || isnan(seconds)) {
		snprintf(out, out_len, "—");
		return out;
	}
	long long minutes = llround(seconds / 60);
	(void)lang; /* "min" and "h" are the same in both languages */
	if (minutes < 1)
		snprintf(out, out_len, "<" TURNO_NBSP "1" TURNO_NBSP "min");
	else if (minutes < 60)
		snprintf(out, out_len, "%lld" TURNO_NBSP "min", minutes);
	else
		snprintf(out, out_len, "%lld" TURNO_NBSP "h" TURNO_NBSP "%02lld" TURNO_NBSP "min",
		         minutes / 60, minutes % 60);
	return out;
}

char *turno_fmt_change_pct(double before, double after, enum turno_lang lang, char *out, size_t out_len)
{
	if (before <= 0) {
		snprintf(out, out_len, "—");
		return out;
	}
	double change = 100.0 * (after - before) / before;
	char number[48];
	turno_fmt_decimal(change, 1, lang, number, sizeof(number));
	bool zero = round(fabs(change) * 10) == 0;
	const char *sign = zero || change < 0 ? "" : "+"; /* the minus comes with the number */
	if (zero)
		snprintf(number, sizeof(number), "0");
	snprintf(out, out_len, "%s%s%s%%", sign, number, lang == TURNO_LANG_IT ? TURNO_NBSP : "");
	return out;
}

char *turno_fmt_points(double delta, enum turno_lang lang, char *out, size_t out_len)
{
	char number[48];
	bool zero = round(fabs(delta) * 10) == 0;
	if (zero)
		snprintf(number, sizeof(number), "0");
	else
		turno_fmt_decimal(delta, 1, lang, number, sizeof(number));
	bool it = lang == TURNO_LANG_IT;
	bool one = round(fabs(delta) * 10) == 10;
	snprintf(out, out_len, "%s%s%s%s", !zero && delta > 0 ? "+" : "", number, TURNO_NBSP,
	         it ? (one ? "punto" : "punti") : (one ? "point" : "points"));
	return out;
}

char *turno_fmt_clock(int minute_of_day, char *out, size_t out_len)
{
	if (minute_of_day < 0)
		minute_of_day = 0;
	snprintf(out, out_len, "%02d:%02d", minute_of_day / 60 % 100, minute_of_day % 60);
	return out;
}
