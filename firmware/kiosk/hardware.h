/* The kiosk's GPIO side as a kiosk module: operator buttons call through the same
 * actions as turno-ctl, and every call is shown on the LED display. A hardware
 * problem is logged, shown in `turno-ctl status` (a stuck button until it is
 * released), and never stops the kiosk; one bad button line leaves the others working. */
#ifndef TURNO_KIOSK_HARDWARE_H
#define TURNO_KIOSK_HARDWARE_H

#include "kiosk/kiosk.h"

#include <stdbool.h>

struct turno_hardware;

/* Opens buttons and display as configured and registers the module (the kiosk frees
 * it). Returns the module's state, or NULL when there is no GPIO configured. */
struct turno_hardware *turno_hardware_attach(struct turno_kiosk *kiosk);
/* Simulated buttons (keyboard F-keys in the window): F1…Fn = next at counter n,
 * Shift = recall, Ctrl = no-show. Returns 0 or -EINVAL. */
int turno_hardware_sim_key(struct turno_hardware *hw, int function_key, bool shift, bool ctrl);
/* What LED module `module` (0-based) shows now, for drawing it on the screen. */
int turno_hardware_display_text(struct turno_hardware *hw, int module, char *text, size_t len);
int turno_hardware_display_modules(struct turno_hardware *hw);

struct turno_button_event;
/* What the module does with one event from the buttons: an action calls, a stuck or
 * failed line becomes a problem, a released one clears its stuck problem. The loop
 * feeds every event here; tests may feed their own. */
void turno_hardware_button_event(struct turno_hardware *hw, const struct turno_button_event *event);
/* The problems `turno-ctl status` lists now, oldest first (at most 8, then one line
 * saying how many more are in the log): the i-th from 0, or NULL past the last.
 * Borrowed until the next event. */
const char *turno_hardware_problem(const struct turno_hardware *hw, int i);

#endif
