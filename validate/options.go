// Package validate checks a parsed Xen disk the way libxl does when it
// attaches it, without a hypervisor: it chooses the backend exactly as
// libxl__device_disk_set_backend and disk_try_backend do (for current
// upstream Xen or for the 2015 COLO series), decodes the vdev, reports
// libxl's semantic rules and QEMU's emulation limits as diagnostics with
// stable rule ids (XLD1xx, XLD200-XLD239), computes the xenstore nodes libxl
// writes for the disk, and reads a disk back from those nodes.
//
// Host facts (is the target a block device?) come through the Host
// interface: OfflineHost guesses from the path, OSHost asks the kernel.
package validate

import (
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/xldisk/xldisk/colo"
)

// Dialect selects which libxl the rules follow.
type Dialect int

// The dialects. The zero value is DialectCurrent.
const (
	// DialectCurrent is current upstream libxl (Xen 4.17 and later):
	// backends phy, qdisk, tap, standalone; COLO with colo-host=,
	// colo-port=, colo-export=.
	DialectCurrent Dialect = iota
	// Dialect2015 is the 2015 COLO series (v7, on Xen 4.6): backends phy,
	// qdisk, tap (blktap2); COLO with colo-params=host:port:exportname=NAME.
	Dialect2015
)

// String returns "current" or "2015".
func (d Dialect) String() string {
	switch d {
	case DialectCurrent:
		return "current"
	case Dialect2015:
		return "2015"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// ParseDialect is the inverse of Dialect.String.
func ParseDialect(s string) (Dialect, error) {
	switch s {
	case "current", "":
		return DialectCurrent, nil
	case "2015":
		return Dialect2015, nil
	}
	return DialectCurrent, fmt.Errorf("unknown dialect %q (want current or 2015)", s)
}

// HostFile is what stat(2) tells libxl about a disk's target.
type HostFile struct {
	// Block is true for a block device (S_ISBLK).
	Block bool
	// Regular is true for a regular file (S_ISREG).
	Regular bool
}

// Host answers questions about the machine the disk would be attached on.
type Host interface {
	// Stat stats path, following symbolic links, as stat(2) does. An
	// error means libxl's stat would fail ("failed to stat").
	Stat(path string) (HostFile, error)
}

// OfflineHost is the default Host: it never touches the file system. A
// target under /dev/ counts as a block device, anything else as an
// existing regular file.
var OfflineHost Host = offlineHost{}

type offlineHost struct{}

// Stat guesses from the path: /dev/... is a block device, anything else a file.
func (offlineHost) Stat(path string) (HostFile, error) {
	if strings.HasPrefix(path, "/dev/") {
		return HostFile{Block: true}, nil
	}
	return HostFile{Regular: true}, nil
}

// OSHost stats the real file system of this machine.
var OSHost Host = osHost{}

type osHost struct{}

// Stat calls os.Stat, which follows symbolic links like stat(2).
func (osHost) Stat(path string) (HostFile, error) {
	if path == "" {
		// stat("") fails with ENOENT.
		return HostFile{}, &fs.PathError{Op: "stat", Path: path, Err: fs.ErrNotExist}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return HostFile{}, err
	}
	m := fi.Mode()
	return HostFile{
		Block:   m&fs.ModeDevice != 0 && m&fs.ModeCharDevice == 0,
		Regular: m.IsRegular(),
	}, nil
}

// MapHost is a Host backed by a map, for tests and examples: a path that is
// not in the map does not exist.
type MapHost map[string]HostFile

// Stat looks path up in the map.
func (h MapHost) Stat(path string) (HostFile, error) {
	if f, ok := h[path]; ok {
		return f, nil
	}
	return HostFile{}, &fs.PathError{Op: "stat", Path: path, Err: fs.ErrNotExist}
}

// Options describe the domain a disk belongs to and the libxl to follow.
// The zero value is a PV domain checked against current upstream libxl
// with OfflineHost.
type Options struct {
	// HVM is true when the domain has a device model (xl.cfg type="hvm"):
	// CD-ROMs then need the qdisk or phy backend and QEMU's emulation
	// limits apply (XLD2xx rules).
	HVM bool
	// HDType is the xl.cfg hdtype: "ide" (the default when empty) or
	// "ahci" (ignored by the 2015 dialect, which predates AHCI).
	HDType string
	// Dialect picks current upstream libxl or the 2015 COLO series.
	Dialect Dialect
	// Host answers stat questions; nil means OfflineHost.
	Host Host
	// ColoSide is the COLO side the domain is created on: colo.ModeNone or
	// colo.ModePrimary (xl create) or colo.ModeSecondary (restore from a
	// COLO stream, which sets colo_restore_enable on every disk). It only
	// changes which COLO values are needed by QEMU.
	ColoSide colo.Mode
	// Hotplug is true for xl block-attach (a running domain): libxl then
	// refuses specification=virtio.
	Hotplug bool
	// Blktap2 tells whether blktap2 is available on the host; only the 2015
	// dialect's tap backend asks (libxl__blktap_enabled).
	Blktap2 bool
	// DomID is the guest's domain id used in xenstore paths; 0 means 1.
	DomID uint32
	// ScriptDir is the hotplug script directory; "" means
	// "/etc/xen/scripts".
	ScriptDir string
}

func (o Options) host() Host {
	if o.Host == nil {
		return OfflineHost
	}
	return o.Host
}

// ahciEmulated reports whether libxl attaches disks to an AHCI controller:
// hdtype="ahci" with current libxl (the 2015 series predates AHCI support
// and emulates IDE whatever hdtype says).
func (o Options) ahciEmulated() bool { return o.HDType == "ahci" && o.Dialect == DialectCurrent }

func (o Options) domid() uint32 {
	if o.DomID == 0 {
		return 1
	}
	return o.DomID
}

func (o Options) scriptDir() string {
	if o.ScriptDir == "" {
		return "/etc/xen/scripts"
	}
	return strings.TrimRight(o.ScriptDir, "/")
}
