//go:build oracle

package validate

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/release"
)

// oracleC calls libxl's own libxl__device_disk_set_backend (a global
// symbol of the static libxenlight.a of each Xen release available: 4.17
// on this machine, 4.20 in the Debian 13 root). libxl_ctx_alloc needs a hypervisor
// handle and a xenstore connection; stubs that return dummy handles stand
// in for them (set_backend uses neither). Each input line is
// "FORMAT BACKEND SPEC SCRIPT COLO CDROM DOMID [TARGET]" ("-" is an empty
// target, no TARGET a NULL one); each output line "RC BACKEND".
const oracleC = oracle.LibxlPrelude + `
int libxl__device_disk_set_backend(gc_t *gc, libxl_device_disk *disk);
int main(void) {
	libxl_ctx *ctx;
	xentoollog_logger *lg = (xentoollog_logger *)xtl_createlogger_stdiostream(stderr, XTL_CRITICAL, 0);
	if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, lg)) return 1;
	gc_t gc = {0, NULL, ctx};
	char line[4096];
	while (fgets(line, sizeof line, stdin)) {
		libxl_device_disk d;
		int fmt, be, spec, script, colo, cdrom, domid, n, rc;
		char target[2048];
		libxl_device_disk_init(&d);
		n = sscanf(line, "%d %d %d %d %d %d %d %2047s", &fmt, &be, &spec, &script, &colo, &cdrom, &domid, target);
		if (n < 7) { printf("bad 0\n"); continue; }
		d.format = fmt; d.backend = be; d.specification = spec;
		if (script) d.script = strdup("block-iscsi");
		libxl_defbool_set(&d.colo_enable, colo != 0);
		libxl_defbool_set(&d.colo_restore_enable, false);
		d.is_cdrom = cdrom; d.removable = cdrom;
		d.backend_domid = domid;
		d.vdev = strdup("xvda");
		if (n == 8) d.pdev_path = strdup(strcmp(target, "-") ? target : "");
		rc = libxl__device_disk_set_backend(&gc, &d);
		printf("%d %d\n", rc, rc ? 0 : (int)d.backend);
		libxl_device_disk_dispose(&d);
	}
	return 0;
}
`

// findBlockDevice returns a block device of this machine, or "".
func findBlockDevice() string {
	entries, _ := os.ReadDir("/dev")
	for _, e := range entries {
		p := "/dev/" + e.Name()
		if fi, err := os.Stat(p); err == nil && fi.Mode()&fs.ModeDevice != 0 && fi.Mode()&fs.ModeCharDevice == 0 {
			return p
		}
	}
	return ""
}

// TestOracleSetBackend runs the backend matrix through every available
// Xen release's libxl__device_disk_set_backend and ChooseBackend for that
// release on the real host (current dialect, PV), and requires the same
// outcome for every disk: the release table gives each release's tap
// (4.17: always refused, blktap2 is gone; 4.19+: vbd3) and its phy (the
// empty CD-ROM shortcut from 4.19).
func TestOracleSetBackend(t *testing.T) {
	vs := oracle.Releases()
	if len(vs) == 0 {
		t.Skip("no libxl oracle available")
	}
	for _, v := range vs {
		t.Run(v.String(), func(t *testing.T) { testOracleSetBackend(t, v, oracle.BuildLibxlProgramFor(t, v, oracleC)) })
	}
}

func testOracleSetBackend(t *testing.T, v release.Version, prog *oracle.Program) {
	dir := t.TempDir()
	file := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{"file": file, "dir": dir, "missing": filepath.Join(dir, "nope"), "empty": "-", "null": ""}
	if b := findBlockDevice(); b != "" {
		targets["block"] = b
	} else {
		t.Log("oracle: no block device under /dev; block cases skipped")
	}
	type tc struct {
		d      *diskspec.Disk
		line   string
		target string
	}
	var cases []tc
	for _, f := range []diskspec.Format{diskspec.FormatRaw, diskspec.FormatQcow2, diskspec.FormatVhd, diskspec.FormatEmpty, diskspec.FormatQed} {
		for _, b := range []diskspec.Backend{diskspec.BackendUnknown, diskspec.BackendPhy, diskspec.BackendTap, diskspec.BackendQdisk, diskspec.BackendStandalone} {
			for _, s := range []diskspec.Specification{diskspec.SpecificationXen, diskspec.SpecificationVirtio} {
				for _, script := range []bool{false, true} {
					for _, colo := range []bool{false, true} {
						for _, cd := range []bool{false, true} {
							for _, domid := range []uint32{0, 5} {
								for tk, tp := range targets {
									d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), Format: f, Backend: b, Specification: s, BackendDomid: domid}
									sc, co, cdi := 0, 0, 0
									if script {
										d.Script, sc = diskspec.Str("block-iscsi"), 1
									}
									d.ColoEnable = diskspec.DefboolOf(colo)
									if colo {
										co = 1
									}
									if cd {
										d.IsCdrom, d.Removable, cdi = 1, 1, 1
									}
									line := fmt.Sprintf("%d %d %d %d %d %d %d", f, b, s, sc, co, cdi, domid)
									switch tk {
									case "null":
									case "empty":
										d.PdevPath = diskspec.Str("")
										line += " -"
									default:
										d.PdevPath = diskspec.Str(tp)
										line += " " + tp
									}
									cases = append(cases, tc{d, line, tk})
								}
							}
						}
					}
				}
			}
		}
	}
	var in bytes.Buffer
	for _, c := range cases {
		in.WriteString(c.line + "\n")
	}
	run, cleanup, err := prog.CommandDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	run.Stdin = &in
	out, err := run.Output()
	cleanup()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	opts := domain.Options{Xen: v, Host: domain.OSHost}
	i, bad, chosen, refused := 0, 0, 0, 0
	for sc.Scan() {
		c := cases[i]
		i++
		var rc, be int
		if _, err := fmt.Sscan(sc.Text(), &rc, &be); err != nil {
			t.Fatalf("oracle line %q: %v", sc.Text(), err)
		}
		libxl := diskspec.BackendUnknown
		if rc == 0 {
			libxl = diskspec.Backend(be)
		}
		got := ChooseBackend(c.d, opts)
		want := got.Backend
		if !got.OK() {
			want = diskspec.BackendUnknown
		}
		if want != libxl {
			bad++
			if bad <= 20 {
				t.Errorf("%s (target %s): libxl %s %s (rc %d), ChooseBackend %s\n%s", c.line, c.target, v, libxl, rc, got.Backend, got.Explain())
			}
		}
		if libxl == diskspec.BackendUnknown {
			refused++
		} else {
			chosen++
		}
	}
	if i != len(cases) {
		t.Fatalf("oracle answered %d of %d cases", i, len(cases))
	}
	t.Logf("oracle: libxl__device_disk_set_backend (Xen %s) on %d disks (%d given a backend, %d refused): %d mismatches",
		v, len(cases), chosen, refused, bad)
	if chosen == 0 || refused == 0 {
		t.Errorf("the matrix gives %d backends and %d refusals; it must exercise both", chosen, refused)
	}
}
