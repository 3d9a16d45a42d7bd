package validate

import (
	"testing"

	"github.com/xldisk/xldisk/diskspec"
)

// FuzzDisk parses arbitrary specs and checks that validation never panics,
// that every span points inside the spec, that a disk with a backend and a
// vdev has xenstore nodes, and that reading them back keeps the vdev,
// backend and access.
func FuzzDisk(f *testing.F) {
	for _, s := range []string{
		"/dev/vg/a,raw,xvda,w", "/srv/a.qcow2,qcow2,hda,r", ",,hdc:cdrom", "/srv/a.iso,empty,hdc:cdrom,r",
		"vdev=xvda,specification=virtio,target=/dev/vg/a", "tap:aio:/srv/a.img,xvda,w",
		"/srv/c.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a,hidden-disk=/h",
		"/srv/c.img,raw,xvda,w,colo,colo-host=h,colo-port=9,colo-export=e,active-disk=/a,hidden-disk=/h",
		"vdev=d0xp1,backendtype=standalone,target=/x", "/dev/vg/a,raw,sdp,r,backend=dd",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(0xff))
	}
	f.Fuzz(func(t *testing.T, spec string, bits uint8) {
		p, err := diskspec.ParseDetailed(spec)
		if err != nil {
			return
		}
		opts := Options{HVM: bits&1 != 0, Hotplug: bits&4 != 0, Blktap2: bits&8 != 0}
		if bits&2 != 0 {
			opts.HDType = "ahci"
		}
		if bits&16 != 0 {
			opts.Dialect = Dialect2015
		}
		results, all := Domain([]*diskspec.Parsed{p, p}, opts)
		if len(results) != 2 {
			t.Fatal("results")
		}
		for _, d := range all {
			if d.Span.Valid() && (d.Span.Frag >= len(p.Frags) || d.Span.Offset < 0 || d.Span.Len < 0 || d.Span.End() > len(p.Frags[d.Span.Frag])) {
				t.Fatalf("%s: span %v outside %q", d.Rule, d.Span, p.Frags)
			}
		}
		r := results[0]
		if r.OK() && r.Choice.Failure != "" {
			t.Fatal("OK with a failure")
		}
		if !r.Choice.OK() || r.VdevErr != nil {
			return
		}
		nodes, err := XenstoreNodes(p.Disk, r.Choice.Backend, opts)
		if err != nil {
			if opts.Dialect == Dialect2015 && r.Choice.Backend == diskspec.BackendTap {
				return
			}
			t.Fatalf("XenstoreNodes: %v", err)
		}
		back, err := DiskFromBackendDir(nodes.BackendDir, nodes.Backend, opts.Dialect)
		if err != nil {
			t.Fatalf("read back: %v\n%s", err, nodes)
		}
		if back.VdevName() != p.Disk.VdevName() || back.Readwrite != p.Disk.Readwrite || back.IsCdrom != p.Disk.IsCdrom {
			t.Fatalf("read back %+v from %+v", back, p.Disk)
		}
		if back.Backend != r.Choice.Backend && !(opts.Dialect == Dialect2015 && r.Choice.Backend == diskspec.BackendTap) {
			t.Fatalf("read back backend %s, chose %s", back.Backend, r.Choice.Backend)
		}
	})
}

func BenchmarkDisk(b *testing.B) {
	b.ReportAllocs()
	p, err := diskspec.ParseDetailed("/srv/guest.qcow2,qcow2,hda,w")
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{HVM: true}
	for i := 0; i < b.N; i++ {
		if r := Disk(p, opts); !r.OK() {
			b.Fatal(r.Diags)
		}
	}
}

func BenchmarkChooseBackend(b *testing.B) {
	b.ReportAllocs()
	d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatRaw}
	for i := 0; i < b.N; i++ {
		if c := ChooseBackend(d, Options{}); !c.OK() {
			b.Fatal(c.Failure)
		}
	}
}

func BenchmarkXenstoreNodes(b *testing.B) {
	b.ReportAllocs()
	d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatRaw, Readwrite: 1}
	for i := 0; i < b.N; i++ {
		if _, err := XenstoreNodes(d, diskspec.BackendPhy, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzDiskFromBackendNodes reads disks back from arbitrary node values: it
// must never panic, and a disk it returns has the nodes' dev and mode.
func FuzzDiskFromBackendNodes(f *testing.F) {
	f.Add("aio:/srv/a.img", "qdisk", "xvda", "0", "w", "disk", "", "", false)
	f.Add("/dev/vg/a", "phy", "hdc", "1", "r", "cdrom", "h", "9000", true)
	f.Add("x", "standalone", "xvda", "0", "w", "disk", "virtio", "mmio", false)
	f.Fuzz(func(t *testing.T, params, typ, dev, removable, mode, devtype, a, b string, dl2015 bool) {
		nodes := []Node{{"params", params}, {"type", typ}, {"dev", dev}, {"removable", removable}, {"mode", mode}, {"device-type", devtype},
			{"specification", a}, {"transport", b}, {"colo-host", a}, {"colo-port", b}, {"colo-export", a}, {"active-disk", a}, {"hidden-disk", b},
			{"colo-params", a + ":" + b + ":exportname=" + a}, {"base", b}, {"irq", b}, {"grant_usage", b}}
		dl := DialectCurrent
		if dl2015 {
			dl = Dialect2015
		}
		d, err := DiskFromBackendDir("/local/domain/"+removable+"/backend/vbd/1/51712", nodes, dl)
		if err != nil {
			return
		}
		if d.VdevName() != dev || (d.Readwrite == 1) != (mode == "w") || (d.IsCdrom == 1) != (devtype == "cdrom") {
			t.Fatalf("read %+v from %v", d, nodes)
		}
	})
}
