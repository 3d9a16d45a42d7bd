package xenstore

import (
	"errors"
	"fmt"
	"github.com/xldisk/xldisk/internal/diagtest"
	goldenfile "github.com/xldisk/xldisk/internal/golden"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

const goldenDir = "testdata/golden"

var (
	phy        = diskspec.BackendPhy
	qdisk      = diskspec.BackendQdisk
	tap        = diskspec.BackendTap
	standalone = diskspec.BackendStandalone
	hvm        = domain.Options{Type: domain.HVM}
	v2015      = domain.Options{Type: domain.HVM, Dialect: domain.Dialect2015}
)

// goldenCases are rendered for every known release. The backend is the one
// libxl chooses for the spec on Xen 4.19 and later (on older releases some
// of these disks are refused before their nodes are written; the nodes are
// what device_disk_add would write for that backend).
var goldenCases = []struct {
	name    string
	spec    string
	backend diskspec.Backend
	opts    domain.Options
}{
	{"phy-block", "/dev/vg/guest,raw,xvda,w", phy, domain.Options{}},
	{"phy-script", "vdev=xvdb,script=block-iscsi,target=iqn.2001-05.com.example:disk", phy, domain.Options{}},
	{"phy-cdrom-empty", ",,hdc:cdrom,backendtype=phy", phy, domain.Options{Type: domain.HVM, DomID: 7}},
	{"phy-cdrom-empty-pv", "vdev=xvdc,devtype=cdrom,format=empty", phy, domain.Options{}},
	{"phy-cdrom-empty-pv-explicit", "vdev=xvdc,devtype=cdrom,format=empty,backendtype=phy", phy, domain.Options{DomID: 3}},
	{"phy-cdrom-empty-driver-domain", ",,hdc:cdrom,backendtype=phy,backend=dd", phy, hvm},
	{"qdisk-qcow2", "/srv/guest.qcow2,qcow2,xvda,w", qdisk, domain.Options{}},
	{"phy-raw-file-ro", "/srv/guest.img,raw,xvdb,r,discard,direct-io-safe", phy, domain.Options{}},
	{"qdisk-raw-explicit", "/srv/guest.img,raw,xvdc,w,backendtype=qdisk", qdisk, domain.Options{}},
	{"qdisk-cdrom-hvm", "/srv/install.iso,raw,hdc:cdrom,r", qdisk, hvm},
	{"qdisk-cdrom-empty", ",,hdd:cdrom", qdisk, hvm},
	{"qdisk-extended-vdev", "/srv/big.qcow2,qcow2,xvdq1,w", qdisk, domain.Options{DomID: 12}},
	{"tap-vhd", "/srv/guest.vhd,vhd,xvda,w,backendtype=tap", tap, domain.Options{}},
	{"tap-raw-script", "/srv/guest.img,raw,xvdb,w,backendtype=tap,script=block-tap2", tap, domain.Options{ScriptDir: "/usr/lib/xen/scripts/"}},
	{"standalone-virtio", "vdev=xvda,specification=virtio,target=/dev/vg/v", standalone, domain.Options{}},
	{"standalone-driver-domain", "vdev=xvda,specification=virtio,backend=storage,target=/srv/v.img", standalone, domain.Options{}},
	{"colo-upstream", "/srv/colo.img,raw,xvda,w,colo,colo-host=10.0.0.2,colo-port=9000,colo-export=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2", qdisk, hvm},
	{"colo-upstream-incomplete", "/srv/colo.img,raw,xvda,w,colo,colo-host=10.0.0.2", qdisk, hvm},
	{"colo-2015", "/srv/colo.img,raw,xvda,w,colo,colo-params=10.0.0.2:9000:exportname=e1,active-disk=/srv/act.qcow2,hidden-disk=/srv/hid.qcow2", qdisk, v2015},
	{"phy-2015", "/dev/vg/guest,raw,hda,w", phy, v2015},
	{"phy-cdrom-empty-2015", ",,hdc:cdrom", phy, v2015},
	{"tap-2015", "tap:aio:/srv/a.img,xvda,w", tap, v2015},
}

// withGrantUsage returns d with grant_usage=0 set, which the spec syntax of
// this checkout may not accept on every release.
func withGrantUsage(d *diskspec.Disk, v bool) *diskspec.Disk {
	c := *d
	c.GrantUsage = diskspec.DefboolOf(v)
	return &c
}

func render(spec string, d *diskspec.Disk, b diskspec.Backend, opts domain.Options) string {
	var s strings.Builder
	fmt.Fprintf(&s, "# spec: %s\n# dialect=%s type=%s domid=%d backend=%s\n", spec, opts.Dialect, opts.Type, opts.DomIDOrDefault(), b)
	nodes, err := Nodes(d, b, opts)
	if err != nil {
		fmt.Fprintf(&s, "# no nodes: %v\n", err)
		return s.String()
	}
	s.WriteString(nodes.String())
	return s.String()
}

// goldenFiles groups the releases by the output they give, in release
// order: the newest group's file is NAME.txt, each older group's is
// NAME@FIRST.txt, FIRST being the group's oldest release.
func goldenFiles(name string, out func(release.Version) string) map[string]string {
	files := map[string]string{}
	known := release.Known()
	for i := 0; i < len(known); {
		j := i
		for j+1 < len(known) && out(known[j+1]) == out(known[i]) {
			j++
		}
		file := name + ".txt"
		if j != len(known)-1 {
			file = name + "@" + known[i].String() + ".txt"
		}
		files[file] = out(known[i])
		i = j + 1
	}
	return files
}

// TestGolden compares the nodes of each case, on every known release, with
// testdata/golden/NAME.txt (the newest releases) and NAME@4.17.txt (the
// releases before the nodes changed, when they differ); regenerate with
// go test ./xenstore -update. It also reads each disk back.
func TestGolden(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := diskspec.Parse(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			out := func(v release.Version) string {
				o := tc.opts
				o.Xen = v
				return render(tc.spec, d, tc.backend, o)
			}
			files := goldenFiles(tc.name, out)
			stale, _ := filepath.Glob(filepath.Join(goldenDir, tc.name+"@*.txt"))
			if goldenfile.Updating() {
				if err := os.MkdirAll(goldenDir, 0o755); err != nil {
					t.Fatal(err)
				}
				for _, f := range stale {
					if _, ok := files[filepath.Base(f)]; !ok {
						if err := os.Remove(f); err != nil {
							t.Fatal(err)
						}
					}
				}
				for f, got := range files {
					if err := os.WriteFile(filepath.Join(goldenDir, f), []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			} else {
				for _, f := range stale {
					if _, ok := files[filepath.Base(f)]; !ok {
						t.Errorf("%s: no release gives this output any more (run go test ./xenstore -update)", f)
					}
				}
			}
			for f, got := range files {
				seen[f] = true
				want, err := os.ReadFile(filepath.Join(goldenDir, f))
				if err != nil {
					t.Fatalf("%v (run go test ./xenstore -update)", err)
				}
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", f, diff)
				}
			}

			for _, v := range release.Known() {
				o := tc.opts
				o.Xen = v
				nodes, err := Nodes(d, tc.backend, o)
				if err != nil {
					continue
				}
				back, err := DiskFromBackendDir(readDir(nodes), nodes.Backend, o)
				if err != nil {
					t.Fatalf("%s: read back: %v", v, err)
				}
				if diff := cmp.Diff(expectedReadBack(d, tc.backend, o), back); diff != "" {
					t.Errorf("%s: read back (-want +got):\n%s", v, diff)
				}
			}
		})
	}
	// Every golden file belongs to a case.
	all, _ := filepath.Glob(filepath.Join(goldenDir, "*.txt"))
	for _, f := range all {
		if !seen[filepath.Base(f)] && !goldenfile.Updating() {
			t.Errorf("%s belongs to no case", f)
		}
	}
}

// readDir is the directory to read nodes back from: none when the backend
// domain is a name (its id is only known at attach time).
func readDir(n DiskNodes) string {
	if strings.Contains(n.BackendDir, "<") {
		return ""
	}
	return n.BackendDir
}

// expectedReadBack is what libxl__disk_from_xenstore recovers of d: no
// format, params after its first ':', COLO values only with colo.
func expectedReadBack(d *diskspec.Disk, b diskspec.Backend, opts domain.Options) *diskspec.Disk {
	cur := opts.Dialect == domain.DialectCurrent
	w := &diskspec.Disk{Vdev: d.Vdev, Backend: b, Removable: d.Removable, Readwrite: d.Readwrite, IsCdrom: d.IsCdrom}
	if d.BackendDomname != nil && driverDomain(d) {
		w.BackendDomid = 0 // <NAME> in the path is no number
	}
	p := d.PdevPath
	if b == diskspec.BackendPhy && opts.Has(release.EmptyCdromPhy) && d.IsCdrom != 0 && d.Format == diskspec.FormatEmpty &&
		d.Backend == diskspec.BackendPhy && !driverDomain(d) {
		p = diskspec.Str(fmt.Sprintf("%s.%d", EmptyCdrom, opts.DomIDOrDefault()))
	}
	if p == nil && (b == diskspec.BackendTap || b == diskspec.BackendQdisk) {
		p = diskspec.Str("")
	}
	if p != nil {
		s := *p
		if i := strings.IndexByte(s, ':'); i >= 0 {
			s = s[i+1:]
		}
		w.PdevPath = diskspec.Str(s)
	}
	w.ColoEnable = diskspec.DefboolFalse
	if d.ColoEnable.Val(false) && b == diskspec.BackendQdisk {
		w.ColoEnable = diskspec.DefboolTrue
		w.ColoHost, w.ColoPort, w.ColoExport = d.ColoHost, d.ColoPort, d.ColoExport
		w.ActiveDisk, w.HiddenDisk = d.ActiveDisk, d.HiddenDisk
		if w.ColoHost == nil && cur {
			w.ColoHost = diskspec.Str("(null)")
		}
		for _, s := range []**string{&w.ColoExport, &w.ActiveDisk, &w.HiddenDisk} {
			if *s == nil {
				*s = diskspec.Str("(null)")
			}
		}
	}
	if cur {
		w.Specification = diskspec.SpecificationXen
		if d.Specification == diskspec.SpecificationVirtio {
			w.Specification = diskspec.SpecificationVirtio
			w.Transport = diskspec.TransportMmio
			if opts.Has(release.GrantUsage) {
				w.GrantUsage = diskspec.DefboolOf(d.GrantUsage.Val(driverDomain(d)))
			}
		}
	}
	return w
}

// ruleOf returns the rule of err's diagnostic, or the zero RuleID.
func ruleOf(err error) diag.RuleID {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		return d.Rule
	}
	return diag.RuleID{}
}

func TestDiskFromBackendDirErrors(t *testing.T) {
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
	virtio := []Node{{"specification", "virtio"}, {"transport", "mmio"}, {"base", "0"}, {"irq", "33"}}
	cur := domain.Options{}
	const be = "/local/domain/0/be"
	tests := []struct {
		name  string
		nodes []Node
		opts  domain.Options
		want  string
		rule  diag.RuleID
	}{
		{"no type", without("type"), cur, "missing xenstore node /local/domain/0/be/type", RuleMissingNode},
		{"no dev", without("dev"), cur, "missing xenstore node /local/domain/0/be/dev", RuleMissingNode},
		{"no removable", without("removable"), cur, "missing xenstore node /local/domain/0/be/removable", RuleMissingNode},
		{"no mode", without("mode"), cur, "missing xenstore node /local/domain/0/be/mode", RuleMissingNode},
		{"no device-type", without("device-type"), cur, "missing xenstore node /local/domain/0/be/device-type", RuleMissingNode},
		{"colo without port", without("colo-port", colo...), cur, "missing xenstore node /local/domain/0/be/colo-port", RuleMissingNode},
		{"colo without export", without("colo-export", colo...), cur, "missing xenstore node /local/domain/0/be/colo-export", RuleMissingNode},
		{"colo without active-disk", without("active-disk", colo...), cur, "missing xenstore node /local/domain/0/be/active-disk", RuleMissingNode},
		{"colo without hidden-disk", without("hidden-disk", colo...), cur, "missing xenstore node /local/domain/0/be/hidden-disk", RuleMissingNode},
		{"2015 colo without active-disk", without("x", Node{"colo-params", "h:1:exportname=e"}), v2015, "missing xenstore node /local/domain/0/be/active-disk", RuleMissingNode},
		{"2015 ignores colo-host", without("x", Node{"colo-host", "h"}), v2015, "", diag.RuleID{}},
		{"bad specification", without("x", Node{"specification", "scsi"}), cur, "unable to parse xenstore node /local/domain/0/be/specification", RuleBadNode},
		{"specification in upper case", without("x", append([]Node{{"specification", "VirtIO"}}, virtio[1:]...)...), cur, "", diag.RuleID{}},
		{"virtio without transport", without("x", Node{"specification", "virtio"}), cur, "missing xenstore node /local/domain/0/be/transport", RuleMissingNode},
		{"virtio transport unknown", without("x", virtio[0], Node{"transport", "Unknown"}), cur, "only transport mmio is expected for specification virtio", RuleTransport},
		{"virtio transport pci", without("x", virtio[0], Node{"transport", "pci"}), cur, "unable to parse xenstore node /local/domain/0/be/transport", RuleBadNode},
		{"virtio without base", without("base", virtio...), cur, "missing xenstore node /local/domain/0/be/base", RuleMissingNode},
		{"virtio without irq", without("irq", virtio...), cur, "missing xenstore node /local/domain/0/be/irq", RuleMissingNode},
		{"virtio without grant_usage is fine", without("x", virtio...), cur, "", diag.RuleID{}},
		{"params missing is fine", without("params"), cur, "", diag.RuleID{}},
		{"colo-export missing without colo is fine", without("x"), cur, "", diag.RuleID{}},
		{"backend path without a domain", without("type"), cur, "unable to fetch device backend domid from /local/domain/storage/x", RuleBackendPath},
	}
	for _, tt := range tests {
		var nodes []Node
		for _, n := range tt.nodes {
			nodes = append(nodes, Node{be + "/" + n.Path, n.Value})
		}
		dir := be
		if tt.rule == RuleBackendPath {
			dir = "/local/domain/storage/x"
		}
		d, err := DiskFromBackendDir(dir, nodes, tt.opts)
		got := ""
		if err != nil {
			got = err.Error()
		}
		want := tt.want
		if want != "" {
			want = "error: " + want + " [" + tt.rule.String() + "]"
		}
		if got != want {
			t.Errorf("%s: error %q, want %q (disk %+v)", tt.name, got, want, d)
		}
		if ruleOf(err) != tt.rule {
			t.Errorf("%s: rule %v, want %v", tt.name, ruleOf(err), tt.rule)
		}
		if err != nil && d != nil {
			t.Errorf("%s: a disk with an error", tt.name)
		}
	}
	// Without a directory the message names the node alone.
	if _, err := DiskFromBackendNodes(without("type"), cur); err == nil || !strings.Contains(err.Error(), "missing xenstore node type [") {
		t.Errorf("DiskFromBackendNodes: %v", err)
	}
}

func TestDiskFromBackendDirQuirks(t *testing.T) {
	disk := func(extra ...Node) []Node {
		return append([]Node{{"type", "vbd3"}, {"dev", "xvda"}, {"removable", " +1x"}, {"mode", "r"}, {"device-type", "cdrom"}}, extra...)
	}
	x417, x419 := domain.Options{Xen: release.Xen417}, domain.Options{Xen: release.Xen419}
	virtio := []Node{{"specification", "virtio"}, {"transport", "MMIO"}, {"base", " 4096junk"}, {"irq", "4294967329"}}
	tests := []struct {
		name  string
		dir   string
		nodes []Node
		opts  domain.Options
		want  *diskspec.Disk
	}{
		// params keeps what follows its first ':', the backend domain
		// comes from the directory, removable is atoi'd, the 2015 series
		// does not know vbd3.
		{"2015", "/local/domain/5/backend/vbd/1/51712", disk(Node{"params", "/dev/disk/by-path/pci-0000:00:1f.2"}), v2015,
			&diskspec.Disk{BackendDomid: 5, PdevPath: diskspec.Str("00:1f.2"), Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse}},
		{"vbd3 on 4.17 is unknown", "/local/domain/ 7/x", disk(), x417,
			&diskspec.Disk{BackendDomid: 7, Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse, Specification: diskspec.SpecificationXen}},
		{"vbd3 on 4.19 is tap", "", disk(), x419,
			&diskspec.Disk{Backend: diskspec.BackendTap, Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse, Specification: diskspec.SpecificationXen}},
		{"virtio on 4.17: no grant_usage", "/local/domain/3/backend/virtio_disk/1/51712", disk(append(virtio, Node{"grant_usage", "0"})...), x417,
			&diskspec.Disk{BackendDomid: 3, Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse,
				Specification: diskspec.SpecificationVirtio, Transport: diskspec.TransportMmio, Base: 4096, Irq: 33}},
		{"virtio on 4.19: grant_usage default from the domain", "/local/domain/3/backend/virtio_disk/1/51712", disk(virtio...), x419,
			&diskspec.Disk{Backend: diskspec.BackendTap, BackendDomid: 3, Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse,
				Specification: diskspec.SpecificationVirtio, Transport: diskspec.TransportMmio, Base: 4096, Irq: 33, GrantUsage: diskspec.DefboolTrue}},
		{"virtio on 4.19: grant_usage strtoul base 0 (08 is 0)", "", disk(append(virtio, Node{"grant_usage", "08"})...), x419,
			&diskspec.Disk{Backend: diskspec.BackendTap, Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse,
				Specification: diskspec.SpecificationVirtio, Transport: diskspec.TransportMmio, Base: 4096, Irq: 33, GrantUsage: diskspec.DefboolFalse}},
		{"virtio on 4.19: grant_usage 0x10", "", disk(append(virtio, Node{"grant_usage", "0x10"})...), x419,
			&diskspec.Disk{Backend: diskspec.BackendTap, Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolFalse,
				Specification: diskspec.SpecificationVirtio, Transport: diskspec.TransportMmio, Base: 4096, Irq: 33, GrantUsage: diskspec.DefboolTrue}},
		{"colo-port is atoi'd", "", disk(Node{"colo-host", "h"}, Node{"colo-port", "99999999999"}, Node{"colo-export", "e"}, Node{"active-disk", "/a"}, Node{"hidden-disk", "/h"}), x419,
			&diskspec.Disk{Backend: diskspec.BackendTap, Vdev: diskspec.Str("xvda"), Removable: 1, IsCdrom: 1, ColoEnable: diskspec.DefboolTrue, Specification: diskspec.SpecificationXen,
				ColoHost: diskspec.Str("h"), ColoPort: 1215752191, ColoExport: diskspec.Str("e"), ActiveDisk: diskspec.Str("/a"), HiddenDisk: diskspec.Str("/h")}},
	}
	for _, tt := range tests {
		d, err := DiskFromBackendDir(tt.dir, tt.nodes, tt.opts)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, d); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestBackendDomid(t *testing.T) {
	for _, tt := range []struct {
		dir  string
		want uint32
		ok   bool
	}{
		{"/local/domain/5/backend/vbd/1/51712", 5, true}, {"/local/domain/5", 0, false}, {"/local/domain//", 0, false}, {"/local/domain/+9/", 9, true},
		{"/local/domain/-1/", 0xffffffff, true}, {"/local/domain/4294967301/", 5, true}, {"/be", 0, false}, {"", 0, false},
		{"/local/domain/0x10/", 0, false}, {"/local/domain/ 7/", 7, true}, {"/local/domain/7 /", 0, false},
	} {
		if got, ok := backendDomid(tt.dir); got != tt.want || ok != tt.ok {
			t.Errorf("backendDomid(%q) = %d, %v, want %d, %v", tt.dir, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNodesErrors(t *testing.T) {
	d := &diskspec.Disk{Vdev: diskspec.Str("hde"), PdevPath: diskspec.Str("/x"), Format: diskspec.FormatRaw}
	x417 := domain.Options{Xen: release.Xen417}
	e := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/x"), Format: diskspec.FormatRaw}
	tests := []struct {
		name string
		d    *diskspec.Disk
		b    diskspec.Backend
		opts domain.Options
		rule diag.RuleID
		msg  string
	}{
		{"invalid vdev", d, phy, domain.Options{}, RuleNodesVdev, "invalid or unsupported virtual disk identifier hde"},
		{"unknown backend", e, diskspec.BackendUnknown, domain.Options{}, RuleNodesBackend, "unrecognized disk backend type: 0"},
		{"out of range backend", e, diskspec.Backend(9), domain.Options{}, RuleNodesBackend, "unrecognized disk backend type: 9"},
		{"2015 standalone", e, standalone, v2015, RuleNodesBackend, "unrecognized disk backend type: 4"},
		{"2015 tap", e, tap, v2015, RuleNodesTap, "tapdisk device"},
		{"4.17 tap", e, tap, x417, RuleNodesTap, "blktap is not supported (vbd3 disks need Xen 4.19 or later)"},
		{"4.18 tap", e, tap, domain.Options{Xen: release.Xen418}, RuleNodesTap, "blktap is not supported"},
	}
	for _, tt := range tests {
		_, err := Nodes(tt.d, tt.b, tt.opts)
		if ruleOf(err) != tt.rule || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v (rule %v), want %v containing %q", tt.name, err, ruleOf(err), tt.rule, tt.msg)
		}
		var dg diag.Diagnostic
		if errors.As(err, &dg) && dg.Range != nil {
			t.Errorf("%s: range %v, want none", tt.name, dg.Range)
		}
	}
	if _, err := Nodes(e, tap, domain.Options{Xen: release.Xen419}); err != nil {
		t.Errorf("4.19 tap: %v", err)
	}
}

func TestStrings(t *testing.T) {
	formats := map[diskspec.Format]string{
		diskspec.FormatQcow: "qcow", diskspec.FormatQcow2: "qcow2", diskspec.FormatVhd: "vhd", diskspec.FormatRaw: "aio",
		diskspec.FormatEmpty: "aio", diskspec.FormatQed: "qed", diskspec.FormatUnknown: "(null)",
	}
	for f, want := range formats {
		if got := formatString(f); got != want {
			t.Errorf("formatString(%s) = %q, want %q", f, got, want)
		}
	}
	x417, x419 := domain.Options{Xen: release.Xen417}, domain.Options{Xen: release.Xen419}
	for _, tt := range []struct {
		b        diskspec.Backend
		opts     domain.Options
		want     string
		readBack diskspec.Backend
	}{
		{phy, x419, "phy", phy}, {tap, x419, "vbd3", tap}, {tap, x417, "phy", phy}, {tap, v2015, "phy", phy},
		{qdisk, x419, "qdisk", qdisk}, {standalone, x417, "standalone", standalone}, {standalone, v2015, "standalone", diskspec.BackendUnknown},
		{diskspec.BackendUnknown, x419, "(null)", diskspec.BackendUnknown},
	} {
		if got := backendType(tt.b, tt.opts); got != tt.want {
			t.Errorf("backendType(%s, %s %s) = %q, want %q", tt.b, tt.opts.Dialect, tt.opts.Release(), got, tt.want)
		}
		if got := stringToBackend(tt.want, tt.opts); got != tt.readBack {
			t.Errorf("stringToBackend(%q, %s %s) = %s, want %s", tt.want, tt.opts.Dialect, tt.opts.Release(), got, tt.readBack)
		}
	}
	for _, tt := range []struct {
		s    string
		opts domain.Options
		want diskspec.Backend
	}{{"file", x417, tap}, {"tap", x419, diskspec.BackendUnknown}, {"tap:vhd", x419, diskspec.BackendUnknown}, {"vbd3", x417, diskspec.BackendUnknown}, {"PHY", x419, diskspec.BackendUnknown}} {
		if got := stringToBackend(tt.s, tt.opts); got != tt.want {
			t.Errorf("stringToBackend(%q, %s) = %s, want %s", tt.s, tt.opts.Release(), got, tt.want)
		}
	}
}

// node returns the value of the node named path, and whether it exists.
func node(nodes []Node, path string) (string, bool) {
	for _, n := range nodes {
		if n.Path == path {
			return n.Value, true
		}
	}
	return "", false
}

func TestNodesDetails(t *testing.T) {
	d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatRaw}
	// Scripts: relative names resolve against the script directory.
	for _, tt := range []struct {
		script, dir, want string
	}{{"/opt/block-x", "", "/opt/block-x"}, {"block-drbd", "/usr/lib/xen/scripts/", "/usr/lib/xen/scripts/block-drbd"}, {"block-drbd", "", "/etc/xen/scripts/block-drbd"}} {
		d.Script = diskspec.Str(tt.script)
		n, err := Nodes(d, phy, domain.Options{ScriptDir: tt.dir})
		if err != nil {
			t.Fatal(err)
		}
		if n.Backend[2].Path != "script" || n.Backend[2].Value != tt.want {
			t.Errorf("script %q dir %q: node %+v, want %q", tt.script, tt.dir, n.Backend[2], tt.want)
		}
	}
	// A NULL target writes no params node on phy; qdisk writes "aio:".
	nd := &diskspec.Disk{Vdev: diskspec.Str("xvdb"), Format: diskspec.FormatRaw, Readwrite: 1}
	n, err := Nodes(nd, phy, domain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := node(n.Backend, "params"); ok {
		t.Errorf("phy without target: params = %q", v)
	}
	if n, err = Nodes(nd, standalone, domain.Options{}); err != nil {
		t.Fatal(err)
	} else if v, ok := node(n.Backend, "params"); ok {
		t.Errorf("standalone without target: params = %q", v)
	}
	if n, err = Nodes(nd, qdisk, domain.Options{}); err != nil {
		t.Fatal(err)
	} else if v, _ := node(n.Backend, "params"); v != "aio:" {
		t.Errorf("qdisk without target: params = %q", v)
	}
	// grant_usage: explicit values win over the backend domain, and only
	// 4.19 and later write the node.
	vd := &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str("/dev/vg/v"), Format: diskspec.FormatRaw, Specification: diskspec.SpecificationVirtio}
	for _, tt := range []struct {
		d    *diskspec.Disk
		xen  release.Version
		want string
	}{
		{vd, release.Xen419, "0"}, {withGrantUsage(vd, true), release.Xen419, "1"}, {withGrantUsage(vd, true), release.Xen418, ""},
		{vd, release.Xen417, ""}, {withGrantUsage(vd, false), release.Xen422, "0"},
	} {
		n, err := Nodes(tt.d, standalone, domain.Options{Xen: tt.xen})
		if err != nil {
			t.Fatal(err)
		}
		got, ok := node(n.Backend, "grant_usage")
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("grant_usage=%s on %s: node %q, want %q", tt.d.GrantUsage, tt.xen, got, tt.want)
		}
		if ok && n.Backend[len(n.Backend)-1].Path != "grant_usage" {
			t.Errorf("grant_usage is not the last backend node: %v", n.Backend)
		}
	}
	// A named backend domain that is domain 0 is not a driver domain.
	for _, name := range []string{"0", "Domain-0"} {
		dd := *vd
		dd.BackendDomname = diskspec.Str(name)
		n, err := Nodes(&dd, standalone, domain.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(n.BackendDir, "/local/domain/0/") {
			t.Errorf("backend=%s: %s", name, n.BackendDir)
		}
		if v, _ := node(n.Backend, "grant_usage"); v != "0" {
			t.Errorf("backend=%s: grant_usage %q", name, v)
		}
	}
}

// TestRules checks that every rule of the package is registered in
// XLD150-XLD159 with a summary, an explanation and examples, and that no
// test built a diagnostic with an unregistered rule.
func TestRules(t *testing.T) {
	rules := []diag.RuleID{RuleNodesVdev, RuleNodesBackend, RuleNodesTap, RuleMissingNode, RuleBadNode, RuleTransport, RuleBackendPath}
	var ids []string
	for _, id := range rules {
		r, ok := diag.Lookup(id)
		if !ok {
			t.Fatalf("%v is not registered", id)
		}
		if r.ID < "XLD150" || r.ID > "XLD159" || r.Summary == "" || r.Why == "" || r.Bad == "" || r.Good == "" {
			t.Errorf("rule %+v", r)
		}
		ids = append(ids, r.ID)
	}
	if !sort.StringsAreSorted(ids) {
		t.Errorf("rules out of order: %v", ids)
	}
}

func TestMain(m *testing.M) { diagtest.Main(m) }
