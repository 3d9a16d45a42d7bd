// Package validate takes, once, every decision libxl makes about a
// domain's disks, without a hypervisor: it decodes each vdev, chooses the
// backend exactly as libxl__device_disk_set_backend and disk_try_backend
// do (for the Xen release and dialect in domain.Options), applies libxl's
// semantic rules, and for an HVM guest decides how QEMU emulates each disk
// (bus, slot, index, read-only, the image and format QEMU opens, the COLO
// role and chain, the drive ids), checking what QEMU would refuse or
// misread. It reports every problem as a diag.Diagnostic with a stable
// rule id (XLD1xx, XLD2xx), each defect once.
//
// The result, a Plan, is what qemuargs renders: rendering decides nothing
// again. Host facts (is the target a block device?) come through
// domain.Host: OfflineHost guesses from the path, OSHost asks the kernel.
package validate

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/colo"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
	"github.com/xldisk/xldisk/vdev"
)

// Plan is every decision libxl makes about a domain's disks, and the
// findings.
type Plan struct {
	// Options are the domain options the plan was made for.
	Options domain.Options
	// Disks has one entry per input disk, in order.
	Disks []DiskPlan
	// SCSIController is true when libxl gives QEMU an lsi53c895a SCSI
	// controller (some non-cdrom disk libxl accepts has an sd vdev).
	SCSIController bool
	// AHCIController is true when libxl gives QEMU an AHCI controller
	// (hdtype="ahci" with current libxl, HVM).
	AHCIController bool
	// Diags holds every finding of every disk and of the domain, sorted;
	// each disk's Range.Disk is its index.
	Diags diag.List
}

// OK reports whether libxl would accept every disk and QEMU start: no
// finding is an error.
func (p *Plan) OK() bool { return !p.Diags.HasErrors() }

// Emulated returns the disks QEMU emulates, in order.
func (p *Plan) Emulated() []*DiskPlan {
	var out []*DiskPlan
	for i := range p.Disks {
		if p.Disks[i].Emulation != nil {
			out = append(out, &p.Disks[i])
		}
	}
	return out
}

// DiskPlan is every decision about one disk.
type DiskPlan struct {
	// Index is the disk's index in the domain's disk list.
	Index int
	// Parsed is the parsed disk as given (nil for a missing disk).
	Parsed *diskspec.Parsed
	// Disk is the disk as libxl uses it: a copy of Parsed.Disk with the
	// chosen Backend set and the domain's COLO side applied (nil when
	// Parsed is nil).
	Disk *diskspec.Disk
	// Vdev is the decoded vdev; VdevOK is false when it does not decode.
	Vdev   vdev.Vdev
	VdevOK bool
	// Backend is libxl's backend decision.
	Backend Choice
	// Emulation says how QEMU emulates the disk; nil when it does not
	// (a PV guest, a disk libxl refuses, or one QEMU cannot see: the
	// findings say why).
	Emulation *Emulation
	// Diags are this disk's findings, sorted.
	Diags diag.List
}

// OK reports whether libxl would accept the disk: a backend was chosen
// and no finding is an error.
func (d *DiskPlan) OK() bool { return d.Backend.OK() && d.VdevOK && !d.Diags.HasErrors() }

// Disk validates one disk on its own, as xl block-attach does (set
// opts.Hotplug for a running domain).
func Disk(p *diskspec.Parsed, opts domain.Options) DiskPlan {
	return Domain([]*diskspec.Parsed{p}, opts).Disks[0]
}

// Domain makes the plan for a domain's disk list: each disk's vdev,
// backend and rules, the rules across disks (the same device twice, two
// disks on one emulated slot or QEMU id) and, for an HVM guest, the
// emulation of each disk libxl accepts. A nil entry is a missing disk (an
// error). Domain never panics.
func Domain(disks []*diskspec.Parsed, opts domain.Options) *Plan {
	pl := &Plan{Options: opts, Disks: make([]DiskPlan, len(disks))}
	numbers := map[int]int{}
	for i, p := range disks {
		dp := &pl.Disks[i]
		dp.Index = i
		dp.Parsed = p
		checkDisk(dp, opts)
		if dp.VdevOK && dp.Disk != nil {
			if first, dup := numbers[dp.Vdev.Number]; dup {
				dp.add(RuleDuplicateDevice, diskspec.FieldVdev, "give each disk its own vdev",
					"vdev %s is device number %d, like disk %d's vdev %s: libxl fails with \"device already exists\"",
					dp.Disk.VdevName(), dp.Vdev.Number, first, pl.Disks[first].Disk.VdevName())
			} else {
				numbers[dp.Vdev.Number] = i
			}
		}
	}
	if opts.HVM() {
		emulateDomain(pl)
	}
	for i := range pl.Disks {
		pl.Disks[i].Diags.Sort()
		pl.Diags = append(pl.Diags, pl.Disks[i].Diags...)
	}
	pl.Diags.Sort()
	return pl
}

// add records a finding about field f of the disk (f "" or unset in the
// spec: the whole disk).
func (d *DiskPlan) add(rule diag.RuleID, f diskspec.Field, suggestion, format string, args ...any) {
	span := diag.NoSpan
	if f != "" && d.Parsed != nil {
		span = d.Parsed.Span(f)
	}
	d.addAt(rule, span, suggestion, format, args...)
}

func (d *DiskPlan) addAt(rule diag.RuleID, span diag.Span, suggestion, format string, args ...any) {
	d.Diags = append(d.Diags, diag.New(rule, diag.InSpec(d.Index, span), format, args...).Suggest(suggestion))
}

// name is the disk's vdev for messages, or "#INDEX" without one.
func (d *DiskPlan) name() string {
	if d.Disk != nil {
		if n := d.Disk.VdevName(); n != "" {
			return n
		}
	}
	return fmt.Sprintf("#%d", d.Index)
}

// checkDisk takes libxl's per-disk decisions: vdev, backend, COLO
// settings, deprecated syntax.
func checkDisk(dp *DiskPlan, opts domain.Options) {
	p := dp.Parsed
	if p == nil || p.Disk == nil {
		dp.Backend = Choice{Failure: "no disk", Rule: RuleNoBackend}
		dp.add(RuleNoBackend, "", "", "disk %d is missing", dp.Index)
		return
	}
	d := colo.WithSide(p.Disk, opts.ColoSide)
	if d == p.Disk {
		c := *d
		d = &c
	}
	dp.Disk = d

	// vdev.
	name := d.VdevName()
	v, err := vdev.Decode(name)
	if err != nil {
		span := p.Span(diskspec.FieldVdev)
		var ve *vdev.Error
		msg := err.Error()
		if errors.As(err, &ve) {
			if span.Valid() && span.Len == len(name) {
				span = diag.Span{Frag: span.Frag, Offset: span.Offset + ve.Offset, Len: ve.Len}
			}
			msg = fmt.Sprintf("invalid vdev %q: %s", name, ve.Msg)
		}
		dp.addAt(RuleVdevInvalid, span, vdevSuggestion(name), "%s", msg)
	} else {
		dp.Vdev, dp.VdevOK = v, true
		if !v.Canonical() && v.Kind != vdev.KindNumber {
			canon, _ := vdev.Name(v.Number)
			dp.add(RuleVdevNonCanonical, diskspec.FieldVdev, "write vdev="+canon,
				"vdev %q is a non-canonical spelling of %s (device number %d)", name, canon, v.Number)
		}
	}

	// Backend.
	dp.Backend = ChooseBackend(d, opts)
	coloMissing := coloRules(dp, opts)
	switch {
	case dp.Backend.OK():
		d.Backend = dp.Backend.Backend
	case coloMissing && coloRefusal(&dp.Backend):
		// The 2015 series refused the backend because of the COLO
		// settings RuleColoMissing reports: one defect, one finding.
	default:
		backendFinding(dp, opts)
	}
	prefixRule(dp)
	hazards(dp, opts)
	swallowed(dp)
}

// coloRefusal reports whether the 2015 series' backend choice failed only
// because of missing COLO settings: qdisk, the only backend a COLO disk
// may have, was refused for them (phy and tap refuse any COLO disk).
func coloRefusal(c *Choice) bool {
	for _, a := range c.Tried {
		if a.Backend == diskspec.BackendQdisk {
			return !a.OK && strings.HasPrefix(a.Reason, "needs ") && strings.HasSuffix(a.Reason, " for colo")
		}
	}
	return false
}

// backendFinding reports why no backend was chosen, at the setting that
// decided it.
func backendFinding(dp *DiskPlan, opts domain.Options) {
	d, c := dp.Disk, &dp.Backend
	field, sugg := diskspec.FieldBackendtype, ""
	switch c.Rule {
	case RuleEmptyNotCdrom:
		field, sugg = diskspec.FieldFormat, "use format=raw, or devtype=cdrom for an empty drive"
	case RuleEmptyWithImage:
		field, sugg = diskspec.FieldFormat, "drop format=empty to insert the image"
	case RuleStatFailed, RuleNotBlockOrFile:
		field = diskspec.FieldTarget
		if c.Rule == RuleStatFailed && d.PdevPath != nil && *d.PdevPath == "" && d.IsCdrom == 0 {
			c.Rule = RuleEmptyTarget
			c.Failure = "the disk has an empty target: libxl stats \"\" and fails, so xl create fails on every host"
			sugg = "give the image or device path, or make the drive a CD-ROM (devtype=cdrom)"
		}
	case RuleNoBackend:
		field = diskspec.FieldTarget
		sugg = noBackendSuggestion(d)
	case RuleVirtioHotplug:
		field = diskspec.FieldSpecification
	case RuleHVMCdromBackend:
		sugg = "drop backendtype= (qdisk is forced) or use backendtype=qdisk"
		if opts.Has(release.HVMCdromPhy) {
			sugg = "drop backendtype= (qdisk is forced) or use backendtype=phy"
		}
	case RuleBackendUnsuitable:
		if specMismatch(d, c.Requested, opts) {
			c.Rule = RuleSpecBackend
			field = diskspec.FieldSpecification
			if d.Specification != diskspec.SpecificationVirtio {
				field = diskspec.FieldBackendtype
			}
			sugg = "specification=virtio goes with backendtype=standalone only"
		}
	}
	dp.add(c.Rule, field, sugg, "%s", c.Failure)
}

func specMismatch(d *diskspec.Disk, b diskspec.Backend, opts domain.Options) bool {
	if opts.Dialect != domain.DialectCurrent {
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

func noBackendSuggestion(d *diskspec.Disk) string {
	if d.Specification == diskspec.SpecificationVirtio {
		return "specification=virtio needs backendtype=standalone: a raw block device"
	}
	if d.Script != nil && d.Format != diskspec.FormatRaw {
		return "script= needs a raw disk on phy"
	}
	return "see xldisk explain for why each backend was refused"
}

// coloRules checks COLO's parameters as libxl needs them; it reports
// whether it found settings missing (RuleColoMissing).
func coloRules(dp *DiskPlan, opts domain.Options) bool {
	p, d := dp.Parsed, dp.Disk
	on := d.ColoEnable.Val(false)
	if opts.Dialect == domain.DialectCurrent && p.ColoParams {
		dp.add(RuleColoSyntax, diskspec.FieldColoParams, "use colo-host=,colo-port=,colo-export=",
			"colo-params= is the 2015 COLO series' syntax: upstream xl rejects it as an unknown parameter")
	}
	if opts.Dialect == domain.Dialect2015 && !p.ColoParams && (d.ColoHost != nil || d.ColoPort != 0 || d.ColoExport != nil) {
		dp.add(RuleColoSyntax, diskspec.FieldColoHost, "use colo-params=host:port:exportname=NAME",
			"colo-host=, colo-port= and colo-export= are upstream syntax: the 2015 series had only colo-params= and rejects them")
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
			dp.add(RuleColoUnused, first, "add colo, or drop them",
				"%s set without colo: libxl ignores %s", strings.Join(set, ", "), pronoun(len(set)))
		}
		return false
	}
	var missing []string
	if opts.Dialect == domain.Dialect2015 {
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
		if opts.ColoSide != domain.ColoNone {
			side = " (" + opts.ColoSide.String() + " side)"
		}
		dp.add(RuleColoMissing, diskspec.FieldColo, "set "+strings.Join(missing, "=..., ")+"=...",
			"COLO disk%s without %s", side, strings.Join(missing, ", "))
	}
	return len(missing) > 0
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// prefixRule notes deprecated prefixes (phy:, tap:aio:, qcow2:, ...;
// ioemu: before a vdev), found as "name:" text right before the target's
// or the vdev's value, in the same parameter.
func prefixRule(dp *DiskPlan) {
	p := dp.Parsed
	for _, f := range []diskspec.Field{diskspec.FieldTarget, diskspec.FieldVdev} {
		span := p.Span(f)
		if !span.Valid() || span.Frag >= len(p.Frags) || span.Offset == 0 {
			continue
		}
		frag := p.Frags[span.Frag]
		if span.Offset > len(frag) || frag[span.Offset-1] != ':' {
			continue
		}
		start := strings.LastIndexByte(frag[:span.Offset], ',') + 1
		for start < span.Offset && (frag[start] == ' ' || frag[start] == '\t' || frag[start] == '\n') {
			start++
		}
		prefix := frag[start:span.Offset]
		if prefix == "" || strings.Contains(prefix, "=") {
			continue
		}
		what, sugg := "target", "use format=, script= or backendtype= keywords"
		if f == diskspec.FieldVdev {
			what, sugg = "vdev", "drop the prefix: write the vdev alone"
		}
		// Dropping a vdev prefix is a safe edit: libxlu drops it too.
		var edits []diag.Edit
		if f == diskspec.FieldVdev {
			edits = []diag.Edit{{Range: diag.Range{Disk: dp.Index, Span: diag.Span{Frag: span.Frag, Offset: start, Len: span.Offset - start}}}}
		}
		dp.Diags = append(dp.Diags, diag.New(RuleDeprecatedPrefix, diag.InSpec(dp.Index, diag.Span{Frag: span.Frag, Offset: start, Len: span.Offset - start}),
			"deprecated %s prefix %q", what, prefix).Suggest(sugg, edits...))
	}
}
