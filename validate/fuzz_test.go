package validate

import (
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// fuzzOptions turns fuzzed bits into domain options.
func fuzzOptions(bits uint8) domain.Options {
	opts := domain.Options{Hotplug: bits&4 != 0, Blktap2: bits&8 != 0, Stubdom: bits&64 != 0}
	if bits&1 != 0 {
		opts.Type = domain.HVM
	}
	if bits&2 != 0 {
		opts.HDType = domain.AHCI
	}
	if bits&16 != 0 {
		opts.Dialect = domain.Dialect2015
	}
	if bits&32 != 0 {
		opts.Xen = release.Xen417
	}
	opts.ColoSide = domain.ColoMode(bits >> 7)
	return opts
}

// FuzzDisk parses arbitrary specs and checks that validation never panics,
// that every span points inside the spec, that a plan's findings are its
// disks' findings plus the domain-wide ones, and that only disks without
// an error are emulated, each on a slot of its own.
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
		opts := fuzzOptions(bits)
		pl := Domain([]*diskspec.Parsed{p, p}, opts)
		if len(pl.Disks) != 2 {
			t.Fatal("disk plans")
		}
		n := 0
		for _, d := range pl.Diags {
			if d.Range == nil {
				n++
				continue
			}
			if s := d.Range.Span; s.Valid() && (s.Frag >= len(p.Frags) || s.Offset < 0 || s.Len < 0 || s.End() > len(p.Frags[s.Frag])) {
				t.Fatalf("%s: span %v outside %q", d.Rule, s, p.Frags)
			}
		}
		slots := map[string]bool{}
		for i := range pl.Disks {
			dp := &pl.Disks[i]
			n += len(dp.Diags)
			if dp.OK() && dp.Backend.Failure != "" {
				t.Fatal("OK with a failure")
			}
			if e := dp.Emulation; e != nil {
				if !opts.HVM() || dp.Diags.HasErrors() || !dp.Backend.OK() {
					t.Fatalf("disk %d emulated with %v (backend %+v, %+v)", i, dp.Diags, dp.Backend, opts)
				}
				if k, _ := e.slotKey(); slots[k] {
					t.Fatalf("two disks on %s", k)
				} else {
					slots[k] = true
				}
			}
		}
		if n != len(pl.Diags) {
			t.Fatalf("plan holds %d findings, its disks and the domain %d", len(pl.Diags), n)
		}
	})
}

func BenchmarkDisk(b *testing.B) {
	b.ReportAllocs()
	p, err := diskspec.ParseDetailed("/srv/guest.qcow2,qcow2,hda,w")
	if err != nil {
		b.Fatal(err)
	}
	opts := domain.Options{Type: domain.HVM}
	for i := 0; i < b.N; i++ {
		if r := Disk(p, opts); !r.OK() || r.Emulation == nil {
			b.Fatal(r.Diags)
		}
	}
}

func BenchmarkDomain(b *testing.B) {
	b.ReportAllocs()
	var ps []*diskspec.Parsed
	for _, s := range []string{"/dev/vg/root,raw,hda,w", "/srv/data.qcow2,qcow2,sdb,w", "/srv/cd.iso,raw,hdc:cdrom,r",
		"vdev=xvdb,access=rw,colo,colo-host=h,colo-port=9000,colo-export=e1,active-disk=/a,hidden-disk=/h,target=/srv/c.img"} {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			b.Fatal(err)
		}
		ps = append(ps, p)
	}
	opts := domain.Options{Type: domain.HVM}
	for i := 0; i < b.N; i++ {
		if pl := Domain(ps, opts); !pl.OK() || len(pl.Emulated()) != 4 {
			b.Fatal(pl.Diags)
		}
	}
}

func BenchmarkChooseBackend(b *testing.B) {
	b.ReportAllocs()
	d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatRaw}
	for i := 0; i < b.N; i++ {
		if c := ChooseBackend(d, domain.Options{}); !c.OK() {
			b.Fatal(c.Failure)
		}
	}
}
