package xlcfg

import (
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// Quote writes s as an xl.cfg string with quote character q (' or "),
// escaping only what libxlu requires: the quote, backslashes and line
// breaks. A string read back from Quote's output decodes to s.
func Quote(s string, q byte) string {
	return string(q) + quoteInside(s, q) + string(q)
}

// quoteInside is Quote without the quotes.
func quoteInside(s string, q byte) string {
	if !strings.ContainsAny(s, "\\\n\r"+string(q)) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case q, '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Range returns the file range of span, a span of the decoded spec,
// through the string's quotes and escapes (DiskSpec.Pos), with Disk set to
// the spec's index; NoSpan (or a span of another fragment) is the whole
// quoted spec.
func (d DiskSpec) Range(span diag.Span) *diag.Range {
	start, end := d.Value.Pos, d.Value.End
	if span.Valid() && span.Frag == 0 {
		start, end = d.Pos(span.Offset), d.Pos(span.End())
	}
	r := diag.InFile(d.Value.Pos.Filename, start.Diag(), end.Diag())
	r.Disk, r.Span = d.Index, span
	return r
}

// Locate returns dg, a diagnostic about this spec (its range a span of the
// decoded spec, or nil), located in the file: its Range and the ranges of
// its suggestion's edits are mapped through the string's quotes and
// escapes, and each edit gets the FileText to write (Text quoted for the
// string). An edit that touches text written with backslash escapes is
// dropped, since its file text is not its spec text.
func (d DiskSpec) Locate(dg diag.Diagnostic) diag.Diagnostic {
	dg.Range = d.Range(dg.Span())
	if dg.Suggestion == nil || len(dg.Suggestion.Edits) == 0 {
		return dg
	}
	s := *dg.Suggestion
	s.Edits = nil
	for _, e := range dg.Suggestion.Edits {
		sp := e.Range.Span
		if !sp.Valid() || sp.Frag != 0 || d.escapedIn(sp) {
			continue
		}
		s.Edits = append(s.Edits, diag.Edit{Range: *d.Range(sp), Text: e.Text, FileText: quoteInside(e.Text, d.Value.Quote)})
	}
	dg.Suggestion = &s
	return dg
}

// escapedIn reports whether a backslash escape produced any byte of sp.
func (d DiskSpec) escapedIn(sp diag.Span) bool {
	for _, esc := range d.Value.Escapes {
		if esc.DecodedOffset < sp.End() && esc.DecodedOffset+esc.DecodedLen > sp.Offset {
			return true
		}
	}
	return false
}
