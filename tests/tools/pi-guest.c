/* The test's hands inside the qemu guest of `make test-pi` (tests/pi/): a touchscreen made
 * with uinput that reports like the official 7" panel, taps on the targets the kiosk
 * reports, and the few measurements a busybox shell cannot make. Every time printed is
 * CLOCK_MONOTONIC in nanoseconds, the clock of the kernel's trace (trace_clock mono).
 *
 *   pi-guest panel CMD_FIFO REPLY_FIFO CONTROL_SOCKET
 *       keeps the panel; one reply line per command line:
 *         plug                     -> "plugged /dev/input/eventN T"
 *         unplug                   -> "unplugged T"
 *         tap X Y                  -> "tapped X Y T_DOWN T_UP"        (panel units 0..799, 0..479)
 *         tap-frame X Y TIMEOUT    -> "framed X Y T_DOWN T_UP T_FLIP" | "no-frame WHY": a tap, then
 *                                     the first new frame the display scans out
 *         tap-target L W H TIMEOUT -> "ticket LABEL T_UP T_FLIP X Y" | "no-ticket WHY"
 *                                     taps service L where the kiosk says it is (window pixels
 *                                     of a W x H display), until the display scans out a new
 *                                     frame and the kiosk says it shows a ticket
 *         rtt                      -> "rtt NS"                        (one status round trip)
 *         quit                     -> "bye"
 *   pi-guest notify SOCKET TIMEOUT_S   waits for READY=1 from sd_notify(): prints "ready T"
 *   pi-guest clock                     prints T
 *   pi-guest proc PID                  "wakeups N cpu_ticks N rss_kb N T": every thread's
 *                                      voluntary context switches (one per wake-up)
 *   pi-guest wait-open PID DEV N TIMEOUT_S  until PID holds DEV open exactly N times (a
 *                                      device gone counts while its descriptor is open):
 *                                      "open T" | "still N"
 *   pi-guest field SOCKET PATH         a value of the kiosk's status: "screen.page",
 *                                      "counters.0.serving" (JSON; "null" when absent)
 *   pi-guest host REQUEST              one request to the host on the virtio-serial port
 *                                      "turno.host" (tests/pi/host.py); prints its reply */
#include "control/client.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/uinput.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define PANEL_W 800
#define PANEL_H 480
#define TAP_HOLD_MS 80 /* a finger's tap on a kiosk lasts about a tenth of a second */

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------------ the kiosk's status */

static cJSON *kiosk_status(const char *sock, cJSON **root)
{
	static char reply[1 << 16];
	*root = NULL;
	if (turno_control_request(sock, "status\n", reply, sizeof(reply), 5000, 0) < 0)
		return NULL;
	*root = cJSON_Parse(reply);
	return cJSON_GetObjectItem(*root, "status");
}

static cJSON *kiosk_screen(const char *sock, cJSON **root)
{
	return cJSON_GetObjectItem(kiosk_status(sock, root), "screen");
}

static int field(int argc, char **argv)
{
	if (argc != 4)
		return 64;
	cJSON *root;
	cJSON *value = kiosk_status(argv[2], &root);
	char path[256];
	snprintf(path, sizeof(path), "%s", argv[3]);
	for (char *part = strtok(path, "."); part && value; part = strtok(NULL, "."))
		value = cJSON_IsArray(value) ? cJSON_GetArrayItem(value, atoi(part))
		                             : cJSON_GetObjectItem(value, part);
	char *text = value ? cJSON_PrintUnformatted(value) : NULL;
	printf("%s\n", text ? text : "null");
	free(text);
	cJSON_Delete(root);
	return value ? 0 : 1;
}

/* ------------------------------------------------------------------ the panel */

struct panel {
	int fd; /* /dev/uinput, -1 when unplugged */
	char node[300];
	int tracking_id;
	const char *control;
};

static int emit(int fd, unsigned type, unsigned code, int value)
{
	struct input_event ev = {.type = (unsigned short)type, .code = (unsigned short)code, .value = value};
	return write(fd, &ev, sizeof(ev)) == (ssize_t)sizeof(ev) ? 0 : -errno;
}

static void abs_axis(int fd, unsigned code, int min, int max)
{
	struct uinput_abs_setup a = {.code = (unsigned short)code,
	                             .absinfo = {.minimum = min, .maximum = max}};
	ioctl(fd, UI_SET_ABSBIT, code);
	ioctl(fd, UI_ABS_SETUP, &a);
}

/* The event node the kernel gave the new device (its input%d directory holds event%d). */
static void find_node(struct panel *p)
{
	char sysname[64] = "", dir[160];
	p->node[0] = '\0';
	if (ioctl(p->fd, UI_GET_SYSNAME(sizeof(sysname)), sysname) < 0)
		return;
	snprintf(dir, sizeof(dir), "/sys/devices/virtual/input/%s", sysname);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, "event", 5) == 0)
			snprintf(p->node, sizeof(p->node), "/dev/input/%s", e->d_name);
	if (d)
		closedir(d);
}

static int plug(struct panel *p)
{
	if (p->fd >= 0)
		return 0;
	int fd = open("/dev/uinput", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* The official 7" panel's controller (FT5406, "ft5x06"): multitouch type B, ten
	 * contacts, 800 x 480 units, a direct-input device, the pointer emulation too. */
	ioctl(fd, UI_SET_EVBIT, EV_SYN);
	ioctl(fd, UI_SET_EVBIT, EV_KEY);
	ioctl(fd, UI_SET_KEYBIT, BTN_TOUCH);
	ioctl(fd, UI_SET_EVBIT, EV_ABS);
	abs_axis(fd, ABS_X, 0, PANEL_W - 1);
	abs_axis(fd, ABS_Y, 0, PANEL_H - 1);
	abs_axis(fd, ABS_MT_SLOT, 0, 9);
	abs_axis(fd, ABS_MT_TRACKING_ID, 0, 65535);
	abs_axis(fd, ABS_MT_POSITION_X, 0, PANEL_W - 1);
	abs_axis(fd, ABS_MT_POSITION_Y, 0, PANEL_H - 1);
	ioctl(fd, UI_SET_PROPBIT, INPUT_PROP_DIRECT);
	struct uinput_setup setup = {.id = {.bustype = BUS_I2C, .vendor = 0, .product = 0, .version = 1}};
	snprintf(setup.name, sizeof(setup.name), "generic ft5x06 (00)");
	if (ioctl(fd, UI_DEV_SETUP, &setup) < 0 || ioctl(fd, UI_DEV_CREATE) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	p->fd = fd;
	find_node(p);
	return 0;
}

static void unplug(struct panel *p)
{
	if (p->fd < 0)
		return;
	ioctl(p->fd, UI_DEV_DESTROY);
	close(p->fd);
	p->fd = -1;
}

/* One finger down and up again, as the controller reports it. */
static int tap(struct panel *p, int x, int y, long long *down, long long *up)
{
	if (p->fd < 0)
		return -ENODEV;
	int id = p->tracking_id++ & 0xFFFF;
	int rc = emit(p->fd, EV_ABS, ABS_MT_SLOT, 0);
	rc = rc ?: emit(p->fd, EV_ABS, ABS_MT_TRACKING_ID, id);
	rc = rc ?: emit(p->fd, EV_ABS, ABS_MT_POSITION_X, x);
	rc = rc ?: emit(p->fd, EV_ABS, ABS_MT_POSITION_Y, y);
	rc = rc ?: emit(p->fd, EV_KEY, BTN_TOUCH, 1);
	rc = rc ?: emit(p->fd, EV_ABS, ABS_X, x);
	rc = rc ?: emit(p->fd, EV_ABS, ABS_Y, y);
	rc = rc ?: emit(p->fd, EV_SYN, SYN_REPORT, 0);
	*down = now_ns();
	pause_ms(TAP_HOLD_MS);
	rc = rc ?: emit(p->fd, EV_ABS, ABS_MT_SLOT, 0);
	rc = rc ?: emit(p->fd, EV_ABS, ABS_MT_TRACKING_ID, -1);
	rc = rc ?: emit(p->fd, EV_KEY, BTN_TOUCH, 0);
	rc = rc ?: emit(p->fd, EV_SYN, SYN_REPORT, 0);
	*up = now_ns();
	return rc;
}

/* The framebuffer the display scans out now (debugfs' atomic state, plane 0): it changes
 * at each page flip. Read from outside, it wakes no program. */
static int scanout_fb(void)
{
	FILE *f = fopen("/sys/kernel/debug/dri/0/state", "r");
	char line[256];
	int fb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, " fb=%d", &fb) == 1)
			break;
	if (f)
		fclose(f);
	return fb;
}

/* Until the display shows another framebuffer than before: its time, or -1. */
static long long next_flip(int before, long long deadline)
{
	while (now_ns() < deadline) {
		if (scanout_fb() != before)
			return now_ns();
		pause_ms(1);
	}
	return -1;
}

/* The page the kiosk shows, and the ticket on it ("" when none). */
static int screen_page(const char *control, char *page, size_t page_len, char *label, size_t label_len)
{
	cJSON *root;
	cJSON *screen = kiosk_screen(control, &root);
	const char *pg = cJSON_GetStringValue(cJSON_GetObjectItem(screen, "page"));
	const char *lb = cJSON_GetStringValue(cJSON_GetObjectItem(screen, "ticket"));
	snprintf(page, page_len, "%s", pg ? pg : "");
	snprintf(label, label_len, "%s", lb ? lb : "");
	cJSON_Delete(root);
	return pg ? 0 : -1;
}

static void tap_target(struct panel *p, const char *letter, int display_w, int display_h, int timeout_s,
                       FILE *reply)
{
	cJSON *root;
	cJSON *screen = kiosk_screen(p->control, &root);
	cJSON *target = NULL, *t;
	cJSON_ArrayForEach(t, cJSON_GetObjectItem(screen, "targets"))
	{
		const char *service = cJSON_GetStringValue(cJSON_GetObjectItem(t, "service"));
		if (service && strcmp(service, letter) == 0)
			target = t;
	}
	if (!target || display_w <= 0 || display_h <= 0) {
		fprintf(reply, "no-ticket the kiosk reports no target %s\n", letter);
		cJSON_Delete(root);
		return;
	}
	/* The panel covers the whole display: window pixels to panel units. */
	int x = (int)(cJSON_GetNumberValue(cJSON_GetObjectItem(target, "x")) * PANEL_W / display_w);
	int y = (int)(cJSON_GetNumberValue(cJSON_GetObjectItem(target, "y")) * PANEL_H / display_h);
	cJSON_Delete(root);
	long long down, up;
	int fb = scanout_fb();
	if (tap(p, x, y, &down, &up) < 0) {
		fprintf(reply, "no-ticket the panel is unplugged\n");
		return;
	}
	/* The ticket is seen when it is on the display: each new frame scanned out, then
	 * the kiosk is asked whether it is the ticket page (asking it all the time would
	 * take the emulated CPU from the drawing). */
	long long deadline = up + (long long)timeout_s * 1000000000LL, flip;
	char page[32] = "", label[16];
	while ((flip = next_flip(fb, deadline)) > 0) {
		fb = scanout_fb();
		if (screen_page(p->control, page, sizeof(page), label, sizeof(label)) == 0 &&
		    strcmp(page, "ticket") == 0) {
			fprintf(reply, "ticket %s %lld %lld %d %d\n", label, up, flip, x, y);
			return;
		}
	}
	screen_page(p->control, page, sizeof(page), label, sizeof(label));
	fprintf(reply, "no-ticket no ticket page within %d s of a tap at %d,%d (page %s)\n", timeout_s, x, y,
	        page);
}

static int panel(int argc, char **argv)
{
	if (argc != 5)
		return 64;
	/* Opened read-write: the FIFO never reaches end-of-file between the shell's writes. */
	int cmd_fd = open(argv[2], O_RDWR | O_CLOEXEC);
	int reply_fd = open(argv[3], O_RDWR | O_CLOEXEC);
	FILE *in = cmd_fd >= 0 ? fdopen(cmd_fd, "r") : NULL,
	     *out = reply_fd >= 0 ? fdopen(reply_fd, "w") : NULL;
	if (!in || !out) {
		perror("pi-guest panel: the FIFOs");
		return 1;
	}
	setvbuf(out, NULL, _IOLBF, 0);
	struct panel p = {.fd = -1, .tracking_id = 100, .control = argv[4]};
	char line[256];
	while (fgets(line, sizeof(line), in)) {
		char cmd[32] = "", letter[8] = "";
		int a = 0, b = 0, c = 0;
		sscanf(line, "%31s", cmd);
		if (strcmp(cmd, "plug") == 0) {
			int rc = plug(&p);
			if (rc < 0)
				fprintf(out, "error cannot create the panel: %s\n", strerror(-rc));
			else
				fprintf(out, "plugged %s %lld\n", p.node[0] ? p.node : "?", now_ns());
		} else if (strcmp(cmd, "unplug") == 0) {
			unplug(&p);
			fprintf(out, "unplugged %lld\n", now_ns());
		} else if (strcmp(cmd, "tap") == 0 && sscanf(line, "%*s %d %d", &a, &b) == 2) {
			long long down, up;
			int rc = tap(&p, a, b, &down, &up);
			if (rc < 0)
				fprintf(out, "error tap: %s\n", strerror(-rc));
			else
				fprintf(out, "tapped %d %d %lld %lld\n", a, b, down, up);
		} else if (strcmp(cmd, "tap-frame") == 0 && sscanf(line, "%*s %d %d %d", &a, &b, &c) == 3) {
			long long down, up, flip;
			int fb = scanout_fb(), rc = tap(&p, a, b, &down, &up);
			if (rc < 0)
				fprintf(out, "no-frame tap: %s\n", strerror(-rc));
			else if ((flip = next_flip(fb, up + (long long)c * 1000000000LL)) < 0)
				fprintf(out, "no-frame within %d s\n", c);
			else
				fprintf(out, "framed %d %d %lld %lld %lld\n", a, b, down, up, flip);
		} else if (strcmp(cmd, "tap-target") == 0 &&
		           sscanf(line, "%*s %7s %d %d %d", letter, &a, &b, &c) == 4) {
			tap_target(&p, letter, a, b, c, out);
		} else if (strcmp(cmd, "rtt") == 0) {
			char page[32], label[16];
			long long t0 = now_ns();
			int rc = screen_page(p.control, page, sizeof(page), label, sizeof(label));
			fprintf(out, rc == 0 ? "rtt %lld\n" : "error no status\n", now_ns() - t0);
		} else if (strcmp(cmd, "quit") == 0) {
			unplug(&p);
			fprintf(out, "bye\n");
			return 0;
		} else {
			fprintf(out, "error unknown command: %s", line);
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ small measurements */

static int notify(int argc, char **argv)
{
	if (argc != 4)
		return 64;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[2]);
	unlink(argv[2]);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("pi-guest notify");
		return 1;
	}
	chmod(argv[2], 0666); /* the kiosk runs as the turno user */
	long long deadline = now_ns() + atoll(argv[3]) * 1000000000LL;
	char msg[4096];
	for (;;) {
		long long left_ms = (deadline - now_ns()) / 1000000;
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		if (left_ms <= 0 || poll(&pfd, 1, (int)left_ms) <= 0) {
			printf("timeout\n");
			return 1;
		}
		ssize_t n = recv(fd, msg, sizeof(msg) - 1, 0);
		if (n <= 0)
			continue;
		msg[n] = '\0';
		if (strncmp(msg, "READY=1", 7) == 0 || strstr(msg, "\nREADY=1")) {
			printf("ready %lld\n", now_ns());
			return 0;
		}
	}
}

static long long status_number(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char line[256];
	long long value = -1;
	size_t len = strlen(key);
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, len) == 0)
			value = atoll(line + len);
	if (f)
		fclose(f);
	return value;
}

static int proc(int argc, char **argv)
{
	if (argc != 3)
		return 64;
	char path[128], stat[1024] = "";
	long long wakeups = 0;
	snprintf(path, sizeof(path), "/proc/%s/task", argv[2]);
	DIR *d = opendir(path);
	if (!d)
		return 1;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char task[600];
		snprintf(task, sizeof(task), "%s/%s/status", path, e->d_name);
		long long n = status_number(task, "voluntary_ctxt_switches:");
		wakeups += n > 0 ? n : 0;
	}
	closedir(d);
	snprintf(path, sizeof(path), "/proc/%s/stat", argv[2]);
	FILE *f = fopen(path, "r");
	if (f) {
		if (!fgets(stat, sizeof(stat), f))
			stat[0] = '\0';
		fclose(f);
	}
	/* utime and stime are the 14th and 15th fields, after the parenthesised name. */
	long long utime = 0, stime = 0;
	const char *p = strrchr(stat, ')');
	if (p)
		sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld", &utime, &stime);
	snprintf(path, sizeof(path), "/proc/%s/status", argv[2]);
	printf("wakeups %lld cpu_ticks %lld rss_kb %lld %lld\n", wakeups, utime + stime,
	       status_number(path, "VmRSS:"), now_ns());
	return 0;
}

static int holds_open(const char *pid, const char *dev)
{
	char dir[64], link[400], target[128];
	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int count = 0;
	size_t len = strlen(dev);
	struct dirent *e;
	while ((e = readdir(d))) {
		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			/* A removed device node reads "/dev/input/event5 (deleted)". */
			count +=
			        strncmp(target, dev, len) == 0 && (target[len] == '\0' || target[len] == ' ');
		}
	}
	closedir(d);
	return count;
}

static int wait_open(int argc, char **argv)
{
	if (argc != 6)
		return 64;
	int want = atoi(argv[4]);
	long long deadline = now_ns() + atoll(argv[5]) * 1000000000LL;
	while (now_ns() < deadline) {
		int n = holds_open(argv[2], argv[3]);
		if (n < 0)
			break;
		if (n == want) {
			printf("open %lld\n", now_ns());
			return 0;
		}
		pause_ms(5); /* looking from outside: the kiosk is not woken by this */
	}
	printf("still %d\n", holds_open(argv[2], argv[3]));
	return 1;
}

/* The port named turno.host among /sys/class/virtio-ports/vport*. */
static int host(int argc, char **argv)
{
	if (argc != 3)
		return 64;
	char path[300] = "", name[64];
	DIR *d = opendir("/sys/class/virtio-ports");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char file[300];
		snprintf(file, sizeof(file), "/sys/class/virtio-ports/%s/name", e->d_name);
		FILE *f = fopen(file, "r");
		if (f && fgets(name, sizeof(name), f) && strncmp(name, "turno.host", 10) == 0)
			snprintf(path, sizeof(path), "/dev/%s", e->d_name);
		if (f)
			fclose(f);
	}
	if (d)
		closedir(d);
	int fd = path[0] ? open(path, O_RDWR | O_CLOEXEC) : -1;
	if (fd < 0) {
		printf("error no virtio port turno.host\n");
		return 1;
	}
	char line[512], reply[512];
	size_t used = 0;
	int len = snprintf(line, sizeof(line), "%s\n", argv[2]);
	if (write(fd, line, (size_t)len) != len) {
		printf("error cannot write to %s\n", path);
		return 1;
	}
	while (used + 1 < sizeof(reply)) {
		ssize_t n = read(fd, reply + used, 1);
		if (n <= 0 || reply[used] == '\n')
			break;
		used++;
	}
	reply[used] = '\0';
	close(fd);
	printf("%s\n", reply);
	return strncmp(reply, "done", 4) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	if (strcmp(cmd, "panel") == 0)
		return panel(argc, argv);
	if (strcmp(cmd, "notify") == 0)
		return notify(argc, argv);
	if (strcmp(cmd, "clock") == 0)
		return printf("%lld\n", now_ns()) < 0;
	if (strcmp(cmd, "proc") == 0)
		return proc(argc, argv);
	if (strcmp(cmd, "wait-open") == 0)
		return wait_open(argc, argv);
	if (strcmp(cmd, "field") == 0)
		return field(argc, argv);
	if (strcmp(cmd, "host") == 0)
		return host(argc, argv);
	fprintf(stderr, "usage: pi-guest panel|notify|clock|proc|wait-open|field|host … (see the source)\n");
	return 64;
}
