/* A report table (typed columns, rows of cells) and its renderings: a text table
 * aligned for a terminal (widths in UTF-8 characters), CSV for programs (RFC 4180, header
 * row, CRLF, seconds), CSV for an Italian spreadsheet (";", decimal comma, minutes, UTF-8
 * with a byte-order mark, so LibreOffice and Excel read numbers as numbers) and JSON
 * (cJSON, one object per row keyed by the columns' stable keys).
 * The renderers write to a stream given by the caller and never open files.
 *
 * turno_table_new() returns a table to free with turno_table_free(); the table copies
 * every string it is given. turno_table_to_json() returns a cJSON tree the caller
 * frees with cJSON_Delete(). */
#ifndef TURNO_REPORT_TABLE_H
#define TURNO_REPORT_TABLE_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum turno_cell_kind {
	TURNO_CELL_TEXT,
	TURNO_CELL_INT,
	TURNO_CELL_SECONDS, /* a duration: text "m:ss" / "h:mm:ss"; CSV and JSON seconds (0.1 s) */
	TURNO_CELL_PERCENT, /* 0…100: text "87.5%"; CSV and JSON 87.5 */
	TURNO_CELL_DECIMAL, /* a quantity to 0.1, e.g. people per day: text "6.0"; CSV and JSON 6 */
};

/* Who a column is for: a person (the text table, the Italian CSV) reads "A Anagrafe" in
 * one cell; a program (JSON, the RFC 4180 CSV) gets the letter and the name apart. */
enum turno_audience {
	TURNO_FOR_ALL,
	TURNO_FOR_PEOPLE,
	TURNO_FOR_PROGRAMS,
};

enum turno_csv_style {
	TURNO_CSV_PROGRAMS, /* RFC 4180: "," separator, decimal point, seconds, no BOM */
	TURNO_CSV_ITALIAN,  /* ";" separator, decimal comma, minutes, UTF-8 BOM, CRLF */
};

struct turno_table;

struct turno_table *turno_table_new(void);
void turno_table_free(struct turno_table *table);

/* key: stable machine name (JSON); label: the header a person reads (text and CSV).
 * Returns the column index or -ENOMEM. Columns must all be added before rows. */
int turno_table_add_column(struct turno_table *table, const char *key, const char *label,
                           enum turno_cell_kind kind);
/* The same for one audience only. */
int turno_table_add_column_for(struct turno_table *table, const char *key, const char *label,
                               enum turno_cell_kind kind, enum turno_audience audience);
/* Returns the row index or -ENOMEM. Cells start empty (text "—", CSV empty, JSON null). */
int turno_table_add_row(struct turno_table *table);
/* A total row: the text rendering draws a rule above it. */
void turno_table_mark_total(struct turno_table *table, int row);
int turno_table_set_text(struct turno_table *table, int row, int column, const char *text);
/* For INT, SECONDS and PERCENT columns. */
void turno_table_set_number(struct turno_table *table, int row, int column, double value);
size_t turno_table_rows(const struct turno_table *table);
size_t turno_table_columns(const struct turno_table *table);

/* Returns 0 or -EIO when the stream failed. */
int turno_table_write_text(const struct turno_table *table, FILE *out);
int turno_table_write_csv(const struct turno_table *table, FILE *out);
/* The same in two steps, for long lists written a chunk at a time: the header once,
 * then the rows of each chunk, emptying the table in between with turno_table_clear_rows(). */
int turno_table_write_csv_header(const struct turno_table *table, FILE *out);
int turno_table_write_csv_rows(const struct turno_table *table, FILE *out);
/* The same in a chosen style (the functions above are TURNO_CSV_PROGRAMS). The Italian
 * header starts with the byte-order mark; durations are minutes to 0.1 ("6,9"). */
int turno_table_write_csv_styled(const struct turno_table *table, enum turno_csv_style style, FILE *out);
int turno_table_write_csv_header_styled(const struct turno_table *table, enum turno_csv_style style,
                                        FILE *out);
int turno_table_write_csv_rows_styled(const struct turno_table *table, enum turno_csv_style style, FILE *out);
/* Drops every row, keeping the columns. */
void turno_table_clear_rows(struct turno_table *table);
/* An array of row objects; NULL on ENOMEM. */
cJSON *turno_table_to_json(const struct turno_table *table);
/* One row's object (NULL on ENOMEM or a row out of range). */
cJSON *turno_table_row_to_json(const struct turno_table *table, size_t row);

/* Helpers, exposed for their tests and for other renderers. */
/* Display columns a UTF-8 string takes on a terminal (combining marks 0, wide East
 * Asian characters 2, everything else 1; a malformed byte counts 1). */
size_t turno_utf8_width(const char *text);
/* Rounds to the second: "0:45", "12:05", "1:02:03", "-1:05" (a change). Returns out. */
char *turno_format_seconds(double seconds, char *out, size_t out_len);
/* One CSV field, quoted when it holds a comma, a quote, CR, LF or outer blanks. */
int turno_csv_write_field(FILE *out, const char *text);
/* The same with another separator (";" for the Italian CSV). */
int turno_csv_write_field_sep(FILE *out, const char *text, char separator);

#endif
