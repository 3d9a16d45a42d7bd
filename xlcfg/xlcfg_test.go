package xlcfg

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
)

// located renders a diagnostic as "file:line:col: message", the form of
// the tests' expectations.
func located(d diag.Diagnostic) string { return d.Range.String() + ": " + d.Message }

// refusal returns the one diagnostic of a refused file's error.
func refusal(t testing.TB, err error) diag.Diagnostic {
	t.Helper()
	var l diag.List
	if !errors.As(err, &l) || len(l) != 1 {
		t.Fatalf("error %T is not a diag.List of one diagnostic: %v", err, err)
	}
	d := l[0]
	if d.Rule != RuleSyntax || d.Severity != diag.Error || !d.Range.InFile() || d.Range.Disk != -1 {
		t.Fatalf("refusal %+v: want an error of rule %v located in the file", d, RuleSyntax)
	}
	return d
}

// flat renders a value compactly for table tests: strings quoted, numbers
// bare, lists in brackets.
func flat(v *Value) string {
	switch v.Kind {
	case String:
		return `"` + v.Str + `"`
	case Number:
		return v.Str
	}
	s := make([]string, len(v.Items))
	for i, it := range v.Items {
		s[i] = flat(it)
	}
	return "[" + strings.Join(s, ",") + "]"
}

func settings(f *File) []string {
	var out []string
	for _, s := range f.Settings {
		out = append(out, s.Name+" "+s.Op.String()+" "+flat(s.Value))
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"empty", "", nil},
		{"blank lines and comments", "\n# c\n\n", nil},
		{"simple", "a = \"x\"\n", []string{`a = "x"`}},
		{"no final newline", "a = 'x'", []string{`a = "x"`}},
		{"semicolons", "a=1;b=2;\n;;c = 3", []string{"a = 1", "b = 2", "c = 3"}},
		{"append", "a = 'x'\na += 'y'\n", []string{`a = "x"`, `a += "y"`}},
		{"comment after value", "a = 1 # one\n", []string{"a = 1"}},
		{"number forms", "a = 0x1f\nb = 09abx\n", []string{"a = 0x1f", "b = 09abx"}},
		{"dotted name", "a.b_c9 = 1\n", []string{"a.b_c9 = 1"}},
		{"empty list", "a = []\n", []string{"a = []"}},
		{"trailing comma", "a = [ 'x', ]\n", []string{`a = ["x"]`}},
		{"nested", "a = [ ['x', []], 1 ]\n", []string{`a = [["x",[]],1]`}},
		{"newlines in list", "a = [\n\n'x'\n\n,\n# c\n'y'\n,\n]\n", []string{`a = ["x","y"]`}},
		{"escapes", `a = "\"\'\\\a\b\f\n\r\t\v"` + "\n", []string{"a = \"\"'\\\a\b\f\n\r\t\v\""}},
		{"octal dropped", `a = 'x\101y'` + "\n", []string{`a = "xy"`}},
		{"octal strtoul window", "a = '\\0 +5x'\nb = '\\7-5'\nc = '\\0123'\n", []string{`a = "x"`, `b = ""`, `c = ""`}},
		{"equals in string", "a = '='\n", []string{`a = "="`}},
		{"utf8", "a = 'é'\n", []string{`a = "é"`}},
		{"stray last byte", "a = 1+", []string{"a = 1"}},
		{"stray last hash", "a = 1\n#", []string{"a = 1"}},
		{"stray last quote", "a = 1\n'", []string{"a = 1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("t.cfg", []byte(tc.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tc.want, settings(f)); diff != "" {
				t.Errorf("settings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"comment at eof", "a = 1\n# c", "t.cfg:2:1: comment at end of file has no newline"},
		{"crlf", "a = 1\r\n", "t.cfg:1:6: lexical error: carriage return"},
		{"hex escape", `a = "\x41"`, `t.cfg:1:6: invalid digit after backslash hex`},
		{"short octal", `a = "\12"`, `t.cfg:1:6: invalid digit after backslash octal`},
		{"bad escape", `a = "ab\d"`, `t.cfg:1:8: invalid character "d" after backslash`},
		{"upper case name", "Name = 1\n", `t.cfg:1:1: lexical error near "Name" (setting names are lower case)`},
		{"python", "a = 1 * 2\n", `t.cfg:1:7: lexical error near "*"`},
		{"python paren", "a = (1)\n", `t.cfg:1:5: lexical error near "(1)" (this looks like Python`},
		{"two values", "a = 'x' 'y'\n", `t.cfg:1:9: syntax error, unexpected string "y", expected a newline or ';'`},
		{"list without comma", "a = [ 'x' 'y' ]\n", `t.cfg:1:11: syntax error, unexpected string "y"`},
		{"lone comma", "a = [,]\n", `t.cfg:1:6: syntax error, unexpected ","`},
		{"value on next line", "a =\n'x'\n", `t.cfg:1:4: syntax error, unexpected newline, expected a value`},
		{"unterminated", "a = 'x\n", `t.cfg:1:5: lexical error near "'x" (unterminated string`},
		{"backslash newline", "a = 'x\\\n'\n", `t.cfg:1:5: lexical error`},
		{"append kind", "a = ['x']\na += 'y'\n", `t.cfg:2:6: can't add a "string" to a [list] with +=`},
		{"nul", "a = 'x\x00'\n", `t.cfg:1:7: NUL byte in quoted string`},
		{"unclosed list", "a = [ 'x'\n", `t.cfg:1:10: syntax error, unexpected end of file, expected "," or "]"`},
		{"missing name", "= 1\n", `t.cfg:1:1: syntax error`},
		{"syntax error before a lexical error", "a = [ 'x' 'y' ]\nb = 1 * 2\n", `t.cfg:1:11: syntax error, unexpected string "y"`},
		{"lexical error before a syntax error", "b = 1 * 2\na = [ 'x' 'y' ]\n", `t.cfg:1:7: lexical error near "*"`},
		{"escape error after a syntax error", "a = = 'x'\nb = '\\d'\n", `t.cfg:1:5: syntax error, unexpected "="`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("t.cfg", []byte(tc.src))
			if err == nil {
				t.Fatalf("Parse accepted %q", tc.src)
			}
			d := refusal(t, err)
			if got := located(d); !strings.HasPrefix(got, tc.want) {
				t.Errorf("error\n got %q\nwant prefix %q", got, tc.want)
			}
		})
	}
}

func TestQuirks(t *testing.T) {
	f, err := Parse("t.cfg", []byte("a = 'x\\101y'\nb = 1\r"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range f.Quirks {
		got = append(got, fmt.Sprintf("%v-%v %v %v", q.Range, q.Range.End, q.Rule, q.Severity))
	}
	want := []string{"t.cfg:1:7-1:11 XLD301 warning", "t.cfg:2:6-2:7 XLD302 warning"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("quirks (-want +got):\n%s", diff)
	}
}

func TestLimits(t *testing.T) {
	lim := domain.Options{Limits: domain.Limits{MaxFileSize: 64, MaxDepth: 2, MaxListLen: 3}}
	tests := []struct{ name, src, want string }{
		{"size", "a = '" + strings.Repeat("x", 80) + "'\n", "larger than the limit of 64"},
		{"depth", "a = [[[1]]]\n", "nested deeper than 2"},
		{"length", "a = [1,2,3,4]\n", "longer than the limit of 3 items"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseWith("t.cfg", []byte(tc.src), lim)
			if err == nil || !strings.Contains(refusal(t, err).Message, tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := ParseWith("t.cfg", []byte("a = [[1,2,3]]\n"), lim); err != nil {
		t.Errorf("at the limits: %v", err)
	}
}

func TestLookup(t *testing.T) {
	src := "name = 'a'\nname += 'b'\ndisk = ['/a,raw,xvda']\ndisk += ['/b,raw,xvdb']; disk += []\nm = 1\nm = 2\n"
	f, err := Parse("t.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range []string{"name", "disk", "m", "nope"} {
		if v := f.Lookup(n); v != nil {
			got[n] = flat(v)
		}
	}
	want := map[string]string{"name": `"ab"`, "disk": `["/a,raw,xvda","/b,raw,xvdb"]`, "m": "2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lookup (-want +got):\n%s", diff)
	}
	if s, ok := f.LookupString("m"); !ok || s != "2" {
		t.Errorf("LookupString(m) = %q, %v", s, ok)
	}
	if _, ok := f.LookupString("disk"); ok {
		t.Errorf("LookupString(disk) ok for a list")
	}
	if st := f.Setting("disk"); st == nil || st.Op != Append || st.NamePos.Line != 4 || st.NamePos.Column != 26 {
		t.Errorf("Setting(disk) = %+v", st)
	}
}

// TestPositions checks that every value's Raw is the file text between Pos
// and End and that Pos/End agree with PosAt.
func TestPositions(t *testing.T) {
	files, _ := filepath.Glob("testdata/cfgs/*.cfg")
	checked := 0
	for _, fn := range files {
		src, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(fn, src)
		if err != nil {
			continue
		}
		for _, s := range f.Settings {
			if got := string(src[s.NamePos.Offset : s.NamePos.Offset+len(s.Name)]); got != s.Name {
				t.Errorf("%s: name at %v is %q, want %q", fn, s.NamePos, got, s.Name)
			}
			walk(s.Value, func(v *Value) {
				checked++
				if got := string(src[v.Pos.Offset:v.End.Offset]); got != v.Raw {
					t.Errorf("%s: %v-%v is %q, Raw %q", fn, v.Pos, v.End, got, v.Raw)
				}
				if diff := cmp.Diff(f.PosAt(v.Pos.Offset), v.Pos); diff != "" {
					t.Errorf("%s: Pos: %s", fn, diff)
				}
				if diff := cmp.Diff(f.PosAt(v.End.Offset), v.End); diff != "" {
					t.Errorf("%s: End: %s", fn, diff)
				}
			})
		}
	}
	if checked < 50 {
		t.Errorf("checked only %d values", checked)
	}
}

func walk(v *Value, fn func(*Value)) {
	fn(v)
	for _, it := range v.Items {
		walk(it, fn)
	}
}

// TestDiskSpecPos checks the decoded-offset to file-position mapping
// through quotes and escapes, byte by byte.
func TestDiskSpecPos(t *testing.T) {
	src := "type = 'hvm'\ndisk = [ \"/srv/x \\\"q\\\".img,raw,xvda\",\n\t'vdev=xvdb,target=/a\\\\b\\101c' ]\n"
	f, err := Parse("t.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := f.DiskSpecs()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Spec != `/srv/x "q".img,raw,xvda` || ds[1].Spec != `vdev=xvdb,target=/a\bc` {
		t.Fatalf("specs: %+v", ds)
	}
	for _, d := range ds {
		for i := 0; i < len(d.Spec); i++ {
			p := d.Pos(i)
			c := src[p.Offset]
			if c != d.Spec[i] && c != '\\' {
				t.Errorf("spec %d byte %d %q maps to %v %q", d.Index, i, d.Spec[i], p, c)
			}
			if c == '\\' && d.Spec[i] != '"' && d.Spec[i] != '\\' {
				t.Errorf("spec %d byte %d %q maps to a backslash", d.Index, i, d.Spec[i])
			}
			if diff := cmp.Diff(f.PosAt(p.Offset), p); diff != "" {
				t.Errorf("line/column: %s", diff)
			}
		}
	}
	// Named checks: the vdev of the second spec, after the escapes.
	p := ds[1].Pos(strings.Index(ds[1].Spec, "c"))
	if p.Line != 3 || p.Column != 29 || src[p.Offset] != 'c' {
		t.Errorf("'c' after octal escape at %v (%q)", p, src[p.Offset])
	}
	p = ds[0].Pos(strings.Index(ds[0].Spec, "xvda"))
	if p.Line != 2 || p.Column != 32 {
		t.Errorf("xvda at %v", p)
	}
	if end := ds[0].Pos(len(ds[0].Spec)); src[end.Offset] != '"' {
		t.Errorf("end maps to %q, want the closing quote", src[end.Offset])
	}
}

func TestDiskSpecs(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // "index path spec" with index -1 for ignored
		err       string
	}{
		{"none", "name = 'x'\n", nil, ""},
		{"plain", "disk = ['a', 'b']\n", []string{"0 [0] a", "1 [1] b"}, ""},
		{"appended", "disk = ['a']\ndisk += ['b']\n", []string{"0 [0] a", "1 [1] b"}, ""},
		{"nested stops xl", "disk = ['a', ['b', 'c'], 'd']\n", []string{"0 [0] a", "-1 [1 0] b", "-1 [1 1] c", "-1 [2] d"}, ""},
		{"number item", "disk = [ 1 ]\n", []string{"0 [0] 1"}, ""},
		{"string", "disk = 'a'\n", nil, "t.cfg:1:8: disk is a single value, not a list"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("t.cfg", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			ds, err := f.DiskSpecs()
			if tc.err != "" {
				var l diag.List
				if !errors.As(err, &l) || len(l) != 1 || l[0].Rule != RuleDiskNotList || !strings.HasPrefix(located(l[0]), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range ds {
				got = append(got, fmt.Sprintf("%d %v %s", d.Index, d.Path, d.Spec))
				if d.Ignored != (d.Index < 0) {
					t.Errorf("Ignored %v with index %d", d.Ignored, d.Index)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDiskNotListFix checks DiskSpecs' diagnostic for a single disk
// string: its range is the value and its edit, applied, gives a file whose
// disk list holds that string.
func TestDiskNotListFix(t *testing.T) {
	src := "type = 'pv'\ndisk = '/dev/vg/a,raw,xvda' # one\n"
	f, err := Parse("t.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.DiskSpecs()
	var l diag.List
	if !errors.As(err, &l) || len(l) != 1 || l[0].Suggestion == nil || len(l[0].Suggestion.Edits) != 1 {
		t.Fatalf("DiskSpecs error %v, want one diagnostic with one edit", err)
	}
	d, e := l[0], l[0].Suggestion.Edits[0]
	if d.Severity != diag.Error || d.Range.File != "t.cfg" || d.Range.Start != (diag.Pos{Line: 2, Column: 8, Offset: 19}) || d.Range.End.Column != 28 {
		t.Errorf("diagnostic %v at %+v", d, *d.Range)
	}
	fixed := src[:e.Range.Start.Offset] + e.FileText + src[e.Range.End.Offset:]
	g, err := Parse("t.cfg", []byte(fixed))
	if err != nil {
		t.Fatalf("fixed file %q: %v", fixed, err)
	}
	ds, err := g.DiskSpecs()
	if err != nil || len(ds) != 1 || ds[0].Spec != "/dev/vg/a,raw,xvda" {
		t.Errorf("fixed file %q: specs %+v, %v", fixed, ds, err)
	}
}

// TestZeroLimits checks that zero limit fields mean the defaults.
func TestZeroLimits(t *testing.T) {
	deep := strings.Repeat("[", 16) + strings.Repeat("]", 16)
	if _, err := ParseWith("t.cfg", []byte("a = "+deep+"\n"), domain.Options{Limits: domain.Limits{MaxListLen: 1}}); err != nil {
		t.Errorf("16 deep with the default depth: %v", err)
	}
	_, err := ParseWith("t.cfg", []byte("a = ["+deep+"]\n"), domain.Options{Limits: domain.Limits{MaxListLen: 1}})
	if err == nil || !strings.Contains(refusal(t, err).Message, "nested deeper than 16") {
		t.Errorf("17 deep: %v", err)
	}
	if _, err := ParseWith("t.cfg", []byte("a = [1, 2]\n"), domain.Options{Limits: domain.Limits{MaxListLen: 1}}); err == nil {
		t.Errorf("two items with MaxListLen 1 accepted")
	}
}

// TestMaxFileSizeBound checks that MaxFileSize is bounded so that a file
// has fewer statements than participle repeats a rule: a file of that many
// shortest statements is refused by its size, not by participle.
func TestMaxFileSizeBound(t *testing.T) {
	bound := 4*(participle.MaxIterations-1) - 1
	lim := domain.Options{Limits: domain.Limits{MaxFileSize: 8 << 20}}
	src := []byte(strings.Repeat("a=1;", participle.MaxIterations))
	_, err := ParseWith("t.cfg", src, lim)
	want := fmt.Sprintf("larger than the limit of %d", bound)
	if err == nil || !strings.Contains(refusal(t, err).Message, want) {
		t.Fatalf("%d statements: got %v, want %q", participle.MaxIterations, err, want)
	}
}
