/* Turning touches into deliberate taps: one tap = one ticket, however the screen is
 * hammered. Pure logic fed with times (no SDL, no clock of its own), so every rule is
 * unit-tested: a tap is a press and a release on the same target within tap_max_ms;
 * a second tap within refractory_ms is a bounce; a second finger cancels the press (a
 * palm or a leaning elbow taps nothing); tickets are limited per minute.
 * Free with turno_tapfilter_free(). */
#ifndef TURNO_TAPFILTER_H
#define TURNO_TAPFILTER_H

#include <stdbool.h>
#include <stdint.h>

struct turno_tapfilter;

struct turno_tapfilter_config {
	int tap_max_ms;         /* longer presses are not taps (1500) */
	int refractory_ms;      /* a tap this soon after the previous one is a bounce (600) */
	int tickets_per_minute; /* ≥ 1 */
};

enum turno_tap_result {
	TURNO_TAP_NONE,   /* not a tap: nothing pressed, slid off, too long, cancelled, blocked */
	TURNO_TAP_OK,     /* a tap on the target given to turno_tapfilter_up() */
	TURNO_TAP_BOUNCE, /* a tap, but too soon after the previous one: ignore it */
};

struct turno_tapfilter *turno_tapfilter_new(const struct turno_tapfilter_config *config);
void turno_tapfilter_free(struct turno_tapfilter *filter);

/* A finger or the mouse (pointer) goes down on target (≥ 0; -1 = no target). */
void turno_tapfilter_down(struct turno_tapfilter *filter, int64_t pointer, int target, int64_t now_ms);
/* It goes up over target. */
enum turno_tap_result turno_tapfilter_up(struct turno_tapfilter *filter, int64_t pointer, int target,
                                         int64_t now_ms);
/* Ignores every press until until_ms (while a ticket is being issued or shown). */
void turno_tapfilter_block(struct turno_tapfilter *filter, int64_t until_ms);
/* Forgets the press in progress (the screen changed under the finger). */
void turno_tapfilter_cancel(struct turno_tapfilter *filter);

/* 0 when one more ticket is allowed now, else the ms until the next one is. */
int64_t turno_tapfilter_ticket_wait(const struct turno_tapfilter *filter, int64_t now_ms);
/* Records a ticket issued at now_ms. */
void turno_tapfilter_ticket_issued(struct turno_tapfilter *filter, int64_t now_ms);

#endif
