package validate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// matrixCase is one point of the backend-selection matrix.
type matrixCase struct {
	format    diskspec.Format
	requested diskspec.Backend
	spec      diskspec.Specification
	script    bool
	colo      string // "", "full" (every COLO value), "bare" (colo alone), "active" (active-disk without colo)
	cdrom     bool
	target    string // "block", "file", "other" (neither), "missing", "" (no image)
	driverDom bool
	hvm       bool
	blktap    bool
	dialect   domain.Dialect
	xen       release.Version // current dialect only
}

func (c matrixCase) String() string {
	return fmt.Sprintf("%s xen=%s fmt=%s req=%s spec=%s script=%v colo=%q cdrom=%v target=%s dd=%v hvm=%v blktap=%v",
		c.dialect, c.xen, c.format, c.requested, c.spec, c.script, c.colo, c.cdrom, c.target, c.driverDom, c.hvm, c.blktap)
}

var matrixHost = domain.MapHost{
	"/dev/x":   {Block: true},
	"/srv/x":   {Regular: true},
	"/srv/dir": {},
}

var matrixPaths = map[string]string{"block": "/dev/x", "file": "/srv/x", "other": "/srv/dir", "missing": "/nonexistent"}

func (c matrixCase) disk() *diskspec.Disk {
	d := &diskspec.Disk{Vdev: diskspec.Str("xvda"), Format: c.format, Backend: c.requested, Specification: c.spec, Readwrite: 1}
	if c.target != "" {
		d.PdevPath = diskspec.Str(matrixPaths[c.target])
	} else {
		d.PdevPath = diskspec.Str("")
	}
	if c.script {
		d.Script = diskspec.Str("block-iscsi")
	}
	switch c.colo {
	case "full":
		d.ColoEnable = diskspec.DefboolTrue
		d.ColoHost, d.ColoPort, d.ColoExport = diskspec.Str("10.0.0.2"), 9000, diskspec.Str("e1")
		d.ActiveDisk, d.HiddenDisk = diskspec.Str("/a.qcow2"), diskspec.Str("/h.qcow2")
	case "bare":
		d.ColoEnable = diskspec.DefboolTrue
	case "active":
		d.ActiveDisk = diskspec.Str("/a.qcow2")
	}
	if c.cdrom {
		d.IsCdrom, d.Removable, d.Readwrite = 1, 1, 0
	}
	if c.driverDom {
		d.BackendDomname = diskspec.Str("storage-dd")
	}
	return d
}

// expectCurrent is what upstream libxl of release c.xen does, written from
// libxl__device_disk_setdefault, libxl__device_disk_set_backend and
// disk_try_backend of Xen 4.17 and 4.19 independently of ChooseBackend:
// the chosen backend, or BackendUnknown when the disk is refused. From
// 4.19 tap (vbd3) works, an HVM cdrom may be on phy and phy takes an empty
// cdrom; before, tap always fails (no blktap2) and an HVM cdrom must be
// qdisk.
func expectCurrent(c matrixCase) diskspec.Backend {
	new := c.xen.Or().AtLeast(release.Xen419)
	req := c.requested
	colo := c.colo == "full" || c.colo == "bare"
	if c.hvm && c.cdrom {
		if req == diskspec.BackendUnknown {
			req = diskspec.BackendQdisk
		}
		if req != diskspec.BackendQdisk && (req != diskspec.BackendPhy || !new) {
			return diskspec.BackendUnknown
		}
	}
	block := false
	if c.format == diskspec.FormatEmpty {
		if !c.cdrom || c.target != "" {
			return diskspec.BackendUnknown
		}
	} else if (req == diskspec.BackendUnknown || req == diskspec.BackendPhy || req == diskspec.BackendStandalone) &&
		!c.driverDom && !c.script {
		if c.target == "missing" || c.target == "" { // stat("") fails too
			return diskspec.BackendUnknown
		}
		// Linux's libxl__try_phy_backend takes block devices and regular files.
		block = c.target == "block" || c.target == "file"
	}
	raw := c.format == diskspec.FormatRaw
	fits := func(b diskspec.Backend) bool {
		if (c.spec == diskspec.SpecificationVirtio) != (b == diskspec.BackendStandalone) {
			return false
		}
		switch b {
		case diskspec.BackendPhy:
			return !colo && (new && c.cdrom && c.format == diskspec.FormatEmpty || raw && (c.driverDom || c.script || block))
		case diskspec.BackendTap:
			return new && (raw || c.format == diskspec.FormatVhd) && !colo
		case diskspec.BackendQdisk:
			return !c.script
		case diskspec.BackendStandalone:
			return raw && !c.script && !colo && (c.driverDom || block)
		}
		return false
	}
	if req != diskspec.BackendUnknown {
		if fits(req) {
			return req
		}
		return diskspec.BackendUnknown
	}
	for _, b := range []diskspec.Backend{diskspec.BackendPhy, diskspec.BackendQdisk, diskspec.BackendTap, diskspec.BackendStandalone} {
		if fits(b) {
			return b
		}
	}
	return diskspec.BackendUnknown
}

// expect2015 is Xen 4.6's libxl with the v7 COLO patch, written from that
// code (see /work/shared/reference/colo-disk-patch-v7-2015.txt).
func expect2015(c matrixCase) diskspec.Backend {
	req := c.requested
	statted, block := false, false
	if c.format == diskspec.FormatEmpty {
		if !c.cdrom {
			return diskspec.BackendUnknown
		}
	} else if (req == diskspec.BackendUnknown || req == diskspec.BackendPhy) && !c.driverDom && !c.script {
		if c.target == "missing" || c.target == "" || c.target == "other" {
			return diskspec.BackendUnknown
		}
		statted, block = true, c.target == "block"
	}
	colo := c.colo == "full" || c.colo == "bare"
	coloish := c.colo != ""
	raw := c.format == diskspec.FormatRaw
	fits := func(b diskspec.Backend) bool {
		switch b {
		case diskspec.BackendPhy:
			return (raw || c.format == diskspec.FormatEmpty) && !coloish && (c.driverDom || c.script || statted && block)
		case diskspec.BackendTap:
			return !c.script && !coloish && !c.cdrom && c.blktap && (raw || c.format == diskspec.FormatVhd)
		case diskspec.BackendQdisk:
			return !c.script && (!colo || c.colo == "full")
		}
		return false
	}
	if req != diskspec.BackendUnknown {
		if fits(req) {
			return req
		}
		return diskspec.BackendUnknown
	}
	for _, b := range []diskspec.Backend{diskspec.BackendPhy, diskspec.BackendQdisk, diskspec.BackendTap} {
		if fits(b) {
			return b
		}
	}
	return diskspec.BackendUnknown
}

// TestBackendMatrix compares ChooseBackend with the independent
// expectations over format x backend x specification x script x colo x
// cdrom x target kind x driver domain x HVM (x blktap2 for 2015).
func TestBackendMatrix(t *testing.T) {
	formats := []diskspec.Format{diskspec.FormatRaw, diskspec.FormatQcow2, diskspec.FormatVhd, diskspec.FormatEmpty}
	backends := []diskspec.Backend{diskspec.BackendUnknown, diskspec.BackendPhy, diskspec.BackendTap, diskspec.BackendQdisk, diskspec.BackendStandalone}
	specs := []diskspec.Specification{diskspec.SpecificationUnknown, diskspec.SpecificationXen, diskspec.SpecificationVirtio}
	colos := []string{"", "full", "bare", "active"}
	targets := []string{"block", "file", "other", "missing", ""}
	count := map[string]int{}
	n := 0
	type dialectRelease struct {
		dl  domain.Dialect
		xen release.Version
	}
	for _, dr := range []dialectRelease{{domain.DialectCurrent, release.Xen417}, {domain.DialectCurrent, release.Xen418},
		{domain.DialectCurrent, release.Xen419}, {domain.DialectCurrent, release.Version{}}, {domain.Dialect2015, release.Version{}}} {
		dl := dr.dl
		for _, f := range formats {
			for _, b := range backends {
				for _, s := range specs {
					if dl == domain.Dialect2015 && (s == diskspec.SpecificationVirtio || b == diskspec.BackendStandalone) {
						continue // not in the 2015 series
					}
					for _, script := range []bool{false, true} {
						for _, co := range colos {
							for _, cd := range []bool{false, true} {
								for _, tg := range targets {
									for _, dd := range []bool{false, true} {
										for _, hvm := range []bool{false, true} {
											for _, bt := range []bool{false, true} {
												if dl == domain.DialectCurrent && bt {
													continue
												}
												c := matrixCase{f, b, s, script, co, cd, tg, dd, hvm, bt, dl, dr.xen}
												want := expectCurrent(c)
												if dl == domain.Dialect2015 {
													want = expect2015(c)
												}
												opts := domain.Options{Dialect: dl, Xen: dr.xen, Host: matrixHost, Blktap2: bt}
												if hvm {
													opts.Type = domain.HVM
												}
												got := ChooseBackend(c.disk(), opts)
												gotB := got.Backend
												if !got.OK() {
													gotB = diskspec.BackendUnknown
												}
												if gotB != want {
													t.Errorf("%v: got %s, want %s\n%s", c, gotB, want, got.Explain())
												}
												if !got.OK() && (got.Failure == "" || !got.Rule.IsRegistered()) {
													t.Errorf("%v: refused without a reason", c)
												}
												key := dl.String()
												if dl == domain.DialectCurrent {
													key += "-" + dr.xen.Or().String()
												}
												count[key+" "+want.String()]++
												n++
											}
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d matrix cases; outcomes: %v", n, count)
	// Every outcome must occur, or the matrix does not exercise it.
	for _, k := range []string{"current-4.22 phy", "current-4.22 qdisk", "current-4.22 tap", "current-4.22 standalone", "current-4.22 unknown",
		"current-4.17 phy", "current-4.17 qdisk", "current-4.17 standalone", "current-4.17 unknown",
		"2015 phy", "2015 qdisk", "2015 tap", "2015 unknown"} {
		if count[k] == 0 {
			t.Errorf("matrix never expects %q", k)
		}
	}
}

// TestChooseBackendReasons checks the refusal reasons and notes on
// representative disks.
func TestChooseBackendReasons(t *testing.T) {
	raw := func(target string) *diskspec.Disk {
		return &diskspec.Disk{Vdev: diskspec.Str("xvda"), PdevPath: diskspec.Str(target), Format: diskspec.FormatRaw, Readwrite: 1}
	}
	tests := []struct {
		name  string
		disk  func() *diskspec.Disk
		opts  domain.Options
		want  diskspec.Backend
		tried []string
		rule  diag.RuleID
	}{
		{"raw block device: phy", func() *diskspec.Disk { return raw("/dev/vg/a") }, domain.Options{},
			diskspec.BackendPhy, []string{"phy: chosen: target is a block device"}, diag.RuleID{}},
		{"raw file: phy (Linux)", func() *diskspec.Disk { return raw("/srv/x") }, domain.Options{Host: matrixHost},
			diskspec.BackendPhy, []string{"phy: chosen: target is a regular file (Linux: the block script loop-mounts it)"}, diag.RuleID{}},
		{"raw directory: qdisk", func() *diskspec.Disk { return raw("/srv/dir") }, domain.Options{Host: matrixHost},
			diskspec.BackendQdisk, []string{"phy: refused: target is neither a block device nor a regular file", "qdisk: chosen: QEMU serves any format"}, diag.RuleID{}},
		{"qcow2 + script: tap refuses the format, no backend", func() *diskspec.Disk {
			d := raw("/srv/a.qcow2")
			d.Format, d.Script = diskspec.FormatQcow2, diskspec.Str("block-x")
			return d
		}, domain.Options{}, diskspec.BackendUnknown, []string{
			"phy: refused: unsuitable due to format qcow2 (phy needs raw)",
			"qdisk: refused: not compatible with script=...",
			"tap: refused: unsuitable due to format qcow2 (tap needs raw or vhd)",
			"standalone: refused: needs specification=virtio, not xen (the default)"}, RuleNoBackend},
		{"vhd + script: tap", func() *diskspec.Disk {
			d := raw("/srv/a.vhd")
			d.Format, d.Script = diskspec.FormatVhd, diskspec.Str("block-x")
			return d
		}, domain.Options{}, diskspec.BackendTap, []string{
			"phy: refused: unsuitable due to format vhd (phy needs raw)",
			"qdisk: refused: not compatible with script=...",
			"tap: chosen: format vhd (blktap3 tapdisk)"}, diag.RuleID{}},
		{"driver domain skips the block check", func() *diskspec.Disk {
			d := raw("/srv/a.img")
			d.BackendDomid = 3
			return d
		}, domain.Options{}, diskspec.BackendPhy, []string{"phy: chosen: storage driver domain, physical device check skipped"}, diag.RuleID{}},
		{"colo: qdisk", func() *diskspec.Disk {
			d := raw("/dev/vg/a")
			d.ColoEnable = diskspec.DefboolTrue
			return d
		}, domain.Options{}, diskspec.BackendQdisk, []string{"phy: refused: not compatible with colo", "qdisk: chosen: QEMU serves any format"}, diag.RuleID{}},
		{"explicit phy on a directory", func() *diskspec.Disk {
			d := raw("/srv/dir")
			d.Backend = diskspec.BackendPhy
			return d
		}, domain.Options{Host: matrixHost}, diskspec.BackendUnknown, []string{"phy: refused: target is neither a block device nor a regular file"}, RuleBackendUnsuitable},
		{"HVM cdrom forced to qdisk", func() *diskspec.Disk {
			d := raw("/srv/a.iso")
			d.IsCdrom, d.Removable, d.Readwrite = 1, 1, 0
			return d
		}, domain.Options{Type: domain.HVM}, diskspec.BackendQdisk, []string{"qdisk: chosen: QEMU serves any format"}, diag.RuleID{}},
		{"HVM cdrom on tap", func() *diskspec.Disk {
			d := raw("/srv/a.iso")
			d.IsCdrom, d.Backend = 1, diskspec.BackendTap
			return d
		}, domain.Options{Type: domain.HVM}, diskspec.BackendUnknown, nil, RuleHVMCdromBackend},
		{"stat fails", func() *diskspec.Disk { return raw("/nonexistent/x") }, domain.Options{Host: domain.MapHost{}},
			diskspec.BackendUnknown, nil, RuleStatFailed},
		{"empty not cdrom", func() *diskspec.Disk {
			d := raw("")
			d.Format = diskspec.FormatEmpty
			return d
		}, domain.Options{}, diskspec.BackendUnknown, nil, RuleEmptyNotCdrom},
		{"empty cdrom with the stubdom placeholder", func() *diskspec.Disk {
			d := raw(StubdomEmptyCdrom + ".5")
			d.Format, d.IsCdrom = diskspec.FormatEmpty, 1
			return d
		}, domain.Options{}, diskspec.BackendPhy, []string{"phy: chosen: empty CD-ROM"}, diag.RuleID{}},
		{"virtio hotplug", func() *diskspec.Disk {
			d := raw("/dev/vg/a")
			d.Specification = diskspec.SpecificationVirtio
			return d
		}, domain.Options{Hotplug: true}, diskspec.BackendUnknown, nil, RuleVirtioHotplug},
		{"2015 colo without colo-params", func() *diskspec.Disk {
			d := raw("/srv/a.img")
			d.ColoEnable, d.ActiveDisk, d.HiddenDisk = diskspec.DefboolTrue, diskspec.Str("/a"), diskspec.Str("/h")
			return d
		}, domain.Options{Dialect: domain.Dialect2015}, diskspec.BackendUnknown, []string{
			"phy: refused: not compatible with colo (colo, active-disk or hidden-disk set)",
			"qdisk: refused: needs colo-params=... for colo",
			"tap: refused: not compatible with colo (colo, active-disk or hidden-disk set)"}, RuleNoBackend},
		{"4.17: tap needs blktap2", func() *diskspec.Disk {
			d := raw("/srv/a.vhd")
			d.Format, d.Backend = diskspec.FormatVhd, diskspec.BackendTap
			return d
		}, domain.Options{Xen: release.Xen417}, diskspec.BackendUnknown, []string{"tap: refused: unsuitable because blktap not available"}, RuleBackendUnsuitable},
		{"4.19: tap is vbd3", func() *diskspec.Disk {
			d := raw("/srv/a.vhd")
			d.Format, d.Backend = diskspec.FormatVhd, diskspec.BackendTap
			return d
		}, domain.Options{Xen: release.Xen419}, diskspec.BackendTap, []string{"tap: chosen: format vhd (blktap3 tapdisk)"}, diag.RuleID{}},
		{"4.17: HVM cdrom on phy", func() *diskspec.Disk {
			d := raw("/dev/sr0")
			d.IsCdrom, d.Backend = 1, diskspec.BackendPhy
			return d
		}, domain.Options{Type: domain.HVM, Xen: release.Xen417}, diskspec.BackendUnknown, nil, RuleHVMCdromBackend},
		{"4.19: HVM cdrom on phy", func() *diskspec.Disk {
			d := raw("/dev/sr0")
			d.IsCdrom, d.Backend = 1, diskspec.BackendPhy
			return d
		}, domain.Options{Type: domain.HVM, Xen: release.Xen419}, diskspec.BackendPhy, []string{"phy: chosen: target is a block device"}, diag.RuleID{}},
		{"4.17: PV empty cdrom goes to qdisk", func() *diskspec.Disk {
			d := raw("")
			d.Format, d.IsCdrom = diskspec.FormatEmpty, 1
			return d
		}, domain.Options{Xen: release.Xen417}, diskspec.BackendQdisk, []string{
			"phy: refused: unsuitable due to format empty (phy needs raw)", "qdisk: chosen: QEMU serves any format"}, diag.RuleID{}},
		{"4.17: empty cdrom with the stubdom placeholder", func() *diskspec.Disk {
			d := raw(StubdomEmptyCdrom + ".5")
			d.Format, d.IsCdrom = diskspec.FormatEmpty, 1
			return d
		}, domain.Options{Xen: release.Xen417}, diskspec.BackendUnknown, nil, RuleEmptyWithImage},
		{"2015 not a block device or file", func() *diskspec.Disk { return raw("/srv/dir") }, domain.Options{Dialect: domain.Dialect2015, Host: matrixHost},
			diskspec.BackendUnknown, nil, RuleNotBlockOrFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ChooseBackend(tt.disk(), tt.opts)
			if c.Backend != tt.want || c.Rule != tt.rule {
				t.Errorf("got %s rule %v, want %s rule %v\n%s", c.Backend, c.Rule, tt.want, tt.rule, c.Explain())
			}
			var tried []string
			for _, a := range c.Tried {
				tried = append(tried, a.String())
			}
			if diff := cmp.Diff(tt.tried, tried); diff != "" {
				t.Errorf("attempts (-want +got):\n%s", diff)
			}
			if c.Rule == RuleHVMCdromBackend {
				want := "must be qdisk, not"
				if tt.opts.Has(release.HVMCdromPhy) {
					want = "must be qdisk or phy, not"
				}
				if !strings.Contains(c.Failure, want) {
					t.Errorf("failure %q does not say %q", c.Failure, want)
				}
			}
			ex := c.Explain()
			if c.OK() != strings.Contains(ex, "backend chosen: ") {
				t.Errorf("Explain does not say the outcome:\n%s", ex)
			}
		})
	}
}
