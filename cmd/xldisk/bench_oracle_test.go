//go:build oracle

package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

var (
	benchFiles   = flag.Int("lintbench.files", 3000, "configs in the tree of TestLintBenchVsLibxlu")
	benchRounds  = flag.Int("lintbench.rounds", 3, "rounds; the fastest counts")
	benchEnforce = flag.Bool("lintbench.enforce", false, "fail when xldisk lint is slower than the C program (CI only logs it: timings on a shared machine are noisy)")
)

// benchSpecs are disk specs as found in real configs, in every syntax.
var benchSpecs = []string{
	"/dev/vg0/%s-root,raw,xvda,rw",
	"format=qcow2, vdev=xvdb, access=rw, target=/var/lib/xen/images/%s-data.qcow2",
	"phy:/dev/vg0/%s-swap,xvdc,w",
	"/srv/iso/debian-12.iso,,hdc,cdrom",
	"vdev=xvdd, access=ro, target=/srv/share/%s.img",
	"file:/var/lib/xen/%s-extra.img,xvde,w",
	"format=raw,vdev=xvdf,access=rw,backendtype=phy,target=/dev/vg1/%s-logs",
}

// benchConfig is the i-th config of the tree: an HVM or PV guest with one
// to four disks; one in 25 has a disk spec libxlu refuses.
func benchConfig(i int) string {
	name := fmt.Sprintf("guest%04d", i)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s, generated\nname = \"%s\"\n", name, name)
	if i%3 == 0 {
		b.WriteString("type = \"pv\"\nkernel = \"/usr/lib/grub-xen/grub-x86_64-xen.bin\"\n")
	} else {
		b.WriteString("type = \"hvm\"\nfirmware = \"uefi\"\nboot = \"cd\"\nvnc = 1\nserial = \"pty\"\n")
	}
	fmt.Fprintf(&b, "memory = %d\nvcpus = %d\n", 1024*(1+i%8), 1+i%4)
	fmt.Fprintf(&b, "vif = [ 'mac=00:16:3e:%02x:%02x:%02x,bridge=xenbr0' ]\n", i>>16&255, i>>8&255, i&255)
	b.WriteString("disk = [ ")
	n := 1 + i%4
	for k := 0; k < n; k++ {
		if k > 0 {
			b.WriteString(",\n         ")
		}
		spec := benchSpecs[(i+k)%len(benchSpecs)]
		if k == 0 {
			spec = benchSpecs[0]
		}
		if strings.Contains(spec, "hdc") && i%3 == 0 {
			spec = benchSpecs[1] // no CD-ROM for PV guests
		}
		if strings.Contains(spec, "%s") {
			spec = fmt.Sprintf(spec, name)
		}
		if i%25 == 24 && k == n-1 {
			spec = "/dev/vg0/" + name + ",xvdz,w" // "xvdz" is no format
		}
		fmt.Fprintf(&b, "'%s'", spec)
	}
	b.WriteString(" ]\non_crash = \"restart\"\n")
	return b.String()
}

// benchC does what xl does with each file: xlu_cfg_readfile, then
// xlu_disk_parse of every disk, in one process for all the files (xl runs
// one process per file, which would only be slower).
const benchC = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxl.h>
#include <libxlutil.h>
int main(int argc, char **argv) {
	FILE *list = fopen(argv[1], "r");
	FILE *devnull = fopen("/dev/null", "w");
	char path[4096];
	long files = 0, disks = 0, bad = 0;
	if (!list || !devnull) return 2;
	while (fgets(path, sizeof path, list)) {
		path[strcspn(path, "\n")] = 0;
		XLU_Config *cfg = xlu_cfg_init(devnull, path);
		if (!cfg) return 2;
		files++;
		if (xlu_cfg_readfile(cfg, path)) { bad++; xlu_cfg_destroy(cfg); continue; }
		XLU_ConfigList *dl; int n = 0;
		if (!xlu_cfg_get_list(cfg, "disk", &dl, &n, 0)) {
			for (int i = 0; i < n; i++) {
				const char *spec = xlu_cfg_get_listitem(dl, i);
				libxl_device_disk d;
				if (!spec) break;
				libxl_device_disk_init(&d);
				if (xlu_disk_parse(cfg, 1, &spec, &d)) bad++;
				libxl_device_disk_dispose(&d);
				disks++;
			}
		}
		xlu_cfg_destroy(cfg);
	}
	printf("%ld %ld %ld\n", files, disks, bad);
	return 0;
}
`

// timeCmd runs a command rounds times and returns the fastest wall time
// and the output of the last run.
func timeCmd(t *testing.T, rounds int, name string, args ...string) (time.Duration, []byte) {
	t.Helper()
	best := time.Duration(1<<63 - 1)
	var out []byte
	for i := 0; i < rounds; i++ {
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(name, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		start := time.Now()
		err := cmd.Run()
		d := time.Since(start)
		if err != nil {
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() > 1 {
				t.Fatalf("%s: %v\n%s", name, err, stderr.Bytes())
			}
		}
		best = min(best, d)
		out = stdout.Bytes()
	}
	return best, out
}

// TestLintBenchVsLibxlu times, side by side in one run, "xldisk lint" on a
// generated tree of configs against a C program that reads each file with
// libxlutil and parses every disk (what xl does with a file). Run it with
//
//	go test -tags oracle -run TestLintBenchVsLibxlu -v ./cmd/xldisk
//
// The goal is less wall time than the C program, although lint does far
// more (every libxl rule, QEMU emulation, suppressions, the report).
func TestLintBenchVsLibxlu(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no gcc")
	}
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	var list strings.Builder
	for i := 0; i < *benchFiles; i++ {
		p := filepath.Join(tree, fmt.Sprintf("site%02d", i%20), fmt.Sprintf("rack%d", i%7), fmt.Sprintf("guest%04d.cfg", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(benchConfig(i)), 0o644); err != nil {
			t.Fatal(err)
		}
		list.WriteString(p + "\n")
	}
	listFile := filepath.Join(dir, "files")
	os.WriteFile(listFile, []byte(list.String()), 0o644)

	csrc := filepath.Join(dir, "xl-read.c")
	cbin := filepath.Join(dir, "xl-read")
	os.WriteFile(csrc, []byte(benchC), 0o644)
	if out, err := exec.Command("gcc", "-O2", "-o", cbin, csrc, "-lxlutil", "-lxenlight").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	xbin := filepath.Join(dir, "xldisk")
	if out, err := exec.Command("go", "build", "-o", xbin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// Warm the page cache, then the fastest of the rounds.
	timeCmd(t, 1, cbin, listFile)
	timeCmd(t, 1, xbin, "lint", "--fail-on=never", tree)
	cWall, cOut := timeCmd(t, *benchRounds, cbin, listFile)
	xWall, _ := timeCmd(t, *benchRounds, xbin, "lint", "--fail-on=never", tree)

	var files, disks, rejected int
	if _, err := fmt.Sscan(string(cOut), &files, &disks, &rejected); err != nil || files != *benchFiles {
		t.Fatalf("C program: %q (%v)", cOut, err)
	}
	// xldisk linted every file, and found what libxlu rejects.
	_, jOut := timeCmd(t, 1, xbin, "lint", "--fail-on=never", "--format=json", tree)
	var rep struct {
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal(jOut, &rep); err != nil || rep.Summary["files"] != *benchFiles {
		t.Fatalf("xldisk linted %d files, want %d (%v)", rep.Summary["files"], *benchFiles, err)
	}
	if rep.Summary["error"] < rejected {
		t.Errorf("xldisk found %d errors, libxlu rejects %d specs", rep.Summary["error"], rejected)
	}
	ratio := float64(xWall) / float64(cWall)
	t.Logf("%d configs, %d disks (%d rejected by libxlu), %d CPUs: xldisk lint %v, C (xlu_cfg_readfile + xlu_disk_parse) %v, ratio %.2f",
		files, disks, rejected, runtime.NumCPU(), xWall.Round(time.Millisecond), cWall.Round(time.Millisecond), ratio)
	if *benchEnforce && ratio > 1 {
		t.Errorf("xldisk lint is %.2fx the C program's wall time; the goal is below 1", ratio)
	}
}
