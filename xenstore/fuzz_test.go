package xenstore

import (
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// fuzzOptions picks a release, a dialect and a guest type from sel.
func fuzzOptions(sel uint8) domain.Options {
	known := release.Known()
	o := domain.Options{Xen: known[int(sel)%len(known)], DomID: uint32(sel >> 4)}
	if sel&0x08 != 0 {
		o.Type = domain.HVM
	}
	if sel%7 == 6 {
		o.Dialect = domain.Dialect2015
	}
	return o
}

// FuzzNodes writes the nodes of arbitrary parsed specs for every backend:
// it must never panic, a disk with nodes has a frontend node first and
// its vdev's device number in both directories, and reading the backend
// nodes back keeps the vdev, access, CD-ROM flag and backend.
func FuzzNodes(f *testing.F) {
	for _, s := range []string{
		"/dev/vg/a,raw,xvda,w", "/srv/a.qcow2,qcow2,hda,r", ",,hdc:cdrom", "/srv/a.iso,empty,hdc:cdrom,r",
		"vdev=xvda,specification=virtio,target=/dev/vg/a", "tap:aio:/srv/a.img,xvda,w",
		"/srv/c.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a,hidden-disk=/h",
		"/srv/c.img,raw,xvda,w,colo,colo-host=h,colo-port=9,colo-export=e,active-disk=/a,hidden-disk=/h",
		"vdev=d0xp1,backendtype=standalone,target=/x", "/dev/vg/a,raw,sdp,r,backend=dd",
		"vdev=xvdc,devtype=cdrom,format=empty,backendtype=phy", "/srv/a:b.img,raw,xvdq1,w",
	} {
		f.Add(s, uint8(0), uint8(0))
		f.Add(s, uint8(0x1f), uint8(0xff))
	}
	f.Fuzz(func(t *testing.T, spec string, sel, be uint8) {
		d, err := diskspec.Parse(spec)
		if err != nil {
			return
		}
		opts := fuzzOptions(sel)
		b := diskspec.Backend(be % 6)
		nodes, err := Nodes(d, b, opts)
		if err != nil {
			if !ruleOf(err).IsRegistered() {
				t.Fatalf("error without a rule: %v", err)
			}
			return
		}
		if len(nodes.Backend) == 0 || nodes.Backend[0].Path != "frontend" || nodes.Frontend[0].Path != "backend" {
			t.Fatalf("first nodes: %v", nodes)
		}
		if nodes.BackendDir[strings.LastIndexByte(nodes.BackendDir, '/'):] != nodes.FrontendDir[strings.LastIndexByte(nodes.FrontendDir, '/'):] {
			t.Fatalf("device numbers differ: %s %s", nodes.BackendDir, nodes.FrontendDir)
		}
		back, err := DiskFromBackendDir(readDir(nodes), nodes.Backend, opts)
		if err != nil {
			t.Fatalf("read back: %v\n%s", err, nodes)
		}
		if back.VdevName() != d.VdevName() || back.Readwrite != d.Readwrite || back.IsCdrom != d.IsCdrom {
			t.Fatalf("read back %+v from %+v", back, d)
		}
		if back.Backend != b {
			t.Fatalf("read back backend %s, wrote %s", back.Backend, b)
		}
	})
}

// FuzzDiskFromBackendNodes reads disks back from arbitrary node values: it
// must never panic, and a disk it returns has the nodes' dev and mode.
func FuzzDiskFromBackendNodes(f *testing.F) {
	f.Add("aio:/srv/a.img", "qdisk", "xvda", "0", "w", "disk", "", "", uint8(0))
	f.Add("/dev/vg/a", "phy", "hdc", "1", "r", "cdrom", "h", "9000", uint8(6))
	f.Add("x", "standalone", "xvda", "0", "w", "disk", "virtio", "mmio", uint8(2))
	f.Fuzz(func(t *testing.T, params, typ, dev, removable, mode, devtype, a, b string, sel uint8) {
		nodes := []Node{{"params", params}, {"type", typ}, {"dev", dev}, {"removable", removable}, {"mode", mode}, {"device-type", devtype},
			{"specification", a}, {"transport", b}, {"colo-host", a}, {"colo-port", b}, {"colo-export", a}, {"active-disk", a}, {"hidden-disk", b},
			{"colo-params", a + ":" + b + ":exportname=" + a}, {"base", b}, {"irq", b}, {"grant_usage", b}}
		d, err := DiskFromBackendDir("/local/domain/"+removable+"/backend/vbd/1/51712", nodes, fuzzOptions(sel))
		if err != nil {
			if !ruleOf(err).IsRegistered() {
				t.Fatalf("error without a rule: %v", err)
			}
			return
		}
		if d.VdevName() != dev || (d.Readwrite == 1) != (mode == "w") || (d.IsCdrom == 1) != (devtype == "cdrom") {
			t.Fatalf("read %+v from %v", d, nodes)
		}
	})
}

func BenchmarkNodes(b *testing.B) {
	b.ReportAllocs()
	d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatRaw, Readwrite: 1}
	for i := 0; i < b.N; i++ {
		if _, err := Nodes(d, diskspec.BackendPhy, domain.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
