// Package diag defines the diagnostic type shared by every xldisk package:
// a finding with a stable rule id, a severity, a message, the span of the
// disk-spec text it points at and an optional suggestion. It is modelled on
// hashicorp/hcl's Diagnostic and go/scanner's ErrorList.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Severity says how serious a diagnostic is.
type Severity int

// The severities, most serious first. The zero value is Error so that a
// diagnostic built without thought is never silently downgraded.
const (
	Error Severity = iota
	Warning
	Info
)

// String returns "error", "warning" or "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity is the inverse of Severity.String.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return Error, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// AtLeast reports whether s is at least as serious as min.
func (s Severity) AtLeast(min Severity) bool { return s <= min }

// Span locates text inside one fragment of a disk specification: Frag is the
// index of the fragment (a spec given as several xl block-attach arguments
// has several), Offset the byte offset of the first byte and Len the number
// of bytes. A zero-length span points between two bytes (Offset may equal
// the fragment's length: "at the end"). Span{Frag: -1} means "the whole
// disk, no particular text".
type Span struct {
	// Frag is the fragment's index, or -1 for NoSpan.
	Frag int `json:"frag"`
	// Offset is the byte offset of the first byte in the fragment.
	Offset int `json:"offset"`
	// Len is the number of bytes.
	Len int `json:"len"`
}

// NoSpan is the span of a finding that points at no particular text.
var NoSpan = Span{Frag: -1}

// Valid reports whether the span points at text.
func (s Span) Valid() bool { return s.Frag >= 0 }

// End is the byte offset just past the span.
func (s Span) End() int { return s.Offset + s.Len }

// String renders the span as "FRAG:OFFSET+LEN" ("0:4+5": fragment 0,
// five bytes from byte 4), or "-" for NoSpan.
func (s Span) String() string {
	if !s.Valid() {
		return "-"
	}
	return fmt.Sprintf("%d:%d+%d", s.Frag, s.Offset, s.Len)
}

// Diagnostic is one finding.
type Diagnostic struct {
	// Rule is the stable rule id, such as "XLD101". See Catalogue.
	Rule string `json:"rule"`
	// Severity of the finding.
	Severity Severity `json:"-"`
	// Message says what is wrong, in one line (New escapes control bytes,
	// see OneLine), lower case, no final period.
	Message string `json:"message"`
	// Span is the text the finding points at (NoSpan for none).
	Span Span `json:"span"`
	// Disk is the index of the disk in its domain's disk list, or -1.
	Disk int `json:"disk"`
	// Suggestion is an optional fix, such as "did you mean devtype=cdrom?".
	Suggestion string `json:"suggestion,omitempty"`
}

// Error formats the diagnostic as "severity: message [RULE]".
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Suggestion != "" {
		b.WriteString(" (")
		b.WriteString(OneLine(d.Suggestion))
		b.WriteString(")")
	}
	if d.Rule != "" {
		b.WriteString(" [")
		b.WriteString(d.Rule)
		b.WriteString("]")
	}
	return b.String()
}

// List is an ordered list of diagnostics.
type List []Diagnostic

// Sort orders the list by disk, fragment, offset, severity and rule, so that
// output is deterministic.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Disk != b.Disk {
			return a.Disk < b.Disk
		}
		if a.Span.Frag != b.Span.Frag {
			return a.Span.Frag < b.Span.Frag
		}
		if a.Span.Offset != b.Span.Offset {
			return a.Span.Offset < b.Span.Offset
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Rule < b.Rule
	})
}

// Max returns the most serious severity in the list and false if the list is
// empty.
func (l List) Max() (Severity, bool) {
	if len(l) == 0 {
		return Info, false
	}
	m := Info
	for _, d := range l {
		if d.Severity < m {
			m = d.Severity
		}
	}
	return m, true
}

// HasErrors reports whether any diagnostic is an Error.
func (l List) HasErrors() bool {
	m, ok := l.Max()
	return ok && m == Error
}

// Err returns the list as an error if it holds at least one Error, else nil.
func (l List) Err() error {
	if l.HasErrors() {
		return l
	}
	return nil
}

// Error joins the diagnostics, one per line.
func (l List) Error() string {
	s := make([]string, len(l))
	for i, d := range l {
		s[i] = d.Error()
	}
	return strings.Join(s, "\n")
}

// Rule describes one rule of the catalogue.
type Rule struct {
	// ID is the stable id, "XLD" and three digits. Ranges: XLD0xx disk-spec
	// syntax (diskspec), XLD1xx vdevs and backends (validate), XLD2xx device
	// model emulation (validate, qemuargs), XLD3xx whole-config rules (xlcfg,
	// lint).
	ID string
	// Severity is the default severity.
	Severity Severity
	// Summary is a one-line title.
	Summary string
	// Why explains why the rule exists, and where libxl or QEMU enforces it.
	Why string
	// Bad is an example that triggers the rule (a disk spec, or for XLD3xx an
	// xl.cfg snippet); Good is a close example that does not.
	Bad, Good string
}

var catalogue = map[string]Rule{}

// Register adds rules to the catalogue. It panics on a malformed or
// duplicate id: that is a programming error caught by any test. Call it
// from package init functions only: the catalogue is not locked, and is
// read by New, Lookup and Catalogue afterwards without synchronisation.
func Register(rules ...Rule) {
	for _, r := range rules {
		if len(r.ID) != 6 || !strings.HasPrefix(r.ID, "XLD") || strings.Trim(r.ID[3:], "0123456789") != "" {
			panic("diag: malformed rule id " + r.ID)
		}
		if _, dup := catalogue[r.ID]; dup {
			panic("diag: duplicate rule id " + r.ID)
		}
		catalogue[r.ID] = r
	}
}

// Lookup returns the registered rule with this id.
func Lookup(id string) (Rule, bool) {
	r, ok := catalogue[id]
	return r, ok
}

// Catalogue returns every registered rule, ordered by id.
func Catalogue() []Rule {
	out := make([]Rule, 0, len(catalogue))
	for _, r := range catalogue {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// New builds a diagnostic for a registered rule with the rule's default
// severity.
func New(rule string, span Span, format string, args ...any) Diagnostic {
	r, ok := catalogue[rule]
	if !ok {
		panic("diag: unregistered rule " + rule)
	}
	return Diagnostic{Rule: rule, Severity: r.Severity, Message: OneLine(fmt.Sprintf(format, args...)), Span: span, Disk: -1}
}

// OneLine returns s with every control byte (below 0x20, and DEL) written
// as a Go escape (\n, \t, \x01, ...), so that a message that quotes user
// text with %s, such as a vdev holding a newline, stays on one line. Other
// bytes, valid UTF-8 or not, are kept.
func OneLine(s string) string {
	i := 0
	for i < len(s) && s[i] >= 0x20 && s[i] != 0x7f {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != 0x7f {
			b.WriteByte(c)
			continue
		}
		q := strconv.QuoteRune(rune(c)) // '\n', '\x01', '\x7f'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}
