// Package diag defines the one diagnostic type of xldisk: every parse
// error, xl.cfg error and quirk, validation finding and rendering refusal
// is a Diagnostic with a registered rule id, a severity, a one-line
// message, an optional suggestion (with machine-applicable edits where a
// fix is safe) and a range that is nil when there is no place. It is
// modelled on hashicorp/hcl's Diagnostic and go/scanner's ErrorList: a
// Diagnostic and a List are errors, so errors.As finds them.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/release"
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

// MarshalText renders the severity as String does.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses the severity as ParseSeverity does.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Span locates text inside one fragment of a disk specification: Frag is
// the index of the fragment (a spec given as several xl block-attach
// arguments has several), Offset the byte offset of the first byte and Len
// the number of bytes. A zero-length span points between two bytes (Offset
// may equal the fragment's length: "at the end"). NoSpan (Frag -1) means
// "the whole disk, no particular text".
type Span struct {
	// Frag is the fragment's index, or -1 for NoSpan.
	Frag int `json:"frag"`
	// Offset is the byte offset of the first byte in the fragment.
	Offset int `json:"offset"`
	// Len is the number of bytes.
	Len int `json:"len"`
}

// NoSpan is the span of a finding about a whole disk.
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

// Pos is a place in a file. Line and Column are 1-based (Column counts
// bytes); Offset is the 0-based byte offset. The zero Pos (Line 0) means
// "not located in a file".
type Pos struct {
	// Line is the 1-based line.
	Line int `json:"line"`
	// Column is the 1-based column, in bytes.
	Column int `json:"column"`
	// Offset is the 0-based byte offset.
	Offset int `json:"offset"`
}

// IsValid reports whether p is a place in a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String renders "line:col", or "-" for the zero Pos.
func (p Pos) String() string {
	if !p.IsValid() {
		return "-"
	}
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// Range is the place a diagnostic is about: text of a disk spec (Disk and
// Span), and, once the spec is located in a file, the same text in the
// file (File, Start and End). A diagnostic with no place has a nil Range.
type Range struct {
	// Disk is the index of the disk in the domain's disk list, or -1 when
	// the place is not in a disk spec (an xl.cfg setting, say).
	Disk int `json:"disk"`
	// Span is the spec text (NoSpan: the whole disk).
	Span Span `json:"span"`
	// File is the config file; "" when the range is not located in one.
	File string `json:"file,omitempty"`
	// Start is the file position of the first byte; End is just past the
	// last. Both are zero when the range is not located in a file.
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// InSpec returns the range of span in disk (disk -1: a spec on its own).
func InSpec(disk int, span Span) *Range { return &Range{Disk: disk, Span: span} }

// InFile returns a file range that is not in a disk spec.
func InFile(file string, start, end Pos) *Range {
	return &Range{Disk: -1, Span: NoSpan, File: file, Start: start, End: end}
}

// InFile reports whether the range is located in a file.
func (r *Range) InFile() bool { return r != nil && r.Start.IsValid() }

// String renders "file:line:col", "line:col", "disk 2 at 0:4+5" or "-".
func (r *Range) String() string {
	switch {
	case r == nil:
		return "-"
	case r.Start.IsValid() && r.File != "":
		return r.File + ":" + r.Start.String()
	case r.Start.IsValid():
		return r.Start.String()
	case r.Disk >= 0:
		return "disk " + strconv.Itoa(r.Disk) + " at " + r.Span.String()
	}
	return r.Span.String()
}

// Edit is one machine-applicable change: replace the text at Range with
// Text. Range.Span and Text are in disk-spec terms (Text is the new spec
// text); once the spec is located in a file, Range's file positions and
// FileText (Text as it must be written there, quoted and escaped) are set
// too.
type Edit struct {
	// Range is the text replaced (an empty span inserts).
	Range Range `json:"range"`
	// Text is the replacement spec text.
	Text string `json:"text"`
	// FileText is the replacement as written in the file ("" with Range
	// not located in a file).
	FileText string `json:"fileText,omitempty"`
}

// Suggestion says how to fix a diagnostic: Message for people, and Edits
// when the fix is safe to apply mechanically (a fix that is applied must
// re-parse to what it promises: the producer checks that).
type Suggestion struct {
	// Message is the advice ("did you mean devtype=cdrom?").
	Message string `json:"message"`
	// Edits is the machine-applicable fix, nil when there is none.
	Edits []Edit `json:"edits,omitempty"`
}

// Diagnostic is one finding.
type Diagnostic struct {
	// Rule is the registered rule id.
	Rule RuleID `json:"rule"`
	// Severity of the finding.
	Severity Severity `json:"severity"`
	// Message says what is wrong, in one line (New escapes control bytes,
	// see OneLine), lower case, no final period.
	Message string `json:"message"`
	// Suggestion is an optional fix; nil when there is none.
	Suggestion *Suggestion `json:"suggestion,omitempty"`
	// Range is the place the finding is about; nil when there is none.
	Range *Range `json:"range,omitempty"`
	// Releases are the Xen releases the finding holds for, when it was
	// judged against several (nil: the one release judged).
	Releases []release.Version `json:"releases,omitempty"`
}

// New builds a diagnostic for rule with the rule's default severity. rng
// may be nil. An unregistered rule (the zero RuleID) gives an Error whose
// message says so; tests catch it (see Unregistered), it never panics.
func New(rule RuleID, rng *Range, format string, args ...any) Diagnostic {
	d := Diagnostic{Rule: rule, Severity: Error, Message: OneLine(fmt.Sprintf(format, args...)), Range: rng}
	if r, ok := Lookup(rule); ok {
		d.Severity = r.Severity
	} else {
		noteUnregistered(rule)
	}
	return d
}

// Suggest sets the diagnostic's advice (an empty message sets none) and
// returns the diagnostic.
func (d Diagnostic) Suggest(message string, edits ...Edit) Diagnostic {
	if message == "" && len(edits) == 0 {
		return d
	}
	d.Suggestion = &Suggestion{Message: OneLine(message), Edits: edits}
	return d
}

// Advice returns the suggestion's message, or "".
func (d Diagnostic) Advice() string {
	if d.Suggestion == nil {
		return ""
	}
	return d.Suggestion.Message
}

// Disk returns the index of the disk the diagnostic is about, or -1.
func (d Diagnostic) Disk() int {
	if d.Range == nil {
		return -1
	}
	return d.Range.Disk
}

// Span returns the spec span the diagnostic points at (NoSpan for none).
func (d Diagnostic) Span() Span {
	if d.Range == nil {
		return NoSpan
	}
	return d.Range.Span
}

// Error formats the diagnostic as "severity: message (advice) [RULE]".
func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	if a := d.Advice(); a != "" {
		b.WriteString(" (")
		b.WriteString(a)
		b.WriteString(")")
	}
	if d.Rule.IsRegistered() || d.Rule.id != "" {
		b.WriteString(" [")
		b.WriteString(d.Rule.String())
		b.WriteString("]")
	}
	return b.String()
}

// List is an ordered list of diagnostics. A non-empty List is an error;
// errors.As finds the List and each Diagnostic in it.
type List []Diagnostic

// Sort orders the list by file position, disk, fragment, offset, severity
// and rule, so that output is deterministic.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return Less(l[i], l[j]) })
}

// Less is List.Sort's order.
func Less(a, b Diagnostic) bool {
	ra, rb := a.Range, b.Range
	if (ra == nil) != (rb == nil) {
		return ra == nil // placeless diagnostics first
	}
	if ra != nil {
		if ra.File != rb.File {
			return ra.File < rb.File
		}
		if ra.Start.Offset != rb.Start.Offset {
			return ra.Start.Offset < rb.Start.Offset
		}
		if ra.Disk != rb.Disk {
			return ra.Disk < rb.Disk
		}
		if ra.Span.Frag != rb.Span.Frag {
			return ra.Span.Frag < rb.Span.Frag
		}
		if ra.Span.Offset != rb.Span.Offset {
			return ra.Span.Offset < rb.Span.Offset
		}
	}
	if a.Severity != b.Severity {
		return a.Severity < b.Severity
	}
	return a.Rule.id < b.Rule.id
}

// Max returns the most serious severity in the list and false if the list
// is empty.
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

// Err returns the list as an error if it holds at least one Error, else
// nil.
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

// Unwrap returns the diagnostics, for errors.Is and errors.As.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, d := range l {
		out[i] = d
	}
	return out
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

// AsList returns the diagnostics of an error: the List or Diagnostic it
// is or wraps, or nil when it holds none.
func AsList(err error) List {
	var l List
	if errors.As(err, &l) {
		return l
	}
	var d Diagnostic
	if errors.As(err, &d) {
		return List{d}
	}
	return nil
}
