package validate

import (
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// StubdomEmptyCdrom is the prefix of the placeholder file libxl creates for
// an empty phy CD-ROM (LIBXL_STUBDOM_EMPTY_CDROM, XEN_RUN_DIR
// "/empty-cdrom"); an empty CD-ROM may name it as its target.
const StubdomEmptyCdrom = "/var/run/xen/empty-cdrom"

// Attempt is one backend libxl tried (disk_try_backend) and its verdict.
type Attempt struct {
	// Backend is the backend tried.
	Backend diskspec.Backend
	// OK is true if the backend fits.
	OK bool
	// Reason says why it fits or why it was refused, e.g. "format qcow2
	// is not raw".
	Reason string
}

// String renders the attempt as "phy: refused: format qcow2 is not raw".
func (a Attempt) String() string {
	v := "refused"
	if a.OK {
		v = "chosen"
	}
	return fmt.Sprintf("%s: %s: %s", a.Backend, v, a.Reason)
}

// Choice is the outcome of libxl's backend selection for one disk.
type Choice struct {
	// Backend is the chosen backend, BackendUnknown when libxl refuses
	// the disk.
	Backend diskspec.Backend
	// Requested is the backend the spec asked for (backendtype=), or
	// BackendUnknown for automatic selection.
	Requested diskspec.Backend
	// Tried lists the backends tried, in libxl's order, up to the first
	// that fits.
	Tried []Attempt
	// Notes are facts that decided the outcome, in order (e.g. "HVM CD-ROM:
	// backend qdisk forced", "stat: block device").
	Notes []string
	// Failure says why libxl refuses the disk, "" when a backend was
	// chosen.
	Failure string
	// Rule is the rule of Failure (the zero RuleID when a backend was
	// chosen).
	Rule diag.RuleID
}

// OK reports whether a backend was chosen.
func (c Choice) OK() bool { return c.Backend != diskspec.BackendUnknown && c.Failure == "" }

// Explain renders the decision for a user, one line per fact and per
// backend tried.
func (c Choice) Explain() string {
	var b strings.Builder
	if c.Requested != diskspec.BackendUnknown {
		fmt.Fprintf(&b, "backend requested: %s\n", c.Requested)
	} else {
		b.WriteString("backend requested: none (libxl tries phy, qdisk, tap, standalone in order)\n")
	}
	for _, n := range c.Notes {
		fmt.Fprintf(&b, "  note: %s\n", n)
	}
	for _, a := range c.Tried {
		fmt.Fprintf(&b, "  %s\n", a)
	}
	if c.OK() {
		fmt.Fprintf(&b, "backend chosen: %s\n", c.Backend)
	} else {
		fmt.Fprintf(&b, "no backend: %s\n", c.Failure)
	}
	return b.String()
}

// driverDomain reports whether the disk is served by a driver domain, so
// that libxl skips the physical-device check. A backend domain given by
// name is resolved by libxl at attach time; the names "0" and "Domain-0"
// are the toolstack domain, any other non-empty name is taken as a driver
// domain.
func driverDomain(d *diskspec.Disk) bool {
	if d.BackendDomname != nil {
		switch n := *d.BackendDomname; n {
		case "", "0", "Domain-0":
		default:
			return true
		}
	}
	return d.BackendDomid != 0
}

// backendOrder lists the backends libxl tries when none is requested.
func backendOrder(dl domain.Dialect) []diskspec.Backend {
	if dl == domain.Dialect2015 {
		return []diskspec.Backend{diskspec.BackendPhy, diskspec.BackendQdisk, diskspec.BackendTap}
	}
	return []diskspec.Backend{diskspec.BackendPhy, diskspec.BackendQdisk, diskspec.BackendTap, diskspec.BackendStandalone}
}

// ChooseBackend chooses the backend for d as libxl does when it adds the
// disk (libxl__device_disk_setdefault, libxl__device_disk_set_backend and
// disk_try_backend), for the Xen release, dialect and host in opts. d is
// not modified.
func ChooseBackend(d *diskspec.Disk, opts domain.Options) Choice {
	c := Choice{Requested: d.Backend}
	backend := d.Backend
	script := d.Script != nil
	dd := driverDomain(d)
	cur := opts.Dialect == domain.DialectCurrent

	fail := func(rule diag.RuleID, format string, args ...any) Choice {
		c.Backend = diskspec.BackendUnknown
		c.Rule = rule
		c.Failure = fmt.Sprintf(format, args...)
		return c
	}

	if cur {
		if opts.Hotplug && d.Specification == diskspec.SpecificationVirtio {
			return fail(RuleVirtioHotplug, "hotplug isn't supported for specification virtio")
		}
		if d.IsCdrom != 0 && opts.HVM() {
			phyOK := opts.Has(release.HVMCdromPhy)
			if backend != diskspec.BackendUnknown && backend != diskspec.BackendQdisk && (backend != diskspec.BackendPhy || !phyOK) {
				if phyOK {
					return fail(RuleHVMCdromBackend, "backend for CD devices on HVM guests must be qdisk or phy, not %s", backend)
				}
				return fail(RuleHVMCdromBackend, "backend for CD devices on HVM guests must be qdisk, not %s", backend)
			}
			if backend == diskspec.BackendUnknown {
				backend = diskspec.BackendQdisk
				c.Notes = append(c.Notes, "HVM CD-ROM: backend qdisk forced")
			}
		}
	}

	var file domain.HostFile // the zeroed struct stat libxl starts from
	if d.Format == diskspec.FormatEmpty {
		if d.IsCdrom == 0 {
			return fail(RuleEmptyNotCdrom, "disk is empty but not a CD-ROM")
		}
		if cur && d.PdevPath != nil && *d.PdevPath != "" && !(opts.Has(release.EmptyCdromPhy) && strings.HasPrefix(*d.PdevPath, StubdomEmptyCdrom)) {
			return fail(RuleEmptyWithImage, "disk is empty but an image has been provided: %s", *d.PdevPath)
		}
	} else if (backend == diskspec.BackendUnknown || backend == diskspec.BackendPhy ||
		(cur && backend == diskspec.BackendStandalone)) && !dd && !script {
		path := "(null)"
		if d.PdevPath != nil {
			path = *d.PdevPath
		}
		var err error
		if d.PdevPath == nil {
			err = fmt.Errorf("stat (null): bad address")
		} else {
			file, err = opts.HostOrDefault().Stat(path)
		}
		if err != nil {
			return fail(RuleStatFailed, "failed to stat %s: %v", path, err)
		}
		how := "stat: "
		if domain.Offline(opts.Host) {
			how = "offline guess from the path (--probe-host to stat it): "
		}
		switch {
		case file.Block:
			c.Notes = append(c.Notes, how+path+" is a block device")
		case file.Regular:
			c.Notes = append(c.Notes, how+path+" is a regular file")
		case file.Dir:
			c.Notes = append(c.Notes, how+path+" is a directory")
		default:
			c.Notes = append(c.Notes, how+path+" is neither a block device nor a regular file")
		}
		if !cur && !file.Block && !file.Regular {
			return fail(RuleNotBlockOrFile, "phys path is not a block dev or file: %s", path)
		}
	}
	if dd {
		c.Notes = append(c.Notes, "backend in a driver domain: physical device checks skipped")
	}

	try := func(b diskspec.Backend) bool {
		ok, why := tryBackend(d, b, file, opts)
		c.Tried = append(c.Tried, Attempt{Backend: b, OK: ok, Reason: why})
		if ok {
			c.Backend = b
		}
		return ok
	}
	if backend != diskspec.BackendUnknown {
		if !try(backend) {
			return fail(RuleBackendUnsuitable, "requested backend %s is unsuitable: %s", backend, c.Tried[len(c.Tried)-1].Reason)
		}
		return c
	}
	for _, b := range backendOrder(opts.Dialect) {
		if try(b) {
			return c
		}
	}
	return fail(RuleNoBackend, "no suitable backend for disk %s", d.VdevName())
}

// tryBackend is disk_try_backend: does backend b fit d? file is the stat
// result libxl has (zero when it did not stat).
func tryBackend(d *diskspec.Disk, b diskspec.Backend, file domain.HostFile, opts domain.Options) (bool, string) {
	if opts.Dialect == domain.Dialect2015 {
		return tryBackend2015(d, b, file, opts)
	}
	colo := d.ColoEnable.Val(false)
	virtio := d.Specification == diskspec.SpecificationVirtio
	if virtio && b != diskspec.BackendStandalone {
		return false, "not compatible with specification virtio (only standalone is)"
	}
	if !virtio && b == diskspec.BackendStandalone {
		return false, fmt.Sprintf("needs specification=virtio, not %s", specName(d.Specification))
	}
	switch b {
	case diskspec.BackendPhy:
		if colo {
			return false, "not compatible with colo"
		}
		if d.IsCdrom != 0 && d.Format == diskspec.FormatEmpty && opts.Has(release.EmptyCdromPhy) {
			return true, "empty CD-ROM"
		}
		if d.Format != diskspec.FormatRaw {
			return false, fmt.Sprintf("unsuitable due to format %s (phy needs raw)", d.Format)
		}
		if driverDomain(d) {
			return true, "storage driver domain, physical device check skipped"
		}
		if d.Script != nil {
			return true, "script=... given, assuming phy"
		}
		return tryPhy(file)
	case diskspec.BackendTap:
		if !opts.Has(release.TapBackend) {
			// Before 4.19 tap meant blktap2, which Linux no longer has.
			switch {
			case d.Script != nil:
				return false, "not compatible with script=..."
			case colo:
				return false, "not compatible with colo"
			case d.IsCdrom != 0:
				return false, "unsuitable for cdroms"
			}
			return false, "unsuitable because blktap not available"
		}
		if d.Format != diskspec.FormatRaw && d.Format != diskspec.FormatVhd {
			return false, fmt.Sprintf("unsuitable due to format %s (tap needs raw or vhd)", d.Format)
		}
		if colo {
			return false, "not compatible with colo"
		}
		return true, "format " + d.Format.String() + " (blktap3 tapdisk)"
	case diskspec.BackendQdisk:
		if d.Script != nil {
			return false, "not compatible with script=..."
		}
		return true, "QEMU serves any format"
	case diskspec.BackendStandalone:
		if d.Format != diskspec.FormatRaw {
			return false, fmt.Sprintf("unsuitable due to format %s (standalone needs raw)", d.Format)
		}
		if d.Script != nil {
			return false, "not compatible with script=..."
		}
		if colo {
			return false, "not compatible with colo"
		}
		if driverDomain(d) {
			return true, "storage driver domain, physical device check skipped"
		}
		return tryPhy(file)
	}
	return false, fmt.Sprintf("backend %d unknown", int(b))
}

// tryPhy is Linux's libxl__try_phy_backend: a block device or a regular
// file (the block hotplug script sets up a loop device for a file).
func tryPhy(file domain.HostFile) (bool, string) {
	switch {
	case file.Block:
		return true, "target is a block device"
	case file.Regular:
		return true, "target is a regular file (Linux: the block script loop-mounts it)"
	}
	return false, "target is neither a block device nor a regular file"
}

func specName(s diskspec.Specification) string {
	if s == diskspec.SpecificationUnknown {
		return "xen (the default)"
	}
	return s.String()
}

// Has2015ColoParams reports whether d carries what the 2015 series kept in
// colo_params (host, port and export name, as colo-params= sets them).
func Has2015ColoParams(d *diskspec.Disk) bool {
	return d.ColoHost != nil && d.ColoPort != 0 && d.ColoExport != nil
}

// tryBackend2015 is disk_try_backend of Xen 4.6 with the v7 COLO patch.
func tryBackend2015(d *diskspec.Disk, b diskspec.Backend, file domain.HostFile, opts domain.Options) (bool, string) {
	colo := d.ColoEnable.Val(false)
	coloish := colo || d.ActiveDisk != nil || d.HiddenDisk != nil
	switch b {
	case diskspec.BackendPhy:
		if d.Format != diskspec.FormatRaw && d.Format != diskspec.FormatEmpty {
			return false, fmt.Sprintf("unsuitable due to format %s (phy needs raw or empty)", d.Format)
		}
		if coloish {
			return false, "not compatible with colo (colo, active-disk or hidden-disk set)"
		}
		if driverDomain(d) {
			return true, "storage driver domain, physical device check skipped"
		}
		if d.Script != nil {
			return true, "script=... given, assuming phy"
		}
		if file.Block {
			return true, "target is a block device"
		}
		return false, "target is not a block device"
	case diskspec.BackendTap:
		if d.Script != nil {
			return false, "not compatible with script=..."
		}
		if coloish {
			return false, "not compatible with colo (colo, active-disk or hidden-disk set)"
		}
		if d.IsCdrom != 0 {
			return false, "unsuitable for cdroms"
		}
		if !opts.Blktap2 {
			return false, "unsuitable because blktap not available"
		}
		if d.Format != diskspec.FormatRaw && d.Format != diskspec.FormatVhd {
			return false, fmt.Sprintf("unsuitable due to format %s (tap needs raw or vhd)", d.Format)
		}
		return true, "format " + d.Format.String() + " (blktap2)"
	case diskspec.BackendQdisk:
		if d.Script != nil {
			return false, "not compatible with script=..."
		}
		if colo {
			if !Has2015ColoParams(d) {
				return false, "needs colo-params=... for colo"
			}
			if d.ActiveDisk == nil {
				return false, "needs active-disk=... for colo"
			}
			if d.HiddenDisk == nil {
				return false, "needs hidden-disk=... for colo"
			}
		}
		return true, "QEMU serves any format"
	}
	return false, fmt.Sprintf("backend %s unknown to the 2015 series", b)
}
