package diskspec

import "github.com/xldisk/xldisk/diag"

// Field names a parameter of a disk spec, by its keyword.
type Field string

// The fields whose source positions Parsed records.
const (
	FieldTarget        Field = "target"
	FieldFormat        Field = "format"
	FieldVdev          Field = "vdev"
	FieldAccess        Field = "access"
	FieldDevtype       Field = "devtype"
	FieldBackend       Field = "backend"
	FieldBackendtype   Field = "backendtype"
	FieldSpecification Field = "specification"
	FieldScript        Field = "script"
	FieldDirectIoSafe  Field = "direct-io-safe"
	FieldDiscard       Field = "discard"
	FieldColo          Field = "colo"
	FieldColoHost      Field = "colo-host"
	FieldColoPort      Field = "colo-port"
	FieldColoExport    Field = "colo-export"
	FieldColoParams    Field = "colo-params"
	FieldActiveDisk    Field = "active-disk"
	FieldHiddenDisk    Field = "hidden-disk"
	FieldTrusted       Field = "trusted"
	FieldGrantUsage    Field = "grant_usage"
)

// fieldID indexes allFields; the parser records spans by fieldID.
type fieldID uint8

const (
	fTarget fieldID = iota
	fFormat
	fVdev
	fAccess
	fDevtype
	fBackend
	fBackendtype
	fSpecification
	fScript
	fDirectIoSafe
	fDiscard
	fColo
	fColoHost
	fColoPort
	fColoExport
	fColoParams
	fActiveDisk
	fHiddenDisk
	fTrusted
	fGrantUsage
	numFields
)

// allFields maps each fieldID to its Field.
var allFields = [numFields]Field{
	FieldTarget, FieldFormat, FieldVdev, FieldAccess, FieldDevtype, FieldBackend, FieldBackendtype,
	FieldSpecification, FieldScript, FieldDirectIoSafe, FieldDiscard, FieldColo, FieldColoHost,
	FieldColoPort, FieldColoExport, FieldColoParams, FieldActiveDisk, FieldHiddenDisk, FieldTrusted,
	FieldGrantUsage,
}

var fieldIndex = func() map[Field]fieldID {
	m := make(map[Field]fieldID, len(allFields))
	for i, f := range allFields {
		m[f] = fieldID(i)
	}
	return m
}()

// span is a compact diag.Span.
type span struct{ frag, off, n int32 }

// Parsed is a parsed disk together with where each of its values came from,
// for diagnostics that point into the spec.
type Parsed struct {
	// Disk is the parsed disk, after libxlu's post-parse defaults.
	Disk *Disk
	// Frags are the fragments that were parsed (one for a config-file spec).
	Frags []string
	// ColoParams is true when COLO parameters came from the 2015 form
	// colo-params=host:port:exportname=NAME.
	ColoParams bool

	// spans[i] is the span of allFields[i], valid when bit i of set is on.
	spans [numFields]span
	set   uint32
}

// Span returns the span of the text of the value that last set field f (for
// a flag, the flag itself; for a deprecated prefix, the prefix without its
// colon), or diag.NoSpan when the spec did not set it.
func (p *Parsed) Span(f Field) diag.Span {
	i, ok := fieldIndex[f]
	if p == nil || !ok || p.set&(1<<i) == 0 {
		return diag.NoSpan
	}
	s := p.spans[i]
	return diag.Span{Frag: int(s.frag), Offset: int(s.off), Len: int(s.n)}
}

// Fields returns the fields the spec set, in a fixed order.
func (p *Parsed) Fields() []Field {
	var out []Field
	for i, f := range allFields {
		if p.set&(1<<i) != 0 {
			out = append(out, f)
		}
	}
	return out
}
