package validate

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden/")

const xenstoreGoldenDir = "../testdata/golden/xenstore"

var xenstoreCases = []struct {
	name string
	spec string
	opts Options
}{
	{"phy-block", "/dev/vg/guest,raw,xvda,w", Options{}},
	{"phy-script", "vdev=xvdb,script=block-iscsi,target=iqn.2001-05.com.example:disk", Options{}},
	{"phy-cdrom-empty", ",,hdc:cdrom,backendtype=phy", Options{HVM: true, DomID: 7}},
	{"qdisk-qcow2", "/srv/guest.qcow2,qcow2,xvda,w", Options{}},
	{"phy-raw-file-ro", "/srv/guest.img,raw,xvdb,r,discard,direct-io-safe", Options{}},
	{"qdisk-raw-explicit", "/srv/guest.img,raw,xvdc,w,backendtype=qdisk", Options{}},
	{"qdisk-cdrom-hvm", "/srv/install.iso,raw,hdc:cdrom,r", Options{HVM: true}},
	{"qdisk-cdrom-empty", ",,hdd:cdrom", Options{HVM: true}},
	{"qdisk-extended-vdev", "/srv/big.qcow2,qcow2,xvdq1,w", Options{DomID: 12}},
	{"tap-vhd", "/srv/guest.vhd,vhd,xvda,w,backendtype=tap", Options{}},
	{"standalone-virtio", "vdev=xvda,specification=virtio,target=/dev/vg/v", Options{}},
	{"standalone-driver-domain", "vdev=xvda,specification=virtio,backend=storage,target=/srv/v.img", Options{}},
	{"colo-upstream", "/srv/colo.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2", Options{HVM: true}},
	{"colo-upstream-incomplete", "/srv/colo.img,raw,xvda,w,colo,colo-host=10.0.0.2", Options{HVM: true}},
	{"colo-2015", "/srv/colo.img,raw,xvda,w,colo,colo-params=10.0.0.2:9000:exportname=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2", Options{HVM: true, Dialect: Dialect2015}},
	{"phy-2015", "/dev/vg/guest,raw,hda,w", Options{HVM: true, Dialect: Dialect2015}},
}

func renderXenstore(p *diskspec.Parsed, opts Options) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# spec: %s\n# dialect=%s hvm=%v domid=%d\n", strings.Join(p.Frags, " "), opts.Dialect, opts.HVM, opts.domid())
	r := Disk(p, opts)
	fmt.Fprintf(&b, "# backend: %s\n", r.Choice.Backend)
	for _, d := range r.Diags {
		fmt.Fprintf(&b, "# %s\n", d.Error())
	}
	nodes, err := XenstoreNodes(p.Disk, r.Choice.Backend, opts)
	if err != nil {
		fmt.Fprintf(&b, "# no nodes: %v\n", err)
		return b.String()
	}
	b.WriteString(nodes.String())
	return b.String()
}

// TestXenstoreGolden compares the nodes of each case with
// testdata/golden/xenstore/NAME.txt (regenerate with go test ./validate
// -update) and reads each disk back from its backend nodes.
func TestXenstoreGolden(t *testing.T) {
	for _, tc := range xenstoreCases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := diskspec.ParseDetailed(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			got := renderXenstore(p, tc.opts)
			file := filepath.Join(xenstoreGoldenDir, tc.name+".txt")
			if *update {
				if err := os.MkdirAll(xenstoreGoldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test ./validate -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", file, diff)
			}

			// Read back.
			r := Disk(p, tc.opts)
			nodes, err := XenstoreNodes(p.Disk, r.Choice.Backend, tc.opts)
			if err != nil {
				return
			}
			back, err := DiskFromBackendDir(nodes.BackendDir, nodes.Backend, tc.opts.Dialect)
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			want2 := expectedReadBack(p.Disk, r.Choice.Backend, tc.opts.Dialect)
			if diff := cmp.Diff(want2, back); diff != "" {
				t.Errorf("read back (-want +got):\n%s", diff)
			}
		})
	}
}

// expectedReadBack is what libxl__disk_from_xenstore recovers of d: no
// format, params after its first ':', COLO values only with colo.
func expectedReadBack(d *diskspec.Disk, b diskspec.Backend, dl Dialect) *diskspec.Disk {
	w := &diskspec.Disk{BackendDomid: d.BackendDomid, Vdev: d.Vdev, Backend: b, Removable: d.Removable, Readwrite: d.Readwrite, IsCdrom: d.IsCdrom}
	if d.PdevPath != nil {
		p := *d.PdevPath
		if b == diskspec.BackendPhy && dl == DialectCurrent && d.IsCdrom != 0 && d.Format == diskspec.FormatEmpty {
			p = StubdomEmptyCdrom + ".7" // the phy-cdrom-empty case runs as domain 7
		}
		if i := strings.IndexByte(p, ':'); i >= 0 {
			p = p[i+1:]
		}
		w.PdevPath = diskspec.Str(p)
	}
	w.ColoEnable = diskspec.DefboolFalse
	if d.ColoEnable.Val(false) {
		w.ColoEnable = diskspec.DefboolTrue
		w.ColoHost, w.ColoPort, w.ColoExport = d.ColoHost, d.ColoPort, d.ColoExport
		w.ActiveDisk, w.HiddenDisk = d.ActiveDisk, d.HiddenDisk
		if w.ColoHost == nil && dl == DialectCurrent {
			w.ColoHost = diskspec.Str("(null)")
		}
		for _, s := range []**string{&w.ColoExport, &w.ActiveDisk, &w.HiddenDisk} {
			if *s == nil {
				*s = diskspec.Str("(null)")
			}
		}
	}
	if dl == DialectCurrent {
		w.Specification = diskspec.SpecificationXen
		if d.Specification == diskspec.SpecificationVirtio {
			w.Specification = diskspec.SpecificationVirtio
			w.Transport = diskspec.TransportMmio
			w.GrantUsage = diskspec.DefboolOf(driverDomain(d))
		}
	}
	return w
}

func TestDiskFromBackendNodesErrors(t *testing.T) {
	base := []Node{{"params", "aio:/srv/a.img"}, {"type", "qdisk"}, {"dev", "xvda"}, {"removable", "0"}, {"mode", "w"}, {"device-type", "disk"}}
	without := func(name string, extra ...Node) []Node {
		var out []Node
		for _, n := range append(append([]Node{}, base...), extra...) {
			if n.Path != name {
				out = append(out, n)
			}
		}
		return out
	}
	colo := []Node{{"colo-host", "h"}, {"colo-port", "9000"}, {"colo-export", "e"}, {"active-disk", "/a"}, {"hidden-disk", "/h"}}
	tests := []struct {
		name  string
		nodes []Node
		dl    Dialect
		want  string
	}{
		{"no type", without("type"), DialectCurrent, "Missing xenstore node /be/type"},
		{"no dev", without("dev"), DialectCurrent, "Missing xenstore node /be/dev"},
		{"no removable", without("removable"), DialectCurrent, "Missing xenstore node /be/removable"},
		{"no mode", without("mode"), DialectCurrent, "Missing xenstore node /be/mode"},
		{"no device-type", without("device-type"), DialectCurrent, "Missing xenstore node /be/device-type"},
		{"colo without port", without("colo-port", colo...), DialectCurrent, "Missing xenstore node /be/colo-port"},
		{"colo without export", without("colo-export", colo...), DialectCurrent, "Missing xenstore node /be/colo-export"},
		{"colo without active-disk", without("active-disk", colo...), DialectCurrent, "Missing xenstore node /be/active-disk"},
		{"colo without hidden-disk", without("hidden-disk", colo...), DialectCurrent, "Missing xenstore node /be/hidden-disk"},
		{"2015 colo without active-disk", without("x", Node{"colo-params", "h:1:exportname=e"}), Dialect2015, "Missing xenstore node /be/active-disk"},
		{"bad specification", without("x", Node{"specification", "scsi"}), DialectCurrent, "Unable to parse xenstore node /be/specification"},
		{"virtio without transport", without("x", Node{"specification", "virtio"}), DialectCurrent, "Missing xenstore node /be/transport"},
		{"params missing is fine", without("params"), DialectCurrent, ""},
		{"colo-export missing without colo is fine", without("x"), DialectCurrent, ""},
	}
	for _, tt := range tests {
		var nodes []Node
		for _, n := range tt.nodes {
			nodes = append(nodes, Node{"/be/" + n.Path, n.Value})
		}
		d, err := DiskFromBackendDir("/be", nodes, tt.dl)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: error %q, want %q (disk %+v)", tt.name, got, tt.want, d)
		}
		var me *MissingNodeError
		if strings.HasPrefix(tt.want, "Missing") && !errors.As(err, &me) {
			t.Errorf("%s: error %T is not a *MissingNodeError", tt.name, err)
		}
	}
	// Without a directory the message names the node alone.
	if _, err := DiskFromBackendNodes(without("type")); err == nil || err.Error() != "Missing xenstore node type" {
		t.Errorf("DiskFromBackendNodes: %v", err)
	}
	// Quirks kept from libxl: params keeps what follows its first ':', the
	// backend domain comes from the directory, unknown types stay unknown.
	d, err := DiskFromBackendDir("/local/domain/5/backend/vbd/1/51712",
		[]Node{{"params", "/dev/disk/by-path/pci-0000:00:1f.2"}, {"type", "vbd3"}, {"dev", "xvda"}, {"removable", "1"}, {"mode", "r"}, {"device-type", "cdrom"}}, Dialect2015)
	if err != nil {
		t.Fatal(err)
	}
	want := &diskspec.Disk{BackendDomid: 5, PdevPath: diskspec.Str("00:1f.2"), Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("quirks (-want +got):\n%s", diff)
	}
}

func TestXenstoreNodesErrors(t *testing.T) {
	d := &diskspec.Disk{Vdev: diskspec.Str("hde"), PdevPath: diskspec.Str("/x"), Format: diskspec.FormatRaw}
	if _, err := XenstoreNodes(d, diskspec.BackendPhy, Options{}); err == nil {
		t.Error("invalid vdev accepted")
	}
	d.Vdev = diskspec.Str("xvda")
	if _, err := XenstoreNodes(d, diskspec.BackendUnknown, Options{}); err == nil {
		t.Error("unknown backend accepted")
	}
	if _, err := XenstoreNodes(d, diskspec.BackendTap, Options{Dialect: Dialect2015}); err == nil {
		t.Error("2015 tap accepted")
	}
}

func TestCHelpers(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want int
	}{{"9000", 9000}, {" 12x", 12}, {"-3", -3}, {"x", 0}, {"", 0}, {"99999999999", 1215752191}, {"99999999999999999999", -1}} { // glibc: (int)strtol, which saturates at LONG_MAX
		if got := diskspec.CAtoi(tt.s); got != tt.want {
			t.Errorf("atoi(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
	for _, tt := range []struct {
		s    string
		want uint64
	}{{"42", 42}, {" +7z", 7}, {"", 0}, {"99999999999999999999999", ^uint64(0)}} {
		if got := strtoul(tt.s); got != tt.want {
			t.Errorf("strtoul(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func TestXenstoreStrings(t *testing.T) {
	formats := map[diskspec.Format]string{
		diskspec.FormatQcow: "qcow", diskspec.FormatQcow2: "qcow2", diskspec.FormatVhd: "vhd", diskspec.FormatRaw: "aio",
		diskspec.FormatEmpty: "aio", diskspec.FormatQed: "qed", diskspec.FormatUnknown: "(null)",
	}
	for f, want := range formats {
		if got := formatString(f); got != want {
			t.Errorf("formatString(%s) = %q, want %q", f, got, want)
		}
	}
	for _, tt := range []struct {
		b    diskspec.Backend
		dl   Dialect
		want string
	}{
		{diskspec.BackendPhy, DialectCurrent, "phy"}, {diskspec.BackendTap, DialectCurrent, "vbd3"}, {diskspec.BackendTap, Dialect2015, "phy"},
		{diskspec.BackendQdisk, DialectCurrent, "qdisk"}, {diskspec.BackendStandalone, DialectCurrent, "standalone"}, {diskspec.BackendUnknown, DialectCurrent, "(null)"},
	} {
		if got := backendType(tt.b, tt.dl); got != tt.want {
			t.Errorf("backendType(%s, %s) = %q, want %q", tt.b, tt.dl, got, tt.want)
		}
		if got := stringToBackend(tt.want, tt.dl); tt.want != "(null)" && !(tt.b == diskspec.BackendTap && tt.dl == Dialect2015) && got != tt.b {
			t.Errorf("stringToBackend(%q, %s) = %s, want %s", tt.want, tt.dl, got, tt.b)
		}
	}
	if got := stringToBackend("file", DialectCurrent); got != diskspec.BackendTap {
		t.Errorf("stringToBackend(file) = %s", got)
	}
	if got := stringToBackend("tap", DialectCurrent); got != diskspec.BackendUnknown {
		t.Errorf("stringToBackend(tap) = %s", got)
	}
	// Scripts: relative names resolve against the script directory.
	d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatRaw, Script: diskspec.Str("/opt/block-x")}
	for _, tt := range []struct {
		script, dir, want string
	}{{"/opt/block-x", "", "/opt/block-x"}, {"block-drbd", "/usr/lib/xen/scripts/", "/usr/lib/xen/scripts/block-drbd"}, {"block-drbd", "", "/etc/xen/scripts/block-drbd"}} {
		d.Script = diskspec.Str(tt.script)
		n, err := XenstoreNodes(d, diskspec.BackendPhy, Options{ScriptDir: tt.dir})
		if err != nil {
			t.Fatal(err)
		}
		if n.Backend[2].Path != "script" || n.Backend[2].Value != tt.want {
			t.Errorf("script %q dir %q: node %+v, want %q", tt.script, tt.dir, n.Backend[2], tt.want)
		}
	}
}
