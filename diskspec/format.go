package diskspec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// Canonical renders the disk as a canonical keyword-form spec, target last:
//
//	format=raw, vdev=xvda, access=rw, target=/dev/vg/guest
//
// Parse of the result returns a disk equal to d. Canonical returns an error,
// never a different spec, for a disk that cannot be written that way: a
// keyword value containing a comma, a target containing a newline, or a disk
// that no spec produces (IsCdrom set but Readwrite also set, a field no spec
// sets such as BackendDomid, ...). The error is a diag.Diagnostic of
// RuleUnformattable with no range.
func (d *Disk) Canonical() (string, error) {
	s, err := d.render()
	if err != nil {
		return "", err
	}
	back, perr := Parse(s)
	if perr != nil {
		return "", unformattable("", "the spec does not parse: "+perr.Error())
	}
	if f := diffDisk(d, back); f != "" {
		return "", unformattable("", "no spec yields this disk; writing it would give a different "+f)
	}
	return s, nil
}

// String returns the canonical spec (see Canonical), or, for a disk that
// cannot be written as a spec, "<unformattable disk: REASON>".
func (d *Disk) String() string {
	s, err := d.Canonical()
	if err != nil {
		return "<unformattable disk: " + err.Error() + ">"
	}
	return s
}

// RuleUnformattable: a disk that no spec yields (Canonical's error).
var RuleUnformattable = diag.Register(diag.Rule{ID: "XLD016", Severity: diag.Error, Summary: "disk cannot be written as a spec",
	Why: "Canonical writes a disk as a keyword-form spec only when parsing that spec gives the same disk back: a keyword value holding a comma, a target holding a newline, or a field no spec sets (backend_domid, a read-write cdrom, ...) cannot be written.",
	Bad: "a Disk with Vdev \"xvd,a\"", Good: "a Disk with Vdev \"xvda\""})

// unformattable is Canonical's error about field (the keyword of the value
// that cannot be written, or "").
func unformattable(field, reason string) error {
	if field != "" {
		return diag.New(RuleUnformattable, nil, "cannot write %s: %s", field, reason)
	}
	return diag.New(RuleUnformattable, nil, "cannot write disk: %s", reason)
}

// diffDisk returns the name of the first field in which a and b differ,
// or "".
func diffDisk(a, b *Disk) string {
	strEq := func(x, y *string) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	switch {
	case a.BackendDomid != b.BackendDomid:
		return "backend_domid"
	case !strEq(a.BackendDomname, b.BackendDomname):
		return "backend_domname"
	case !strEq(a.PdevPath, b.PdevPath):
		return "pdev_path"
	case !strEq(a.Vdev, b.Vdev):
		return "vdev"
	case a.Backend != b.Backend:
		return "backend"
	case a.Format != b.Format:
		return "format"
	case !strEq(a.Script, b.Script):
		return "script"
	case a.Removable != b.Removable:
		return "removable"
	case a.Readwrite != b.Readwrite:
		return "readwrite"
	case a.IsCdrom != b.IsCdrom:
		return "is_cdrom"
	case a.DirectIoSafe != b.DirectIoSafe:
		return "direct_io_safe"
	case a.DiscardEnable != b.DiscardEnable:
		return "discard_enable"
	case a.Specification != b.Specification:
		return "specification"
	case a.Transport != b.Transport:
		return "transport"
	case a.Irq != b.Irq:
		return "irq"
	case a.Base != b.Base:
		return "base"
	case a.ColoEnable != b.ColoEnable:
		return "colo_enable"
	case a.ColoRestoreEnable != b.ColoRestoreEnable:
		return "colo_restore_enable"
	case !strEq(a.ColoHost, b.ColoHost):
		return "colo_host"
	case a.ColoPort != b.ColoPort:
		return "colo_port"
	case !strEq(a.ColoExport, b.ColoExport):
		return "colo_export"
	case !strEq(a.ActiveDisk, b.ActiveDisk):
		return "active_disk"
	case !strEq(a.HiddenDisk, b.HiddenDisk):
		return "hidden_disk"
	case a.Trusted != b.Trusted:
		return "trusted"
	case a.GrantUsage != b.GrantUsage:
		return "grant_usage"
	}
	return ""
}

func (d *Disk) render() (string, error) {
	var b strings.Builder
	b.Grow(64 + len(d.Target()))
	var err error
	sep := func() {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
	}
	kv := func(k string, v *string) {
		if v == nil || err != nil {
			return
		}
		if strings.IndexByte(*v, ',') >= 0 {
			err = unformattable(k, fmt.Sprintf("value %q contains a comma, which only target= can carry", *v))
			return
		}
		sep()
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(*v)
	}
	flag := func(f string) {
		sep()
		b.WriteString(f)
	}
	if d.Format != FormatUnknown {
		kv("format", Str(d.Format.String()))
	}
	kv("vdev", d.Vdev)
	if d.Readwrite != 0 {
		kv("access", Str("rw"))
	} else {
		kv("access", Str("ro"))
	}
	if d.IsCdrom != 0 {
		flag("devtype=cdrom")
	}
	kv("backend", d.BackendDomname)
	if d.Backend != BackendUnknown {
		kv("backendtype", Str(d.Backend.String()))
	}
	if d.Specification != SpecificationUnknown {
		kv("specification", Str(d.Specification.String()))
	}
	kv("script", d.Script)
	if d.DirectIoSafe {
		flag("direct-io-safe")
	}
	switch d.DiscardEnable {
	case DefboolTrue:
		flag("discard")
	case DefboolFalse:
		flag("no-discard")
	}
	switch d.ColoEnable {
	case DefboolTrue:
		flag("colo")
	case DefboolFalse:
		flag("no-colo")
	}
	kv("colo-host", d.ColoHost)
	if d.ColoPort != 0 {
		kv("colo-port", Str(strconv.Itoa(d.ColoPort)))
	}
	kv("colo-export", d.ColoExport)
	kv("active-disk", d.ActiveDisk)
	kv("hidden-disk", d.HiddenDisk)
	switch d.Trusted {
	case DefboolTrue:
		flag("trusted")
	case DefboolFalse:
		flag("untrusted")
	}
	switch d.GrantUsage {
	case DefboolTrue:
		flag("grant_usage=1")
	case DefboolFalse:
		flag("grant_usage=0")
	}
	if err != nil {
		return "", err
	}
	if d.PdevPath != nil {
		t := *d.PdevPath
		if strings.IndexByte(t, '\n') >= 0 {
			return "", unformattable("target", fmt.Sprintf("value %q contains a newline, which ends target=", t))
		}
		sep()
		b.WriteString("target=")
		b.WriteString(t)
		if strings.HasSuffix(t, ",") {
			// target= drops one final comma.
			b.WriteByte(',')
		}
	}
	return b.String(), nil
}
