// Package xlfmt rewrites xl.cfg files: Format puts every disk spec into
// diskspec's canonical keyword form (what "xldisk fmt" does), and Fix
// applies the machine-applicable suggestions of findings (what
// "xldisk lint --fix" does). Both keep every other byte of the file and
// check that what they write reads back as promised.
package xlfmt

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/xlcfg"
)

// Refusal is a disk spec Format will not rewrite, and why.
type Refusal struct {
	// Pos is where the problem is: for a spec that does not parse, the
	// offending text inside the string, mapped through its quotes and
	// escapes as lint's findings are (the closing quote for a problem of
	// the whole disk, such as a missing vdev); otherwise the spec's
	// opening quote.
	Pos xlcfg.Position
	// End is just past the offending text (past the closing quote when
	// Pos is the opening quote).
	End xlcfg.Position
	// Spec is the spec as xl sees it.
	Spec string
	// Reason says why.
	Reason string
}

// String renders "file:line:col: cannot rewrite disk spec "SPEC": reason".
func (r Refusal) String() string {
	return r.Pos.String() + ": cannot rewrite disk spec " + fmt.Sprintf("%q", r.Spec) + ": " + r.Reason
}

// Format rewrites every disk spec of an xl.cfg file into the canonical
// keyword form (diskspec.Disk.Canonical), keeping every other byte of the
// file and each spec's quote character. A spec that does not parse, or
// whose canonical form would not give an equal disk, is left alone and
// reported as a Refusal; callers should then not write the result. An
// error means the file itself cannot be read as an xl.cfg. Specs are read
// as the libxlu of opts.Release() reads them (and the file within
// opts.Limits). Format is idempotent: Format of its output returns it
// unchanged.
func Format(path string, src []byte, opts domain.Options) ([]byte, []Refusal, error) {
	f, err := xlcfg.ParseWith(path, src, opts)
	if err != nil {
		return nil, nil, err
	}
	specs, err := f.DiskSpecs()
	if err != nil {
		return nil, nil, err
	}
	var out []byte
	var refusals []Refusal
	last := 0
	for _, ds := range specs {
		lit, err := canonicalLiteral(ds, opts)
		if err != nil {
			pos, end := ds.Value.Pos, ds.Value.End
			var pe *parseError
			if errors.As(err, &pe) {
				pos, end = specSpan(ds, pe.span)
			}
			refusals = append(refusals, Refusal{Pos: pos, End: end, Spec: ds.Spec, Reason: err.Error()})
			continue
		}
		if lit == ds.Value.Raw {
			continue
		}
		out = append(out, src[last:ds.Value.Pos.Offset]...)
		out = append(out, lit...)
		last = ds.Value.End.Offset
	}
	out = append(out, src[last:]...)
	return out, refusals, nil
}

// specSpan maps a span of the decoded spec to file positions (the whole
// string for no span).
func specSpan(ds xlcfg.DiskSpec, s diag.Span) (xlcfg.Position, xlcfg.Position) {
	if !s.Valid() || s.Frag != 0 {
		return ds.Value.Pos, ds.Value.End
	}
	return ds.Pos(s.Offset), ds.Pos(s.End())
}

// parseError is a refusal for a spec that does not parse, with the span of
// the offending text in the decoded spec.
type parseError struct {
	msg  string
	span diag.Span
}

func (e *parseError) Error() string { return e.msg }

// canonicalLiteral returns the quoted canonical form of a spec, checked to
// read back (through libxlu's string rules and the disk parser) as an
// equal disk.
func canonicalLiteral(ds xlcfg.DiskSpec, opts domain.Options) (string, error) {
	if ds.Value.Kind != xlcfg.String {
		return "", fmt.Errorf("it is a number, not a quoted string")
	}
	p, err := diskspec.ParseWith(opts, ds.Spec)
	if err != nil {
		if l := diskspec.AsList(err); len(l) > 0 {
			// The first error, located by its span rather than a byte
			// offset in the decoded spec.
			dg := l[0]
			msg := "it does not parse: " + dg.Message
			if sp := dg.Span(); sp.Valid() && sp.Frag == 0 && sp.Len > 0 && sp.End() <= len(ds.Spec) {
				msg += fmt.Sprintf(": near %q", ds.Spec[sp.Offset:sp.End()])
			}
			if a := dg.Advice(); a != "" {
				msg += " (" + a + ")"
			}
			return "", &parseError{msg: msg, span: dg.Span()}
		}
		return "", fmt.Errorf("it does not parse: %v", err)
	}
	d := p.Disk
	canon, err := d.Canonical()
	if err != nil {
		return "", err
	}
	lit := Quote(canon, ds.Value.Quote)
	if err := readsBack(lit, canon); err != nil {
		return "", err
	}
	again, err := diskspec.ParseWith(opts, canon)
	if err != nil {
		return "", fmt.Errorf("its canonical form %q does not parse: %v", canon, err)
	}
	if a, b := again.Disk.String(), d.String(); a != b {
		return "", fmt.Errorf("its canonical form %q gives a different disk", canon)
	}
	return lit, nil
}

// readsBack checks that the xl.cfg string literal lit decodes to s.
func readsBack(lit, s string) error {
	back, err := xlcfg.Parse("", []byte("x = "+lit+"\n"))
	if err != nil || len(back.Settings) != 1 || back.Settings[0].Value.Str != s {
		return fmt.Errorf("%q cannot be quoted faithfully", s)
	}
	return nil
}

// Quote writes s as an xl.cfg string with quote character q (' or "),
// escaping only what libxlu requires: the quote, backslashes and line
// breaks.
func Quote(s string, q byte) string {
	var b strings.Builder
	b.WriteByte(q)
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
	b.WriteByte(q)
	return b.String()
}
