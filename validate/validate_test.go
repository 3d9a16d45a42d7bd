package validate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
)

// spanText returns the text a span points at ("" for NoSpan).
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

func TestDiskRules(t *testing.T) {
	hvm := Options{HVM: true}
	ahci := Options{HVM: true, HDType: "ahci"}
	tests := []struct {
		spec string
		opts Options
		want []found // every diagnostic, in order
	}{
		// A clean disk of each common kind.
		{"/dev/vg/a,raw,xvda,w", Options{}, nil},
		{"/srv/a.qcow2,qcow2,hda,w", hvm, nil},
		{"/srv/a.iso,raw,hdc:cdrom,r", hvm, nil},
		{"/dev/vg/a,raw,sdh,w", hvm, nil},
		{"/dev/vg/a,raw,xvde,r", Options{}, nil}, // PV: no emulation limits

		{"/dev/vg/a,raw,hde,w", Options{}, []found{{RuleVdevInvalid, "e"}}},
		{"/dev/vg/a,raw,xvda01,w", Options{}, []found{{RuleVdevInvalid, "01"}}},
		{"vdev=xvda+1,target=/dev/vg/a", Options{}, []found{{RuleVdevNonCanonical, "xvda+1"}}},
		{"/dev/vg/a,empty,xvda,w", Options{}, []found{{RuleEmptyNotCdrom, "empty"}}},
		{"/srv/a.iso,empty,hdc:cdrom,r", Options{}, []found{{RuleEmptyWithImage, "empty"}}},
		{"vdev=xvda,specification=virtio,format=vhd,target=/srv/a.vhd", Options{}, []found{{RuleNoBackend, "/srv/a.vhd"}}},
		{"vdev=xvda,specification=virtio,target=/srv/a.img", Options{}, nil}, // standalone takes a regular file on Linux
		{"/srv/a.img,qcow2,xvda,w,backendtype=phy", Options{}, []found{{RuleBackendUnsuitable, "phy"}}},
		{"/srv/a.iso,raw,hdc:cdrom,r,backendtype=tap", hvm, []found{{RuleHVMCdromBackend, "tap"}}},
		{"/srv/a.iso,raw,hdc:cdrom,r,backendtype=tap", Options{}, nil}, // PV: tap is fine
		{"vdev=xvda,specification=virtio,target=/dev/vg/a", Options{Hotplug: true}, []found{{RuleVirtioHotplug, "virtio"}}},
		{"/srv/none,raw,xvda,w", Options{Host: MapHost{}}, []found{{RuleStatFailed, "/srv/none"}}},
		{"/srv/dir,raw,xvda,w", Options{Host: matrixHost, Dialect: Dialect2015}, []found{{RuleNotBlockOrFile, "/srv/dir"}}},
		{"/srv/a.img,raw,xvda,w,colo,colo-host=h,colo-port=9000", hvm, []found{{RuleColoMissing, "colo"}}},
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a", Options{Dialect: Dialect2015},
			[]found{{RuleNoBackend, "/srv/a.img"}, {RuleColoMissing, "colo"}}},
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a,hidden-disk=/h", Options{Dialect: Dialect2015}, nil},
		{"/srv/a.img,raw,xvda,w,colo,colo-params=h:1:exportname=e,active-disk=/a,hidden-disk=/h", Options{},
			[]found{{RuleColoSyntax, "h:1:exportname=e"}}},
		{"/srv/a.img,raw,xvda,w,colo,colo-host=h,colo-port=1,colo-export=e,active-disk=/a,hidden-disk=/h", Options{Dialect: Dialect2015},
			[]found{{RuleColoSyntax, "h"}}},
		{"/srv/a.img,raw,xvda,w,hidden-disk=/h", Options{}, []found{{RuleColoUnused, "/h"}}},
		{"vdev=xvda,backendtype=standalone,target=/dev/vg/a", Options{}, []found{{RuleSpecBackend, "standalone"}}},
		{"vdev=xvda,backendtype=phy,specification=virtio,target=/dev/vg/a", Options{}, []found{{RuleSpecBackend, "virtio"}}},
		{"phy:/dev/vg/a,xvda,w", Options{}, []found{{RuleDeprecatedPrefix, "phy:"}}},
		{"tap:qcow2:/srv/a.qcow2,xvda,w", Options{}, []found{{RuleDeprecatedPrefix, "tap:qcow2:"}}},

		{"/dev/vg/a,raw,hdb,r", hvm, []found{{RuleReadOnlyIDE, "r"}}},
		{"/dev/vg/a,raw,xvdf,r", ahci, []found{{RuleReadOnlyAHCI, "r"}}},
		{"/dev/vg/a,raw,xvdf,r", hvm, []found{{RuleIDEIndex, "xvdf"}}},
		{"/dev/vg/a,raw,xvdg,w", ahci, []found{{RuleAHCIIndex, "xvdg"}}},
		{"/srv/a.iso,raw,xvdz:cdrom,r", hvm, []found{{RuleCdromIndex, "xvdz"}}},
		{"/srv/a.iso,raw,sde:cdrom,r", hvm, []found{{RuleCdromBus, "sde"}}},
		{"vdev=768,target=/dev/vg/a", hvm, []found{{RuleVdevNumberHVM, "768"}}},
		{"/dev/vg/a,raw,sdp,r", hvm, []found{{RuleSCSIID, "sdp"}}},
		{"/srv/a.vhd,vhd,hdd,w,backendtype=tap", hvm, []found{{RuleTapHVM, "tap"}}},
		{"/srv/a.vhd,vhd,xvde,w,backendtype=tap", hvm, []found{{RuleIDEIndex, "xvde"}}}, // not emulated: no assert

		// The 2015 series: no AHCI, read-only disks not refused (qemuargs
		// warns), every CD-ROM index from 4 on reaches QEMU and fails.
		{"/dev/vg/a,raw,hda,r", Options{HVM: true, Dialect: Dialect2015}, nil},
		{"/dev/vg/a,raw,xvde,r", Options{HVM: true, HDType: "ahci", Dialect: Dialect2015}, []found{{RuleIDEIndex, "xvde"}}},
		{"/srv/a.iso,raw,xvde:cdrom,r", Options{HVM: true, Dialect: Dialect2015}, []found{{RuleCdromBus, "xvde"}}},
		{"/srv/a.iso,raw,xvdz:cdrom,r", Options{HVM: true, Dialect: Dialect2015}, []found{{RuleCdromBus, "xvdz"}}},
		{"/dev/vg/a,raw,sdp,w", Options{HVM: true, Dialect: Dialect2015}, nil},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s %+v", tt.spec, tt.opts)
		p, err := diskspec.ParseDetailed(tt.spec)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		r := Disk(p, tt.opts)
		var got []found
		for _, d := range r.Diags {
			got = append(got, found{d.Rule, spanText(p, d.Span)})
			if d.Disk != -1 {
				t.Errorf("%s: Disk sets Diagnostic.Disk = %d", name, d.Disk)
			}
			if r, ok := diag.Lookup(d.Rule); !ok || r.Severity != d.Severity {
				t.Errorf("%s: %s not registered with severity %v", name, d.Rule, d.Severity)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
		if r.OK() == r.Diags.HasErrors() {
			t.Errorf("%s: OK() = %v with diagnostics %v", name, r.OK(), r.Diags)
		}
	}
}

// TestHandBuiltDisk checks that a Disk without spans gets NoSpan
// diagnostics and no panic.
func TestHandBuiltDisk(t *testing.T) {
	d := &diskspec.Disk{Vdev: diskspec.Str("hde"), PdevPath: diskspec.Str("/dev/vg/a"), Format: diskspec.FormatEmpty}
	r := Disk(&diskspec.Parsed{Disk: d}, Options{HVM: true})
	if len(r.Diags) != 2 {
		t.Fatalf("want 2 diagnostics, got %v", r.Diags)
	}
	for _, dg := range r.Diags {
		if dg.Span != diag.NoSpan {
			t.Errorf("%s: span %v, want NoSpan", dg.Rule, dg.Span)
		}
	}
	if r := Disk(nil, Options{}); r.OK() || len(r.Diags) != 1 {
		t.Errorf("Disk(nil) = %+v", r)
	}
	if r := Disk(&diskspec.Parsed{}, Options{}); r.OK() {
		t.Errorf("Disk(empty Parsed) OK")
	}
}

func TestDomain(t *testing.T) {
	parse := func(specs ...string) []*diskspec.Parsed {
		var out []*diskspec.Parsed
		for _, s := range specs {
			p, err := diskspec.ParseDetailed(s)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
		return out
	}
	type dd struct {
		Disk int
		Rule string
	}
	tests := []struct {
		name  string
		specs []string
		opts  Options
		want  []dd
	}{
		{"distinct", []string{"/dev/vg/a,raw,xvda,w", "/dev/vg/b,raw,xvdb,w", "/srv/c.iso,raw,hdc:cdrom,r"}, Options{HVM: true}, nil},
		{"same vdev", []string{"/dev/vg/a,raw,xvda,w", "/dev/vg/b,raw,xvda,w"}, Options{}, []dd{{1, RuleDuplicateDevice}}},
		{"same number, other spelling", []string{"/dev/vg/a,raw,xvda,w", "vdev=51712,target=/dev/vg/b"}, Options{}, []dd{{1, RuleDuplicateDevice}}},
		{"hda and xvda share IDE 0", []string{"/dev/vg/a,raw,hda,w", "/dev/vg/b,raw,xvda,w"}, Options{HVM: true}, []dd{{1, RuleSlotConflict}}},
		{"hda and xvda in PV are fine", []string{"/dev/vg/a,raw,hda,w", "/dev/vg/b,raw,xvda,w"}, Options{}, nil},
		{"cdrom hdc and disk xvdc", []string{"/srv/c.iso,raw,hdc:cdrom,r", "/dev/vg/b,raw,xvdc,w"}, Options{HVM: true}, []dd{{1, RuleSlotConflict}}},
		{"ahci: cdrom hdc and disk xvdc on different buses", []string{"/srv/c.iso,raw,hdc:cdrom,r", "/dev/vg/b,raw,xvdc,w"}, Options{HVM: true, HDType: "ahci"}, nil},
		{"sda and hda", []string{"/dev/vg/a,raw,sda,w", "/dev/vg/b,raw,hda,w"}, Options{HVM: true}, nil},
		{"sda and xvda: scsi and ide", []string{"/dev/vg/a,raw,sda,w", "/dev/vg/b,raw,xvda,w"}, Options{HVM: true}, nil},
		{"errors keep their disk index", []string{"/dev/vg/a,raw,xvda,w", "/dev/vg/b,raw,hde,w"}, Options{}, []dd{{1, RuleVdevInvalid}}},
	}
	for _, tt := range tests {
		results, all := Domain(parse(tt.specs...), tt.opts)
		var got []dd
		for _, d := range all {
			got = append(got, dd{d.Disk, d.Rule})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
		if len(results) != len(tt.specs) {
			t.Errorf("%s: %d results", tt.name, len(results))
		}
		n := 0
		for i, r := range results {
			for _, d := range r.Diags {
				n++
				if d.Disk != i {
					t.Errorf("%s: result %d has a diagnostic for disk %d", tt.name, i, d.Disk)
				}
			}
		}
		if n != len(all) {
			t.Errorf("%s: results hold %d diagnostics, list %d", tt.name, n, len(all))
		}
	}
}

func TestEmulatedSlot(t *testing.T) {
	d := func(vd string, cdrom bool) *diskspec.Disk {
		x := &diskspec.Disk{Vdev: diskspec.Str(vd), PdevPath: diskspec.Str("/x"), Format: diskspec.FormatRaw, Readwrite: 1}
		if cdrom {
			x.IsCdrom = 1
		}
		return x
	}
	tests := []struct {
		vdev  string
		cdrom bool
		opts  Options
		want  string
	}{
		{"hda", false, Options{HVM: true}, "ide index 0"},
		{"xvdd", false, Options{HVM: true}, "ide index 3"},
		{"xvde", false, Options{HVM: true}, "-"},
		{"xvde", false, Options{HVM: true, HDType: "ahci"}, "ahci index 4"},
		{"xvdg", false, Options{HVM: true, HDType: "ahci"}, "-"},
		{"sdc", false, Options{HVM: true}, "scsi index 2"},
		{"sdc", true, Options{HVM: true}, "ide index 2"},
		{"xvde", true, Options{HVM: true}, "ide index 4"},
		{"xvdf", true, Options{HVM: true}, "-"},
		{"hda", false, Options{}, "-"},
		{"51712", false, Options{HVM: true}, "-"},
	}
	for _, tt := range tests {
		r := Disk(&diskspec.Parsed{Disk: d(tt.vdev, tt.cdrom)}, tt.opts)
		s, ok := EmulatedSlot(d(tt.vdev, tt.cdrom), r.Vdev, tt.opts)
		got := "-"
		if ok {
			got = s.String()
		}
		if got != tt.want {
			t.Errorf("%s cdrom=%v %+v: %s, want %s", tt.vdev, tt.cdrom, tt.opts, got, tt.want)
		}
	}
}

func TestColoSideInMessage(t *testing.T) {
	p, err := diskspec.ParseDetailed("/srv/a.img,raw,xvda,w,colo")
	if err != nil {
		t.Fatal(err)
	}
	r := Disk(p, Options{HVM: true, ColoSide: colo.ModeSecondary})
	if len(r.Diags) != 1 || !strings.Contains(r.Diags[0].Message, "(secondary side) without colo-host, colo-port, colo-export, active-disk, hidden-disk") {
		t.Errorf("got %v", r.Diags)
	}
}
