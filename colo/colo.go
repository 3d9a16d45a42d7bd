// Package colo describes the COLO (COarse-grained LOck-stepping) block
// replication settings of an xl disk: which side of a COLO pair a disk is
// on, the replication chain each side needs (NBD export, active and hidden
// disks) and the 2015 colo-params=host:port:exportname=NAME value.
//
// COLO block replication was proposed for Xen in 2015 (colo-params=) and
// merged later with separate colo-host=, colo-port= and colo-export=
// parameters. libxl decides the side of a disk from two flags: colo_enable
// (the disk spec's "colo") and colo_restore_enable, which libxl sets on
// every disk when a domain is created from a COLO checkpoint stream (the
// secondary) and clears otherwise (the primary).
package colo

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/xldisk/xldisk/diskspec"
)

// Mode is the COLO role of one disk.
type Mode int

// The modes. The zero value is ModeNone.
const (
	// ModeNone: COLO is off for this disk.
	ModeNone Mode = iota
	// ModePrimary: colo_enable set and not restoring; QEMU opens the disk
	// through a quorum whose second child (the secondary's NBD export) is
	// added at run time.
	ModePrimary
	// ModeSecondary: colo_enable and colo_restore_enable set; QEMU opens
	// the disk as the base of a replication chain (active and hidden
	// qcow2 overlays) and exports it over NBD.
	ModeSecondary
)

var modeNames = [...]string{"none", "primary", "secondary"}

// String returns "none", "primary" or "secondary".
func (m Mode) String() string {
	if m >= 0 && int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// ParseMode is the inverse of Mode.String.
func ParseMode(s string) (Mode, error) {
	for i, n := range modeNames {
		if s == n {
			return Mode(i), nil
		}
	}
	return ModeNone, fmt.Errorf("unknown COLO mode %q (want none, primary or secondary)", s)
}

// ModeOf returns the COLO mode of d the way libxl_dm.c computes it:
// colo_enable (default false) picks COLO at all, and colo_restore_enable
// (default false) picks the secondary side.
func ModeOf(d *diskspec.Disk) Mode {
	if d == nil || !d.ColoEnable.Val(false) {
		return ModeNone
	}
	if d.ColoRestoreEnable.Val(false) {
		return ModeSecondary
	}
	return ModePrimary
}

// WithSide returns a copy of d with colo_restore_enable set for side, as
// libxl_domain_create_new (primary: cleared) and
// libxl_domain_create_restore with a COLO stream (secondary: set) do for
// every disk of the domain. ModeNone returns d itself, unchanged.
func WithSide(d *diskspec.Disk, side Mode) *diskspec.Disk {
	if d == nil || side == ModeNone {
		return d
	}
	c := *d
	c.ColoRestoreEnable = diskspec.DefboolOf(side == ModeSecondary)
	return &c
}

// FormatParams renders the 2015 colo-params value
// "host:port:exportname=NAME". It does not check its arguments; ParseParams
// does.
func FormatParams(host string, port int, export string) string {
	return host + ":" + strconv.Itoa(port) + ":exportname=" + export
}

// ParamsPart names the part of a colo-params value an error is about.
type ParamsPart = diskspec.ColoParamsPart

// The parts of "host:port:exportname=NAME".
const (
	PartHost       = diskspec.ColoPartHost
	PartPort       = diskspec.ColoPartPort
	PartExportname = diskspec.ColoPartExportname
	PartName       = diskspec.ColoPartName
)

// ParamsError is a malformed colo-params value. Offset and Len are byte
// offsets inside the value (a zero Len points between two bytes).
type ParamsError = diskspec.ColoParamsError

// Params is a parsed colo-params value.
type Params = diskspec.ColoParams

// ParseParams splits a 2015 colo-params value the way that series'
// parse_colo_params does; see diskspec.ParseColoParams, which the disk-spec
// parser uses for colo-params= (the one implementation, since diskspec
// cannot import this package).
func ParseParams(s string) (Params, error) { return diskspec.ParseColoParams(s) }

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

// MissingError says that a COLO disk lacks a setting its mode needs.
type MissingError struct {
	// Mode is the side the disk is on.
	Mode Mode
	// Field is the missing setting.
	Field Field
}

// Error returns "COLO primary disk needs colo-export=".
func (e *MissingError) Error() string {
	return fmt.Sprintf("COLO %s disk needs %s=", e.Mode, e.Field)
}

// Needs lists the settings a disk in mode m must have for replication to
// work. Both sides need the NBD address and export name: the primary
// connects its quorum's second child to host:port/export (on the 2015
// command line, today through QMP when COLO starts) and uses the export
// name as its quorum drive id; the secondary serves its base drive, whose
// id is the export name, on host:port. The secondary also needs its active
// and hidden overlays. (libxl itself requires all five settings of every
// COLO disk when it writes xenstore; that check belongs to validate.)
func Needs(m Mode) []Field {
	switch m {
	case ModePrimary:
		return []Field{FieldHost, FieldPort, FieldExport}
	case ModeSecondary:
		return []Field{FieldHost, FieldPort, FieldExport, FieldActiveDisk, FieldHiddenDisk}
	}
	return nil
}

// ChainOf builds the replication chain of d for mode m (usually
// ModeOf(d)). For ModeNone it returns a zero Chain and nil. A missing or
// empty setting gives a *MissingError for each (joined with errors.Join,
// in Needs order).
func ChainOf(d *diskspec.Disk, m Mode) (Chain, error) {
	if m == ModeNone || d == nil {
		return Chain{}, nil
	}
	c := Chain{
		Export:     diskspec.Deref(d.ColoExport),
		ActiveDisk: diskspec.Deref(d.ActiveDisk),
		HiddenDisk: diskspec.Deref(d.HiddenDisk),
		Host:       diskspec.Deref(d.ColoHost),
		Port:       d.ColoPort,
	}
	var errs []error
	for _, f := range Needs(m) {
		var missing bool
		switch f {
		case FieldHost:
			missing = c.Host == ""
		case FieldPort:
			missing = c.Port <= 0
		case FieldExport:
			missing = c.Export == ""
		case FieldActiveDisk:
			missing = c.ActiveDisk == ""
		case FieldHiddenDisk:
			missing = c.HiddenDisk == ""
		}
		if missing {
			errs = append(errs, &MissingError{Mode: m, Field: f})
		}
	}
	return c, errors.Join(errs...)
}

// Params renders the chain's NBD address and export as a 2015 colo-params
// value.
func (c Chain) Params() string { return FormatParams(c.Host, c.Port, c.Export) }
