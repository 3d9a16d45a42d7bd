package validate

import (
	"fmt"
	"github.com/xldisk/xldisk/internal/diagtest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// TestMain runs the tests, then fails if any diagnostic was built with an
// unregistered rule.
func TestMain(m *testing.M) { diagtest.Main(m) }

// spanText returns the text a span points at ("<nospan>" for NoSpan).
func spanText(p *diskspec.Parsed, s diag.Span) string {
	if !s.Valid() {
		return "<nospan>"
	}
	return p.Frags[s.Frag][s.Offset:s.End()]
}

// found is one diagnostic reduced to what the table checks.
type found struct {
	Rule string
	Text string // the spec text the span points at
}

func f(r diag.RuleID, text string) found { return found{r.String(), text} }

func parse(t testing.TB, specs ...string) []*diskspec.Parsed {
	t.Helper()
	var out []*diskspec.Parsed
	for _, s := range specs {
		p, err := diskspec.ParseDetailed(s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		out = append(out, p)
	}
	return out
}

var (
	hvmOpts = domain.Options{Type: domain.HVM}
	ahci    = domain.Options{Type: domain.HVM, HDType: domain.AHCI}
	pv2015  = domain.Options{Dialect: domain.Dialect2015}
	hvm2015 = domain.Options{Type: domain.HVM, Dialect: domain.Dialect2015}
	hvm417  = domain.Options{Type: domain.HVM, Xen: release.Xen417}
	pv417   = domain.Options{Xen: release.Xen417}
)

func TestDiskRules(t *testing.T) {
	tests := []struct {
		spec string
		opts domain.Options
		want []found // every diagnostic, in order
	}{
		// A clean disk of each common kind.
		{"/dev/vg/a,raw,xvda,w", domain.Options{}, nil},
		{"/srv/a.qcow2,qcow2,hda,w", hvmOpts, nil},
		{"/srv/a.iso,raw,hdc:cdrom,r", hvmOpts, nil},
		{"/dev/vg/a,raw,sdh,w", hvmOpts, nil},
		{"/dev/vg/a,raw,xvde,r", domain.Options{}, nil}, // PV: no emulation limits

		{"/dev/vg/a,raw,hde,w", domain.Options{}, []found{f(RuleVdevInvalid, "e")}},
		{"/dev/vg/a,raw,xvda01,w", domain.Options{}, []found{f(RuleVdevInvalid, "01")}},
		{"vdev=xvda+1,target=/dev/vg/a", domain.Options{}, []found{f(RuleVdevNonCanonical, "xvda+1")}},
		{"/dev/vg/a,empty,xvda,w", domain.Options{}, []found{f(RuleEmptyNotCdrom, "empty")}},
		{"/srv/a.iso,empty,hdc:cdrom,r", domain.Options{}, []found{f(RuleEmptyWithImage, "empty")}},
		{"vdev=xvda,specification=virtio,format=vhd,target=/srv/a.vhd", domain.Options{}, []found{f(RuleNoBackend, "/srv/a.vhd")}},
		{"vdev=xvda,specification=virtio,target=/srv/a.img", domain.Options{}, nil}, // standalone takes a regular file on Linux
		{"/srv/a.img,qcow2,xvda,w,backendtype=phy", domain.Options{}, []found{f(RuleBackendUnsuitable, "phy")}},
		{"/srv/a.iso,raw,hdc:cdrom,r,backendtype=tap", hvmOpts, []found{f(RuleHVMCdromBackend, "tap")}},
		{"/srv/a.iso,raw,hdc:cdrom,r,backendtype=tap", domain.Options{}, nil}, // PV: tap is fine from 4.19
		{"vdev=xvda,specification=virtio,target=/dev/vg/a", domain.Options{Hotplug: true}, []found{f(RuleVirtioHotplug, "virtio")}},
		{"/srv/none,raw,xvda,w", domain.Options{Host: domain.MapHost{}}, []found{f(RuleStatFailed, "/srv/none")}},
		{"/srv/dir,raw,xvda,w", domain.Options{Host: matrixHost, Dialect: domain.Dialect2015}, []found{f(RuleNotBlockOrFile, "/srv/dir")}},
		{"/srv/a.img,raw,xvda,w,colo,colo-host=h,colo-port=9000", hvmOpts, []found{f(RuleColoMissing, "colo")}},
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a", pv2015,
			[]found{f(RuleColoMissing, "colo")}}, // the 2015 backend refusal is the same defect
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a,hidden-disk=/h", pv2015, nil},
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a,hidden-disk=/h", domain.Options{},
			[]found{f(RuleColoSyntax, "h:1:exportname=e")}},
		{"/srv/a.img,raw,xvda,w,colo,colo-host=h,colo-port=1,colo-export=e,active-disk=/a,hidden-disk=/h", pv2015,
			[]found{f(RuleColoSyntax, "h")}},
		{"/srv/a.img,raw,xvda,w,hidden-disk=/h", domain.Options{}, []found{f(RuleColoUnused, "/h")}},
		{"vdev=xvda,backendtype=standalone,target=/dev/vg/a", domain.Options{}, []found{f(RuleSpecBackend, "standalone")}},
		{"vdev=xvda,backendtype=phy,specification=virtio,target=/dev/vg/a", domain.Options{}, []found{f(RuleSpecBackend, "virtio")}},
		{"phy:/dev/vg/a,xvda,w", domain.Options{}, []found{f(RuleDeprecatedPrefix, "phy:")}},
		{"tap:qcow2:/srv/a.qcow2,xvda,w", domain.Options{}, []found{f(RuleDeprecatedPrefix, "tap:qcow2:")}},

		{"/dev/vg/a,raw,hdb,r", hvmOpts, []found{f(RuleReadOnlyIDE, "r")}},
		{"/dev/vg/a,raw,xvdf,r", ahci, []found{f(RuleReadOnlyAHCI, "r")}},
		{"/dev/vg/a,raw,xvdf,r", hvmOpts, []found{f(RuleIDEIndex, "xvdf")}},
		{"/dev/vg/a,raw,xvdg,w", ahci, []found{f(RuleAHCIIndex, "xvdg")}},
		{"/srv/a.iso,raw,xvdz:cdrom,r", hvmOpts, []found{f(RuleCdromIndex, "xvdz")}},
		{"/srv/a.iso,raw,sde:cdrom,r", hvmOpts, []found{f(RuleCdromBus, "sde")}},
		{"vdev=768,target=/dev/vg/a", hvmOpts, []found{f(RuleVdevNumberHVM, "768")}},
		{"/dev/vg/a,raw,sdp,r", hvmOpts, []found{f(RuleSCSIID, "sdp")}},
		{"/srv/a.vhd,vhd,xvde,w,backendtype=tap", hvmOpts, []found{f(RuleScriptPath, "tap")}}, // the path comes first, as in libxl_dm.c
		{"/srv/a.vhd,vhd,hdd,w,backendtype=tap", hvmOpts, []found{f(RuleScriptPath, "tap")}},  // 4.19+: tapdisk's NBD socket

		// Xen 4.17 and 4.18: tap always fails, an HVM cdrom must be
		// qdisk, an empty cdrom is not phy's.
		{"/srv/a.vhd,vhd,hdd,w,backendtype=tap", hvm417, []found{f(RuleBackendUnsuitable, "tap")}},
		{"/srv/a.vhd,vhd,hdd,w", hvm417, nil}, // qdisk
		{"/dev/vg/a,raw,hdc:cdrom,r,backendtype=phy", hvm417, []found{f(RuleHVMCdromBackend, "phy")}},
		{"/dev/vg/a,raw,hdc:cdrom,r,backendtype=phy", hvmOpts, nil},
		{"vdev=hdc,devtype=cdrom,backendtype=phy,format=empty,target=/var/run/xen/empty-cdrom.1", domain.Options{}, nil},
		{"vdev=hdc,devtype=cdrom,backendtype=phy,format=empty,target=/var/run/xen/empty-cdrom.1", pv417, []found{f(RuleEmptyWithImage, "empty")}},

		// The 2015 series: no AHCI, read-only disks emulated writable,
		// every CD-ROM index from 4 on reaches QEMU and fails.
		{"/dev/vg/a,raw,hda,r", hvm2015, []found{f(RuleReadOnly2015, "r")}},
		{"/dev/vg/a,raw,xvde,r", domain.Options{Type: domain.HVM, HDType: domain.AHCI, Dialect: domain.Dialect2015},
			[]found{f(RuleAHCI2015, "<nospan>"), f(RuleIDEIndex, "xvde")}}, // not emulated, so not emulated writable
		{"/dev/vg/a,raw,xvde,w", hvm2015, []found{f(RuleIDEIndex, "xvde")}},
		{"/srv/a.iso,raw,xvde:cdrom,r", hvm2015, []found{f(RuleCdromBus, "xvde")}},
		{"/srv/a.iso,raw,xvdz:cdrom,r", hvm2015, []found{f(RuleCdromBus, "xvdz")}},
		{"/dev/vg/a,raw,sdp,w", hvm2015, nil},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %+v", tt.spec, tt.opts)
		p := parse(t, tt.spec)[0]
		pl := Domain([]*diskspec.Parsed{p}, tt.opts)
		r := Disk(p, tt.opts)
		var got []found
		for _, d := range pl.Diags {
			got = append(got, found{d.Rule.String(), spanText(p, d.Span())})
			if d.Range != nil && d.Disk() != 0 {
				t.Errorf("%s: diagnostic for disk %d", name, d.Disk())
			}
			if r, ok := diag.Lookup(d.Rule); !ok || r.Severity != d.Severity {
				t.Errorf("%s: %s not registered with severity %v", name, d.Rule, d.Severity)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
		// Disk is the plan's one disk; domain-wide findings are the plan's.
		if diff := cmp.Diff(pl.Disks[0].Diags.Error(), r.Diags.Error()); diff != "" {
			t.Errorf("%s: Disk differs from Domain (-domain +disk):\n%s", name, diff)
		}
		if r.OK() == r.Diags.HasErrors() && r.Backend.OK() && r.VdevOK {
			t.Errorf("%s: OK() = %v with diagnostics %v", name, r.OK(), r.Diags)
		}
		if pl.OK() != !pl.Diags.HasErrors() {
			t.Errorf("%s: Plan.OK() = %v with diagnostics %v", name, pl.OK(), pl.Diags)
		}
	}
}

// TestOneFindingPerDefect: a disk with an error is not emulated, so a
// defect libxl refuses is not reported again as an emulation problem.
func TestOneFindingPerDefect(t *testing.T) {
	tests := []struct {
		spec string
		opts domain.Options
		rule diag.RuleID
	}{
		{"/dev/vg/a,raw,hde,r", hvmOpts, RuleVdevInvalid},                          // not also read-only IDE
		{"/srv/a.img,qcow2,hda,r,backendtype=phy", hvmOpts, RuleBackendUnsuitable}, // not also read-only IDE
		{"/srv/a.iso,empty,xvdf:cdrom,r", hvmOpts, RuleEmptyWithImage},             // not also CD-ROM index
		{"/srv/a.img,raw,sdp,w,colo", hvmOpts, RuleColoMissing},                    // not also SCSI id or COLO incomplete
		{"vdev=xvda,backendtype=standalone,target= /dev/vg/a", hvmOpts, RuleSpecBackend},
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e", hvm2015, RuleColoMissing},                   // not also no backend
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,backendtype=qdisk", hvm2015, RuleColoMissing}, // not also unsuitable
	}
	for _, tt := range tests {
		pl := Domain(parse(t, tt.spec), tt.opts)
		if len(pl.Diags) != 1 || pl.Diags[0].Rule != tt.rule {
			t.Errorf("%s: got %v, want one %s", tt.spec, pl.Diags, tt.rule)
		}
		if pl.Disks[0].Emulation != nil || len(pl.Emulated()) != 0 {
			t.Errorf("%s: a refused disk is emulated", tt.spec)
		}
	}
}

// TestHandBuiltDisk checks that a Disk without spans gets NoSpan
// diagnostics and no panic.
func TestHandBuiltDisk(t *testing.T) {
	d := &diskspec.Disk{Vdev: diskspec.Str("hde"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatEmpty}
	r := Disk(&diskspec.Parsed{Disk: d}, hvmOpts)
	if len(r.Diags) != 2 {
		t.Fatalf("want 2 diagnostics, got %v", r.Diags)
	}
	for _, dg := range r.Diags {
		if dg.Span() != diag.NoSpan || dg.Range == nil || dg.Range.Disk != 0 {
			t.Errorf("%s: range %v, want disk 0 with NoSpan", dg.Rule, dg.Range)
		}
	}
	if r := Disk(nil, domain.Options{}); r.OK() || len(r.Diags) != 1 || r.Diags[0].Rule != RuleNoBackend {
		t.Errorf("Disk(nil) = %+v", r)
	}
	if r := Disk(&diskspec.Parsed{}, domain.Options{}); r.OK() {
		t.Errorf("Disk(empty Parsed) OK")
	}
	if pl := Domain(nil, hvmOpts); !pl.OK() || len(pl.Disks) != 0 || len(pl.Diags) != 0 {
		t.Errorf("Domain(nil) = %+v", pl)
	}
}

func TestDomain(t *testing.T) {
	type dd struct {
		Disk int
		Rule string
	}
	tests := []struct {
		name  string
		specs []string
		opts  domain.Options
		want  []dd
	}{
		{"distinct", []string{"/dev/vg/a,raw,xvda,w", "/dev/vg/b,raw,xvdb,w", "/srv/c.iso,raw,hdc:cdrom,r"}, hvmOpts, nil},
		{"same vdev", []string{"/dev/vg/a,raw,xvda,w", "/dev/vg/b,raw,xvda,w"}, domain.Options{}, []dd{{1, "XLD113"}}},
		{"same number, other spelling", []string{"/dev/vg/a,raw,xvda,w", "vdev=51712,target=/dev/vg/b"}, domain.Options{}, []dd{{1, "XLD113"}}},
		{"hda and xvda share IDE 0", []string{"/dev/vg/a,raw,hda,w", "/dev/vg/b,raw,xvda,w"}, hvmOpts, []dd{{1, "XLD207"}}},
		{"hda and xvda in PV are fine", []string{"/dev/vg/a,raw,hda,w", "/dev/vg/b,raw,xvda,w"}, domain.Options{}, nil},
		{"cdrom hdc and disk xvdc", []string{"/srv/c.iso,raw,hdc:cdrom,r", "/dev/vg/b,raw,xvdc,w"}, hvmOpts, []dd{{1, "XLD207"}}},
		{"ahci: cdrom hdc and disk xvdc on different buses", []string{"/srv/c.iso,raw,hdc:cdrom,r", "/dev/vg/b,raw,xvdc,w"}, ahci, nil},
		{"sda and hda", []string{"/dev/vg/a,raw,sda,w", "/dev/vg/b,raw,hda,w"}, hvmOpts, nil},
		{"sda and xvda: scsi and ide", []string{"/dev/vg/a,raw,sda,w", "/dev/vg/b,raw,xvda,w"}, hvmOpts, nil},
		{"stub domain: hda and sda are one device", []string{"/dev/vg/a,raw,hda,w", "/dev/vg/b,raw,sda,w"},
			domain.Options{Type: domain.HVM, Stubdom: true}, []dd{{1, "XLD263"}}},
		{"errors keep their disk index", []string{"/dev/vg/a,raw,xvda,w", "/dev/vg/b,raw,hde,w"}, domain.Options{}, []dd{{1, "XLD100"}}},
		{"a missing disk", []string{"/dev/vg/a,raw,xvda,w", ""}, domain.Options{}, []dd{{1, "XLD104"}}},
		{"2015 stub domain", []string{"/dev/vg/a,raw,xvda,w"}, domain.Options{Type: domain.HVM, Stubdom: true, Dialect: domain.Dialect2015}, []dd{{-1, "XLD254"}}},
		{"two COLO disks sharing an export", []string{
			"vdev=hda,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a1,hidden-disk=/h1,target=/dev/vg/a",
			"vdev=hdb,access=rw,colo,colo-host=h,colo-port=9000,colo-export=d1,active-disk=/a2,hidden-disk=/h2,target=/dev/vg/b"},
			hvmOpts, []dd{{1, "XLD262"}}},
	}
	for _, tt := range tests {
		var ps []*diskspec.Parsed
		for _, s := range tt.specs {
			if s == "" {
				ps = append(ps, nil)
				continue
			}
			ps = append(ps, parse(t, s)[0])
		}
		pl := Domain(ps, tt.opts)
		var got []dd
		for _, d := range pl.Diags {
			got = append(got, dd{d.Disk(), d.Rule.String()})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if len(pl.Disks) != len(tt.specs) {
			t.Errorf("%s: %d disk plans", tt.name, len(pl.Disks))
		}
		n := 0
		for i, r := range pl.Disks {
			if r.Index != i {
				t.Errorf("%s: disk plan %d has index %d", tt.name, i, r.Index)
			}
			for _, d := range r.Diags {
				n++
				if d.Disk() != i {
					t.Errorf("%s: disk plan %d has a diagnostic for disk %d", tt.name, i, d.Disk())
				}
			}
		}
		for _, d := range pl.Diags {
			if d.Range == nil {
				n++ // domain-wide
			}
		}
		if n != len(pl.Diags) {
			t.Errorf("%s: disk plans hold %d diagnostics, the plan %d", tt.name, n, len(pl.Diags))
		}
	}
}

// emu is an Emulation reduced to what TestEmulation checks.
func emu(e *Emulation) string {
	if e == nil {
		return "-"
	}
	s := fmt.Sprintf("%s %d ro=%t fmt=%s", e.Bus, e.Index, e.ReadOnly, e.Format)
	if e.Cdrom {
		s += " cdrom"
	}
	if e.HasPath {
		s += " path=" + e.Path
	}
	if e.Colo != domain.ColoNone {
		s += " colo=" + e.Colo.String()
	}
	if ids := e.IDs(); ids != nil {
		s += " ids=" + strings.Join(ids, "+")
	}
	return s
}

// TestEmulation checks the emulation decided for each kind of disk.
func TestEmulation(t *testing.T) {
	const coloAll = ",colo,colo-host=h,colo-port=9000,colo-export=e1,active-disk=/a.qcow2,hidden-disk=/h.qcow2"
	tests := []struct {
		spec string
		opts domain.Options
		want string
	}{
		{"/dev/vg/a,raw,hda,w", hvmOpts, "ide 0 ro=false fmt=raw path=/dev/vg/a"},
		{"/dev/vg/a,raw,xvdd,w", hvmOpts, "ide 3 ro=false fmt=raw path=/dev/vg/a"},
		{"/dev/vg/a,raw,xvde,w", hvmOpts, "-"},
		{"/dev/vg/a,raw,xvde,w", ahci, "ahci 4 ro=false fmt=raw path=/dev/vg/a ids=ahcidisk-4"},
		{"/dev/vg/a,raw,xvdg,w", ahci, "-"},
		{"/dev/vg/a,raw,sdc,r", hvmOpts, "scsi 2 ro=true fmt=raw path=/dev/vg/a ids=scsi0-hd2"},
		{"/srv/a.iso,raw,sdc:cdrom", hvmOpts, "ide 2 ro=true fmt=raw cdrom path=/srv/a.iso ids=ide-2080"},
		{"/srv/a.iso,raw,xvde:cdrom", hvmOpts, "-"},
		{"/srv/a.iso,raw,xvdf:cdrom", hvmOpts, "-"},
		{"vdev=hdc,devtype=cdrom", hvmOpts, "ide 2 ro=true fmt= cdrom ids=ide-5632"},
		{"/dev/vg/a,raw,hda,w", domain.Options{}, "-"},
		{"vdev=51712,target=/dev/vg/a", hvmOpts, "-"},
		{"/srv/a.qcow2,qcow2,hda,w", hvmOpts, "ide 0 ro=false fmt=qcow2 path=/srv/a.qcow2"},
		{"/srv/a.vhd,vhd,hda,w", hvmOpts, "ide 0 ro=false fmt=vpc path=/srv/a.vhd"},
		{"/srv/a.img,raw,hda,w", hvmOpts, "ide 0 ro=false fmt=raw path=/srv/a.img"}, // phy on a file: QEMU gets raw
		{"/dev/vg/a,raw,xvdb,w", domain.Options{Type: domain.HVM, Stubdom: true}, "ide 1 ro=false fmt=host_device path=/dev/xvdb"},
		{"/srv/a.img,raw,hda,w" + coloAll, hvmOpts, "ide 0 ro=false fmt=raw path=/srv/a.img colo=primary ids=e1"},
		{"/srv/a.img,raw,sda,w" + coloAll, domain.Options{Type: domain.HVM, ColoSide: domain.ColoSecondary},
			"scsi 0 ro=false fmt=raw path=/srv/a.img colo=secondary ids=e1+top-colo"},
		{"/srv/a.img,raw,xvda,w" + coloAll, ahci, "ahci 0 ro=false fmt=raw path=/srv/a.img ids=ahcidisk-0"},
		{"/srv/a.img,raw,hda,r", hvm2015, "ide 0 ro=false fmt=raw path=/srv/a.img"}, // before XSA-142
		{"/srv/a.img,raw,sdb,w,colo,colo-params=h:9000:exportname=e1,active-disk=/a,hidden-disk=/h",
			domain.Options{Type: domain.HVM, Dialect: domain.Dialect2015, ColoSide: domain.ColoSecondary},
			"scsi 1 ro=false fmt=raw path=/srv/a.img colo=secondary ids=nbd_target5"},
	}
	for _, tt := range tests {
		pl := Domain(parse(t, tt.spec), tt.opts)
		if got := emu(pl.Disks[0].Emulation); got != tt.want {
			t.Errorf("%s %+v:\n got %s\nwant %s\n%v", tt.spec, tt.opts, got, tt.want, pl.Diags)
		}
	}
}

// TestControllers: the SCSI controller comes with any non-cdrom sd disk
// libxl accepts, emulated or not; AHCI with hdtype="ahci".
func TestControllers(t *testing.T) {
	tests := []struct {
		specs      []string
		opts       domain.Options
		scsi, ahci bool
	}{
		{[]string{"/dev/vg/a,raw,hda,w"}, hvmOpts, false, false},
		{[]string{"/dev/vg/a,raw,sda,w"}, hvmOpts, true, false},
		{[]string{"/dev/vg/a,raw,sdp,w"}, hvmOpts, true, false}, // not emulated (XLD208), controller still added
		{[]string{"/srv/a.iso,raw,sda:cdrom"}, hvmOpts, false, false},
		{[]string{"/dev/vg/a,raw,hda,w"}, ahci, false, true},
		{[]string{"/dev/vg/a,raw,sda,w"}, domain.Options{}, false, false},
		{[]string{"/dev/vg/a,raw,sda,w"}, hvm2015, false, false},
	}
	for _, tt := range tests {
		pl := Domain(parse(t, tt.specs...), tt.opts)
		if pl.SCSIController != tt.scsi || pl.AHCIController != tt.ahci {
			t.Errorf("%v %+v: scsi %t ahci %t, want %t %t", tt.specs, tt.opts, pl.SCSIController, pl.AHCIController, tt.scsi, tt.ahci)
		}
	}
}

func TestColoSideInMessage(t *testing.T) {
	r := Disk(parse(t, "/srv/a.img,raw,xvda,w,colo")[0], domain.Options{Type: domain.HVM, ColoSide: domain.ColoSecondary})
	if len(r.Diags) != 1 || !strings.Contains(r.Diags[0].Message, "(secondary side) without colo-host, colo-port, colo-export, active-disk, hidden-disk") {
		t.Errorf("got %v", r.Diags)
	}
}

func TestValidID(t *testing.T) {
	for s, want := range map[string]bool{
		"a": true, "colo-disk0": true, "A.b_c-9": true, "top-colo": true,
		"": false, "1st": false, "-a": false, "a b": false, "a,b": false, "a=b": false, "é": false, "a\x00": false, "_a": false,
	} {
		if got := ValidID(s); got != want {
			t.Errorf("ValidID(%q) = %t, want %t", s, got, want)
		}
	}
}

// TestEmulationSpans: the emulation findings of a disk point at the text
// of the setting they are about and carry the disk's index.
func TestEmulationSpans(t *testing.T) {
	primary := domain.Options{Type: domain.HVM, ColoSide: domain.ColoPrimary}
	secondary := domain.Options{Type: domain.HVM, ColoSide: domain.ColoSecondary}
	tests := []struct {
		spec string
		opts domain.Options
		rule diag.RuleID
		text string // the spec text the span covers
	}{
		{"/srv/a.img,raw,hda,ro", hvmOpts, RuleReadOnlyIDE, "ro"},
		{"/srv/a.img,raw,xvde,w", hvmOpts, RuleIDEIndex, "xvde"},
		{"/srv/a.img,raw,xvdg,w", ahci, RuleAHCIIndex, "xvdg"},
		{"/srv/a.img,raw,sdi,w", hvmOpts, RuleSCSIID, "sdi"},
		{"/srv/cd.iso,raw,xvde:cdrom", hvmOpts, RuleCdromBus, "xvde"},
		{"/srv/a.img,raw,hda,w,colo,colo-host=h,colo-port=9000,colo-export=1st,active-disk=/a,hidden-disk=/h", primary, RuleBadExportID, "1st"},
		{"/srv/a.img,raw,hda,w,colo,colo-host=h,colo-port=-1,colo-export=e1,active-disk=/a,hidden-disk=/h", secondary, RuleColoIncomplete, "colo"},
		{"vdev=hda,access=rw,target=json:{}", hvmOpts, RuleJSONTarget, "json:{}"},
		{"vdev=hda,access=rw,target= /dev/vg/a", hvmOpts, RuleBadValue, " /dev/vg/a"},
		{"vdev=hda,access=rw,target=\t/dev/vg/a", hvmOpts, RuleBadValue, "\t/dev/vg/a"},
		{"/srv/a.img,raw,hda,w,colo,colo-host=h,colo-port=9000,colo-export=e1,active-disk= /a,hidden-disk=/h", secondary, RuleBadValue, " /a"},
		{"/srv/a.img,raw,hda,w,script=block-x", hvmOpts, RuleScriptPath, "block-x"},
		{"backend=dd,/srv/a.img,raw,hda,w", hvmOpts, RuleNoLocalPath, "dd"},
		{"vdev=hda,access=rw,backendtype=qdisk,target=backup:1.img", hvmOpts, RuleProtocolTarget, "backup:1.img"},
		{"/dev/vg/a,raw,xvdaa,w", domain.Options{Type: domain.HVM, Stubdom: true}, RuleStubdomTooMany, "xvdaa"},
	}
	for _, tc := range tests {
		ps := parse(t, "/srv/b.img,raw,hdb,w", tc.spec)
		pl := Domain(ps, tc.opts)
		var found *diag.Diagnostic
		for i := range pl.Diags {
			if pl.Diags[i].Rule == tc.rule {
				found = &pl.Diags[i]
			}
		}
		if found == nil {
			t.Errorf("%s: no %s in %v", tc.spec, tc.rule, pl.Diags)
			continue
		}
		if found.Disk() != 1 {
			t.Errorf("%s: %s on disk %d, want 1", tc.spec, tc.rule, found.Disk())
		}
		if got := spanText(ps[1], found.Span()); got != tc.text {
			t.Errorf("%s: %s points at %q, want %q", tc.spec, tc.rule, got, tc.text)
		}
		if pl.Disks[1].Emulation != nil && found.Severity == diag.Error {
			t.Errorf("%s: emulated despite %s", tc.spec, tc.rule)
		}
	}
}
