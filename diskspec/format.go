package diskspec

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
)

// Canonical renders the disk as a canonical keyword-form spec, target last:
//
//	format=raw, vdev=xvda, access=rw, target=/dev/vg/guest
//
// Parse of the result returns a disk equal to d. Canonical returns an error,
// never a different spec, for a disk that cannot be written that way: a
// keyword value containing a comma, a target containing a newline, or a disk
// that no spec produces (IsCdrom set but Readwrite also set, a field no spec
// sets such as BackendDomid, ...).
func (d *Disk) Canonical() (string, error) {
	s, err := d.render()
	if err != nil {
		return "", err
	}
	back, perr := Parse(s)
	if perr != nil {
		return "", &FormatError{Field: "", Reason: "the spec does not parse: " + perr.Error()}
	}
	if diff := cmp.Diff(d, back); diff != "" {
		return "", &FormatError{Reason: "no spec yields this disk; writing it would give a different one (-disk +parsed):\n" + diff}
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

// FormatError says why a disk cannot be written as a spec.
type FormatError struct {
	// Field is the keyword of the value that cannot be written, if one.
	Field string
	// Reason explains.
	Reason string
}

// Error says which value cannot be written and why.
func (e *FormatError) Error() string {
	if e.Field != "" {
		return "cannot write " + e.Field + ": " + e.Reason
	}
	return "cannot write disk: " + e.Reason
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
			err = &FormatError{Field: k, Reason: fmt.Sprintf("value %q contains a comma, which only target= can carry", *v)}
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
			return "", &FormatError{Field: "target", Reason: fmt.Sprintf("value %q contains a newline, which ends target=", t)}
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
