/* The kiosk's epoll loop (kiosk/loop.h): a watch removed while a batch of events is
 * dispatched must not hand its stale event to a watch added in the same batch (a touch
 * panel unplugged and plugged back between two wake-ups). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "kiosk/loop.h"

#include <sys/epoll.h>
#include <unistd.h>

struct world {
	struct turno_loop *loop;
	int a[2], b[2], c[2];
	int calls_a, calls_b, calls_c;
	bool replaced;
};

static void on_c(int fd, uint32_t events, void *user)
{
	struct world *w = user;
	w->calls_c++;
	char byte;
	assert_int_equal(read(fd, &byte, 1), 1);
}

/* Whichever of a and b runs first removes the other and watches c instead: c may take
 * the slot just freed. */
static void replace_other(struct world *w, int other)
{
	if (w->replaced)
		return;
	w->replaced = true;
	turno_loop_remove(w->loop, other);
	assert_int_equal(turno_loop_add(w->loop, w->c[0], EPOLLIN, on_c, w), 0);
}

static void on_a(int fd, uint32_t events, void *user)
{
	struct world *w = user;
	w->calls_a++;
	replace_other(w, w->b[0]);
}

static void on_b(int fd, uint32_t events, void *user)
{
	struct world *w = user;
	w->calls_b++;
	replace_other(w, w->a[0]);
}

static void removal_in_a_batch(void **state)
{
	struct world w = {.loop = turno_loop_new()};
	assert_non_null(w.loop);
	assert_int_equal(pipe(w.a), 0);
	assert_int_equal(pipe(w.b), 0);
	assert_int_equal(pipe(w.c), 0);
	assert_int_equal(turno_loop_add(w.loop, w.a[0], EPOLLIN, on_a, &w), 0);
	assert_int_equal(turno_loop_add(w.loop, w.b[0], EPOLLIN, on_b, &w), 0);
	assert_int_equal(write(w.a[1], "x", 1), 1);
	assert_int_equal(write(w.b[1], "x", 1), 1);
	assert_int_equal(write(w.c[1], "x", 1), 1);
	assert_int_equal(turno_loop_run_once(w.loop, 1000), 2);
	/* One of a and b ran; the other's event was dropped, not given to c. */
	assert_int_equal(w.calls_a + w.calls_b, 1);
	assert_int_equal(w.calls_c, 0);
	/* c's own readiness is seen on the next pass. */
	turno_loop_run_once(w.loop, 1000);
	assert_int_equal(w.calls_c, 1);
	for (int i = 0; i < 2; i++) {
		close(w.a[i]);
		close(w.b[i]);
		close(w.c[i]);
	}
	turno_loop_free(w.loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(removal_in_a_batch),
	};
	return cmocka_run_group_tests_name("loop", tests, NULL, NULL);
}
