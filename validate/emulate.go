package validate

import (
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/vdev"
)

// Bus is the emulated controller a disk sits on.
type Bus int

// The buses.
const (
	// BusIDE is QEMU's built-in IDE (if=ide, or ide-cd on ide.N).
	BusIDE Bus = iota
	// BusAHCI is the ahci0 controller libxl adds for hdtype="ahci".
	BusAHCI
	// BusSCSI is the lsi53c895a controller libxl adds for sd disks (the
	// 2015 series: if=scsi).
	BusSCSI
)

// String returns "ide", "ahci" or "scsi".
func (b Bus) String() string {
	switch b {
	case BusIDE:
		return "ide"
	case BusAHCI:
		return "ahci"
	case BusSCSI:
		return "scsi"
	}
	return "Bus(" + strconv.Itoa(int(b)) + ")"
}

// Emulation is how QEMU emulates one disk: everything qemuargs needs to
// write the disk's -drive and -device arguments, decided here once.
type Emulation struct {
	// Dialect is the libxl whose arguments are meant.
	Dialect domain.Dialect
	// Bus and Index place the disk: the disk index from the vdev, which is
	// the IDE index (bus Index/2, unit Index%2), the AHCI port or the SCSI
	// id.
	Bus   Bus
	Index int
	// Number is the vdev's device number (CD-ROM drive ids use it).
	Number int
	// Cdrom is true for an emulated CD-ROM drive.
	Cdrom bool
	// ReadOnly is QEMU's read-only flag (CD-ROMs are always read-only).
	ReadOnly bool
	// Path is the file QEMU opens; HasPath is false for an empty CD-ROM.
	Path    string
	HasPath bool
	// Format is QEMU's format driver for Path ("raw", "qcow2", "vpc",
	// "host_device", ...).
	Format string
	// Colo is the COLO role the disk is emulated with, and Chain its
	// replication settings (zero for ColoNone).
	Colo  domain.ColoMode
	Chain colo.Chain
	// DriveID is the id of the drive the guest device uses ("" for an
	// if=ide drive, which QEMU names itself). BaseID is a COLO secondary's
	// base drive id (colo-export; in the 2015 series nbd_targetN).
	DriveID string
	BaseID  string
}

// slotKey names the emulated slot an Emulation takes.
func (e *Emulation) slotKey() (key, what string) {
	n := strconv.Itoa(e.Index)
	switch e.Bus {
	case BusAHCI:
		return "ahci:" + n, "AHCI port " + n
	case BusSCSI:
		if e.Dialect == domain.Dialect2015 {
			return "scsi:" + n, "SCSI unit " + n
		}
		return "scsi:" + n, "SCSI id " + n
	}
	return "ide:" + n, "IDE slot " + n
}

// IDs lists every QEMU id the disk's arguments define, in order.
func (e *Emulation) IDs() []string {
	var ids []string
	if e.BaseID != "" {
		ids = append(ids, e.BaseID)
	}
	if e.DriveID != "" {
		ids = append(ids, e.DriveID)
	}
	return ids
}

// emulator holds the domain-wide state of emulation: the slots, ids and
// stub-domain devices taken so far.
type emulator struct {
	opts  domain.Options
	slots map[string]int
	ids   map[string]int
	stub  map[string]int
	names map[int]string // disk index -> vdev, for messages
}

// emulateDomain decides the emulation of every disk libxl accepts, in
// order, as libxl__build_device_model_args_new walks them.
func emulateDomain(pl *Plan) {
	opts := pl.Options
	if opts.Dialect == domain.Dialect2015 && opts.Stubdom {
		pl.Diags = append(pl.Diags, diagNoPlace(RuleDialectStubdom,
			"the 2015 series has no qemu-xen stub domain; libxl refused to start one"))
		return
	}
	if opts.Dialect == domain.Dialect2015 && opts.HDType == domain.AHCI {
		pl.Diags = append(pl.Diags, diagNoPlace(RuleAHCI2015,
			"the 2015 series predates hdtype=\"ahci\"; hd and xvd disks are emulated as IDE"))
	}
	em := &emulator{opts: opts, slots: map[string]int{}, ids: map[string]int{}, stub: map[string]int{}, names: map[int]string{}}
	for i := range pl.Disks {
		dp := &pl.Disks[i]
		em.names[i] = dp.name()
		if dp.Disk == nil || !dp.Backend.OK() || !dp.VdevOK || dp.Diags.HasErrors() {
			continue // libxl refuses the disk: QEMU never sees it
		}
		if opts.Dialect == domain.DialectCurrent && dp.Disk.IsCdrom == 0 && hasSdPrefix(dp.Disk.VdevName()) {
			// libxl adds the SCSI controller when some non-cdrom disk
			// has an sd vdev, whether or not that disk is emulated.
			pl.SCSIController = true
		}
		var e *Emulation
		if opts.Dialect == domain.Dialect2015 {
			e = em.disk2015(dp)
		} else {
			e = em.disk(dp)
		}
		if e != nil && !dp.Diags.HasErrors() {
			dp.Emulation = e
		}
	}
	pl.AHCIController = opts.AHCI()
}

func hasSdPrefix(s string) bool { return len(s) >= 2 && s[0] == 's' && s[1] == 'd' }

// disk decides one disk's emulation with current libxl; nil when QEMU does
// not see it (a finding says why).
func (em *emulator) disk(dp *DiskPlan) *Emulation {
	d, v, opts := dp.Disk, dp.Vdev, em.opts
	if v.Kind == vdev.KindNumber || v.Disk < 0 {
		dp.add(RuleVdevNumberHVM, diskspec.FieldVdev, "use an hd, xvd or sd name",
			"vdev %s is a plain device number: libxl cannot give it a disk index, so QEMU does not emulate it", d.VdevName())
		return nil
	}
	n := v.Disk
	e := &Emulation{Dialect: domain.DialectCurrent, Index: n, Number: v.Number, Cdrom: d.IsCdrom != 0}
	switch {
	case opts.Stubdom:
		e.Format = "host_device"
	case d.Backend == diskspec.BackendQdisk:
		e.Format = qemuFormat(d.Format)
	default:
		e.Format = "raw"
	}
	switch {
	case d.Format == diskspec.FormatEmpty:
		// An empty non-cdrom disk was refused by libxl already.
		if !e.Cdrom {
			return nil
		}
		e.Format = ""
	case opts.Stubdom:
		if n > 'z'-'a' {
			dp.add(RuleStubdomTooMany, diskspec.FieldVdev, "",
				"a stub domain emulates only disks a..z; disk %s (index %d) is not emulated", dp.name(), n)
			return nil
		}
		e.Path, e.HasPath = "/dev/xvd"+string(rune('a'+n)), true
		if j, taken := em.stub[e.Path]; taken {
			dp.add(RuleStubdomCollision, diskspec.FieldVdev, "give the disks different letters (hda and xvdb, not hda and sda)",
				"disk %s and disk %d both become the stub domain's %s: QEMU opens one device twice", dp.name(), j, e.Path)
			return nil
		}
		em.stub[e.Path] = dp.Index
	default:
		if e.Format == "" {
			dp.add(RuleNoFormat, diskspec.FieldFormat, "", "QEMU has no format for %s; disk %s is not emulated", d.Format, dp.name())
			return nil
		}
		path, ok := em.localPath(dp)
		if !ok {
			return nil
		}
		e.Path, e.HasPath = path, true
	}
	if e.HasPath && !opts.Stubdom && !em.checkPath(dp, diskspec.FieldTarget, "target", e.Path) {
		return nil
	}

	mode := colo.ModeOf(d)
	if e.Cdrom {
		e.ReadOnly = true
		if mode != domain.ColoNone {
			dp.add(RuleColoIgnored, diskspec.FieldColo, "", "COLO is not applied to a cdrom; %s is emulated without replication", dp.name())
		}
		switch {
		case n > 4:
			dp.add(RuleCdromIndex, diskspec.FieldVdev, "use hdc, hdd, xvdc or xvdd for an emulated CD-ROM",
				"CD-ROM %s (disk index %d) is not emulated: only the first disks can be emulated CD-ROMs", dp.name(), n)
			return nil
		case n == 4:
			dp.add(RuleCdromBus, diskspec.FieldVdev, "use a CD-ROM vdev with disk index 0-3 (hda-hdd, xvda-xvdd)",
				"CD-ROM %s (disk index 4) becomes -device ide-cd,bus=ide.2, which QEMU's pc machine does not have: QEMU refuses to start", dp.name())
			return nil
		}
		e.Bus, e.DriveID = BusIDE, "ide-"+strconv.Itoa(v.Number)
		return em.claim(dp, e)
	}

	e.ReadOnly = d.Readwrite == 0
	name := d.VdevName()
	switch {
	case hasSdPrefix(name):
		e.Bus = BusSCSI
		if n > 7 {
			dp.add(RuleSCSIID, diskspec.FieldVdev, "use sda-sdh, or xvd names",
				"SCSI disk %s gets scsi-id=%d, but QEMU's lsi53c895a has ids 0-7: QEMU refuses to start", name, n)
			return nil
		}
	case opts.AHCI() && n < 6:
		e.Bus = BusAHCI
		if e.ReadOnly {
			dp.add(RuleReadOnlyAHCI, diskspec.FieldAccess, "make it writable (access=rw), or use a CD-ROM",
				"read-only AHCI disk %s: qemu-xen doesn't support read-only AHCI disk drivers, libxl refuses the domain", name)
			return nil
		}
		if mode != domain.ColoNone {
			dp.add(RuleColoIgnored, diskspec.FieldColo, "", "libxl emulates AHCI disks without COLO; %s is not replicated", name)
			mode = domain.ColoNone
		}
	case n < 4:
		e.Bus = BusIDE
		if e.ReadOnly {
			dp.add(RuleReadOnlyIDE, diskspec.FieldAccess, "make it writable (access=rw), use devtype=cdrom, or a vdev from xvde on (PV only)",
				"read-only IDE disk %s: qemu-xen doesn't support read-only IDE disk drivers, libxl refuses the domain", name)
			return nil
		}
	case opts.AHCI():
		dp.add(RuleAHCIIndex, diskspec.FieldVdev, "",
			"disk %s (index %d) is not emulated: AHCI takes the first 6 disks; PV drivers only", name, n)
		return nil
	default:
		dp.add(RuleIDEIndex, diskspec.FieldVdev, "use hdtype=\"ahci\" for 6 emulated disks, or sd names",
			"disk %s (index %d) is not emulated: only 4 emulated IDE disks are supported; PV drivers only", name, n)
		return nil
	}
	if !em.chain(dp, e, mode) {
		return nil
	}
	switch {
	case e.Bus == BusAHCI:
		e.DriveID = "ahcidisk-" + strconv.Itoa(n)
	case mode == domain.ColoPrimary:
		e.DriveID = e.Chain.Export
	case mode == domain.ColoSecondary:
		e.DriveID, e.BaseID = "top-colo", e.Chain.Export
	case e.Bus == BusSCSI:
		e.DriveID = "scsi0-hd" + strconv.Itoa(n)
	}
	return em.claim(dp, e)
}

// localPath is libxl__device_disk_find_local_path for QEMU in dom0.
func (em *emulator) localPath(dp *DiskPlan) (string, bool) {
	d := dp.Disk
	switch {
	case d.BackendDomname != nil:
		dp.add(RuleNoLocalPath, diskspec.FieldBackend, "",
			"disk %s is served by driver domain %q; QEMU in dom0 cannot open it, the disk is not emulated", dp.name(), *d.BackendDomname)
		return "", false
	case d.Format == diskspec.FormatRaw && d.Script == nil:
		return d.Target(), true
	case d.Backend == diskspec.BackendQdisk:
		return d.Target(), true
	case d.Backend == diskspec.BackendTap:
		dp.add(RuleScriptPath, diskspec.FieldBackendtype, "",
			"disk %s is a %s image on tap: QEMU opens tapdisk's NBD socket (nbd+unix:///?socket=...), known only at run time; no drive rendered", dp.name(), d.Format)
		return "", false
	case d.Script != nil:
		dp.add(RuleScriptPath, diskspec.FieldScript, "",
			"disk %s uses script %q: QEMU gets the path the script writes to xenstore at run time, not known offline; no drive rendered", dp.name(), *d.Script)
		return "", false
	}
	dp.add(RuleNoLocalPath, diskspec.FieldFormat, "",
		"disk %s: a %s image on the %s backend has no local path for QEMU; the disk is not emulated", dp.name(), d.Format, d.Backend)
	return "", false
}

// checkValue reports a value no command-line argument can carry.
func (em *emulator) checkValue(dp *DiskPlan, f diskspec.Field, what, v string) bool {
	if i := strings.IndexByte(v, 0); i >= 0 {
		dp.add(RuleBadValue, f, "", "%s of disk %s holds a NUL byte at offset %d; no command-line argument can carry it", what, dp.name(), i)
		return false
	}
	return true
}

// checkPath reports paths QEMU cannot open as the literal file named.
func (em *emulator) checkPath(dp *DiskPlan, f diskspec.Field, what, path string) bool {
	if !em.checkValue(dp, f, what, path) {
		return false
	}
	if path == "" {
		dp.add(RuleBadValue, f, "", "%s of disk %s is empty; QEMU needs a file name", what, dp.name())
		return false
	}
	if strings.IndexByte(" \t\n\v\f\r", path[0]) >= 0 {
		// QEMU keeps the blank: " /dev/vg/a" would be opened as a file
		// named " " + "/dev/vg/a" relative to QEMU's working directory.
		dp.add(RuleBadValue, f, "", "%s %q of disk %s starts with white space; QEMU would open it literally, as a relative file name beginning with the blank", what, path, dp.name())
		return false
	}
	switch proto := protocolPrefix(path); {
	case proto == "":
	case proto == "json":
		dp.add(RuleJSONTarget, f, "", "%s of disk %s starts with json:, which QEMU reads as block options, not a file name", what, dp.name())
		return false
	case qemuProtocols[proto]:
		if dp.Disk.Backend == diskspec.BackendQdisk && dp.Parsed != nil && dp.Parsed.Disk.Backend == diskspec.BackendQdisk {
			// An explicit qdisk disk with a QEMU protocol target
			// (rbd:pool/image) is QEMU's own storage: meant.
			return true
		}
		dp.add(RuleProtocolTarget, f, "", "QEMU opens %s %q of disk %s through its %s: protocol, not as a file", what, path, dp.name(), proto)
	default:
		dp.add(RuleProtocolTarget, f, "write ./"+path+" for a file", "QEMU reads %s %q of disk %s as protocol %q, which QEMU does not know (\"Unknown protocol\")", what, path, dp.name(), proto)
	}
	return true
}

// chain checks the COLO settings the disk's mode needs and sets e's COLO
// fields.
func (em *emulator) chain(dp *DiskPlan, e *Emulation, mode domain.ColoMode) bool {
	c, missing := colo.ChainOf(dp.Disk, mode)
	for _, f := range missing {
		dp.add(RuleColoIncomplete, diskspec.FieldColo, "set "+string(f)+"=...", "COLO %s disk %s needs %s=", mode, dp.name(), f)
	}
	if missing != nil {
		return false
	}
	ok := true
	if mode != domain.ColoNone && !ValidID(c.Export) {
		dp.add(RuleBadExportID, diskspec.FieldColoExport, "", "colo-export %q of disk %s is used as a QEMU id; it must start with a letter and hold only letters, digits, '-', '.' and '_'", c.Export, dp.name())
		ok = false
	}
	if mode == domain.ColoSecondary {
		ok = em.checkPath(dp, diskspec.FieldActiveDisk, "active-disk", c.ActiveDisk) && ok
		ok = em.checkPath(dp, diskspec.FieldHiddenDisk, "hidden-disk", c.HiddenDisk) && ok
	}
	e.Colo, e.Chain = mode, c
	return ok
}

// claim takes e's slot and ids for the disk, reporting a conflict with an
// earlier disk; it returns e, or nil on a conflict.
func (em *emulator) claim(dp *DiskPlan, e *Emulation) *Emulation {
	key, what := e.slotKey()
	if j, taken := em.slots[key]; taken {
		dp.add(RuleSlotConflict, diskspec.FieldVdev, "give the disks different letters (hda and xvdb, not hda and xvda)",
			"vdev %s and disk %d's vdev %s are both emulated as %s: QEMU refuses the second drive", dp.name(), j, em.vdevOf(j), what)
		return nil
	}
	for _, id := range e.IDs() {
		if j, taken := em.ids[id]; taken {
			dp.add(RuleDuplicateDriveID, diskspec.FieldColoExport, "",
				"disk %s needs QEMU id %q, already used by disk %d; QEMU refuses to start", dp.name(), id, j)
			return nil
		}
	}
	em.slots[key] = dp.Index
	for _, id := range e.IDs() {
		em.ids[id] = dp.Index
	}
	return e
}

// vdevOf returns disk i's vdev, for messages.
func (em *emulator) vdevOf(i int) string { return em.names[i] }

// diagNoPlace is a domain-wide finding.
func diagNoPlace(rule diag.RuleID, msg string) diag.Diagnostic { return diag.New(rule, nil, "%s", msg) }

// disk2015 decides one disk's emulation as the 2015 COLO series' libxl did
// (libxl__build_device_model_args_new with PATCH v7 COLO 11/18 applied):
// the format is always the disk's own, CD-ROMs and disks are if=ide /
// if=scsi drives, COLO uses the nbd+colo and qcow2+colo drivers of the
// proposed QEMU block replication.
func (em *emulator) disk2015(dp *DiskPlan) *Emulation {
	d, v := dp.Disk, dp.Vdev
	if v.Kind == vdev.KindNumber || v.Disk < 0 {
		dp.add(RuleVdevNumberHVM, diskspec.FieldVdev, "use an hd, xvd or sd name",
			"vdev %s is a plain device number: libxl cannot give it a disk index, so QEMU does not emulate it", d.VdevName())
		return nil
	}
	n := v.Disk
	e := &Emulation{Dialect: domain.Dialect2015, Index: n, Number: v.Number, Format: qemuFormat(d.Format)}
	mode := colo.ModeOf(d)
	if d.IsCdrom != 0 {
		e.Cdrom, e.ReadOnly, e.Bus = true, true, BusIDE
		if mode != domain.ColoNone {
			dp.add(RuleColoIgnored, diskspec.FieldColo, "", "COLO is not applied to a cdrom; %s is emulated without replication", dp.name())
		}
		if n >= 4 {
			dp.add(RuleCdromBus, diskspec.FieldVdev, "use a CD-ROM vdev with disk index 0-3 (hda-hdd, xvda-xvdd)",
				"CD-ROM %s (disk index %d) becomes -drive if=ide,index=%d, which QEMU's two IDE buses do not have", dp.name(), n, n)
			return nil
		}
		e.DriveID = "ide-" + strconv.Itoa(v.Number)
		if d.Format == diskspec.FormatEmpty {
			e.Format = ""
		} else {
			if !em.checkPath(dp, diskspec.FieldTarget, "target", d.Target()) {
				return nil
			}
			e.Path, e.HasPath = d.Target(), true
		}
		return em.claim(dp, e)
	}
	if d.Format == diskspec.FormatEmpty {
		return nil // refused by libxl already
	}
	if e.Format == "" {
		dp.add(RuleNoFormat, diskspec.FieldFormat, "", "QEMU has no format for %s; disk %s is not emulated", d.Format, dp.name())
		return nil
	}
	if d.Backend == diskspec.BackendTap {
		dp.add(RuleNoLocalPath, diskspec.FieldBackendtype, "", "disk %s is on the tap backend: the 2015 libxl gives QEMU the blktap device created at run time, not known offline; no drive rendered", dp.name())
		return nil
	}
	e.Path, e.HasPath = d.Target(), true
	if !em.checkPath(dp, diskspec.FieldTarget, "target", e.Path) {
		return nil
	}
	sd := hasSdPrefix(d.VdevName())
	if !sd && n >= 4 {
		dp.add(RuleIDEIndex, diskspec.FieldVdev, "use sd names for more emulated disks",
			"disk %s (index %d) is not emulated: only 4 emulated IDE disks are supported; PV drivers only", dp.name(), n)
		return nil
	}
	if d.Readwrite == 0 {
		dp.add(RuleReadOnly2015, diskspec.FieldAccess, "", "the 2015 series emulates read-only disk %s writable (before XSA-142)", dp.name())
	}
	e.Bus = BusIDE
	if sd {
		e.Bus = BusSCSI
	}
	e.Colo = mode
	if mode != domain.ColoNone {
		c := colo.Chain{Export: diskspec.Deref(d.ColoExport), ActiveDisk: diskspec.Deref(d.ActiveDisk),
			HiddenDisk: diskspec.Deref(d.HiddenDisk), Host: diskspec.Deref(d.ColoHost), Port: d.ColoPort}
		e.Chain = c
		if mode == domain.ColoSecondary {
			// disk_try_backend of the series refused a COLO disk without
			// active-disk and hidden-disk.
			bad := false
			for _, f := range []struct {
				v     string
				field colo.Field
			}{{c.ActiveDisk, colo.FieldActiveDisk}, {c.HiddenDisk, colo.FieldHiddenDisk}} {
				if f.v == "" {
					dp.add(RuleColoMissing, diskspec.FieldColo, "set "+string(f.field)+"=...", "COLO %s disk %s needs %s=", mode, dp.name(), f.field)
					bad = true
				}
			}
			if bad || !em.checkPath(dp, diskspec.FieldActiveDisk, "active-disk", c.ActiveDisk) ||
				!em.checkPath(dp, diskspec.FieldHiddenDisk, "hidden-disk", c.HiddenDisk) {
				return nil
			}
			if sd {
				e.BaseID = "nbd_target" + strconv.Itoa(n+4)
			} else {
				e.BaseID = "nbd_target" + strconv.Itoa(n)
			}
		}
		// colo-params parsed (diskspec refuses a malformed one, XLD014),
		// and a disk without it was refused (XLD110, XLD115): the NBD
		// address and export are there.
		if !em.checkValue(dp, diskspec.FieldColoHost, "colo host", c.Host) ||
			!em.checkValue(dp, diskspec.FieldColoExport, "colo export", c.Export) {
			return nil
		}
	}
	return em.claim(dp, e)
}
