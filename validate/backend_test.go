package validate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
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
	dialect   Dialect
}

func (c matrixCase) String() string {
	return fmt.Sprintf("%s fmt=%s req=%s spec=%s script=%v colo=%q cdrom=%v target=%s dd=%v hvm=%v blktap=%v",
		c.dialect, c.format, c.requested, c.spec, c.script, c.colo, c.cdrom, c.target, c.driverDom, c.hvm, c.blktap)
}

var matrixHost = MapHost{
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

// expectCurrent is what current upstream libxl does, written from
// libxl__device_disk_setdefault, libxl__device_disk_set_backend and
// disk_try_backend independently of ChooseBackend: the chosen backend, or
// BackendUnknown when the disk is refused.
func expectCurrent(c matrixCase) diskspec.Backend {
	req := c.requested
	colo := c.colo == "full" || c.colo == "bare"
	if c.hvm && c.cdrom {
		if req == diskspec.BackendUnknown {
			req = diskspec.BackendQdisk
		}
		if req != diskspec.BackendQdisk && req != diskspec.BackendPhy {
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
			return !colo && (c.cdrom && c.format == diskspec.FormatEmpty || raw && (c.driverDom || c.script || block))
		case diskspec.BackendTap:
			return (raw || c.format == diskspec.FormatVhd) && !colo
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
	for _, dl := range []Dialect{DialectCurrent, Dialect2015} {
		for _, f := range formats {
			for _, b := range backends {
				for _, s := range specs {
					if dl == Dialect2015 && (s == diskspec.SpecificationVirtio || b == diskspec.BackendStandalone) {
						continue // not in the 2015 series
					}
					for _, script := range []bool{false, true} {
						for _, co := range colos {
							for _, cd := range []bool{false, true} {
								for _, tg := range targets {
									for _, dd := range []bool{false, true} {
										for _, hvm := range []bool{false, true} {
											for _, bt := range []bool{false, true} {
												if dl == DialectCurrent && bt {
													continue
												}
												c := matrixCase{f, b, s, script, co, cd, tg, dd, hvm, bt, dl}
												want := expectCurrent(c)
												if dl == Dialect2015 {
													want = expect2015(c)
												}
												got := ChooseBackend(c.disk(), Options{HVM: hvm, Dialect: dl, Host: matrixHost, Blktap2: bt})
												gotB := got.Backend
												if !got.OK() {
													gotB = diskspec.BackendUnknown
												}
												if gotB != want {
													t.Errorf("%v: got %s, want %s\n%s", c, gotB, want, got.Explain())
												}
												if !got.OK() && (got.Failure == "" || got.Rule == "") {
													t.Errorf("%v: refused without a reason", c)
												}
												count[dl.String()+" "+want.String()]++
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
	for _, k := range []string{"current phy", "current qdisk", "current tap", "current standalone", "current unknown",
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
		opts  Options
		want  diskspec.Backend
		tried []string
		rule  string
	}{
		{"raw block device: phy", func() *diskspec.Disk { return raw("/dev/vg/a") }, Options{},
			diskspec.BackendPhy, []string{"phy: chosen: target is a block device"}, ""},
		{"raw file: phy (Linux)", func() *diskspec.Disk { return raw("/srv/x") }, Options{Host: matrixHost},
			diskspec.BackendPhy, []string{"phy: chosen: target is a regular file (Linux: the block script loop-mounts it)"}, ""},
		{"raw directory: qdisk", func() *diskspec.Disk { return raw("/srv/dir") }, Options{Host: matrixHost},
			diskspec.BackendQdisk, []string{"phy: refused: target is neither a block device nor a regular file", "qdisk: chosen: QEMU serves any format"}, ""},
		{"qcow2 + script: tap refuses the format, no backend", func() *diskspec.Disk {
			d := raw("/srv/a.qcow2")
			d.Format, d.Script = diskspec.FormatQcow2, diskspec.Str("block-x")
			return d
		}, Options{}, diskspec.BackendUnknown, []string{
			"phy: refused: unsuitable due to format qcow2 (phy needs raw)",
			"qdisk: refused: not compatible with script=...",
			"tap: refused: unsuitable due to format qcow2 (tap needs raw or vhd)",
			"standalone: refused: needs specification=virtio, not xen (the default)"}, RuleNoBackend},
		{"vhd + script: tap", func() *diskspec.Disk {
			d := raw("/srv/a.vhd")
			d.Format, d.Script = diskspec.FormatVhd, diskspec.Str("block-x")
			return d
		}, Options{}, diskspec.BackendTap, []string{
			"phy: refused: unsuitable due to format vhd (phy needs raw)",
			"qdisk: refused: not compatible with script=...",
			"tap: chosen: format vhd (blktap3 tapdisk)"}, ""},
		{"driver domain skips the block check", func() *diskspec.Disk {
			d := raw("/srv/a.img")
			d.BackendDomid = 3
			return d
		}, Options{}, diskspec.BackendPhy, []string{"phy: chosen: storage driver domain, physical device check skipped"}, ""},
		{"colo: qdisk", func() *diskspec.Disk {
			d := raw("/dev/vg/a")
			d.ColoEnable = diskspec.DefboolTrue
			return d
		}, Options{}, diskspec.BackendQdisk, []string{"phy: refused: not compatible with colo", "qdisk: chosen: QEMU serves any format"}, ""},
		{"explicit phy on a directory", func() *diskspec.Disk {
			d := raw("/srv/dir")
			d.Backend = diskspec.BackendPhy
			return d
		}, Options{Host: matrixHost}, diskspec.BackendUnknown, []string{"phy: refused: target is neither a block device nor a regular file"}, RuleBackendUnsuitable},
		{"HVM cdrom forced to qdisk", func() *diskspec.Disk {
			d := raw("/srv/a.iso")
			d.IsCdrom, d.Removable, d.Readwrite = 1, 1, 0
			return d
		}, Options{HVM: true}, diskspec.BackendQdisk, []string{"qdisk: chosen: QEMU serves any format"}, ""},
		{"HVM cdrom on tap", func() *diskspec.Disk {
			d := raw("/srv/a.iso")
			d.IsCdrom, d.Backend = 1, diskspec.BackendTap
			return d
		}, Options{HVM: true}, diskspec.BackendUnknown, nil, RuleHVMCdromBackend},
		{"stat fails", func() *diskspec.Disk { return raw("/nonexistent/x") }, Options{Host: MapHost{}},
			diskspec.BackendUnknown, nil, RuleStatFailed},
		{"empty not cdrom", func() *diskspec.Disk {
			d := raw("")
			d.Format = diskspec.FormatEmpty
			return d
		}, Options{}, diskspec.BackendUnknown, nil, RuleEmptyNotCdrom},
		{"empty cdrom with the stubdom placeholder", func() *diskspec.Disk {
			d := raw(StubdomEmptyCdrom + ".5")
			d.Format, d.IsCdrom = diskspec.FormatEmpty, 1
			return d
		}, Options{}, diskspec.BackendPhy, []string{"phy: chosen: empty CD-ROM"}, ""},
		{"virtio hotplug", func() *diskspec.Disk {
			d := raw("/dev/vg/a")
			d.Specification = diskspec.SpecificationVirtio
			return d
		}, Options{Hotplug: true}, diskspec.BackendUnknown, nil, RuleVirtioHotplug},
		{"2015 colo without colo-params", func() *diskspec.Disk {
			d := raw("/srv/a.img")
			d.ColoEnable, d.ActiveDisk, d.HiddenDisk = diskspec.DefboolTrue, diskspec.Str("/a"), diskspec.Str("/h")
			return d
		}, Options{Dialect: Dialect2015}, diskspec.BackendUnknown, []string{
			"phy: refused: not compatible with colo (colo, active-disk or hidden-disk set)",
			"qdisk: refused: needs colo-params=... for colo",
			"tap: refused: not compatible with colo (colo, active-disk or hidden-disk set)"}, RuleNoBackend},
		{"2015 not a block device or file", func() *diskspec.Disk { return raw("/srv/dir") }, Options{Dialect: Dialect2015, Host: matrixHost},
			diskspec.BackendUnknown, nil, RuleNotBlockOrFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ChooseBackend(tt.disk(), tt.opts)
			if c.Backend != tt.want || c.Rule != tt.rule {
				t.Errorf("got %s rule %q, want %s rule %q\n%s", c.Backend, c.Rule, tt.want, tt.rule, c.Explain())
			}
			var tried []string
			for _, a := range c.Tried {
				tried = append(tried, a.String())
			}
			if diff := cmp.Diff(tt.tried, tried); diff != "" {
				t.Errorf("attempts (-want +got):\n%s", diff)
			}
			ex := c.Explain()
			if c.OK() != strings.Contains(ex, "backend chosen: ") {
				t.Errorf("Explain does not say the outcome:\n%s", ex)
			}
		})
	}
}

func TestDialect(t *testing.T) {
	for _, d := range []Dialect{DialectCurrent, Dialect2015} {
		got, err := ParseDialect(d.String())
		if err != nil || got != d {
			t.Errorf("ParseDialect(%q) = %v, %v", d.String(), got, err)
		}
	}
	if _, err := ParseDialect("2016"); err == nil {
		t.Error("ParseDialect(2016) succeeded")
	}
}
