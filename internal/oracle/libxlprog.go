//go:build oracle

package oracle

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// LibxlPrelude starts a C program that calls libxl's internal functions
// (global symbols of Xen 4.17's static libxenlight.a) without a
// hypervisor: libxl_ctx_alloc wants a hypervisor handle and a xenstore
// connection, and these stubs return dummy ones (the functions under test
// use neither). gc_t has the layout of libxl's libxl__gc. A program
// declares the internal functions it calls after this.
const LibxlPrelude = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxl.h>
#include <xentoollog.h>
void *xc_interface_open(void *a, void *b, unsigned c) { return (void *)8; }
int xc_interface_close(void *x) { return 0; }
void *xs_open(unsigned long f) { return (void *)8; }
void xs_close(void *h) {}
typedef struct { int alloc_maxsize; void **alloc_ptrs; libxl_ctx *owner; } gc_t;
`

// BuildLibxlProgram compiles a C program (LibxlPrelude and the rest) with
// gcc against the static libxenlight and returns the binary's path, in a
// directory of the test's.
func BuildLibxlProgram(t testing.TB, src string) string {
	t.Helper()
	dir := t.TempDir()
	c := filepath.Join(dir, "o.c")
	bin := filepath.Join(dir, "o")
	if err := os.WriteFile(c, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("gcc", "-O1", "-o", bin, c,
		"-Wl,-Bstatic", "-lxenlight", "-Wl,-Bdynamic",
		"-lxenctrl", "-lxenguest", "-lxenstore", "-lxentoollog", "-lxenevtchn", "-lxengnttab",
		"-lxencall", "-lxendevicemodel", "-lxenforeignmemory", "-lxenhypfs", "-lxentoolcore",
		"-l:libyajl.so.2", "-l:libuuid.so.1", "-lutil", "-lpthread")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the libxl oracle program: %v\n%s", err, out)
	}
	return bin
}
