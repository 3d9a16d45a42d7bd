package lint

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/xlcfg"
)

// Refusal is a disk spec Format will not rewrite, and why.
type Refusal struct {
	// Pos is where the problem is: for a spec that does not parse, the
	// offending text inside the string, mapped through its quotes and
	// escapes exactly as lint's findings are (the closing quote for a
	// problem of the whole disk, such as a missing vdev); otherwise the
	// spec's opening quote.
	Pos xlcfg.Position
	// End is just past the offending text (past the closing quote when
	// Pos is the opening quote).
	End xlcfg.Position
	// Spec is the spec as xl sees it.
	Spec string
	// Reason says why.
	Reason string
}

// String renders "file:line:col: cannot rewrite disk spec: reason".
func (r Refusal) String() string {
	return r.Pos.String() + ": cannot rewrite disk spec " + fmt.Sprintf("%q", r.Spec) + ": " + r.Reason
}

// Format rewrites every disk spec of an xl.cfg file into diskspec's
// canonical keyword form (Disk.Canonical), keeping every other byte of the
// file and each spec's quote character. A spec that does not parse, or
// whose canonical form would not give an equal disk, is left alone and
// reported as a Refusal; callers should then not write the result. An
// error means the file itself cannot be read as an xl.cfg (an *xlcfg.Error).
// Format is idempotent: Format of its output returns it unchanged.
func Format(path string, src []byte) ([]byte, []Refusal, error) {
	f, err := xlcfg.Parse(path, src)
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
		lit, err := canonicalLiteral(ds)
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

// parseError is a refusal for a spec that does not parse, with the span of
// the offending text in the decoded spec.
type parseError struct {
	msg  string
	span diag.Span
}

func (e *parseError) Error() string { return e.msg }

// canonicalLiteral returns the quoted canonical form of a spec, checked to
// read back (through libxlu's string rules and the disk parser) as an equal
// disk.
func canonicalLiteral(ds xlcfg.DiskSpec) (string, error) {
	if ds.Value.Kind != xlcfg.String {
		return "", fmt.Errorf("it is a number, not a quoted string")
	}
	d, err := diskspec.Parse(ds.Spec)
	if err != nil {
		if l := diskspec.AsErrorList(err); len(l) > 0 {
			// The first error, located by its span rather than a byte
			// offset in the decoded spec.
			dg := l[0].Diagnostic()
			msg := "it does not parse: " + dg.Message
			if dg.Suggestion != "" {
				msg += " (" + dg.Suggestion + ")"
			}
			return "", &parseError{msg: msg, span: dg.Span}
		}
		return "", fmt.Errorf("it does not parse: %v", err)
	}
	canon, err := d.Canonical()
	if err != nil {
		return "", err
	}
	lit := quote(canon, ds.Value.Quote)
	// Read the literal back as libxlu would.
	back, err := xlcfg.Parse("", []byte("x = "+lit+"\n"))
	if err != nil || back.Settings[0].Value.Str != canon {
		return "", fmt.Errorf("its canonical form %q cannot be quoted faithfully", canon)
	}
	again, err := diskspec.Parse(canon)
	if err != nil {
		return "", fmt.Errorf("its canonical form %q does not parse: %v", canon, err)
	}
	if a, b := again.String(), d.String(); a != b {
		return "", fmt.Errorf("its canonical form %q gives a different disk", canon)
	}
	return lit, nil
}

// quote writes s as an xl.cfg string with quote character q, escaping only
// what libxlu requires: the quote, backslashes and line breaks.
func quote(s string, q byte) string {
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

// UnifiedDiff returns a unified diff (3 lines of context) between two
// versions of a file that have the same number of lines, as Format's
// output always has; it returns "" when they are equal.
func UnifiedDiff(path string, a, b []byte) string {
	if string(a) == string(b) {
		return ""
	}
	al := strings.SplitAfter(string(a), "\n")
	bl := strings.SplitAfter(string(b), "\n")
	if len(al) != len(bl) {
		// Not produced by Format; fall back to replacing everything.
		return fmt.Sprintf("--- %s\n+++ %s\n@@ -1,%d +1,%d @@\n%s%s", path, path, len(al), len(bl),
			prefixLines("-", al), prefixLines("+", bl))
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", path, path)
	const ctx = 3
	n := len(al)
	for i := 0; i < n; {
		if al[i] == bl[i] {
			i++
			continue
		}
		start := max(0, i-ctx)
		end := i
		for j := i; j < n; j++ {
			if al[j] != bl[j] {
				end = j
			} else if j-end > 2*ctx {
				break
			}
		}
		stop := min(n, end+ctx+1)
		// Drop the empty string after a final newline from the count.
		lines := stop - start
		if stop == n && al[n-1] == "" {
			lines--
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", start+1, lines, start+1, lines)
		for j := start; j < stop; {
			if al[j] == bl[j] {
				if al[j] != "" {
					out.WriteString(" " + withNL(al[j]))
				}
				j++
				continue
			}
			k := j
			for k < stop && al[k] != bl[k] {
				k++
			}
			for m := j; m < k; m++ {
				out.WriteString("-" + withNL(al[m]))
			}
			for m := j; m < k; m++ {
				out.WriteString("+" + withNL(bl[m]))
			}
			j = k
		}
		i = stop
	}
	return out.String()
}

func withNL(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n\\ No newline at end of file\n"
}

func prefixLines(p string, ls []string) string {
	var b strings.Builder
	for _, l := range ls {
		if l != "" {
			b.WriteString(p + withNL(l))
		}
	}
	return b.String()
}
