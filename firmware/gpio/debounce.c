/* The button debouncing state machine (see debounce.h). Pure: no clock, no I/O.
 * Every timer is an absolute deadline; edges first run the timers that were already
 * due, so a caller that was late to call turno_debounce_timer() gets the same answer. */
#include "gpio/debounce.h"

#include <stdlib.h>

enum phase {
	PHASE_RELEASED,
	PHASE_HELD,      /* pressed, nothing decided yet (long press mode) or press reported */
	PHASE_HELD_LONG, /* long press reported: the release says nothing */
	PHASE_STUCK,     /* reported stuck: ignored until released */
	PHASE_IGNORED,   /* was pressed when we started: ignored until released */
};

struct turno_debounce {
	struct turno_debounce_config config;
	enum phase phase;
	bool stable;          /* debounced level */
	bool raw;             /* level after the last edge */
	int64_t burst_ns;     /* first edge of the current burst of edges */
	int64_t last_edge_ns; /* the latest edge, or NEVER before the first */
	int64_t settle_ns;    /* when raw becomes the stable level, or NEVER */
	int64_t press_ns;     /* start of the current press */
	int64_t long_ns;      /* long press deadline, or NEVER */
	int64_t stuck_ns;     /* stuck deadline, or NEVER */
};

struct outputs {
	struct turno_debounce_output *out;
	int count;
};

static void emit(struct outputs *o, enum turno_debounce_kind kind, int64_t edge_ns)
{
	if (o->count < TURNO_DEBOUNCE_MAX_OUTPUTS)
		o->out[o->count++] = (struct turno_debounce_output){.kind = kind, .edge_ns = edge_ns};
}

static int64_t min3(int64_t a, int64_t b, int64_t c)
{
	int64_t m = a < b ? a : b;
	return m < c ? m : c;
}

/* Saturating: a deadline far away must not wrap around into the past. */
static int64_t after(int64_t t, int64_t delta)
{
	return t > TURNO_DEBOUNCE_NEVER - delta ? TURNO_DEBOUNCE_NEVER : t + delta;
}

struct turno_debounce *turno_debounce_new(const struct turno_debounce_config *config, bool pressed_now,
                                          int64_t now_ns)
{
	if (config->debounce_ns <= 0 || config->stuck_ns <= 0 || config->long_press_ns < 0)
		return NULL;
	struct turno_debounce *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->config = *config;
	d->stable = d->raw = pressed_now;
	d->settle_ns = d->long_ns = d->stuck_ns = d->last_edge_ns = TURNO_DEBOUNCE_NEVER;
	d->phase = pressed_now ? PHASE_IGNORED : PHASE_RELEASED;
	if (pressed_now) {
		d->press_ns = now_ns;
		d->stuck_ns = after(now_ns, config->stuck_ns);
	}
	return d;
}

void turno_debounce_free(struct turno_debounce *debounce)
{
	free(debounce);
}

static void became_pressed(struct turno_debounce *d, struct outputs *o)
{
	d->press_ns = d->burst_ns;
	d->phase = PHASE_HELD;
	d->stuck_ns = after(d->press_ns, d->config.stuck_ns);
	if (d->config.long_press_ns > 0)
		d->long_ns = after(d->press_ns, d->config.long_press_ns);
	else
		emit(o, TURNO_DEBOUNCE_PRESS, d->press_ns);
}

static void became_released(struct turno_debounce *d, struct outputs *o)
{
	switch (d->phase) {
	case PHASE_HELD:
		if (d->config.long_press_ns > 0)
			emit(o, TURNO_DEBOUNCE_PRESS, d->burst_ns);
		break;
	case PHASE_STUCK:
		emit(o, TURNO_DEBOUNCE_RELEASED_AFTER_STUCK, d->burst_ns);
		break;
	case PHASE_HELD_LONG:
	case PHASE_IGNORED:
	case PHASE_RELEASED:
		break;
	}
	d->phase = PHASE_RELEASED;
	d->long_ns = d->stuck_ns = TURNO_DEBOUNCE_NEVER;
}

/* Runs the earliest due timer; false when none is due at now_ns. */
static bool run_one_timer(struct turno_debounce *d, int64_t now_ns, struct outputs *o)
{
	int64_t next = min3(d->settle_ns, d->long_ns, d->stuck_ns);
	if (next == TURNO_DEBOUNCE_NEVER || next > now_ns)
		return false;
	if (next == d->settle_ns) {
		d->settle_ns = TURNO_DEBOUNCE_NEVER;
		if (d->raw != d->stable) {
			d->stable = d->raw;
			if (d->stable)
				became_pressed(d, o);
			else
				became_released(d, o);
		}
	} else if (next == d->long_ns) {
		d->long_ns = TURNO_DEBOUNCE_NEVER;
		d->phase = PHASE_HELD_LONG;
		emit(o, TURNO_DEBOUNCE_LONG_PRESS, d->press_ns);
	} else {
		d->stuck_ns = TURNO_DEBOUNCE_NEVER;
		d->long_ns = TURNO_DEBOUNCE_NEVER; /* a stuck line is not a long press either */
		d->phase = PHASE_STUCK;
		emit(o, TURNO_DEBOUNCE_STUCK, d->press_ns);
	}
	return true;
}

int turno_debounce_timer(struct turno_debounce *debounce, int64_t now_ns,
                         struct turno_debounce_output out[TURNO_DEBOUNCE_MAX_OUTPUTS])
{
	struct outputs o = {out, 0};
	while (run_one_timer(debounce, now_ns, &o))
		;
	return o.count;
}

int turno_debounce_edge(struct turno_debounce *debounce, int64_t t_ns, bool pressed,
                        struct turno_debounce_output out[TURNO_DEBOUNCE_MAX_OUTPUTS])
{
	struct outputs o = {out, 0};
	while (run_one_timer(debounce, t_ns, &o))
		;
	/* Two edges the same way: the kernel dropped one in between; the level is what counts. */
	if (pressed == debounce->raw)
		return o.count;
	debounce->raw = pressed;
	/* Edges closer than the debounce time belong to one burst (chatter); the burst's
	 * first edge is when the person actually pressed or let go. */
	if (debounce->last_edge_ns == TURNO_DEBOUNCE_NEVER ||
	    t_ns - debounce->last_edge_ns >= debounce->config.debounce_ns)
		debounce->burst_ns = t_ns;
	debounce->last_edge_ns = t_ns;
	/* Back at the stable level: only chatter, nothing to settle. */
	debounce->settle_ns = pressed == debounce->stable ? TURNO_DEBOUNCE_NEVER
	                                                  : after(t_ns, debounce->config.debounce_ns);
	return o.count;
}

int64_t turno_debounce_deadline(const struct turno_debounce *debounce)
{
	return min3(debounce->settle_ns, debounce->long_ns, debounce->stuck_ns);
}

bool turno_debounce_pressed(const struct turno_debounce *debounce)
{
	return debounce->stable;
}

const char *turno_debounce_kind_name(enum turno_debounce_kind kind)
{
	switch (kind) {
	case TURNO_DEBOUNCE_PRESS:
		return "press";
	case TURNO_DEBOUNCE_LONG_PRESS:
		return "long press";
	case TURNO_DEBOUNCE_STUCK:
		return "stuck";
	case TURNO_DEBOUNCE_RELEASED_AFTER_STUCK:
		return "released after stuck";
	}
	return "?";
}
