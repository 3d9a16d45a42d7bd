package lsp

import (
	"bytes"
	"sort"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// converter turns engine results about one text into protocol values.
type converter struct {
	src      []byte
	path     string
	ix       *lineIndex
	nl       *nlIndex
	enc      encoding
	rulesURL string
}

func newConverter(src []byte, path string, enc encoding, rulesURL string) *converter {
	return &converter{src: src, path: path, ix: newLineIndex(src), nl: newNLIndex(src), enc: enc, rulesURL: rulesURL}
}

// offsets returns the byte offsets of a diag range in the text; ok is
// false when the range is nil, not located in a file, or in another file.
func (c *converter) offsets(r *diag.Range) (int, int, bool) {
	if r == nil || (r.File != "" && c.path != "" && r.File != c.path) {
		return 0, 0, false
	}
	return c.nl.offsets(r)
}

// diagnostic converts one finding. A finding with no place in this file is
// put at the start of the document, its message prefixed with the file it
// is about when that is another file.
func (c *converter) diagnostic(d diag.Diagnostic) Diagnostic {
	out := Diagnostic{Severity: severity(d.Severity), Source: "xldisk", Message: d.Message}
	if s, e, ok := c.offsets(d.Range); ok {
		out.Range = c.ix.rangeOf(s, e, c.enc)
	} else if d.Range != nil && d.Range.File != "" && d.Range.File != c.path {
		loc := d.Range.File
		if d.Range.Start.IsValid() {
			loc += ":" + d.Range.Start.String()
		}
		out.Message = loc + ": " + out.Message
	}
	if a := d.Advice(); a != "" {
		out.Message += " (" + a + ")"
	}
	if id := d.Rule.String(); id != "" {
		out.Code = id
		out.CodeDescription = &CodeDescription{Href: c.rulesURL + "#" + strings.ToLower(id)}
	}
	if out.Message == "" {
		out.Message = "(no message)"
	}
	return out
}

// diagnostics converts a list; the result is never nil.
func (c *converter) diagnostics(l diag.List) []Diagnostic {
	out := make([]Diagnostic, 0, len(l))
	for _, d := range l {
		out = append(out, c.diagnostic(d))
	}
	return out
}

func severity(s diag.Severity) int {
	switch s {
	case diag.Error:
		return SeverityError
	case diag.Warning:
		return SeverityWarning
	case diag.Info:
		return SeverityInformation
	}
	return SeverityHint
}

// fixEdits returns a suggestion's edits as text edits of this file, or
// false when the suggestion has no edits, an edit is not located in this
// file, or two edits overlap (the protocol forbids that).
func (c *converter) fixEdits(s *diag.Suggestion) ([]TextEdit, bool) {
	if s == nil || len(s.Edits) == 0 {
		return nil, false
	}
	type span struct{ s, e int }
	spans := make([]span, 0, len(s.Edits))
	out := make([]TextEdit, 0, len(s.Edits))
	for _, e := range s.Edits {
		r := e.Range
		st, en, ok := c.offsets(&r)
		if !ok {
			return nil, false
		}
		text := e.FileText
		if text == "" && e.Text != "" {
			return nil, false // not written for a file
		}
		spans = append(spans, span{st, en})
		out = append(out, TextEdit{Range: c.ix.rangeOf(st, en, c.enc), NewText: text})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].s < spans[j].s })
	for i := 1; i < len(spans); i++ {
		if spans[i].s < spans[i-1].e {
			return nil, false
		}
	}
	return out, true
}

// overlaps reports whether [s, e) touches the request range [rs, re); an
// empty request range (a cursor) touches a span that contains it or ends
// at it.
func overlaps(s, e, rs, re int) bool {
	if rs == re {
		return s <= rs && rs <= e
	}
	return s < re && rs < e || (s == e && rs <= s && s <= re)
}

// formatEdits returns the text edits that turn old into new, the result of
// the fmt rewrite, and, for each edit, the byte span of old it replaces.
// fmt rewrites string literals only, so when both texts have the same
// literals with the same text between them, every changed literal is one
// edit; otherwise the whole changed middle of the text is one edit.
func formatEdits(old, new []byte, ix *lineIndex, enc encoding) ([]TextEdit, [][2]int) {
	if bytes.Equal(old, new) {
		return []TextEdit{}, nil
	}
	lo, ln := scanLiterals(old), scanLiterals(new)
	if len(lo) == len(ln) {
		edits, spans, ok := []TextEdit{}, [][2]int{}, true
		po, pn := 0, 0
		for i := range lo {
			if !bytes.Equal(old[po:lo[i].Start], new[pn:ln[i].Start]) {
				ok = false
				break
			}
			a, b := old[lo[i].Start:lo[i].End], new[ln[i].Start:ln[i].End]
			if !bytes.Equal(a, b) {
				edits = append(edits, TextEdit{Range: ix.rangeOf(lo[i].Start, lo[i].End, enc), NewText: string(b)})
				spans = append(spans, [2]int{lo[i].Start, lo[i].End})
			}
			po, pn = lo[i].End, ln[i].End
		}
		if ok && bytes.Equal(old[po:], new[pn:]) {
			return edits, spans
		}
	}
	// One edit: the differing middle.
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	s := 0
	for s < len(old)-p && s < len(new)-p && old[len(old)-1-s] == new[len(new)-1-s] {
		s++
	}
	// Do not cut a UTF-8 sequence in two.
	for p > 0 && p < len(old) && old[p]&0xC0 == 0x80 {
		p--
	}
	for s > 0 && len(old)-s < len(old) && old[len(old)-s]&0xC0 == 0x80 {
		s--
	}
	start, end := p, len(old)-s
	return []TextEdit{{Range: ix.rangeOf(start, end, enc), NewText: string(new[p : len(new)-s])}},
		[][2]int{{start, end}}
}
