package domain

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/xldisk/xldisk/release"
)

// TestZeroOptions: the zero value is a PV guest on the newest release,
// judged offline, with libxl's defaults.
func TestZeroOptions(t *testing.T) {
	var o Options
	if o.HVM() || o.Release() != release.Default || o.HostOrDefault() != OfflineHost ||
		o.DomIDOrDefault() != 1 || o.ScriptDirOrDefault() != "/etc/xen/scripts" || o.AHCI() {
		t.Errorf("zero Options: %+v", o)
	}
	if l := o.Limits.OrDefault(); l != DefaultLimits {
		t.Errorf("zero limits = %+v", l)
	}
	if l := (Limits{MaxDepth: 3}).OrDefault(); l.MaxDepth != 3 || l.MaxFileSize != DefaultLimits.MaxFileSize {
		t.Errorf("a set field is not kept: %+v", l)
	}
	o = Options{Type: HVM, HDType: AHCI, ScriptDir: "/opt/scripts/", DomID: 7}
	if !o.HVM() || !o.AHCI() || o.ScriptDirOrDefault() != "/opt/scripts" || o.DomIDOrDefault() != 7 {
		t.Errorf("options: %+v", o)
	}
	if o.Dialect = Dialect2015; o.AHCI() || o.Has(release.GrantUsage) {
		t.Errorf("the 2015 dialect has AHCI or a release feature")
	}
	if !(Options{Xen: release.Xen420}).Has(release.GrantUsage) || (Options{Xen: release.Xen417}).Has(release.GrantUsage) {
		t.Errorf("Has does not follow the release")
	}
}

func TestEnums(t *testing.T) {
	for _, s := range []string{"pv", "pvh", "hvm"} {
		if g, err := ParseGuestType(s); err != nil || g.String() != s {
			t.Errorf("ParseGuestType(%q) = %v, %v", s, g, err)
		}
	}
	if h, err := ParseHDType("AHCI"); err != nil || h != AHCI {
		t.Errorf("ParseHDType ignores case as xl does: %v, %v", h, err)
	}
	if _, err := ParseHDType("scsi"); err == nil {
		t.Errorf("ParseHDType(scsi) succeeded")
	}
	for _, s := range []string{"none", "primary", "secondary"} {
		if m, err := ParseColoMode(s); err != nil || m.String() != s {
			t.Errorf("ParseColoMode(%q) = %v, %v", s, m, err)
		}
	}
	if d, err := ParseDialect(""); err != nil || d != DialectCurrent {
		t.Errorf(`ParseDialect("") = %v, %v`, d, err)
	}
	if d, err := ParseDialect("2015"); err != nil || d != Dialect2015 {
		t.Errorf("ParseDialect(2015) = %v, %v", d, err)
	}
	if GuestType(9).String() != "GuestType(9)" {
		t.Errorf("an unknown value prints %q", GuestType(9).String())
	}
}

func TestHosts(t *testing.T) {
	if f, err := OfflineHost.Stat("/dev/vg/a"); err != nil || !f.Block {
		t.Errorf("offline /dev path: %+v, %v", f, err)
	}
	if f, err := OfflineHost.Stat("/srv/a.img"); err != nil || !f.Regular {
		t.Errorf("offline file: %+v, %v", f, err)
	}
	if _, err := OfflineHost.Stat(""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(`offline stat(""): %v, want ENOENT`, err)
	}
	if !Offline(nil) || !Offline(OfflineHost) || Offline(OSHost) {
		t.Errorf("Offline is wrong")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "a.img")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f, err := OSHost.Stat(file); err != nil || !f.Regular || f.Block || f.Dir {
		t.Errorf("OSHost file: %+v, %v", f, err)
	}
	if f, err := OSHost.Stat(dir); err != nil || !f.Dir {
		t.Errorf("OSHost dir: %+v, %v", f, err)
	}
	if _, err := OSHost.Stat(filepath.Join(dir, "none")); err == nil {
		t.Errorf("OSHost stat of a missing file succeeded")
	}
	m := MapHost{"/x": {Block: true}}
	if f, err := m.Stat("/x"); err != nil || !f.Block {
		t.Errorf("MapHost: %+v, %v", f, err)
	}
	if _, err := m.Stat("/y"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("MapHost of a missing path: %v", err)
	}
}
