/* The kiosk's GPIO side as a kiosk module: operator buttons call through the same
 * actions as turno-ctl, and every call is shown on the LED display. A hardware
 * problem is logged, shown in `turno-ctl status`, and never stops the kiosk. */
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

#endif
