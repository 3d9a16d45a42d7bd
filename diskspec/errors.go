package diskspec

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// Error is one problem found while parsing a disk spec. Msg is libxlu's
// wording ("unknown value for format", "vdev respecified", ...), so that
// Report can reproduce what xl prints; Expected adds what would have been
// accepted.
type Error struct {
	// Frag is the index of the fragment (the spec, or one xl block-attach
	// argument) the error is in; Offset and Len locate the offending text
	// in it, in bytes. Errors about the whole disk ("no vdev specified")
	// point at the end of the last fragment with Len 0.
	Frag, Offset, Len int
	// Rule is the diagnostic rule id (XLD0xx).
	Rule string
	// Msg is libxlu's message.
	Msg string
	// Near is the text libxlu quotes ("near `...'"); HasNear is false for
	// the whole-disk errors, which quote nothing.
	Near    string
	HasNear bool
	// Expected says what would have been accepted, when that is short.
	Expected string
	// Spec is the fragment the error is in, as libxlu quotes it
	// ("(null)" when there were no fragments at all).
	Spec string
}

// Error formats the error with its position, the libxlu message, the text
// it is near and what was expected.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Frag > 0 {
		fmt.Fprintf(&b, "fragment %d, ", e.Frag)
	}
	fmt.Fprintf(&b, "byte %d: %s", e.Offset, e.Msg)
	if e.HasNear {
		fmt.Fprintf(&b, ": near %q", e.Near)
	}
	if e.Expected != "" {
		fmt.Fprintf(&b, " (expected %s)", e.Expected)
	}
	return b.String()
}

// Span returns the error's location as a diag.Span.
func (e *Error) Span() diag.Span { return diag.Span{Frag: e.Frag, Offset: e.Offset, Len: e.Len} }

// Diagnostic converts the error to a diag.Diagnostic of its rule.
func (e *Error) Diagnostic() diag.Diagnostic {
	msg := e.Msg
	if e.HasNear {
		msg += fmt.Sprintf(": near %q", e.Near)
	}
	id, _ := diag.ParseRuleID(e.Rule)
	d := diag.New(id, diag.InSpec(-1, e.Span()), "%s", msg)
	if e.Expected != "" {
		d = d.Suggest("expected " + e.Expected)
	}
	return d
}

// libxluLine is the line libxlu writes to its report stream for this error.
func (e *Error) libxluLine(source string) string {
	near := ""
	if e.HasNear {
		near = ": near `" + e.Near + "'"
	}
	return source + ": config parsing error in disk specification: " + e.Msg + near + " in `" + e.Spec + "'\n"
}

// ErrorList is the list of errors of one parse, in the order libxlu reports
// them. A parse that fails returns a non-empty ErrorList; errors.As finds
// both the list and each *Error in it.
type ErrorList []*Error

// Error joins the errors, one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap returns the errors, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Report returns exactly what libxlu writes to its report stream for these
// errors, with source as the config source name ("command line" for
// xl block-attach; the file name for a config file).
func (l ErrorList) Report(source string) string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.libxluLine(source))
	}
	return b.String()
}

// Diagnostics converts every error to a diagnostic.
func (l ErrorList) Diagnostics() diag.List {
	out := make(diag.List, len(l))
	for i, e := range l {
		out[i] = e.Diagnostic()
	}
	return out
}

// AsErrorList extracts the ErrorList from an error returned by this
// package, or nil.
func AsErrorList(err error) ErrorList {
	var l ErrorList
	if errors.As(err, &l) {
		return l
	}
	return nil
}
