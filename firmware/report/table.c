/* Typed cells rendered three ways. Numbers are kept as numbers until rendering, so the
 * CSV and JSON say exactly what the text table rounds for a person. */
#include "report/table.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EMPTY_TEXT "—"
#define TURNO_TABLE_LABEL_MAX 256

struct cell {
	bool set;
	char *text;
	double number;
};

struct column {
	char *key;
	char *label;
	enum turno_cell_kind kind;
	enum turno_audience audience;
};

struct turno_table {
	struct column *columns;
	size_t ncolumns;
	struct cell *cells; /* rows × ncolumns */
	bool *total;
	size_t nrows, cap;
};

struct turno_table *turno_table_new(void)
{
	return calloc(1, sizeof(struct turno_table));
}

void turno_table_free(struct turno_table *table)
{
	if (!table)
		return;
	for (size_t i = 0; i < table->nrows * table->ncolumns; i++)
		free(table->cells[i].text);
	for (size_t c = 0; c < table->ncolumns; c++) {
		free(table->columns[c].key);
		free(table->columns[c].label);
	}
	free(table->columns);
	free(table->cells);
	free(table->total);
	free(table);
}

int turno_table_add_column(struct turno_table *table, const char *key, const char *label,
                           enum turno_cell_kind kind)
{
	return turno_table_add_column_for(table, key, label, kind, TURNO_FOR_ALL);
}

int turno_table_add_column_for(struct turno_table *table, const char *key, const char *label,
                               enum turno_cell_kind kind, enum turno_audience audience)
{
	if (table->nrows > 0)
		return -EINVAL;
	struct column *columns = realloc(table->columns, (table->ncolumns + 1) * sizeof(*columns));
	if (!columns)
		return -ENOMEM;
	table->columns = columns;
	struct column *c = &columns[table->ncolumns];
	c->key = strdup(key);
	c->label = strdup(label);
	c->kind = kind;
	c->audience = audience;
	if (!c->key || !c->label) {
		free(c->key);
		free(c->label);
		return -ENOMEM;
	}
	return (int)table->ncolumns++;
}

int turno_table_add_row(struct turno_table *table)
{
	if (table->nrows == table->cap) {
		size_t cap = table->cap ? table->cap * 2 : 16;
		struct cell *cells = realloc(table->cells, cap * table->ncolumns * sizeof(*cells));
		if (!cells)
			return -ENOMEM;
		table->cells = cells;
		bool *total = realloc(table->total, cap * sizeof(*total));
		if (!total)
			return -ENOMEM;
		table->total = total;
		table->cap = cap;
	}
	memset(&table->cells[table->nrows * table->ncolumns], 0, table->ncolumns * sizeof(*table->cells));
	table->total[table->nrows] = false;
	return (int)table->nrows++;
}

static struct cell *cell_at(const struct turno_table *table, int row, int column)
{
	if (row < 0 || column < 0 || (size_t)row >= table->nrows || (size_t)column >= table->ncolumns)
		return NULL;
	return &table->cells[(size_t)row * table->ncolumns + (size_t)column];
}

/* Whether a column shows in a rendering made for audience (people or programs). */
static bool shown_to(const struct turno_table *table, size_t column, enum turno_audience audience)
{
	enum turno_audience a = table->columns[column].audience;
	return a == TURNO_FOR_ALL || a == audience;
}

void turno_table_mark_total(struct turno_table *table, int row)
{
	if (row >= 0 && (size_t)row < table->nrows)
		table->total[row] = true;
}

int turno_table_set_text(struct turno_table *table, int row, int column, const char *text)
{
	struct cell *cell = cell_at(table, row, column);
	if (!cell)
		return -EINVAL;
	char *copy = strdup(text ? text : "");
	if (!copy)
		return -ENOMEM;
	free(cell->text);
	cell->text = copy;
	cell->set = true;
	return 0;
}

void turno_table_set_number(struct turno_table *table, int row, int column, double value)
{
	struct cell *cell = cell_at(table, row, column);
	if (!cell)
		return;
	cell->number = value;
	cell->set = true;
}

size_t turno_table_rows(const struct turno_table *table)
{
	return table->nrows;
}

size_t turno_table_columns(const struct turno_table *table)
{
	return table->ncolumns;
}

/* ---------------------------------------------------------------- text helpers */

static uint32_t utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t cp;
	int extra;
	if (s[0] < 0x80) {
		*p = s + 1;
		return s[0];
	} else if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		extra = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		extra = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		extra = 3;
	} else {
		*p = s + 1;
		return 0xfffd;
	}
	for (int i = 1; i <= extra; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + 1; /* malformed: one replacement per bad byte */
			return 0xfffd;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*p = s + 1 + extra;
	return cp;
}

static bool is_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x1ab0 && cp <= 0x1aff) ||
	       (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) ||
	       (cp >= 0xfe20 && cp <= 0xfe2f) || cp == 0x200b || cp == 0x200d ||
	       (cp >= 0xfe00 && cp <= 0xfe0f);
}

static bool is_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
	       (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	       (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	       (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	       (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

size_t turno_utf8_width(const char *text)
{
	size_t width = 0;
	const unsigned char *p = (const unsigned char *)text;
	while (p && *p) {
		uint32_t cp = utf8_next(&p);
		width += is_combining(cp) ? 0 : is_wide(cp) ? 2 : 1;
	}
	return width;
}

char *turno_format_seconds(double seconds, char *out, size_t out_len)
{
	long long signed_total = llround(seconds);
	const char *sign = signed_total < 0 ? "-" : "";
	long long total = signed_total < 0 ? -signed_total : signed_total;
	long long h = total / 3600, m = total / 60 % 60, s = total % 60;
	if (h > 0)
		snprintf(out, out_len, "%s%lld:%02lld:%02lld", sign, h, m, s);
	else
		snprintf(out, out_len, "%s%lld:%02lld", sign, m, s);
	return out;
}

/* The figure as CSV and JSON carry it: whole numbers stay whole, others to 0.1. */
static double machine_value(enum turno_cell_kind kind, double value)
{
	switch (kind) {
	case TURNO_CELL_INT:
		return round(value);
	case TURNO_CELL_TEXT:
	case TURNO_CELL_SECONDS:
	case TURNO_CELL_PERCENT:
	case TURNO_CELL_DECIMAL:
		break;
	}
	return round(value * 10) / 10;
}

static void format_machine(enum turno_cell_kind kind, double value, char *out, size_t out_len)
{
	double v = machine_value(kind, value);
	if (v == floor(v))
		snprintf(out, out_len, "%.0f", v);
	else
		snprintf(out, out_len, "%.1f", v);
}

/* The text a person reads in a cell. */
static const char *cell_display(const struct turno_table *table, size_t row, size_t column, char *buf,
                                size_t buf_len)
{
	const struct cell *cell = &table->cells[row * table->ncolumns + column];
	if (!cell->set)
		return EMPTY_TEXT;
	switch (table->columns[column].kind) {
	case TURNO_CELL_TEXT:
		return cell->text;
	case TURNO_CELL_INT:
		snprintf(buf, buf_len, "%.0f", round(cell->number));
		return buf;
	case TURNO_CELL_SECONDS:
		return turno_format_seconds(cell->number, buf, buf_len);
	case TURNO_CELL_PERCENT:
		snprintf(buf, buf_len, "%.1f%%", machine_value(TURNO_CELL_PERCENT, cell->number));
		return buf;
	case TURNO_CELL_DECIMAL:
		snprintf(buf, buf_len, "%.1f", machine_value(TURNO_CELL_DECIMAL, cell->number));
		return buf;
	}
	return EMPTY_TEXT;
}

static void pad(FILE *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fputc(' ', out);
}

/* width 0: no padding (the last column: no trailing blanks). */
static void write_cell(FILE *out, const char *text, size_t width, bool right)
{
	size_t w = turno_utf8_width(text);
	size_t fill = width > w ? width - w : 0;
	if (right)
		pad(out, fill);
	fputs(text, out);
	if (!right)
		pad(out, fill);
}

static void write_rule(FILE *out, const size_t *widths, size_t ncolumns)
{
	for (size_t c = 0; c < ncolumns; c++) {
		if (c)
			fputs("  ", out);
		for (size_t i = 0; i < widths[c]; i++)
			fputs("─", out);
	}
	fputc('\n', out);
}

int turno_table_write_text(const struct turno_table *table, FILE *out)
{
	/* Only the columns for people, in order; the last one is not padded on the right. */
	size_t n = 0;
	size_t *shown = calloc(table->ncolumns ? table->ncolumns : 1, sizeof(*shown));
	size_t *widths = calloc(table->ncolumns ? table->ncolumns : 1, sizeof(*widths));
	if (!shown || !widths) {
		free(shown);
		free(widths);
		return -ENOMEM;
	}
	for (size_t c = 0; c < table->ncolumns; c++)
		if (shown_to(table, c, TURNO_FOR_PEOPLE))
			shown[n++] = c;
	char buf[64];
	for (size_t i = 0; i < n; i++) {
		size_t c = shown[i];
		widths[i] = turno_utf8_width(table->columns[c].label);
		for (size_t r = 0; r < table->nrows; r++) {
			size_t w = turno_utf8_width(cell_display(table, r, c, buf, sizeof(buf)));
			if (w > widths[i])
				widths[i] = w;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs("  ", out);
		bool right = table->columns[shown[i]].kind != TURNO_CELL_TEXT;
		write_cell(out, table->columns[shown[i]].label, right || i + 1 < n ? widths[i] : 0, right);
	}
	fputc('\n', out);
	write_rule(out, widths, n);
	for (size_t r = 0; r < table->nrows; r++) {
		if (table->total[r] && r > 0)
			write_rule(out, widths, n);
		for (size_t i = 0; i < n; i++) {
			if (i)
				fputs("  ", out);
			bool right = table->columns[shown[i]].kind != TURNO_CELL_TEXT;
			write_cell(out, cell_display(table, r, shown[i], buf, sizeof(buf)),
			           right || i + 1 < n ? widths[i] : 0, right);
		}
		fputc('\n', out);
	}
	free(shown);
	free(widths);
	return ferror(out) ? -EIO : 0;
}

/* ---------------------------------------------------------------- CSV */

int turno_csv_write_field_sep(FILE *out, const char *text, char separator)
{
	size_t len = strlen(text);
	bool quote = len > 0 &&
	             (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' || text[len - 1] == '\t');
	const char specials[] = {separator, '"', '\r', '\n', '\0'};
	quote = quote || strpbrk(text, specials) != NULL;
	if (!quote) {
		fputs(text, out);
	} else {
		fputc('"', out);
		for (const char *p = text; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	}
	return ferror(out) ? -EIO : 0;
}

int turno_csv_write_field(FILE *out, const char *text)
{
	return turno_csv_write_field_sep(out, text, ',');
}

static enum turno_audience csv_audience(enum turno_csv_style style)
{
	switch (style) {
	case TURNO_CSV_PROGRAMS:
		return TURNO_FOR_PROGRAMS;
	case TURNO_CSV_ITALIAN:
		break;
	}
	return TURNO_FOR_PEOPLE;
}

int turno_table_write_csv_header_styled(const struct turno_table *table, enum turno_csv_style style,
                                        FILE *out)
{
	bool italian = style == TURNO_CSV_ITALIAN;
	char sep = italian ? ';' : ',';
	char buf[TURNO_TABLE_LABEL_MAX];
	bool first = true;
	/* The byte-order mark tells Excel the file is UTF-8 (LibreOffice needs no telling). */
	if (italian)
		fputs("\xef\xbb\xbf", out);
	for (size_t c = 0; c < table->ncolumns; c++) {
		const struct column *col = &table->columns[c];
		if (!shown_to(table, c, csv_audience(style)))
			continue;
		if (!first)
			fputc(sep, out);
		first = false;
		/* A spreadsheet shows the header: say the unit the numbers are in. */
		switch (col->kind) {
		case TURNO_CELL_SECONDS:
			snprintf(buf, sizeof(buf), "%s (%s)", col->label, italian ? "min" : "s");
			turno_csv_write_field_sep(out, buf, sep);
			break;
		case TURNO_CELL_PERCENT:
			snprintf(buf, sizeof(buf), "%s (%%)", col->label);
			turno_csv_write_field_sep(out, buf, sep);
			break;
		case TURNO_CELL_TEXT:
		case TURNO_CELL_INT:
		case TURNO_CELL_DECIMAL:
			turno_csv_write_field_sep(out, col->label, sep);
			break;
		}
	}
	fputs("\r\n", out);
	return ferror(out) ? -EIO : 0;
}

/* A number for the Italian CSV: minutes for durations, always one decimal place for
 * durations and shares (a column of 6,9 / 12,0 sorts and sums as numbers), a comma. */
static void format_italian(enum turno_cell_kind kind, double value, char *out, size_t out_len)
{
	if (kind == TURNO_CELL_INT) {
		snprintf(out, out_len, "%.0f", round(value));
		return;
	}
	double v = kind == TURNO_CELL_SECONDS ? value / 60 : value;
	snprintf(out, out_len, "%.1f", round(v * 10) / 10);
	char *point = strchr(out, '.');
	if (point)
		*point = ',';
}

int turno_table_write_csv_rows_styled(const struct turno_table *table, enum turno_csv_style style, FILE *out)
{
	bool italian = style == TURNO_CSV_ITALIAN;
	char sep = italian ? ';' : ',';
	char buf[64];
	for (size_t r = 0; r < table->nrows; r++) {
		bool first = true;
		for (size_t c = 0; c < table->ncolumns; c++) {
			const struct cell *cell = &table->cells[r * table->ncolumns + c];
			if (!shown_to(table, c, csv_audience(style)))
				continue;
			if (!first)
				fputc(sep, out);
			first = false;
			if (!cell->set)
				continue;
			if (table->columns[c].kind == TURNO_CELL_TEXT) {
				turno_csv_write_field_sep(out, cell->text, sep);
			} else {
				if (italian)
					format_italian(table->columns[c].kind, cell->number, buf,
					               sizeof(buf));
				else
					format_machine(table->columns[c].kind, cell->number, buf,
					               sizeof(buf));
				fputs(buf, out);
			}
		}
		fputs("\r\n", out);
	}
	return ferror(out) ? -EIO : 0;
}

int turno_table_write_csv_styled(const struct turno_table *table, enum turno_csv_style style, FILE *out)
{
	int rc = turno_table_write_csv_header_styled(table, style, out);
	return rc < 0 ? rc : turno_table_write_csv_rows_styled(table, style, out);
}

int turno_table_write_csv_header(const struct turno_table *table, FILE *out)
{
	return turno_table_write_csv_header_styled(table, TURNO_CSV_PROGRAMS, out);
}

int turno_table_write_csv_rows(const struct turno_table *table, FILE *out)
{
	return turno_table_write_csv_rows_styled(table, TURNO_CSV_PROGRAMS, out);
}

int turno_table_write_csv(const struct turno_table *table, FILE *out)
{
	return turno_table_write_csv_styled(table, TURNO_CSV_PROGRAMS, out);
}

void turno_table_clear_rows(struct turno_table *table)
{
	for (size_t i = 0; i < table->nrows * table->ncolumns; i++)
		free(table->cells[i].text);
	table->nrows = 0;
}

/* ---------------------------------------------------------------- JSON */

cJSON *turno_table_row_to_json(const struct turno_table *table, size_t row)
{
	cJSON *obj = row < table->nrows ? cJSON_CreateObject() : NULL;
	if (!obj)
		return NULL;
	for (size_t c = 0; c < table->ncolumns; c++) {
		const struct cell *cell = &table->cells[row * table->ncolumns + c];
		const struct column *col = &table->columns[c];
		cJSON *item;
		if (!shown_to(table, c, TURNO_FOR_PROGRAMS))
			continue;
		if (!cell->set)
			item = cJSON_CreateNull();
		else if (col->kind == TURNO_CELL_TEXT)
			item = cJSON_CreateString(cell->text);
		else
			item = cJSON_CreateNumber(machine_value(col->kind, cell->number));
		if (!item || !cJSON_AddItemToObject(obj, col->key, item)) {
			cJSON_Delete(item);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

cJSON *turno_table_to_json(const struct turno_table *table)
{
	cJSON *rows = cJSON_CreateArray();
	if (!rows)
		return NULL;
	for (size_t r = 0; r < table->nrows; r++) {
		cJSON *obj = turno_table_row_to_json(table, r);
		if (!obj || !cJSON_AddItemToArray(rows, obj)) {
			cJSON_Delete(obj);
			cJSON_Delete(rows);
			return NULL;
		}
	}
	return rows;
}
