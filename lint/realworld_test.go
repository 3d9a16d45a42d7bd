package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/golden"
)

// TestRealWorld lints configs written from the patterns of real xl
// configs (xm-era examples, distribution templates, libvirt's output, commit
// messages) and compares every finding, collapsed as xldisk lint prints
// them, with testdata/realworld/NAME.golden. It also checks the severity
// policy on them: a config that works gets no warning and no error.
func TestRealWorld(t *testing.T) {
	files, err := filepath.Glob("testdata/realworld/*.cfg")
	if err != nil || len(files) < 10 {
		t.Fatalf("realworld corpus: %d files, %v", len(files), err)
	}
	// The configs that work on every host (their findings must be info).
	works := map[string]bool{"01-pv-lvm-phy.cfg": true, "02-hvm-installer.cfg": true, "05-ceph-rbd-qdisk.cfg": true,
		"10-ahci-six-disks.cfg": true, "11-virtio-standalone.cfg": true}
	for _, fn := range files {
		name := filepath.Base(fn)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(fn)
			if err != nil {
				t.Fatal(err)
			}
			r := Config(name, src, domain.Options{})
			var b strings.Builder
			for _, d := range Collapse(r.Diags) {
				b.WriteString(d.Range.String() + ": " + d.Error() + "\n")
				if works[name] && d.Severity != diag.Info {
					t.Errorf("working config gets %s", d.Error())
				}
			}
			got := b.String()
			golden.Check(t, strings.TrimSuffix(fn, ".cfg")+".golden", got)
		})
	}
}
