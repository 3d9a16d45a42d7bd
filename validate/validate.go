package validate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/vdev"
)

// Result is the verdict on one disk.
type Result struct {
	// Choice is libxl's backend decision.
	Choice Choice
	// Vdev is the decoded vdev (zero when VdevErr is set).
	Vdev vdev.Vdev
	// VdevErr is the decoding error, nil when the vdev is usable.
	VdevErr error
	// Diags are the findings, sorted.
	Diags diag.List
}

// OK reports whether libxl would accept the disk: a backend was chosen
// and no diagnostic is an error.
func (r Result) OK() bool { return r.Choice.OK() && !r.Diags.HasErrors() }

// Disk validates one parsed disk. p.Spans may be empty (a disk built by
// hand): diagnostics then carry diag.NoSpan. Disk never panics; a nil p or
// p.Disk gives a result with one error.
func Disk(p *diskspec.Parsed, opts Options) Result {
	var r Result
	if p == nil || p.Disk == nil {
		r.Choice.Failure = "no disk"
		r.Choice.Rule = RuleNoBackend
		r.Diags = diag.List{diag.New(RuleNoBackend, diag.NoSpan, "no disk to validate")}
		return r
	}
	d := p.Disk
	add := func(rule string, f diskspec.Field, suggestion, format string, args ...any) {
		dg := diag.New(rule, p.Span(f), format, args...)
		dg.Suggestion = suggestion
		r.Diags = append(r.Diags, dg)
	}

	// vdev.
	name := d.VdevName()
	v, err := vdev.Decode(name)
	if err != nil {
		r.VdevErr = err
		span := p.Span(diskspec.FieldVdev)
		var ve *vdev.Error
		if errors.As(err, &ve) && span.Valid() && span.Len == len(name) {
			span = diag.Span{Frag: span.Frag, Offset: span.Offset + ve.Offset, Len: ve.Len}
		}
		msg := err.Error()
		if ve != nil {
			msg = fmt.Sprintf("invalid vdev %q: %s", name, ve.Msg)
		}
		dg := diag.New(RuleVdevInvalid, span, "%s", msg)
		dg.Suggestion = vdevSuggestion(name)
		r.Diags = append(r.Diags, dg)
	} else {
		r.Vdev = v
		if !v.Canonical() && v.Kind != vdev.KindNumber {
			canon, _ := vdev.Name(v.Number)
			add(RuleVdevNonCanonical, diskspec.FieldVdev, "write vdev="+canon,
				"vdev %q is a non-canonical spelling of %s (device number %d)", name, canon, v.Number)
		}
	}

	// Backend.
	r.Choice = ChooseBackend(d, opts)
	if !r.Choice.OK() {
		field, sugg := diskspec.FieldBackendtype, ""
		switch r.Choice.Rule {
		case RuleEmptyNotCdrom:
			field, sugg = diskspec.FieldFormat, "use format=raw, or devtype=cdrom for an empty drive"
		case RuleEmptyWithImage:
			field, sugg = diskspec.FieldFormat, "drop format=empty to insert the image"
		case RuleStatFailed, RuleNotBlockOrFile:
			field = diskspec.FieldTarget
		case RuleNoBackend:
			field = diskspec.FieldTarget
			sugg = noBackendSuggestion(d, r.Choice)
		case RuleVirtioHotplug:
			field = diskspec.FieldSpecification
		case RuleHVMCdromBackend:
			sugg = "drop backendtype= (qdisk is forced) or use backendtype=phy"
		case RuleBackendUnsuitable:
			if specMismatch(d, r.Choice.Requested, opts) {
				r.Choice.Rule = RuleSpecBackend
				field = diskspec.FieldSpecification
				if d.Specification != diskspec.SpecificationVirtio {
					field = diskspec.FieldBackendtype
				}
				sugg = "specification=virtio goes with backendtype=standalone only"
			}
		}
		add(r.Choice.Rule, field, sugg, "%s", r.Choice.Failure)
	}

	r.coloRules(p, opts)
	r.prefixRule(p)
	if opts.HVM {
		r.emulationRules(p, opts)
	}
	r.Diags.Sort()
	return r
}

func specMismatch(d *diskspec.Disk, b diskspec.Backend, opts Options) bool {
	if opts.Dialect != DialectCurrent {
		return false
	}
	virtio := d.Specification == diskspec.SpecificationVirtio
	return virtio != (b == diskspec.BackendStandalone)
}

func vdevSuggestion(name string) string {
	switch {
	case strings.HasPrefix(name, "hd"):
		return "IDE has hda-hdd; use xvdX for more disks"
	case strings.HasPrefix(name, "sd"):
		return "SCSI has sda-sdp; use xvdX for more disks"
	case strings.HasPrefix(name, "xvd"):
		return "xvd names are xvda..xvdz, xvdaa.. with an optional partition 1-255"
	}
	return "use a name such as xvda, hda or sda"
}

func noBackendSuggestion(d *diskspec.Disk, c Choice) string {
	if d.Specification == diskspec.SpecificationVirtio {
		return "specification=virtio needs backendtype=standalone: a raw block device"
	}
	if d.Script != nil && d.Format != diskspec.FormatRaw {
		return "script= needs a raw disk on phy"
	}
	return "see xldisk explain for why each backend was refused"
}

// coloRules checks COLO's parameters.
func (r *Result) coloRules(p *diskspec.Parsed, opts Options) {
	d := p.Disk
	add := func(rule string, f diskspec.Field, suggestion, format string, args ...any) {
		dg := diag.New(rule, p.Span(f), format, args...)
		dg.Suggestion = suggestion
		r.Diags = append(r.Diags, dg)
	}
	on := d.ColoEnable.Val(false)
	if opts.Dialect == DialectCurrent && p.ColoParams {
		add(RuleColoSyntax, diskspec.FieldColoParams, "use colo-host=,colo-port=,colo-export=",
			"colo-params= is the 2015 COLO series' syntax; upstream xl does not know it")
	}
	if opts.Dialect == Dialect2015 && !p.ColoParams && (d.ColoHost != nil || d.ColoPort != 0 || d.ColoExport != nil) {
		add(RuleColoSyntax, diskspec.FieldColoHost, "use colo-params=host:port:exportname=NAME",
			"colo-host=, colo-port= and colo-export= are upstream syntax; the 2015 series had only colo-params=")
	}
	if !on {
		var set []string
		var first diskspec.Field
		for _, f := range []struct {
			field diskspec.Field
			set   bool
		}{
			{diskspec.FieldColoHost, d.ColoHost != nil},
			{diskspec.FieldColoPort, d.ColoPort != 0},
			{diskspec.FieldColoExport, d.ColoExport != nil},
			{diskspec.FieldActiveDisk, d.ActiveDisk != nil},
			{diskspec.FieldHiddenDisk, d.HiddenDisk != nil},
		} {
			if f.set {
				if first == "" {
					first = f.field
				}
				set = append(set, string(f.field))
			}
		}
		if len(set) > 0 {
			add(RuleColoUnused, first, "add colo, or drop them",
				"%s set without colo: libxl ignores %s", strings.Join(set, ", "), pronoun(len(set)))
		}
		return
	}
	var missing []string
	if opts.Dialect == Dialect2015 {
		if !Has2015ColoParams(d) {
			missing = append(missing, "colo-params")
		}
	} else {
		if d.ColoHost == nil || *d.ColoHost == "" {
			missing = append(missing, "colo-host")
		}
		if d.ColoPort == 0 {
			missing = append(missing, "colo-port")
		}
		if d.ColoExport == nil || *d.ColoExport == "" {
			missing = append(missing, "colo-export")
		}
	}
	if d.ActiveDisk == nil || *d.ActiveDisk == "" {
		missing = append(missing, "active-disk")
	}
	if d.HiddenDisk == nil || *d.HiddenDisk == "" {
		missing = append(missing, "hidden-disk")
	}
	if len(missing) > 0 {
		side := ""
		if opts.ColoSide != colo.ModeNone {
			side = " (" + opts.ColoSide.String() + " side)"
		}
		add(RuleColoMissing, diskspec.FieldColo, "set "+strings.Join(missing, "=..., ")+"=...",
			"COLO disk%s without %s", side, strings.Join(missing, ", "))
	}
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// prefixRule warns about deprecated target prefixes (phy:, tap:aio:,
// qcow2:, ...), found as "name:" text right before the target's value.
func (r *Result) prefixRule(p *diskspec.Parsed) {
	span := p.Span(diskspec.FieldTarget)
	if !span.Valid() || span.Frag >= len(p.Frags) || span.Offset == 0 {
		return
	}
	frag := p.Frags[span.Frag]
	if span.Offset > len(frag) || frag[span.Offset-1] != ':' {
		return
	}
	start := strings.LastIndexByte(frag[:span.Offset], ',') + 1
	for start < span.Offset && (frag[start] == ' ' || frag[start] == '\t' || frag[start] == '\n') {
		start++
	}
	prefix := frag[start:span.Offset]
	if prefix == "" || strings.Contains(prefix, "=") {
		return
	}
	dg := diag.New(RuleDeprecatedPrefix, diag.Span{Frag: span.Frag, Offset: start, Len: span.Offset - start},
		"deprecated target prefix %q", prefix)
	dg.Suggestion = "use format=, script= or backendtype= keywords"
	r.Diags = append(r.Diags, dg)
}

// Slot is where QEMU emulates a disk: a bus kind ("ide", "ahci", "scsi")
// and an index on it.
type Slot struct {
	// Bus is "ide", "ahci" or "scsi".
	Bus string
	// Index is the disk's index on the bus (IDE: 0..3, AHCI: 0..5, SCSI id).
	Index int
}

// String renders the slot as "ide index 2".
func (s Slot) String() string { return fmt.Sprintf("%s index %d", s.Bus, s.Index) }

// EmulatedSlot returns the slot libxl_dm.c gives an HVM guest's disk in
// QEMU, and false when the disk is not emulated (PV drivers only) or not
// decodable.
func EmulatedSlot(d *diskspec.Disk, v vdev.Vdev, opts Options) (Slot, bool) {
	if !opts.HVM || v.Kind == vdev.KindUnknown || v.Kind == vdev.KindNumber || v.Disk < 0 {
		return Slot{}, false
	}
	n := v.Disk
	if d.Format == diskspec.FormatEmpty && d.IsCdrom == 0 {
		return Slot{}, false
	}
	if d.IsCdrom != 0 {
		if n > 4 || opts.Dialect == Dialect2015 && n > 3 {
			return Slot{}, false
		}
		return Slot{"ide", n}, true
	}
	if strings.HasPrefix(d.VdevName(), "sd") {
		return Slot{"scsi", n}, true
	}
	if opts.ahciEmulated() && n < 6 {
		return Slot{"ahci", n}, true
	}
	if n < 4 {
		return Slot{"ide", n}, true
	}
	return Slot{}, false
}

// emulationRules applies QEMU's limits as libxl_dm.c drives qemu-xen.
func (r *Result) emulationRules(p *diskspec.Parsed, opts Options) {
	d := p.Disk
	v := r.Vdev
	add := func(rule string, f diskspec.Field, suggestion, format string, args ...any) {
		dg := diag.New(rule, p.Span(f), format, args...)
		dg.Suggestion = suggestion
		r.Diags = append(r.Diags, dg)
	}
	if r.VdevErr != nil {
		return
	}
	if v.Kind == vdev.KindNumber {
		add(RuleVdevNumberHVM, diskspec.FieldVdev, "use an hd, xvd or sd name",
			"vdev %s is a plain device number: libxl cannot give it a disk index, so QEMU does not emulate it", d.VdevName())
		return
	}
	if d.Format == diskspec.FormatEmpty && d.IsCdrom == 0 {
		return // already refused by libxl
	}
	n := v.Disk
	name := d.VdevName()
	cur := opts.Dialect == DialectCurrent
	ahci := opts.ahciEmulated()
	if d.IsCdrom != 0 {
		switch {
		case !cur && n >= 4:
			add(RuleCdromBus, diskspec.FieldVdev, "use a CD-ROM vdev with disk index 0-3 (hda-hdd, xvda-xvdd)",
				"CD-ROM %s (disk index %d) becomes -drive if=ide,index=%d, which QEMU's two IDE buses do not have", name, n, n)
		case n > 4:
			add(RuleCdromIndex, diskspec.FieldVdev, "use hdc, hdd, xvdc or xvdd for an emulated CD-ROM",
				"CD-ROM %s (disk index %d) is not emulated: only the first disks can be emulated CD-ROMs", name, n)
		case n == 4:
			add(RuleCdromBus, diskspec.FieldVdev, "use a CD-ROM vdev with disk index 0-3 (hda-hdd, xvda-xvdd)",
				"CD-ROM %s (disk index 4) becomes -device ide-cd,bus=ide.2, which QEMU does not have", name)
		}
		return
	}
	if cur && r.Choice.Backend == diskspec.BackendTap && (strings.HasPrefix(name, "sd") || (ahci && n < 6) || n < 4) {
		add(RuleTapHVM, diskspec.FieldBackendtype, "use backendtype=qdisk",
			"tap disk %s would be emulated, but libxl_dm.c asserts that emulated disks are not on tap", name)
	}
	switch {
	case strings.HasPrefix(name, "sd"):
		// The 2015 series used -drive if=scsi (gone from QEMU); qemuargs
		// reports on that.
		if cur && n >= 8 {
			add(RuleSCSIID, diskspec.FieldVdev, "use sda-sdh, or xvd names",
				"SCSI disk %s gets scsi-id=%d, but QEMU's lsi53c895a has ids 0-7", name, n)
		}
	case ahci && n < 6:
		if d.Readwrite == 0 {
			add(RuleReadOnlyAHCI, diskspec.FieldAccess, "make it writable (access=rw), or use a CD-ROM",
				"read-only AHCI disk %s: qemu-xen doesn't support read-only AHCI disk drivers", name)
		}
	case n < 4:
		// Before XSA-142 (the 2015 series) libxl emulated read-only
		// disks writable instead of refusing them; qemuargs reports it.
		if cur && d.Readwrite == 0 {
			add(RuleReadOnlyIDE, diskspec.FieldAccess, "make it writable (access=rw), use devtype=cdrom, or a vdev from xvde on (PV only)",
				"read-only IDE disk %s: qemu-xen doesn't support read-only IDE disk drivers", name)
		}
	case ahci:
		add(RuleAHCIIndex, diskspec.FieldVdev, "",
			"disk %s (index %d) is not emulated: AHCI takes the first 6 disks; PV drivers only", name, n)
	default:
		add(RuleIDEIndex, diskspec.FieldVdev, "use hdtype=\"ahci\" for 6 emulated disks, or sd names",
			"disk %s (index %d) is not emulated: only 4 emulated IDE disks are supported; PV drivers only", name, n)
	}
}

// Domain validates a domain's disk list: each disk as Disk does, then the
// rules across disks (the same device number twice, two disks on one
// emulated slot). Diagnostics carry the disk's index in Diagnostic.Disk;
// the returned list holds every diagnostic, sorted.
func Domain(disks []*diskspec.Parsed, opts Options) ([]Result, diag.List) {
	results := make([]Result, len(disks))
	var all diag.List
	numbers := map[int]int{}
	slots := map[Slot]int{}
	for i, p := range disks {
		r := Disk(p, opts)
		for j := range r.Diags {
			r.Diags[j].Disk = i
		}
		if r.VdevErr == nil && p != nil && p.Disk != nil {
			if first, dup := numbers[r.Vdev.Number]; dup {
				dg := diag.New(RuleDuplicateDevice, p.Span(diskspec.FieldVdev),
					"vdev %s is device number %d, like disk %d's vdev %s: libxl fails with \"device already exists\"",
					p.Disk.VdevName(), r.Vdev.Number, first, disks[first].Disk.VdevName())
				dg.Disk = i
				dg.Suggestion = "give each disk its own vdev"
				r.Diags = append(r.Diags, dg)
			} else {
				numbers[r.Vdev.Number] = i
				if s, ok := EmulatedSlot(p.Disk, r.Vdev, opts); ok {
					if first, dup := slots[s]; dup {
						dg := diag.New(RuleSlotConflict, p.Span(diskspec.FieldVdev),
							"vdev %s and disk %d's vdev %s are both emulated as %s: QEMU refuses the second drive",
							p.Disk.VdevName(), first, disks[first].Disk.VdevName(), s)
						dg.Disk = i
						dg.Suggestion = "give the disks different letters (hda and xvdb, not hda and xvda)"
						r.Diags = append(r.Diags, dg)
					} else {
						slots[s] = i
					}
				}
			}
		}
		r.Diags.Sort()
		results[i] = r
		all = append(all, r.Diags...)
	}
	all.Sort()
	return results, all
}
