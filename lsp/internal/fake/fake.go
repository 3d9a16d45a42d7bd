// Package fake is a stand-in lint engine for the language server's tests
// and for lsp/internal/fakeserver, until the real engine is plugged in.
// It knows a little of the disk-spec syntax, on purpose differently from
// the real engine: in every quoted string of a line that assigns disk, a
// parameter NAME=VALUE whose NAME is not a disk keyword is an error (with
// a fix for a few typos), and a blank after a comma is a warning that fmt
// removes. A file with no disk setting gets one finding with no place.
// "# xldisk:ignore XLD990" on the line or the line above silences a
// finding, as the real engine does.
package fake

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// The fake's rules, in a range the real catalogue does not use.
var (
	RuleUnknown = diag.Register(diag.Rule{ID: "XLD990", Severity: diag.Error,
		Summary: "unknown parameter (fake engine)", Why: "test rule", Bad: "'/x,,xvda,bogus=1'", Good: "'/x,,xvda'"})
	RuleBlank = diag.Register(diag.Rule{ID: "XLD991", Severity: diag.Warning,
		Summary: "blank after a comma (fake engine)", Why: "test rule", Bad: "'/x, raw'", Good: "'/x,raw'"})
	RuleNoDisk = diag.Register(diag.Rule{ID: "XLD992", Severity: diag.Info,
		Summary: "no disk setting (fake engine)", Why: "test rule", Bad: "name='x'", Good: "disk=['/x,,xvda']"})
)

var known = map[string]bool{
	"target": true, "format": true, "vdev": true, "access": true, "devtype": true,
	"backend": true, "backendtype": true, "script": true, "specification": true,
	"grant_usage": true, "colo-host": true, "colo-port": true, "colo-export": true,
	"active-disk": true, "hidden-disk": true,
}

var typos = map[string]string{"fromat": "format", "acess": "access", "vdve": "vdev", "devtyp": "devtype"}

// Engine is the fake engine; the zero value is ready.
type Engine struct{}

// spec is one quoted string of a disk line: [Start, End) are the offsets
// of its content (inside the quotes).
type spec struct{ Start, End int }

// line is one line of the file: [Start, End) without its newline.
type line struct {
	Start, End int
	N          int // 1-based
}

func lines(src []byte) []line {
	var out []line
	start, n := 0, 1
	for i := 0; i <= len(src); i++ {
		if i == len(src) || src[i] == '\n' {
			out = append(out, line{Start: start, End: i, N: n})
			start, n = i+1, n+1
		}
	}
	return out
}

// specs returns the quoted strings of the lines that assign disk (and of
// the lines after such a line up to the closing bracket).
func specs(src []byte) (out []spec, any bool, err error) {
	inList := false
	for _, l := range lines(src) {
		text := string(src[l.Start:l.End])
		code := text
		if i := strings.IndexByte(code, '#'); i >= 0 && !strings.ContainsAny(code[:i], `'"`) {
			code = code[:i]
		}
		if strings.HasPrefix(strings.TrimSpace(code), "disk") {
			any, inList = true, true
		}
		if !inList {
			continue
		}
		for i := 0; i < len(code); i++ {
			q := code[i]
			if q != '\'' && q != '"' {
				if q == ']' {
					inList = false
				}
				continue
			}
			j := strings.IndexByte(code[i+1:], q)
			if j < 0 {
				return nil, any, fmt.Errorf("%d:%d: unterminated string", l.N, i+1)
			}
			out = append(out, spec{Start: l.Start + i + 1, End: l.Start + i + 1 + j})
			i += j + 1
		}
	}
	return out, any, nil
}

// index locates offsets of one file.
type index struct {
	path  string
	src   []byte
	lines []line
}

func newIndex(path string, src []byte) *index {
	return &index{path: path, src: src, lines: lines(src)}
}

// lineOf returns the index in ix.lines of the line holding off.
func (ix *index) lineOf(off int) int {
	return sort.Search(len(ix.lines), func(i int) bool { return ix.lines[i].End >= off })
}

// pos returns the diag position of byte offset off.
func (ix *index) pos(off int) diag.Pos {
	l := ix.lines[min(ix.lineOf(off), len(ix.lines)-1)]
	return diag.Pos{Line: l.N, Column: off - l.Start + 1, Offset: off}
}

func (ix *index) rangeOf(disk, s, e int) *diag.Range {
	r := diag.InFile(ix.path, ix.pos(s), ix.pos(e))
	r.Disk = disk
	return r
}

// ignored reports whether the line holding off or the line above says
// "xldisk:ignore RULE".
func (ix *index) ignored(off int, rule diag.RuleID) bool {
	i := ix.lineOf(off)
	for _, k := range []int{i, i - 1} {
		if k < 0 || k >= len(ix.lines) {
			continue
		}
		t := string(ix.src[ix.lines[k].Start:ix.lines[k].End])
		if j := strings.Index(t, "xldisk:ignore"); j >= 0 && strings.Contains(t[j:], rule.String()) {
			return true
		}
	}
	return false
}

// Lint implements lsp.Engine.
func (Engine) Lint(path string, src []byte) diag.List {
	ss, any, err := specs(src)
	var l diag.List
	if err != nil {
		return diag.List{diag.New(RuleUnknown, nil, "%v", err)}
	}
	if !any {
		return diag.List{diag.New(RuleNoDisk, nil, "the file has no disk setting")}
	}
	ix := newIndex(path, src)
	add := func(d diag.Diagnostic) {
		if !ix.ignored(d.Range.Start.Offset, d.Rule) {
			l = append(l, d)
		}
	}
	for n, sp := range ss {
		off := sp.Start
		for _, param := range strings.Split(string(src[sp.Start:sp.End]), ",") {
			s, e := off, off+len(param)
			off = e + 1
			trimmed := strings.TrimLeft(param, " ")
			if blank := len(param) - len(trimmed); blank > 0 && s > sp.Start {
				add(diag.New(RuleBlank, ix.rangeOf(n, s, s+blank), "blank after a comma"))
			}
			s += len(param) - len(trimmed)
			name, _, ok := strings.Cut(trimmed, "=")
			if !ok || known[name] {
				continue
			}
			d := diag.New(RuleUnknown, ix.rangeOf(n, s, e), "unknown parameter %q", name)
			if fix, ok := typos[name]; ok {
				r := ix.rangeOf(n, s, s+len(name))
				d = d.Suggest("did you mean "+fix+"=?", diag.Edit{Range: *r, Text: fix, FileText: fix})
			}
			add(d)
			if name == "target" {
				break
			}
		}
	}
	return l
}

// Format implements lsp.Engine: it removes the blanks after commas in the
// disk specs.
func (Engine) Format(path string, src []byte) ([]byte, error) {
	ss, _, err := specs(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []byte
	last := 0
	for _, sp := range ss {
		out = append(out, src[last:sp.Start]...)
		parts := strings.Split(string(src[sp.Start:sp.End]), ",")
		for i, p := range parts {
			if i > 0 {
				parts[i] = strings.TrimLeft(p, " ")
			}
		}
		out = append(out, strings.Join(parts, ",")...)
		last = sp.End
	}
	return append(out, src[last:]...), nil
}

// ErrPanic is what a Panicky engine panics with.
var ErrPanic = errors.New("fake: engine panic")

// Hover implements lsp.Engine: for an offset inside a disk spec it
// describes the spec and returns its range.
func (Engine) Hover(path string, src []byte, offset int) (string, *diag.Range, bool) {
	ss, _, err := specs(src)
	if err != nil {
		return "", nil, false
	}
	ix := newIndex(path, src)
	for n, sp := range ss {
		if offset >= sp.Start && offset <= sp.End {
			md := fmt.Sprintf("**disk %d**\n\n`%s`", n, src[sp.Start:sp.End])
			return md, ix.rangeOf(n, sp.Start, sp.End), true
		}
	}
	return "", nil, false
}

// Panicky is an engine whose every method panics, to check that the
// server survives its engine.
type Panicky struct{}

// Lint panics.
func (Panicky) Lint(string, []byte) diag.List { panic(ErrPanic) }

// Format panics.
func (Panicky) Format(string, []byte) ([]byte, error) { panic(ErrPanic) }

// Hover panics.
func (Panicky) Hover(string, []byte, int) (string, *diag.Range, bool) { panic(ErrPanic) }
