//go:build oracle

package validate

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/oracle"
)

// qemuAccepts starts q paused with the given device arguments (the files
// under dir visible), quits it over QMP and reports whether it accepted
// them.
func qemuAccepts(t *testing.T, q *oracle.QEMURunner, dir string, args ...string) (bool, string) {
	t.Helper()
	r := q.Run(t, dir, args)
	return r.Accepted, strings.TrimSpace(r.Stderr)
}

func qemuImage(t *testing.T, q *oracle.QEMURunner, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	q.CreateImage(t, p, "raw")
	return p
}

func firesRule(t *testing.T, opts domain.Options, rule diag.RuleID, specs ...string) bool {
	t.Helper()
	var ps []*diskspec.Parsed
	for _, s := range specs {
		p, err := diskspec.ParseWith(opts, s)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	for _, d := range Domain(ps, opts).Diags {
		if d.Rule == rule {
			return true
		}
	}
	return false
}

// TestOracleQEMULimits checks the QEMU-side rules against QEMU 7.2 and 10.0
// (each with the Xen release of its Debian system) with the
// device arguments libxl_dm.c writes (strings from libxl_dm.c, built here
// independently of the qemuargs package): a CD-ROM on disk index n becomes
// ide-cd on bus ide.(n/2) (XLD205 for n = 4), an sd disk scsi-hd with
// scsi-id=n (XLD208 for n >= 8), and two IDE disks with the same index
// collide (XLD207).
func TestOracleQEMULimits(t *testing.T) {
	for _, v := range []oracle.QEMUVersion{oracle.QEMU72, oracle.QEMU100} {
		t.Run("qemu"+string(v), func(t *testing.T) {
			t.Parallel()
			testOracleQEMULimits(t, oracle.QEMU(t, v))
		})
	}
}

func testOracleQEMULimits(t *testing.T, q *oracle.QEMURunner) {
	dir := t.TempDir()
	hvm := domain.Options{Type: domain.HVM, Xen: q.Xen()}
	checked := 0

	// CD-ROMs, disk index 0..4 (libxl skips index > 4 before QEMU).
	for n := 0; n <= 4; n++ {
		name := "xvd" + string(rune('a'+n))
		id := fmt.Sprintf("ide-%d", 202<<8|n<<4)
		ok, msg := qemuAccepts(t, q, dir, "-drive", "if=none,readonly=on,id="+id,
			"-device", fmt.Sprintf("ide-cd,id=%s,drive=%s,bus=ide.%d,unit=%d", id, id, n/2, n%2))
		fired := firesRule(t, hvm, RuleCdromBus, ",,"+name+":cdrom")
		if ok == fired {
			t.Errorf("CD-ROM %s: QEMU accepts = %v (%s), XLD205 fired = %v", name, ok, msg, fired)
		}
		checked++
	}

	// SCSI disks sda..sdp.
	for n := 0; n <= 15; n++ {
		name := "sd" + string(rune('a'+n))
		img := qemuImage(t, q, dir, name+".img")
		id := fmt.Sprintf("scsi0-hd%d", n)
		ok, msg := qemuAccepts(t, q, dir, "-device", "lsi53c895a",
			"-drive", fmt.Sprintf("file=%s,id=%s,format=raw,if=none,readonly=off,cache=writeback", img, id),
			"-device", fmt.Sprintf("scsi-hd,drive=%s,scsi-id=%d", id, n))
		fired := firesRule(t, hvm, RuleSCSIID, "/dev/vg/a,raw,"+name+",w")
		if ok == fired {
			t.Errorf("SCSI disk %s: QEMU accepts = %v (%s), XLD208 fired = %v", name, ok, msg, fired)
		}
		checked++
	}

	// Two IDE disks: same index collides, different indexes do not.
	a, b := qemuImage(t, q, dir, "a.img"), qemuImage(t, q, dir, "b.img")
	ide := func(file string, n int) []string {
		return []string{"-drive", fmt.Sprintf("file=%s,if=ide,index=%d,media=disk,format=raw,cache=writeback", file, n)}
	}
	for _, pair := range []struct {
		v1, v2 string
		n1, n2 int
	}{{"hda", "xvda", 0, 0}, {"hda", "xvdb", 0, 1}, {"hdc", "xvdc", 2, 2}, {"hdb", "xvdd", 1, 3}} {
		ok, msg := qemuAccepts(t, q, dir, append(ide(a, pair.n1), ide(b, pair.n2)...)...)
		fired := firesRule(t, hvm, RuleSlotConflict, "/dev/vg/a,raw,"+pair.v1+",w", "/dev/vg/b,raw,"+pair.v2+",w")
		if ok == fired {
			t.Errorf("%s + %s: QEMU accepts = %v (%s), XLD207 fired = %v", pair.v1, pair.v2, ok, msg, fired)
		}
		checked++
	}
	t.Logf("oracle: %s agrees with XLD205/XLD207/XLD208 on %d device layouts", q, checked)
}
