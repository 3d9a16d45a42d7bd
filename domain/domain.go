// Package domain holds the one options type of xldisk: the facts about a
// Xen domain and its host that every stage needs (parse, validate,
// render, lint). The zero Options is a PV guest on the newest known Xen
// release, judged offline, with libxl's defaults for everything else.
package domain

import (
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/xldisk/xldisk/release"
)

// Options describe a domain, its host and the libxl to follow. Every
// package of xldisk takes this one type; the zero value means the
// documented defaults everywhere.
type Options struct {
	// Type is the guest type (xl.cfg type=); the zero value is PV.
	Type GuestType
	// HDType is the xl.cfg hdtype for HVM guests; the zero value is IDE.
	HDType HDType
	// Stubdom is true when the device model runs in a stub domain
	// (device_model_stubdomain_override=1): QEMU then opens /dev/xvdX with
	// format host_device.
	Stubdom bool
	// ColoSide is the COLO side the domain is created on: ColoNone (each
	// disk as it says: the primary for a colo disk), ColoPrimary (xl
	// create) or ColoSecondary (restored from a COLO stream, which sets
	// colo_restore_enable on every disk).
	ColoSide ColoMode
	// Dialect picks current upstream libxl or the 2015 COLO series.
	Dialect Dialect
	// Xen is the Xen release to follow; the zero value is release.Default.
	// The 2015 dialect ignores it.
	Xen release.Version
	// Host answers stat questions about targets; nil means OfflineHost.
	Host Host
	// DomID is the guest's domain id (xenstore paths, the empty CD-ROM
	// file); 0 means 1.
	DomID uint32
	// ScriptDir is the hotplug script directory; "" means
	// "/etc/xen/scripts".
	ScriptDir string
	// Hotplug is true for xl block-attach (a running domain): libxl then
	// refuses specification=virtio.
	Hotplug bool
	// Blktap2 tells whether blktap2 is available on the host; only the
	// 2015 dialect's tap backend asks (libxl__blktap_enabled).
	Blktap2 bool
	// Limits bound what the readers accept; zero fields mean
	// DefaultLimits' values.
	Limits Limits
}

// HVM reports whether the guest has a device model emulating disks.
func (o Options) HVM() bool { return o.Type == HVM }

// Release is the Xen release to follow (Xen, or release.Default).
func (o Options) Release() release.Version { return o.Xen.Or() }

// Has reports whether the release followed has feature f. The 2015
// dialect has none of the release table's features.
func (o Options) Has(f release.Feature) bool {
	if o.Dialect == Dialect2015 {
		return false
	}
	return o.Release().Has(f)
}

// HostOrDefault returns Host, or OfflineHost when it is nil.
func (o Options) HostOrDefault() Host {
	if o.Host == nil {
		return OfflineHost
	}
	return o.Host
}

// DomIDOrDefault returns DomID, or 1 when it is 0.
func (o Options) DomIDOrDefault() uint32 {
	if o.DomID == 0 {
		return 1
	}
	return o.DomID
}

// ScriptDirOrDefault returns ScriptDir without a trailing slash, or
// "/etc/xen/scripts".
func (o Options) ScriptDirOrDefault() string {
	if o.ScriptDir == "" {
		return "/etc/xen/scripts"
	}
	return strings.TrimRight(o.ScriptDir, "/")
}

// AHCI reports whether libxl attaches hd and xvd disks to an AHCI
// controller: hdtype="ahci" with current libxl (the 2015 series predates
// AHCI and emulates IDE whatever hdtype says).
func (o Options) AHCI() bool { return o.HDType == AHCI && o.Dialect == DialectCurrent }

// Limits bound what xldisk reads, so that hostile input cannot make it use
// unbounded time or memory. A zero field means DefaultLimits' value.
type Limits struct {
	// MaxFileSize is the largest config file read, in bytes.
	MaxFileSize int
	// MaxDepth is the deepest list nesting of an xl.cfg ([[x]] is 2).
	MaxDepth int
	// MaxListLen is the longest xl.cfg list (items of one list).
	MaxListLen int
}

// DefaultLimits: 1 MiB files (real xl.cfg files are a few KiB), lists
// nested 16 deep, 4096 items in one list (libxl supports far fewer disks).
var DefaultLimits = Limits{MaxFileSize: 1 << 20, MaxDepth: 16, MaxListLen: 4096}

// OrDefault fills every zero field from DefaultLimits.
func (l Limits) OrDefault() Limits {
	if l.MaxFileSize == 0 {
		l.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if l.MaxDepth == 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxListLen == 0 {
		l.MaxListLen = DefaultLimits.MaxListLen
	}
	return l
}

// GuestType is the xl.cfg domain type.
type GuestType int

// The guest types. The zero value is PV.
const (
	PV GuestType = iota
	PVH
	HVM
)

var guestTypeNames = [...]string{"pv", "pvh", "hvm"}

// String returns "pv", "pvh" or "hvm".
func (t GuestType) String() string { return name(guestTypeNames[:], int(t), "GuestType") }

// ParseGuestType is the inverse of GuestType.String.
func ParseGuestType(s string) (GuestType, error) {
	i, err := parse(guestTypeNames[:], s, "guest type")
	return GuestType(i), err
}

// HDType is libxl's hdtype: how hd and xvd disks of an HVM guest are
// emulated.
type HDType int

// The hard-disk types. The zero value is IDE, libxl's default.
const (
	IDE HDType = iota
	AHCI
)

var hdTypeNames = [...]string{"ide", "ahci"}

// String returns "ide" or "ahci".
func (h HDType) String() string { return name(hdTypeNames[:], int(h), "HDType") }

// ParseHDType is the inverse of HDType.String; like xl it ignores case
// ("AHCI" is ahci), and anything else is an error.
func ParseHDType(s string) (HDType, error) {
	i, err := parse(hdTypeNames[:], strings.ToLower(s), "hdtype")
	return HDType(i), err
}

// ColoMode is the COLO role of a disk or a domain.
type ColoMode int

// The COLO modes. The zero value is ColoNone.
const (
	// ColoNone: COLO is off (for Options.ColoSide: each disk as it says).
	ColoNone ColoMode = iota
	// ColoPrimary: colo_enable set and not restoring; QEMU opens the disk
	// through a quorum whose second child (the secondary's NBD export) is
	// added at run time.
	ColoPrimary
	// ColoSecondary: colo_enable and colo_restore_enable set; QEMU opens
	// the disk as the base of a replication chain (active and hidden
	// qcow2 overlays) and exports it over NBD.
	ColoSecondary
)

var coloModeNames = [...]string{"none", "primary", "secondary"}

// String returns "none", "primary" or "secondary".
func (m ColoMode) String() string { return name(coloModeNames[:], int(m), "ColoMode") }

// ParseColoMode is the inverse of ColoMode.String.
func ParseColoMode(s string) (ColoMode, error) {
	i, err := parse(coloModeNames[:], s, "COLO mode")
	return ColoMode(i), err
}

// Dialect selects which libxl the rules and the arguments follow.
type Dialect int

// The dialects. The zero value is DialectCurrent.
const (
	// DialectCurrent is upstream libxl (Xen 4.17 and later, see
	// Options.Xen): backends phy, qdisk, tap, standalone; COLO with
	// colo-host=, colo-port=, colo-export=.
	DialectCurrent Dialect = iota
	// Dialect2015 is the 2015 COLO series (v7, on Xen 4.6): backends phy,
	// qdisk, tap (blktap2); COLO with colo-params=host:port:exportname=NAME.
	Dialect2015
)

var dialectNames = [...]string{"current", "2015"}

// String returns "current" or "2015".
func (d Dialect) String() string { return name(dialectNames[:], int(d), "Dialect") }

// ParseDialect is the inverse of Dialect.String ("" is current).
func ParseDialect(s string) (Dialect, error) {
	if s == "" {
		return DialectCurrent, nil
	}
	i, err := parse(dialectNames[:], s, "dialect")
	return Dialect(i), err
}

func name(names []string, i int, typ string) string {
	if i >= 0 && i < len(names) {
		return names[i]
	}
	return fmt.Sprintf("%s(%d)", typ, i)
}

func parse(names []string, s, what string) (int, error) {
	for i, n := range names {
		if s == n {
			return i, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (want %s)", what, s, strings.Join(names, ", "))
}

// HostFile is what stat(2) tells libxl about a disk's target.
type HostFile struct {
	// Block is true for a block device (S_ISBLK).
	Block bool
	// Regular is true for a regular file (S_ISREG).
	Regular bool
	// Dir is true for a directory (S_ISDIR).
	Dir bool
}

// Host answers questions about the machine the domain would run on.
type Host interface {
	// Stat stats path, following symbolic links, as stat(2) does. An
	// error means libxl's stat would fail ("failed to stat").
	Stat(path string) (HostFile, error)
}

// OfflineHost is the default Host: it never touches the file system. A
// target under /dev/ counts as a block device, the empty path does not
// exist (as on every host), anything else is an existing regular file.
var OfflineHost Host = offlineHost{}

type offlineHost struct{}

// Stat guesses from the path: /dev/... is a block device, anything else a
// file.
func (offlineHost) Stat(path string) (HostFile, error) {
	if path == "" {
		// stat("") fails with ENOENT on every host.
		return HostFile{}, &fs.PathError{Op: "stat", Path: path, Err: fs.ErrNotExist}
	}
	if strings.HasPrefix(path, "/dev/") {
		return HostFile{Block: true}, nil
	}
	return HostFile{Regular: true}, nil
}

// Offline reports whether h is OfflineHost (or nil): its answers are
// guesses, not facts about a real host.
func Offline(h Host) bool { return h == nil || h == OfflineHost }

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
		Dir:     m.IsDir(),
	}, nil
}

// MapHost is a Host backed by a map, for tests and examples: a path that
// is not in the map does not exist.
type MapHost map[string]HostFile

// Stat looks path up in the map.
func (h MapHost) Stat(path string) (HostFile, error) {
	if f, ok := h[path]; ok {
		return f, nil
	}
	return HostFile{}, &fs.PathError{Op: "stat", Path: path, Err: fs.ErrNotExist}
}
