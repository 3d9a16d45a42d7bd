package qemuargs

import (
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/validate"
)

// FuzzRender plans and renders two copies of one disk built from fuzzed
// strings under fuzzed options: nothing may panic, every rendered value
// must split back (SplitOpts) into exactly the options Render meant, no
// NUL may be rendered, no id QEMU would refuse, and only disks the plan
// emulates are rendered.
func FuzzRender(f *testing.F) {
	f.Add("/srv/xen/a.img", "hda", "colo-disk0", "/srv/a.qcow2", "/srv/h.qcow2", uint16(0))
	f.Add("/srv/xen/a,file=/etc/passwd", "sda", "e", "/a,,b", "/h,readonly=on", uint16(0x0f))
	f.Add("json:{}", "xvde", "1st", "", "", uint16(0x33))
	f.Add("rbd:pool/img", "hdc", "x y", "a", "b", uint16(0x1ff))
	f.Add("", "51712", "", "", "", uint16(0xffff))
	f.Fuzz(func(t *testing.T, target, vd, export, active, hidden string, flags uint16) {
		d := &diskspec.Disk{PdevPath: diskspec.Str(target), Vdev: diskspec.Str(vd),
			Backend: diskspec.Backend(flags & 3), Format: diskspec.Format(flags >> 2 & 7), Readwrite: int(flags >> 5 & 1)}
		if flags&(1<<6) != 0 {
			d.IsCdrom = 1
		}
		if flags&(1<<7) != 0 {
			d.ColoEnable = diskspec.DefboolTrue
			d.ColoHost, d.ColoPort, d.ColoExport = diskspec.Str("h"), 9000, diskspec.Str(export)
			d.ActiveDisk, d.HiddenDisk = diskspec.Str(active), diskspec.Str(hidden)
		}
		opts := domain.Options{Type: domain.HVM, HDType: domain.HDType(flags >> 8 & 1), Stubdom: flags&(1<<9) != 0,
			ColoSide: domain.ColoMode(flags >> 10 % 3), Dialect: domain.Dialect(flags >> 12 & 1)}
		if flags&(1<<13) != 0 {
			opts.Xen = release.Xen417
		}
		pl := validate.Domain([]*diskspec.Parsed{{Disk: d}, {Disk: d}}, opts)
		res := Render(pl)
		checkSplitProperty(t, res)
		if len(res.Drives) != len(pl.Emulated()) {
			t.Fatalf("%d drives for %d emulated disks", len(res.Drives), len(pl.Emulated()))
		}
		for _, a := range res.Args {
			if strings.IndexByte(a, 0) >= 0 {
				t.Fatalf("NUL rendered in %q", a)
			}
		}
		if opts.Dialect == domain.DialectCurrent {
			for _, kvs := range renderedOpts(t, res.Args) {
				for _, kv := range kvs {
					if (kv.Key == "id" || kv.Key == "drive") && !validate.ValidID(kv.Value) {
						t.Fatalf("invalid QEMU id %q rendered: %q", kv.Value, res.Args)
					}
				}
			}
		}
	})
}
