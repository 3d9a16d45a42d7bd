/*
 * xlu_server: serves libxlutil's disk parser and xl.cfg reader to the Go
 * oracle over stdin/stdout, one request after another, so that a test binary
 * starts one process per Xen release instead of one per spec.
 *
 * Every integer is 4 bytes, little-endian. A request is
 *     u32 op, u32 n, then n times (u32 len, len bytes)
 * and its reply starts with
 *     i32 status, u32 signal
 * Ops:
 *   1 disk parse: the n strings are the fragments of one disk, as in
 *     `xl -N block-attach 0 FRAG...`. Reply: status is xl's exit status
 *     (0, 1, or 2 when flex's scanner jams), or -1 when libxlu crashed
 *     (signal says how); then stdout and stderr as (u32 len, bytes).
 *   2 cfg read data, 3 cfg read file: strings are the file name (for
 *     libxlu's messages), the contents, then the setting names to query.
 *     Op 3 writes the contents to a temporary file and reads it with
 *     xlu_cfg_readfile. Reply: status is libxlu's return value (0 or an
 *     errno) or -1 for a crash; then libxlu's report (u32 len, bytes); then,
 *     when status is 0, one value per name:
 *       u8 kind (0 missing, 1 string, 2 list);
 *       string: u32 len, bytes, u8 has_long, 8 bytes long (little-endian);
 *       list: u32 count, then count values (items carry has_long 0).
 * A request that could crash libxlu or make it exit (long parameters,
 * "=" before a newline) runs in a forked child; the others run here.
 * End of input ends the server.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <libxl.h>
#include <libxlutil.h>

#define MAX_LEN (64u << 20)
#define MAX_ARGS 65536u
#define RISKY_LEN 4096

static FILE *in, *out;

static int get_u32(uint32_t *v) {
	unsigned char b[4];
	if (fread(b, 1, 4, in) != 4) return -1;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return 0;
}

static void put_u32(FILE *f, uint32_t v) {
	unsigned char b[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
	fwrite(b, 1, 4, f);
}

static void put_bytes(FILE *f, const char *s, size_t n) {
	put_u32(f, (uint32_t)n);
	if (n) fwrite(s, 1, n, f);
}

static void put_str(FILE *f, const char *s) { put_bytes(f, s, s ? strlen(s) : 0); }

static void put_i64(FILE *f, int64_t v) {
	uint64_t u = (uint64_t)v;
	put_u32(f, (uint32_t)u);
	put_u32(f, (uint32_t)(u >> 32));
}

/* disk_parse does what `xl -N block-attach 0 SPECS...` does, printing to
 * o and reporting to rep; returns xl's exit status. */
static int disk_parse(int n, char **specs, FILE *o, FILE *rep) {
	libxl_device_disk d;
	XLU_Config *cfg;
	int e, rc = 0;

	cfg = xlu_cfg_init(rep, "command line");
	if (!cfg) return 125;
	libxl_device_disk_init(&d);
	e = xlu_disk_parse(cfg, n, (const char *const *)specs, &d);
	if (e == EINVAL) {
		rc = 1;
	} else if (e) {
		fprintf(rep, "xlu_disk_parse failed: %s\n", strerror(errno));
		rc = 1;
	} else {
		char *json = libxl_device_disk_to_json(NULL, &d);
		fprintf(o, "disk: %s\n", json ? json : "(null)");
		free(json);
	}
	libxl_device_disk_dispose(&d);
	xlu_cfg_destroy(cfg);
	return rc;
}

static void put_value(FILE *f, XLU_Config *cfg, const XLU_ConfigValue *v);

static void put_list(FILE *f, XLU_Config *cfg, const XLU_ConfigList *l) {
	uint32_t cnt = 0, i;
	while (xlu_cfg_get_listitem2(l, cnt)) cnt++;
	put_u32(f, cnt);
	for (i = 0; i < cnt; i++) put_value(f, cfg, xlu_cfg_get_listitem2(l, i));
}

static void put_value(FILE *f, XLU_Config *cfg, const XLU_ConfigValue *v) {
	if (xlu_cfg_value_type(v) == XLU_LIST) {
		XLU_ConfigList *sub = NULL;
		fputc(2, f);
		xlu_cfg_value_get_list(cfg, (XLU_ConfigValue *)v, &sub, 1);
		put_list(f, cfg, sub);
		return;
	}
	char *s = NULL;
	xlu_cfg_value_get_string(cfg, (XLU_ConfigValue *)v, &s, 1);
	fputc(1, f);
	put_str(f, s);
	fputc(0, f);
	put_i64(f, 0);
}

/* cfg_read reads data as an xl.cfg named name and writes the whole reply
 * (status, signal, report, values) to f. */
static void cfg_read(int from_file, int n, char **a, uint32_t *lens, FILE *f) {
	char *rbuf = NULL, tmp[] = "/tmp/xlu-server-XXXXXX";
	size_t rlen = 0;
	FILE *rep = open_memstream(&rbuf, &rlen);
	XLU_Config *cfg;
	int e, i;

	if (!rep || n < 2) {
		put_u32(f, (uint32_t)-1); put_u32(f, 0); put_str(f, "xlu_server: bad request\n");
		if (rep) { fclose(rep); free(rbuf); }
		return;
	}
	cfg = xlu_cfg_init(rep, a[0]);
	if (!cfg) {
		put_u32(f, ENOMEM); put_u32(f, 0); put_str(f, "");
		fclose(rep); free(rbuf);
		return;
	}
	if (from_file) {
		int fd = mkstemp(tmp);
		e = fd < 0 ? errno : 0;
		if (!e && lens[1] && write(fd, a[1], lens[1]) != (ssize_t)lens[1]) e = errno ? errno : EIO;
		if (fd >= 0) close(fd);
		if (!e) e = xlu_cfg_readfile(cfg, tmp);
		if (fd >= 0) unlink(tmp);
	} else {
		e = xlu_cfg_readdata(cfg, lens[1] ? a[1] : a[0], (int)lens[1]);
	}
	fflush(rep);
	put_u32(f, (uint32_t)e);
	put_u32(f, 0);
	put_bytes(f, rbuf, rlen);
	if (!e) {
		for (i = 2; i < n; i++) {
			XLU_ConfigList *list = NULL;
			int cnt = 0;
			const char *s = NULL;
			long l;
			int r = xlu_cfg_get_list(cfg, a[i], &list, &cnt, 1);
			if (r == 0) {
				fputc(2, f);
				put_list(f, cfg, list);
			} else if (r == ESRCH || xlu_cfg_get_string(cfg, a[i], &s, 1)) {
				fputc(0, f);
			} else {
				fputc(1, f);
				put_str(f, s);
				if (xlu_cfg_get_long(cfg, a[i], &l, 1) == 0) {
					fputc(1, f);
					put_i64(f, (int64_t)l);
				} else {
					fputc(0, f);
					put_i64(f, 0);
				}
			}
		}
	}
	xlu_cfg_destroy(cfg);
	fclose(rep);
	free(rbuf);
}

static int slurp(int fd, char **buf, size_t *len) {
	struct stat st;
	ssize_t got = 0, r;
	*buf = NULL; *len = 0;
	if (fstat(fd, &st)) return -1;
	*buf = malloc(st.st_size + 1);
	if (!*buf) return -1;
	while (got < st.st_size) {
		r = pread(fd, *buf + got, st.st_size - got, got);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) break;
		got += r;
	}
	*len = got;
	return 0;
}

/* isolated runs one request in a forked child whose stdout data goes to a
 * memory file and whose stderr is another. For a disk parse the child's exit
 * status is xl's; for a cfg read the child writes the whole reply. */
static void isolated(uint32_t op, int n, char **a, uint32_t *lens) {
	int ofd = memfd_create("xlu-out", MFD_CLOEXEC), efd = memfd_create("xlu-err", MFD_CLOEXEC);
	int st = 0, status, sig = 0;
	char *ob = NULL, *eb = NULL;
	size_t ol = 0, el = 0;
	pid_t pid;

	fflush(out);
	if (ofd < 0 || efd < 0 || (pid = fork()) < 0) {
		put_u32(out, (uint32_t)-1); put_u32(out, 0);
		if (op == 1) put_str(out, "");
		put_str(out, "xlu_server: cannot fork\n");
		if (ofd >= 0) close(ofd);
		if (efd >= 0) close(efd);
		return;
	}
	if (pid == 0) {
		FILE *o;
		if (dup2(efd, 2) < 0) _exit(125);
		o = fdopen(ofd, "w");
		if (!o) _exit(125);
		if (op == 1) {
			st = disk_parse(n, a, o, stderr);
		} else {
			cfg_read(op == 3, n, a, lens, o);
			st = 0;
		}
		fflush(o);
		fflush(stderr);
		_exit(st);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	slurp(ofd, &ob, &ol);
	slurp(efd, &eb, &el);
	close(ofd);
	close(efd);
	if (WIFSIGNALED(status)) {
		sig = WTERMSIG(status);
	}
	if (op == 1) {
		put_u32(out, sig ? (uint32_t)-1 : (uint32_t)WEXITSTATUS(status));
		put_u32(out, (uint32_t)sig);
		put_bytes(out, ob, ol);
		put_bytes(out, eb, el);
	} else if (!sig && WEXITSTATUS(status) == 0 && ol >= 8) {
		fwrite(ob, 1, ol, out);
	} else {
		put_u32(out, (uint32_t)-1);
		put_u32(out, (uint32_t)sig);
		put_bytes(out, eb, el);
	}
	free(ob);
	free(eb);
}

static int risky(int n, char **a, uint32_t *lens) {
	size_t total = 0;
	int i;
	for (i = 0; i < n; i++) {
		total += lens[i];
		if (memmem(a[i], lens[i], "=\n", 2)) return 1;
	}
	return total >= RISKY_LEN;
}

int main(void) {
	uint32_t op, n, i;
	in = stdin;
	out = stdout;
	signal(SIGPIPE, SIG_DFL);
	for (;;) {
		char **a;
		uint32_t *lens;
		if (get_u32(&op) || get_u32(&n)) return 0;
		if (n > MAX_ARGS) return 3;
		a = calloc(n + 1, sizeof *a);
		lens = calloc(n + 1, sizeof *lens);
		if (!a || !lens) return 4;
		for (i = 0; i < n; i++) {
			if (get_u32(&lens[i]) || lens[i] > MAX_LEN) return 3;
			a[i] = malloc(lens[i] + 1);
			if (!a[i]) return 4;
			if (lens[i] && fread(a[i], 1, lens[i], in) != lens[i]) return 3;
			a[i][lens[i]] = 0;
		}
		if (op != 1 && op != 2 && op != 3) return 3;
		if (risky((int)n, a, lens)) {
			isolated(op, (int)n, a, lens);
		} else if (op == 1) {
			char *ob = NULL, *eb = NULL;
			size_t ol = 0, el = 0;
			FILE *o = open_memstream(&ob, &ol), *e = open_memstream(&eb, &el);
			int st = (o && e) ? disk_parse((int)n, a, o, e) : 125;
			if (o) fclose(o);
			if (e) fclose(e);
			put_u32(out, (uint32_t)st);
			put_u32(out, 0);
			put_bytes(out, ob, ol);
			put_bytes(out, eb, el);
			free(ob);
			free(eb);
		} else {
			cfg_read(op == 3, (int)n, a, lens, out);
		}
		for (i = 0; i < n; i++) free(a[i]);
		free(a);
		free(lens);
		/* Flush only when no further request is already buffered, so that a
		 * batch is answered in large writes. */
		if (in->_IO_read_ptr >= in->_IO_read_end) fflush(out);
	}
}
