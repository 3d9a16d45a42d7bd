// Package qemuargs renders the QEMU (qemu-xen) command-line arguments that
// libxl gives the device model for a domain's disks: the -drive and -device
// options of libxl__build_device_model_args_new, in libxl's order,
// including COLO block replication, in two dialects: today's libxl (as
// accepted by QEMU 7.2) and the 2015 COLO patch series.
//
// Render takes disks whose backend is already resolved: run validate first,
// as libxl runs libxl__device_disk_set_backend before it builds the device
// model arguments. Every disk that QEMU will not see gets a diagnostic
// saying why (a Warning when libxl skips it and the guest still sees it
// through PV drivers, an Error when libxl or QEMU would refuse the domain);
// no disk is skipped silently.
//
// Unlike libxl, Render escapes every value (each ',' doubled), so that no
// target, export name or overlay path can add or change a QEMU option, and
// it checks what QEMU would refuse or misread: ids that are not QEMU
// identifiers, empty or NUL-carrying paths, paths that start with white
// space, duplicate ids and slots. Checked with QEMU 7.2: leading and
// trailing blanks, '=', ':' after a '/', quotes and newlines in a file name
// are kept literally. A leading blank is therefore refused (QEMU would open
// a relative file whose name begins with it, never what was meant); a
// trailing one, inside the name, is passed on. A relative name with ':'
// before any '/' is read as a protocol (reported), and json: as a JSON
// object of block options (refused).
//
// The current dialect follows Xen 4.17's libxl, which already gives SCSI
// disks an if=none drive and "-device scsi-hd" (older libxl's if=scsi and
// scsi-disk were removed in QEMU 6.0). Where 4.17's strings do not work
// with QEMU 7.2 it emits what works and reports the rest: an emulated cdrom
// at disk index 4, for which libxl emits bus=ide.2 (a bus QEMU's pc machine
// does not have), is reported and left
// out. A COLO primary in a stub domain names its quorum child's image
// children.0.filename (libxl's children.0.file.filename is refused by QEMU
// for the host_device driver, which has no file child). The 2015 dialect reproduces the 2015 strings as they were, including
// if=scsi and the nbd+colo / qcow2+colo drivers that never reached QEMU; it
// is for reading old configurations, not for running QEMU 7.2 (its if=scsi
// drives brought their own controller, so it has no -device lsi53c895a).
package qemuargs

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/vdev"
)

// HDType is libxl's hdtype: how hd/xvd disks are emulated.
type HDType int

// The hard-disk types. The zero value is HDTypeIDE, libxl's default.
const (
	HDTypeIDE HDType = iota
	HDTypeAHCI
)

// String returns "ide" or "ahci".
func (h HDType) String() string {
	switch h {
	case HDTypeIDE:
		return "ide"
	case HDTypeAHCI:
		return "ahci"
	}
	return fmt.Sprintf("HDType(%d)", int(h))
}

// ParseHDType is the inverse of HDType.String.
func ParseHDType(s string) (HDType, error) {
	switch s {
	case "ide":
		return HDTypeIDE, nil
	case "ahci":
		return HDTypeAHCI, nil
	}
	return HDTypeIDE, fmt.Errorf("unknown hdtype %q (want ide or ahci)", s)
}

// Dialect selects the libxl whose strings are produced: today's
// (DialectCurrent, Xen 4.17 as QEMU 7.2 accepts them) or the 2015 COLO
// series' (Dialect2015). It is validate's Dialect, so one value drives both
// backend choice and rendering.
type Dialect = validate.Dialect

// The dialects. The zero value is DialectCurrent.
const (
	DialectCurrent = validate.DialectCurrent
	Dialect2015    = validate.Dialect2015
)

// ParseDialect parses "current" or "2015".
func ParseDialect(s string) (Dialect, error) { return validate.ParseDialect(s) }

// Options are the domain-wide settings that shape the disk arguments.
type Options struct {
	// HDType is the domain's hdtype.
	HDType HDType
	// Stubdom is true when the device model runs in a stub domain
	// (device_model_stubdomain_override): QEMU then opens /dev/xvdX with
	// format host_device.
	Stubdom bool
	// ColoSide, when not colo.ModeNone, sets the COLO side of every disk as
	// libxl does when it creates the domain: ModePrimary for a new domain,
	// ModeSecondary for one restored from a COLO checkpoint stream. With
	// ModeNone each disk's own ColoRestoreEnable decides.
	ColoSide colo.Mode
	// Dialect selects today's strings or the 2015 series'.
	Dialect Dialect
}

// Drive describes one disk that QEMU emulates, for callers that check
// what QEMU opened (query-block).
type Drive struct {
	// Disk is the index of the disk in the input list.
	Disk int
	// ID is the id of the drive the guest device uses (query-block's
	// "device").
	ID string
	// File is the image QEMU opens for the disk ("" for an empty cdrom);
	// for a COLO secondary the base image (its id is Export).
	File string
	// Format is QEMU's format driver for File ("raw", "qcow2", "vpc",
	// "host_device", ...).
	Format string
	// ReadOnly is QEMU's read-only flag for the drive.
	ReadOnly bool
	// Cdrom is true for an emulated cdrom.
	Cdrom bool
	// Mode is the COLO mode the drive was rendered for.
	Mode colo.Mode
	// Chain is the COLO replication chain (zero for ModeNone).
	Chain colo.Chain
	// Opts are the options of the drive's -drive argument(s), unescaped, in
	// order: one list, or for a COLO secondary two (base drive first).
	Opts [][]KV
}

// Result is the rendered argument fragment.
type Result struct {
	// Args is the argv fragment, option and value alternating
	// ("-drive", "file=...").
	Args []string
	// Drives describes each emulated disk, in Args order.
	Drives []Drive
	// Warnings holds one diagnostic per disk QEMU does not see, and any
	// errors (see the package documentation). Disk is the input index.
	Warnings diag.List
}

// Err returns the errors among r.Warnings as an error, or nil.
func (r *Result) Err() error { return r.Warnings.Err() }

// Render renders the arguments for disks, in order, as libxl does for an
// HVM domain. Each disk's Backend must already be resolved (run validate
// first); a nil disk or an unresolved backend is an error for that disk.
func Render(disks []*diskspec.Disk, opts Options) *Result {
	return RenderParsed(wrap(disks), opts)
}

func wrap(disks []*diskspec.Disk) []*diskspec.Parsed {
	ps := make([]*diskspec.Parsed, len(disks))
	for i, d := range disks {
		ps[i] = &diskspec.Parsed{Disk: d}
	}
	return ps
}

// RenderParsed is Render for parsed disks: diagnostics then point at the
// spec text of the setting they are about.
func RenderParsed(disks []*diskspec.Parsed, opts Options) *Result {
	r := &renderer{opts: opts, res: &Result{}, ids: map[string]int{}, slots: map[string]int{}}
	r.run(disks)
	r.res.Warnings.Sort()
	return r.res
}

type renderer struct {
	opts  Options
	res   *Result
	ids   map[string]int // drive/device id -> disk index
	slots map[string]int // emulated slot -> disk index
}

// disk is the per-disk state of one render.
type disk struct {
	i    int
	p    *diskspec.Parsed
	d    *diskspec.Disk
	v    vdev.Vdev
	diag diag.List
}

func (k *disk) add(rule string, f diskspec.Field, format string, args ...any) {
	var span diag.Span = diag.NoSpan
	if f != "" && k.p != nil {
		span = k.p.Span(f)
	}
	dg := diag.New(rule, span, format, args...)
	dg.Disk = k.i
	k.diag = append(k.diag, dg)
}

func (k *disk) hasErrors() bool { return k.diag.HasErrors() }

func (k *disk) name() string {
	if n := k.d.VdevName(); n != "" {
		return n
	}
	return "#" + strconv.Itoa(k.i)
}

func (r *renderer) run(ps []*diskspec.Parsed) {
	if r.opts.Dialect == Dialect2015 && r.opts.Stubdom {
		dg := diag.New(RuleDialectStubdom, diag.NoSpan,
			"the 2015 series has no qemu-xen stub domain; libxl refused to start one")
		r.res.Warnings = append(r.res.Warnings, dg)
		return
	}
	if r.opts.Dialect == Dialect2015 && r.opts.HDType == HDTypeAHCI {
		dg := diag.New(RuleAHCI2015, diag.NoSpan,
			"the 2015 series predates hdtype=\"ahci\"; hd and xvd disks are emulated as IDE")
		r.res.Warnings = append(r.res.Warnings, dg)
	}
	// libxl adds the SCSI controller before any disk when some non-cdrom
	// disk has an sd vdev, whether or not that disk is emulated.
	if r.opts.Dialect == DialectCurrent {
		for _, p := range ps {
			if p != nil && p.Disk != nil && p.Disk.IsCdrom == 0 && hasSdPrefix(p.Disk.VdevName()) {
				r.res.Args = append(r.res.Args, "-device", "lsi53c895a")
				break
			}
		}
		if r.opts.HDType == HDTypeAHCI {
			r.res.Args = append(r.res.Args, "-device", "ahci,id=ahci0")
		}
	}
	for i, p := range ps {
		k := &disk{i: i, p: p}
		if p != nil {
			k.d = p.Disk
		}
		args, drive, ok := r.disk(k)
		if ok && !k.hasErrors() {
			r.res.Args = append(r.res.Args, args...)
			if drive != nil {
				r.res.Drives = append(r.res.Drives, *drive)
			}
		}
		r.res.Warnings = append(r.res.Warnings, k.diag...)
	}
}

func hasSdPrefix(s string) bool { return len(s) >= 2 && s[0] == 's' && s[1] == 'd' }

// qemuFormat is libxl__qemu_disk_format_string; "" stands for NULL.
func qemuFormat(f diskspec.Format) string {
	switch f {
	case diskspec.FormatQcow:
		return "qcow"
	case diskspec.FormatQcow2:
		return "qcow2"
	case diskspec.FormatVhd:
		return "vpc"
	case diskspec.FormatRaw:
		return "raw"
	case diskspec.FormatQed:
		return "qed"
	}
	return ""
}

// disk renders one disk. ok false means the disk is not emulated (its
// diagnostics say why).
func (r *renderer) disk(k *disk) (args []string, drive *Drive, ok bool) {
	if k.d == nil {
		k.add(RuleNoBackend, "", "disk %d is missing", k.i)
		return nil, nil, false
	}
	d := colo.WithSide(k.d, r.opts.ColoSide)
	k.d = d
	v, err := vdev.Decode(d.VdevName())
	if err != nil || v.Disk < 0 {
		k.add(RuleNoDiskNumber, diskspec.FieldVdev, "unable to determine the disk number of vdev %q; the disk is not emulated", d.VdevName())
		return nil, nil, false
	}
	k.v = v
	if d.Backend == diskspec.BackendUnknown {
		k.add(RuleNoBackend, diskspec.FieldBackendtype, "disk %s has no backend chosen; run validate first", k.name())
		return nil, nil, false
	}
	if r.opts.Dialect == Dialect2015 {
		return r.disk2015(k)
	}

	var format string
	switch {
	case r.opts.Stubdom:
		format = "host_device"
	case d.Backend == diskspec.BackendQdisk:
		format = qemuFormat(d.Format)
	default:
		format = "raw"
	}
	cdrom := d.IsCdrom != 0
	var path string
	hasPath := false
	switch {
	case d.Format == diskspec.FormatEmpty:
		if !cdrom {
			k.add(RuleEmptyNotCdrom, diskspec.FieldFormat, "format empty is only emulated for a cdrom; disk %s is not emulated", k.name())
			return nil, nil, false
		}
	case r.opts.Stubdom:
		if v.Disk > 'z'-'a' {
			k.add(RuleStubdomTooMany, diskspec.FieldVdev, "a stub domain emulates only disks a..z; disk %s (index %d) is not emulated", k.name(), v.Disk)
			return nil, nil, false
		}
		path, hasPath = "/dev/xvd"+string(rune('a'+v.Disk)), true
	default:
		if format == "" {
			k.add(RuleNoFormat, diskspec.FieldFormat, "QEMU has no format for %s; disk %s is not emulated", d.Format, k.name())
			return nil, nil, false
		}
		if d.Backend == diskspec.BackendTap {
			k.add(RuleTapHVM, diskspec.FieldBackendtype, "disk %s is on the tap backend, which libxl_dm.c asserts an emulated disk is not (Xen 4.17 aborts); no drive rendered", k.name())
			return nil, nil, false
		}
		p, ok := r.localPath(k)
		if !ok {
			return nil, nil, false
		}
		path, hasPath = p, true
	}
	if hasPath && !r.checkPath(k, diskspec.FieldTarget, "target", path) {
		return nil, nil, false
	}

	n := v.Disk
	mode := colo.ModeOf(d)
	if cdrom {
		if mode != colo.ModeNone {
			k.add(RuleColoIgnored, diskspec.FieldColo, "COLO is not applied to a cdrom; %s is emulated without replication", k.name())
		}
		if n >= 4 {
			if n == 4 {
				k.add(RuleCdromBus, diskspec.FieldVdev, "emulated cdrom %s would sit on bus ide.2, which QEMU's pc machine lacks (libxl emits it, QEMU refuses to start); the cdrom is not emulated", k.name())
			} else {
				k.add(RuleCdromIndex, diskspec.FieldVdev, "an emulated cdrom must be one of the first 4 disks; %s is not emulated", k.name())
			}
			return nil, nil, false
		}
		id := "ide-" + strconv.Itoa(v.Number)
		if !r.claim(k, "ide:"+strconv.Itoa(n), "IDE slot "+strconv.Itoa(n)) || !r.claimID(k, id) {
			return nil, nil, false
		}
		kv := []KV{{Key: "if", Value: "none"}, {Key: "readonly", Value: "on"}, {Key: "id", Value: id}}
		if hasPath {
			kv = append(kv, KV{Key: "file", Value: path}, KV{Key: "format", Value: format})
		}
		dev := []KV{{Key: "ide-cd", Bare: true}, {Key: "id", Value: id}, {Key: "drive", Value: id},
			{Key: "bus", Value: "ide." + strconv.Itoa(n/2)}, {Key: "unit", Value: strconv.Itoa(n % 2)}}
		dr := &Drive{Disk: k.i, ID: id, File: path, Format: format, ReadOnly: true, Cdrom: true, Opts: [][]KV{kv}}
		if !hasPath {
			dr.Format = ""
		}
		return []string{"-drive", JoinOpts(kv), "-device", JoinOpts(dev)}, dr, true
	}

	readonly := d.Readwrite == 0
	chain, ok := r.chain(k, mode)
	if !ok {
		return nil, nil, false
	}
	dr := &Drive{Disk: k.i, File: path, Format: format, ReadOnly: readonly, Mode: mode, Chain: chain}
	switch {
	case hasSdPrefix(d.VdevName()):
		if n > 7 {
			k.add(RuleSCSIID, diskspec.FieldVdev, "SCSI disk %s needs scsi-id=%d, but the lsi53c895a controller has ids 0..7; QEMU refuses to start", k.name(), n)
			return nil, nil, false
		}
		if !r.claim(k, "scsi:"+strconv.Itoa(n), "SCSI id "+strconv.Itoa(n)) {
			return nil, nil, false
		}
		common := []KV{{Key: "if", Value: "none"}, {Key: "readonly", Value: onOff(readonly)}, {Key: "cache", Value: "writeback"}}
		var drives [][]KV
		var id string
		switch mode {
		case colo.ModeNone:
			id = "scsi0-hd" + strconv.Itoa(n)
			drives = append(drives, append([]KV{{Key: "file", Value: path}, {Key: "id", Value: id}, {Key: "format", Value: format}}, common...))
		case colo.ModePrimary:
			id = chain.Export
			drives = append(drives, append(append([]KV{}, common...), quorum(id, path, format)...))
		case colo.ModeSecondary:
			id = "top-colo"
			base := []KV{{Key: "if", Value: "none"}, {Key: "driver", Value: format}, {Key: "file", Value: path},
				{Key: "id", Value: chain.Export}, {Key: "readonly", Value: onOff(readonly)}}
			top := append(append([]KV{}, common...), KV{Key: "id", Value: id})
			drives = append(drives, base, append(top, replication(chain)...))
		}
		if !r.claimDriveIDs(k, drives) {
			return nil, nil, false
		}
		dr.ID, dr.Opts = id, drives
		for _, kv := range drives {
			args = append(args, "-drive", JoinOpts(kv))
		}
		dev := []KV{{Key: "scsi-hd", Bare: true}, {Key: "drive", Value: id}, {Key: "scsi-id", Value: strconv.Itoa(n)}}
		args = append(args, "-device", JoinOpts(dev))
		return args, dr, true

	case n < 6 && r.opts.HDType == HDTypeAHCI:
		if readonly {
			k.add(RuleReadOnlyAHCI, diskspec.FieldAccess, "qemu-xen doesn't support read-only AHCI disk drives; libxl refuses the domain (disk %s)", k.name())
			return nil, nil, false
		}
		if mode != colo.ModeNone {
			k.add(RuleColoIgnored, diskspec.FieldColo, "libxl emulates AHCI disks without COLO; %s is not replicated", k.name())
			dr.Mode, dr.Chain = colo.ModeNone, colo.Chain{}
		}
		if !r.claim(k, "ahci:"+strconv.Itoa(n), "AHCI port "+strconv.Itoa(n)) {
			return nil, nil, false
		}
		id := "ahcidisk-" + strconv.Itoa(n)
		kv := []KV{{Key: "file", Value: path}, {Key: "if", Value: "none"}, {Key: "id", Value: id},
			{Key: "format", Value: format}, {Key: "cache", Value: "writeback"}}
		if !r.claimDriveIDs(k, [][]KV{kv}) {
			return nil, nil, false
		}
		dev := []KV{{Key: "ide-hd", Bare: true}, {Key: "bus", Value: "ahci0." + strconv.Itoa(n)}, {Key: "unit", Value: "0"}, {Key: "drive", Value: id}}
		dr.ID, dr.Opts = id, [][]KV{kv}
		return []string{"-drive", JoinOpts(kv), "-device", JoinOpts(dev)}, dr, true

	case n < 4:
		if readonly {
			k.add(RuleReadOnlyIDE, diskspec.FieldAccess, "qemu-xen doesn't support read-only IDE disk drives; libxl refuses the domain (disk %s)", k.name())
			return nil, nil, false
		}
		if !r.claim(k, "ide:"+strconv.Itoa(n), "IDE slot "+strconv.Itoa(n)) {
			return nil, nil, false
		}
		var drives [][]KV
		ide := []KV{{Key: "if", Value: "ide"}, {Key: "index", Value: strconv.Itoa(n)}, {Key: "media", Value: "disk"}}
		switch mode {
		case colo.ModeNone:
			dr.ID = ideName(n)
			drives = append(drives, []KV{{Key: "file", Value: path}, {Key: "if", Value: "ide"}, {Key: "index", Value: strconv.Itoa(n)},
				{Key: "media", Value: "disk"}, {Key: "format", Value: format}, {Key: "cache", Value: "writeback"}})
		case colo.ModePrimary:
			dr.ID = chain.Export
			kv := append(append([]KV{}, ide...), KV{Key: "cache", Value: "writeback"}, KV{Key: "driver", Value: "quorum"}, KV{Key: "id", Value: chain.Export})
			kv = append(kv, quorumChildren(path, format)...)
			drives = append(drives, kv)
		case colo.ModeSecondary:
			dr.ID = "top-colo"
			base := []KV{{Key: "if", Value: "none"}, {Key: "driver", Value: format}, {Key: "file", Value: path}, {Key: "id", Value: chain.Export}}
			kv := []KV{{Key: "if", Value: "ide"}, {Key: "index", Value: strconv.Itoa(n)}, {Key: "id", Value: "top-colo"},
				{Key: "media", Value: "disk"}, {Key: "cache", Value: "writeback"}}
			kv = append(kv, replication(chain)...)
			drives = append(drives, base, kv)
		}
		if !r.claimDriveIDs(k, drives) {
			return nil, nil, false
		}
		dr.Opts = drives
		for _, kv := range drives {
			args = append(args, "-drive", JoinOpts(kv))
		}
		return args, dr, true
	}
	if r.opts.HDType == HDTypeAHCI {
		k.add(RuleAHCIIndex, diskspec.FieldVdev, "AHCI emulates only the first 6 disks; %s (index %d) is not emulated", k.name(), n)
	} else {
		k.add(RuleIDEIndex, diskspec.FieldVdev, "only 4 emulated IDE disks are supported; %s (index %d) is not emulated", k.name(), n)
	}
	return nil, nil, false
}

// ideName is QEMU's default id of an if=ide drive (ide<bus>-hd<unit>),
// which query-block reports. if_name "ide", bus n/2, unit n%2 for the pc
// machine's two units per bus.
func ideName(n int) string {
	return "ide" + strconv.Itoa(n/2) + "-hd" + strconv.Itoa(n%2)
}

func quorum(id, path, format string) []KV {
	return append([]KV{{Key: "id", Value: id}, {Key: "driver", Value: "quorum"}}, quorumChildren(path, format)...)
}

func quorumChildren(path, format string) []KV {
	key := "children.0.file.filename"
	if format == "host_device" {
		// host_device is a protocol driver: it has no file child.
		key = "children.0.filename"
	}
	return []KV{
		{Key: key, Value: path},
		{Key: "children.0.driver", Value: format},
		{Key: "read-pattern", Value: "fifo"},
		{Key: "vote-threshold", Value: "1"},
	}
}

func replication(c colo.Chain) []KV {
	return []KV{
		{Key: "driver", Value: "replication"},
		{Key: "mode", Value: "secondary"},
		{Key: "top-id", Value: "top-colo"},
		{Key: "file.driver", Value: "qcow2"},
		{Key: "file.file.filename", Value: c.ActiveDisk},
		{Key: "file.backing.driver", Value: "qcow2"},
		{Key: "file.backing.file.filename", Value: c.HiddenDisk},
		{Key: "file.backing.backing", Value: c.Export},
	}
}

// localPath is libxl__device_disk_find_local_path for QEMU in dom0.
func (r *renderer) localPath(k *disk) (string, bool) {
	d := k.d
	switch {
	case d.BackendDomname != nil:
		k.add(RuleNoLocalPath, diskspec.FieldBackend, "disk %s is served by driver domain %q; QEMU in dom0 cannot open it, the disk is not emulated", k.name(), *d.BackendDomname)
		return "", false
	case d.Format == diskspec.FormatRaw && d.Script == nil:
		return d.Target(), true
	case d.Backend == diskspec.BackendQdisk:
		return d.Target(), true
	case d.Script != nil:
		k.add(RuleScriptPath, diskspec.FieldScript, "disk %s uses script %q: QEMU gets the path the script writes to xenstore at run time, not known offline; no drive rendered", k.name(), *d.Script)
		return "", false
	}
	k.add(RuleNoLocalPath, diskspec.FieldFormat, "disk %s: a %s image on the %s backend has no local path for QEMU; the disk is not emulated", k.name(), d.Format, d.Backend)
	return "", false
}

// checkValue reports a value no command-line argument can carry.
func (r *renderer) checkValue(k *disk, f diskspec.Field, what, v string) bool {
	if i := strings.IndexByte(v, 0); i >= 0 {
		k.add(RuleBadValue, f, "%s of disk %s holds a NUL byte at offset %d; no command-line argument can carry it", what, k.name(), i)
		return false
	}
	return true
}

// checkPath reports paths QEMU cannot open as the literal file named.
func (r *renderer) checkPath(k *disk, f diskspec.Field, what, path string) bool {
	if !r.checkValue(k, f, what, path) {
		return false
	}
	if path == "" {
		k.add(RuleBadValue, f, "%s of disk %s is empty; QEMU needs a file name", what, k.name())
		return false
	}
	if strings.IndexByte(" \t\n\v\f\r", path[0]) >= 0 {
		// QEMU keeps the blank: " /dev/vg/a" would be opened as a file
		// named " " + "/dev/vg/a" relative to QEMU's working directory.
		k.add(RuleBadValue, f, "%s %q of disk %s starts with white space; QEMU would open it literally, as a relative file name beginning with the blank", what, path, k.name())
		return false
	}
	switch proto := protocolPrefix(path); {
	case proto == "":
	case proto == "json":
		k.add(RuleJSONTarget, f, "%s of disk %s starts with json:, which QEMU reads as block options, not a file name", what, k.name())
		return false
	case qemuProtocols[proto]:
		k.add(RuleProtocolTarget, f, "QEMU opens %s %q of disk %s through its %s: protocol, not as a file", what, path, k.name(), proto)
	default:
		k.add(RuleProtocolTarget, f, "QEMU reads %s %q of disk %s as protocol %q, which QEMU 7.2 does not know (\"Unknown protocol\"); write ./%s for a file", what, path, k.name(), proto, path)
	}
	return true
}

// chain checks the COLO settings a disk's mode needs.
func (r *renderer) chain(k *disk, mode colo.Mode) (colo.Chain, bool) {
	c, err := colo.ChainOf(k.d, mode)
	if err != nil {
		for _, f := range colo.Needs(mode) {
			if missingField(err, f) {
				k.add(RuleColoIncomplete, diskspec.FieldColo, "COLO %s disk %s needs %s=", mode, k.name(), f)
			}
		}
		return c, false
	}
	ok := true
	if mode != colo.ModeNone && r.opts.Dialect == DialectCurrent && !ValidID(c.Export) {
		k.add(RuleBadExportID, diskspec.FieldColoExport, "colo-export %q of disk %s is used as a QEMU id; it must start with a letter and hold only letters, digits, '-', '.' and '_'", c.Export, k.name())
		ok = false
	}
	if mode == colo.ModeSecondary {
		ok = r.checkPath(k, diskspec.FieldActiveDisk, "active-disk", c.ActiveDisk) && ok
		ok = r.checkPath(k, diskspec.FieldHiddenDisk, "hidden-disk", c.HiddenDisk) && ok
	}
	return c, ok
}

func missingField(err error, f colo.Field) bool {
	var found bool
	var walk func(error)
	walk = func(e error) {
		if m, ok := e.(*colo.MissingError); ok && m.Field == f {
			found = true
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return found
}

// claim records that disk k uses an emulated slot.
func (r *renderer) claim(k *disk, slot, what string) bool {
	if j, taken := r.slots[slot]; taken {
		k.add(RuleSlotConflict, diskspec.FieldVdev, "disk %s wants %s, already used by disk %d; QEMU refuses to start", k.name(), what, j)
		return false
	}
	r.slots[slot] = k.i
	return true
}

// claimID records a drive or device id.
func (r *renderer) claimID(k *disk, id string) bool {
	if j, taken := r.ids[id]; taken {
		k.add(RuleDuplicateDriveID, diskspec.FieldColoExport, "disk %s needs QEMU id %q, already used by disk %d; QEMU refuses to start", k.name(), id, j)
		return false
	}
	r.ids[id] = k.i
	return true
}

func (r *renderer) claimDriveIDs(k *disk, drives [][]KV) bool {
	for _, kv := range drives {
		for _, o := range kv {
			if o.Key == "id" && !r.claimID(k, o.Value) {
				return false
			}
		}
	}
	return true
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
