//go:build oracle

package oracle

/*
#cgo pkg-config: xlutil xenlight
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <signal.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <libxl.h>
#include <libxlutil.h>

// xo_disk_parse_to does what `xl -N block-attach 0 SPECS...` does: parse the
// fragments as one disk with libxlu reporting to rep, then print
// "disk: JSON\n" to out on success. Returns xl's exit status.
static int xo_disk_parse_to(int n, char **specs, FILE *out, FILE *rep) {
	libxl_device_disk d;
	XLU_Config *cfg;
	int e, rc = 0;

	cfg = xlu_cfg_init(rep, "command line");
	if (!cfg) return -1;
	libxl_device_disk_init(&d);
	e = xlu_disk_parse(cfg, n, (const char *const *)specs, &d);
	if (e == EINVAL) {
		rc = 1;
	} else if (e) {
		fprintf(rep, "xlu_disk_parse failed: %s\n", strerror(errno));
		rc = 1;
	} else {
		char *json = libxl_device_disk_to_json(NULL, &d);
		fprintf(out, "disk: %s\n", json ? json : "(null)");
		free(json);
	}
	libxl_device_disk_dispose(&d);
	xlu_cfg_destroy(cfg);
	return rc;
}

// xo_disk_parse runs xo_disk_parse_to in this process, capturing both
// streams in memory.
static int xo_disk_parse(int n, char **specs, char **out, size_t *outlen,
                         char **err, size_t *errlen) {
	FILE *rep, *o;
	int rc;

	*out = NULL; *outlen = 0; *err = NULL; *errlen = 0;
	rep = open_memstream(err, errlen);
	if (!rep) return -1;
	o = open_memstream(out, outlen);
	if (!o) { fclose(rep); return -1; }
	rc = xo_disk_parse_to(n, specs, o, rep);
	fclose(o);
	fclose(rep);
	return rc;
}

static int xo_slurp(int fd, char **buf, size_t *len) {
	struct stat st;
	ssize_t got = 0, r;
	if (fstat(fd, &st)) return -1;
	*len = st.st_size;
	*buf = malloc(*len + 1);
	if (!*buf) return -1;
	while ((size_t)got < *len) {
		r = pread(fd, *buf + got, *len - got, got);
		if (r <= 0) { if (r < 0 && errno == EINTR) continue; break; }
		got += r;
	}
	*len = got;
	return 0;
}

// xo_disk_parse_fork runs xo_disk_parse_to in a forked child, with the
// report going to the child's real stderr as in xl, so that a libxlu that
// exits (flex's "flex scanner jammed", exit status 2) or crashes does not
// take the caller down. Returns the exit status (128+signal if killed).
static int xo_disk_parse_fork(int n, char **specs, char **out, size_t *outlen,
                              char **err, size_t *errlen) {
	int ofd, efd, st, rc;
	sigset_t all, old;
	pid_t pid;

	*out = NULL; *outlen = 0; *err = NULL; *errlen = 0;
	ofd = memfd_create("xo-stdout", MFD_CLOEXEC);
	efd = memfd_create("xo-stderr", MFD_CLOEXEC);
	if (ofd < 0 || efd < 0) { if (ofd >= 0) close(ofd); if (efd >= 0) close(efd); return -1; }
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pid = fork();
	if (pid == 0) {
		FILE *o;
		signal(SIGSEGV, SIG_DFL); signal(SIGBUS, SIG_DFL); signal(SIGABRT, SIG_DFL);
		signal(SIGFPE, SIG_DFL); signal(SIGILL, SIG_DFL);
		sigset_t fatal;
		sigemptyset(&fatal);
		sigaddset(&fatal, SIGSEGV); sigaddset(&fatal, SIGBUS); sigaddset(&fatal, SIGABRT);
		sigaddset(&fatal, SIGFPE); sigaddset(&fatal, SIGILL);
		pthread_sigmask(SIG_UNBLOCK, &fatal, NULL);
		if (dup2(efd, 2) < 0) _exit(125);
		o = fdopen(ofd, "w");
		if (!o) _exit(125);
		rc = xo_disk_parse_to(n, specs, o, stderr);
		fflush(o);
		fflush(stderr);
		_exit(rc < 0 ? 125 : rc);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pid < 0) { close(ofd); close(efd); return -1; }
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) { close(ofd); close(efd); return -1; }
	}
	rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (xo_slurp(ofd, out, outlen) || xo_slurp(efd, err, errlen)) rc = -1;
	close(ofd);
	close(efd);
	return rc;
}

static long long xo_now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// xo_time_disk_parse parses each spec as a single fragment, iters times
// over the whole list, with a disk init/parse/dispose per spec as xl does,
// and returns the elapsed nanoseconds (or -1 on setup failure). Errors (if
// any) go to /dev/null; *nerr counts rejected parses of the last round.
static long long xo_time_disk_parse(int n, char **specs, int iters, int *nerr) {
	FILE *null = fopen("/dev/null", "w");
	XLU_Config *cfg;
	long long t0, t1;
	int it, i;

	if (!null) return -1;
	cfg = xlu_cfg_init(null, "command line");
	if (!cfg) { fclose(null); return -1; }
	*nerr = 0;
	t0 = xo_now_ns();
	for (it = 0; it < iters; it++) {
		for (i = 0; i < n; i++) {
			libxl_device_disk d;
			libxl_device_disk_init(&d);
			if (xlu_disk_parse(cfg, 1, (const char *const *)&specs[i], &d) &&
			    it == iters - 1)
				(*nerr)++;
			libxl_device_disk_dispose(&d);
		}
	}
	t1 = xo_now_ns();
	xlu_cfg_destroy(cfg);
	fclose(null);
	return t1 - t0;
}

// xo_time_cfg_readfile reads the file iters times (init, readfile,
// destroy each time) and returns the elapsed nanoseconds, or -1-errno.
static long long xo_time_cfg_readfile(const char *path, int iters) {
	FILE *null = fopen("/dev/null", "w");
	long long t0, t1;
	int it, e = 0;

	if (!null) return -1;
	t0 = xo_now_ns();
	for (it = 0; it < iters && !e; it++) {
		XLU_Config *cfg = xlu_cfg_init(null, path);
		if (!cfg) { e = ENOMEM; break; }
		e = xlu_cfg_readfile(cfg, path);
		xlu_cfg_destroy(cfg);
	}
	t1 = xo_now_ns();
	fclose(null);
	return e ? -1 - e : t1 - t0;
}

// xo_time_cfg_readdata is xo_time_cfg_readfile from memory
// (xlu_cfg_readdata), without the file system.
static long long xo_time_cfg_readdata(const char *name, const char *data,
                                      int len, int iters) {
	FILE *null = fopen("/dev/null", "w");
	long long t0, t1;
	int it, e = 0;

	if (!null) return -1;
	t0 = xo_now_ns();
	for (it = 0; it < iters && !e; it++) {
		XLU_Config *cfg = xlu_cfg_init(null, name);
		if (!cfg) { e = ENOMEM; break; }
		e = xlu_cfg_readdata(cfg, data, len);
		xlu_cfg_destroy(cfg);
	}
	t1 = xo_now_ns();
	fclose(null);
	return e ? -1 - e : t1 - t0;
}
*/
import "C"

import (
	"fmt"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// cStrings copies ss into C memory; free releases it.
func cStrings(ss []string) (arr **C.char, free func()) {
	n := len(ss)
	if n == 0 {
		n = 1
	}
	p := unsafe.Slice((**C.char)(C.calloc(C.size_t(n), C.size_t(unsafe.Sizeof((*C.char)(nil))))), n)
	for i, s := range ss {
		p[i] = C.CString(s)
	}
	return &p[0], func() {
		for i := range ss {
			C.free(unsafe.Pointer(p[i]))
		}
		C.free(unsafe.Pointer(&p[0]))
	}
}

// DiskParse parses frags as the fragments of one disk spec with libxlu's
// xlu_disk_parse and returns exactly what `xl -N block-attach 0 FRAGS...`
// writes: on success stdout is "disk: " + libxl_device_disk_to_json + "\n"
// and rc is 0; on rejection stdout is empty, stderr holds libxlu's report
// lines ("command line: config parsing error in disk specification: ...")
// and rc is 1.
//
// libxlu's flex scanner can jam: it prints "flex scanner jammed" and calls
// exit(2). A spec that could jam is therefore parsed in a forked child (see
// DiskParseIsolated), which gives that outcome as rc 2 with the message on
// stderr, as xl would. Only "=" directly before a newline can jam: flex's
// catch-all "." rule wins only at a "=" that starts no other rule (any other
// byte starts a positional value), it switches to the LEXERR state, and
// that state's only rule, ".*", fails only on a newline (at the end of
// input the scan just ends). Other specs are parsed in this process, about
// a thousand times faster.
//
// C strings end at a NUL byte, so a fragment is cut at its first NUL, as it
// would be on xl's command line. rc is -1 if the oracle itself failed.
func DiskParse(frags []string) (stdout, stderr string, rc int) {
	for _, f := range frags {
		if strings.Contains(f, "=\n") {
			return DiskParseIsolated(frags)
		}
	}
	return diskParse(frags, false)
}

// DiskParseIsolated is DiskParse always run in a forked child process, so
// that nothing libxlu does (exit, crash) can end the caller. A child killed
// by a signal gives rc 128+signal.
func DiskParseIsolated(frags []string) (stdout, stderr string, rc int) {
	return diskParse(frags, true)
}

func diskParse(frags []string, isolated bool) (stdout, stderr string, rc int) {
	arr, free := cStrings(frags)
	defer free()
	var out, errs *C.char
	var outlen, errlen C.size_t
	var r C.int
	if isolated {
		r = C.xo_disk_parse_fork(C.int(len(frags)), arr, &out, &outlen, &errs, &errlen)
	} else {
		r = C.xo_disk_parse(C.int(len(frags)), arr, &out, &outlen, &errs, &errlen)
	}
	if out != nil {
		stdout = C.GoStringN(out, C.int(outlen))
		C.free(unsafe.Pointer(out))
	}
	if errs != nil {
		stderr = C.GoStringN(errs, C.int(errlen))
		C.free(unsafe.Pointer(errs))
	}
	if r < 0 {
		return "", "oracle: cannot run libxlu (out of memory or fork failed)\n", -1
	}
	return stdout, stderr, int(r)
}

// TimeDiskParse parses every spec of specs (each as a single fragment) iters
// times with xlu_disk_parse, looping in C so that cgo call overhead is not
// measured; each parse does libxl_device_disk_init, xlu_disk_parse and
// libxl_device_disk_dispose as xl does. It returns the total elapsed time
// (divide by iters*len(specs) for the time per spec) and how many specs
// libxlu rejected.
func TimeDiskParse(specs []string, iters int) (elapsed time.Duration, rejected int) {
	if len(specs) == 0 || iters <= 0 {
		return 0, 0
	}
	arr, free := cStrings(specs)
	defer free()
	var nerr C.int
	ns := C.xo_time_disk_parse(C.int(len(specs)), arr, C.int(iters), &nerr)
	if ns < 0 {
		return 0, len(specs)
	}
	return time.Duration(ns), int(nerr)
}

// TimeCfgReadFile reads the xl.cfg file at path iters times with
// xlu_cfg_init, xlu_cfg_readfile and xlu_cfg_destroy, looping in C, and
// returns the total elapsed time. It fails if libxlu rejects the file.
func TimeCfgReadFile(path string, iters int) (time.Duration, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	ns := C.xo_time_cfg_readfile(cpath, C.int(iters))
	if ns < 0 {
		return 0, fmt.Errorf("oracle: xlu_cfg_readfile %s: %v", path, syscall.Errno(-1-ns))
	}
	return time.Duration(ns), nil
}

// TimeCfgReadData is TimeCfgReadFile for a config held in memory
// (xlu_cfg_readdata), so that no file system time is measured; name is the
// file name libxlu uses in its messages.
func TimeCfgReadData(name string, data []byte, iters int) (time.Duration, error) {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	cdata := C.CBytes(data)
	defer C.free(cdata)
	ns := C.xo_time_cfg_readdata(cname, (*C.char)(cdata), C.int(len(data)), C.int(iters))
	if ns < 0 {
		return 0, fmt.Errorf("oracle: xlu_cfg_readdata %s: %v", name, syscall.Errno(-1-ns))
	}
	return time.Duration(ns), nil
}

// trimNL is a helper for error texts.
func trimNL(s string) string { return strings.TrimRight(s, "\n") }
