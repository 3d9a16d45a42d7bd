// Package diskspec parses Xen xl disk specifications (the DISKSPEC strings of
// an xl domain config's disk = [ ... ] list, and the arguments of
// xl block-attach) exactly as the libxlu of a given Xen release does
// (ParseWith; Parse, ParseArgs and ParseDetailed follow release.Default),
// into a typed Disk that mirrors libxl's libxl_device_disk. It also renders
// a Disk as the JSON that xl -N block-attach of that release prints and as
// a canonical keyword-form spec that parses back to an equal Disk.
//
// The syntax is libxlu's flex scanner and nothing else: the scanner's rule
// table (scan.go), one entry per flex rule in libxlu's order with its
// action, matched by longest match with ties to the earlier rule, in time
// linear in the input. Parse errors are diag.Diagnostics of this package's
// rules (RuleBadSyntax ... RuleLimits), returned as a diag.List; Report
// turns them into libxlu's own error lines.
package diskspec

import "fmt"

// Format is libxl_disk_format: the image format of a disk.
type Format int

// The formats, with libxl's numeric values.
const (
	FormatUnknown Format = iota
	FormatQcow
	FormatQcow2
	FormatVhd
	FormatRaw
	FormatEmpty
	FormatQed
)

var formatNames = [...]string{"unknown", "qcow", "qcow2", "vhd", "raw", "empty", "qed"}

// String returns libxl's lower-case name ("qcow2").
func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// Backend is libxl_disk_backend: the software that serves the disk.
type Backend int

// The backends, with libxl's numeric values.
const (
	BackendUnknown Backend = iota
	BackendPhy
	BackendTap
	BackendQdisk
	BackendStandalone
)

var backendNames = [...]string{"unknown", "phy", "tap", "qdisk", "standalone"}

// String returns libxl's lower-case name ("qdisk").
func (b Backend) String() string {
	if b >= 0 && int(b) < len(backendNames) {
		return backendNames[b]
	}
	return fmt.Sprintf("Backend(%d)", int(b))
}

// Specification is libxl_disk_specification: the protocol the guest sees.
type Specification int

// The specifications, with libxl's numeric values.
const (
	SpecificationUnknown Specification = iota
	SpecificationXen
	SpecificationVirtio
)

var specificationNames = [...]string{"unknown", "xen", "virtio"}

// String returns libxl's lower-case name ("virtio").
func (s Specification) String() string {
	if s >= 0 && int(s) < len(specificationNames) {
		return specificationNames[s]
	}
	return fmt.Sprintf("Specification(%d)", int(s))
}

// Transport is libxl_disk_transport (virtio only). The parser never sets it.
type Transport int

// The transports, with libxl's numeric values.
const (
	TransportUnknown Transport = iota
	TransportMmio
)

// String returns libxl's lower-case name ("mmio").
func (t Transport) String() string {
	switch t {
	case TransportUnknown:
		return "unknown"
	case TransportMmio:
		return "mmio"
	}
	return fmt.Sprintf("Transport(%d)", int(t))
}

// Defbool is libxl_defbool: a boolean that may also be left at its default.
type Defbool int8

// The three states of a Defbool. The zero value is DefboolDefault.
const (
	DefboolDefault Defbool = 0
	DefboolTrue    Defbool = 1
	DefboolFalse   Defbool = -1
)

// IsDefault reports whether the value was never set.
func (b Defbool) IsDefault() bool { return b == DefboolDefault }

// Val returns the value, or def when it was never set
// (libxl_defbool_setdefault followed by libxl_defbool_val).
func (b Defbool) Val(def bool) bool {
	switch b {
	case DefboolTrue:
		return true
	case DefboolFalse:
		return false
	}
	return def
}

// String returns "True", "False" or "<default>", as libxl prints them.
func (b Defbool) String() string {
	switch b {
	case DefboolTrue:
		return "True"
	case DefboolFalse:
		return "False"
	}
	return "<default>"
}

// DefboolOf returns DefboolTrue or DefboolFalse.
func DefboolOf(v bool) Defbool {
	if v {
		return DefboolTrue
	}
	return DefboolFalse
}

// Disk mirrors libxl_device_disk. Field names follow Xen's Go binding
// (xenlight.DeviceDisk) so that a Go toolstack can convert field by field.
//
// String fields are pointers because libxl tells a NULL string from an
// empty one: "target=" sets PdevPath to "" (printed as "pdev_path": ""),
// while a disk with no target leaves it nil (not printed at all).
type Disk struct {
	// BackendDomid is the backend domain's id; the parser never sets it
	// (libxl resolves BackendDomname to it).
	BackendDomid uint32
	// BackendDomname is backend=DOMAIN: the driver domain serving the disk.
	BackendDomname *string
	// PdevPath is target=: the image, block device or script argument.
	PdevPath *string
	// Vdev is vdev=: the guest's virtual device name (xvda, hda, sdb, 51712).
	Vdev *string
	// Backend is backendtype=: phy, qdisk, tap or standalone; BackendUnknown
	// lets libxl choose (see validate.ChooseBackend).
	Backend Backend
	// Format is format=: raw (the default), qcow, qcow2, vhd, qed or empty.
	Format Format
	// Script is script=: the hotplug script (block-iscsi, ...).
	Script *string
	// Removable is 1 for a removable device (a cdrom), else 0.
	Removable int
	// Readwrite is 1 for a writable disk (access=rw, the default), 0 for
	// read-only.
	Readwrite int
	// IsCdrom is 1 for devtype=cdrom, else 0.
	IsCdrom int
	// DirectIoSafe is the direct-io-safe flag.
	DirectIoSafe bool
	// DiscardEnable is discard / no-discard (unset: libxl's default).
	DiscardEnable Defbool
	// Specification is specification=: xen or virtio.
	Specification Specification
	// Transport is the virtio transport (mmio); the parser never sets it.
	Transport Transport
	// Irq is the virtio interrupt; the parser never sets it.
	Irq uint32
	// Base is the virtio MMIO base address; the parser never sets it.
	Base uint64
	// ColoEnable is colo / no-colo: block replication for COLO.
	ColoEnable Defbool
	// ColoRestoreEnable is set by libxl when a domain is restored from a
	// COLO checkpoint stream (the secondary side); no disk spec sets it.
	ColoRestoreEnable Defbool
	// ColoHost is colo-host=: the secondary's NBD server address (or the
	// host part of the 2015 colo-params=).
	ColoHost *string
	// ColoPort is colo-port=: the NBD server's port (C atoi of the text).
	ColoPort int
	// ColoExport is colo-export=: the NBD export name, also a QEMU drive id.
	ColoExport *string
	// ActiveDisk is active-disk=: the secondary's active qcow2 overlay.
	ActiveDisk *string
	// HiddenDisk is hidden-disk=: the secondary's hidden qcow2 overlay.
	HiddenDisk *string
	// Trusted is trusted / untrusted (newer than Xen 4.17).
	Trusted Defbool
	// GrantUsage is grant_usage=0|1 (newer than Xen 4.17).
	GrantUsage Defbool
}

// Str returns a pointer to a copy of s, for filling Disk's string fields.
func Str(s string) *string { return &s }

// Deref returns *p, or "" when p is nil.
func Deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// Target returns the target (PdevPath), "" when unset.
func (d *Disk) Target() string { return Deref(d.PdevPath) }

// VdevName returns the vdev, "" when unset.
func (d *Disk) VdevName() string { return Deref(d.Vdev) }
