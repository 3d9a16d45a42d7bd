// Package colo describes the COLO (COarse-grained LOck-stepping) block
// replication settings of an xl disk: which side of a COLO pair a disk is
// on and the replication chain each side needs (NBD export, active and
// hidden disks). The 2015 colo-params=host:port:exportname=NAME value is
// read by diskspec (ColoParams) and written back by FormatParams.
//
// COLO block replication was proposed for Xen in 2015 (colo-params=) and
// merged later with separate colo-host=, colo-port= and colo-export=
// parameters. libxl decides the side of a disk from two flags: colo_enable
// (the disk spec's "colo") and colo_restore_enable, which libxl sets on
// every disk when a domain is created from a COLO checkpoint stream (the
// secondary) and clears otherwise (the primary).
package colo

import (
	"strconv"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
)

// ModeOf returns the COLO mode of d the way libxl_dm.c computes it:
// colo_enable (default false) picks COLO at all, and colo_restore_enable
// (default false) picks the secondary side.
func ModeOf(d *diskspec.Disk) domain.ColoMode {
	if d == nil || !d.ColoEnable.Val(false) {
		return domain.ColoNone
	}
	if d.ColoRestoreEnable.Val(false) {
		return domain.ColoSecondary
	}
	return domain.ColoPrimary
}

// WithSide returns a copy of d with colo_restore_enable set for side, as
// libxl_domain_create_new (primary: cleared) and
// libxl_domain_create_restore with a COLO stream (secondary: set) do for
// every disk of the domain. ColoNone returns d itself, unchanged.
func WithSide(d *diskspec.Disk, side domain.ColoMode) *diskspec.Disk {
	if d == nil || side == domain.ColoNone {
		return d
	}
	c := *d
	c.ColoRestoreEnable = diskspec.DefboolOf(side == domain.ColoSecondary)
	return &c
}

// FormatParams renders the 2015 colo-params value
// "host:port:exportname=NAME". It does not check its arguments;
// diskspec's colo-params= parsing does.
func FormatParams(host string, port int, export string) string {
	return host + ":" + strconv.Itoa(port) + ":exportname=" + export
}

// Chain is what QEMU needs to replicate one disk: the NBD export name (on
// the secondary also the id of the base drive), the secondary's active and
// hidden qcow2 overlays and the secondary's NBD server address.
type Chain struct {
	// Export is colo-export: the NBD export name and a QEMU drive id.
	Export string
	// ActiveDisk and HiddenDisk are the secondary's qcow2 overlays.
	ActiveDisk string
	HiddenDisk string
	// Host and Port are the secondary's NBD server, which the primary's
	// quorum child connects to.
	Host string
	Port int
}

// Field names one COLO setting of a disk, by its disk-spec keyword.
type Field string

// The COLO settings a Chain is built from.
const (
	FieldHost       Field = "colo-host"
	FieldPort       Field = "colo-port"
	FieldExport     Field = "colo-export"
	FieldActiveDisk Field = "active-disk"
	FieldHiddenDisk Field = "hidden-disk"
)

// Needs lists the settings a disk in mode m must have for replication to
// work. Both sides need the NBD address and export name: the primary
// connects its quorum's second child to host:port/export (on the 2015
// command line, today through QMP when COLO starts) and uses the export
// name as its quorum drive id; the secondary serves its base drive, whose
// id is the export name, on host:port. The secondary also needs its active
// and hidden overlays. (libxl itself requires all five settings of every
// COLO disk when it writes xenstore; validate checks that.)
func Needs(m domain.ColoMode) []Field {
	switch m {
	case domain.ColoPrimary:
		return []Field{FieldHost, FieldPort, FieldExport}
	case domain.ColoSecondary:
		return []Field{FieldHost, FieldPort, FieldExport, FieldActiveDisk, FieldHiddenDisk}
	}
	return nil
}

// ChainOf builds the replication chain of d for mode m (usually
// ModeOf(d)) and lists the settings m needs that are missing or empty, in
// Needs order. For ColoNone it returns a zero Chain and no missing fields.
func ChainOf(d *diskspec.Disk, m domain.ColoMode) (c Chain, missing []Field) {
	if m == domain.ColoNone || d == nil {
		return Chain{}, nil
	}
	c = Chain{
		Export:     diskspec.Deref(d.ColoExport),
		ActiveDisk: diskspec.Deref(d.ActiveDisk),
		HiddenDisk: diskspec.Deref(d.HiddenDisk),
		Host:       diskspec.Deref(d.ColoHost),
		Port:       d.ColoPort,
	}
	for _, f := range Needs(m) {
		if c.value(f) == "" {
			missing = append(missing, f)
		}
	}
	return c, missing
}

// value returns the chain's setting f as text, "" when unset (a port <= 0
// is unset).
func (c Chain) value(f Field) string {
	switch f {
	case FieldHost:
		return c.Host
	case FieldPort:
		if c.Port <= 0 {
			return ""
		}
		return strconv.Itoa(c.Port)
	case FieldExport:
		return c.Export
	case FieldActiveDisk:
		return c.ActiveDisk
	case FieldHiddenDisk:
		return c.HiddenDisk
	}
	return ""
}

// Params renders the chain's NBD address and export as a 2015 colo-params
// value.
func (c Chain) Params() string { return FormatParams(c.Host, c.Port, c.Export) }
