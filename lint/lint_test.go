package lint

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// at describes a finding by rule and the exact source text it points at.
type at struct {
	Rule string
	Line int
	Text string
}

func findingsAt(r Result, src string) []at {
	var out []at
	for _, f := range r.Findings {
		out = append(out, at{f.Rule, f.Pos.Line, src[f.Pos.Offset:f.End.Offset]})
	}
	return out
}

// TestPositions checks that each finding points at the right characters,
// through quotes, escapes, nested lists and multi-line lists.
func TestPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      []at
	}{
		{"format slot",
			"type = 'pv'\ndisk = [ '/dev/vg/a,xvda,w' ]\n",
			[]at{{"XLD004", 2, "xvda"}}},
		{"escaped quotes before the error",
			"disk = [ \"/srv/\\\"q\\\".img,raw,xvda,readonly\" ]\n",
			[]at{{"XLD316", 1, `\"`}, {"XLD005", 1, "readonly"}}},
		{"escaped backslash",
			"disk = [ 'vdev=xvda,target=/a\\\\b,frmat=raw' ]\n",
			[]at{{"XLD316", 1, `\\`}}}, // target= takes the rest: no error
		{"octal escape shifts offsets",
			"disk = [ '/a\\101b,raw,xvda,bad' ]\n",
			[]at{{"XLD301", 1, `\101`}, {"XLD316", 1, `\101`}, {"XLD005", 1, "bad"}}},
		{"nested list",
			"disk = [ '/a,raw,xvda,w', [ '/b,raw,xvdb,wrong' ] ]\n",
			[]at{{"XLD304", 1, "[ '/b,raw,xvdb,wrong' ]"}, {"XLD005", 1, "wrong"}}},
		{"multi-line list",
			"type = \"hvm\"\ndisk = [\n  '/a,raw,hda,w',\n\n  # c\n  '/b,raw,hda,w',\n]\n",
			[]at{{"XLD113", 6, "hda"}}},
		{"white space after a target",
			"disk = [ '/dev/vg/a  , raw, xvda, rw', 'vdev=xvdb,target=\t/b' ]\n",
			[]at{{"XLD317", 1, "  "}, {"XLD317", 1, "\t"}}},
		{"keyword form",
			"disk = [ 'format=raw, vdev=xvda, access=maybe, target=/a' ]\n",
			[]at{{"XLD005", 1, "maybe"}}},
		{"whole-disk error points at the spec end",
			"disk = [ '/dev/vg/a' ]\n",
			[]at{{"XLD012", 1, ""}}},
		{"syntax error",
			"type = \"hvm\"\ndisk = [ 'a' 'b' ]\n",
			[]at{{"XLD300", 2, "'"}}},
		{"type",
			"type = \"hv\"\n",
			[]at{{"XLD306", 1, `"hv"`}}},
		{"reassigned through +=",
			"a = 1\na += 2\na = 3\na += 4\n",
			[]at{{"XLD311", 1, "a"}, {"XLD311", 2, "a"}}},
		{"reassigned",
			"disk = [ '/a,raw,xvda,w' ]\n  disk = [ '/b,raw,xvda,w' ]\n",
			[]at{{"XLD311", 1, "disk"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Config("t.cfg", []byte(tc.src), Options{})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			got := findingsAt(r, tc.src)
			// Some rules are validate's; compare only the rules the test names.
			want := map[string]bool{}
			for _, w := range tc.want {
				want[w.Rule] = true
			}
			var filtered []at
			for _, g := range got {
				if want[g.Rule] {
					filtered = append(filtered, g)
				}
			}
			if diff := cmp.Diff(tc.want, filtered); diff != "" {
				t.Errorf("findings (-want +got):\n%s\nall: %v", diff, got)
			}
		})
	}
}

func TestSuppressions(t *testing.T) {
	src := strings.Join([]string{
		"type = 'hvm'",
		"disk = [",
		"  # xldisk:ignore XLD200 -- read through PV drivers only",
		"  '/a,raw,hda,ro',",
		"  '/b,raw,hdb,ro', # xldisk:ignore XLD200",
		"  '/c,raw,hdd,ro',",
		"",
		"  '/d,raw,hdc,ro',",
		"  '/e,raw,xvde,rw', # xldisk:ignore XLD100,nope -- x",
		"]",
		"# xldisk:ignore -- nothing named",
		""}, "\n")
	r := Config("t.cfg", []byte(src), Options{})
	var got []string
	for _, f := range r.Findings {
		if f.Rule == "XLD200" || f.Rule >= "XLD300" {
			got = append(got, f.Rule+" "+strconv.Itoa(f.Pos.Line))
		}
	}
	// Line 4 is covered by the comment above it, lines 5 and 6 by the
	// comment at the end of line 5 (its own line and the next).
	want := []string{"XLD312 5", "XLD200 8", "XLD313 9", "XLD314 9", "XLD313 11"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if r.Suppressed != 3 {
		t.Errorf("Suppressed = %d, want 3", r.Suppressed)
	}
}

func TestDomainType(t *testing.T) {
	tests := []struct {
		src   string
		rules []string
	}{
		{"type = 'hvm'\n", nil},
		{"type = 'pvh'\n", nil},
		{"type = 'p'\n", []string{"XLD306"}},
		{"type = ''\n", []string{"XLD306"}},
		{"type = 'xen'\n", []string{"XLD305"}},
		{"builder = 'generic'\n", []string{"XLD308"}},
		{"builder = 'linux'\n", []string{"XLD305"}},
		{"type = 'hvm'\nbuilder = 'hvm'\n", []string{"XLD308"}},
		{"type = 'pvh'\nbuilder = 'generic'\n", []string{"XLD307"}},
		{"type = ['hvm']\n", []string{"XLD315"}},
		{"type = 'hvm'\nhdtype = 'AHCI'\n", nil},
		{"type = 'hvm'\nhdtype = 'scsi'\n", []string{"XLD309"}},
		{"hdtype = 'ahci'\n", []string{"XLD310"}},
	}
	for _, tc := range tests {
		r := Config("t.cfg", []byte(tc.src), Options{})
		var got []string
		for _, f := range r.Findings {
			got = append(got, f.Rule)
		}
		if diff := cmp.Diff(tc.rules, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.src, diff)
		}
	}
}

// TestHVMOnlyRules checks that the domain type reaches validate: a
// read-only IDE disk is an error for an HVM guest only.
func TestHVMOnlyRules(t *testing.T) {
	for _, tc := range []struct {
		typ  string
		want bool
	}{{"hvm", true}, {"pv", false}, {"pvh", false}} {
		r := Config("t.cfg", []byte("type = '"+tc.typ+"'\ndisk = [ '/a,raw,hda,ro' ]\n"), Options{})
		if got := hasRule(r, "XLD200"); got != tc.want {
			t.Errorf("type %s: XLD200 reported = %v, want %v\n%s", tc.typ, got, tc.want, dump(r))
		}
	}
}

func TestPathsWalk(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.cfg", "disk = [ '/a,raw,xvda,w' ]\n")
	write("guest", "name = 'x'\ndisk = [ '/a,raw,xvda,w' ]\n")
	write("notes.txt", "disk = [ 'x' ]\n")
	write("prog.go", "package x\n")
	write("other", "name = 'no disks'\n")
	write(".git/config.cfg", "disk = [ ]\n")
	write("sub/b.cfg", "disk = [ 'x' ]\n")
	rs := Paths([]string{dir, filepath.Join(dir, "missing.cfg")}, Options{})
	var got []string
	for _, r := range rs {
		rel, _ := filepath.Rel(dir, r.Path)
		s := filepath.ToSlash(rel)
		if r.Err != nil {
			s += " ERR"
		}
		got = append(got, s)
	}
	want := []string{"a.cfg", "guest", "sub/b.cfg", "missing.cfg ERR"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
}

func TestFormat(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.cfg")
	more, _ := filepath.Glob("../examples/broken/*.cfg")
	files = append(files, more...)
	more, _ = filepath.Glob("../xlcfg/testdata/cfgs/*.cfg")
	files = append(files, more...)
	rewritten := 0
	for _, fn := range files {
		src, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		out, refusals, err := Format(fn, src)
		if err != nil || len(refusals) > 0 {
			continue
		}
		if string(out) != string(src) {
			rewritten++
		}
		// Idempotent.
		out2, ref2, err := Format(fn, out)
		if err != nil || len(ref2) > 0 || string(out2) != string(out) {
			t.Errorf("%s: Format is not idempotent: %v %v\n%s", fn, err, ref2, UnifiedDiff(fn, out, out2))
		}
		// Same disks, same other settings.
		checkSameConfig(t, fn, src, out)
	}
	if rewritten < 5 {
		t.Errorf("only %d files rewritten", rewritten)
	}
}

func TestFormatRefuses(t *testing.T) {
	src := "disk = [ '/a,raw,xvda,w', '/b,xvdb,w', 12 ]\n"
	out, refusals, err := Format("t.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// The first refusal points at "xvdb" (column 31), which is not a
	// format; the second at the number.
	if len(refusals) != 2 || refusals[0].Pos.Column != 31 || refusals[0].End.Column != 35 ||
		!strings.Contains(refusals[0].Reason, "does not parse") || refusals[1].Pos.Column != 40 {
		t.Errorf("refusals = %v", refusals)
	}
	if !strings.Contains(string(out), "'format=raw, vdev=xvda, access=rw, target=/a'") {
		t.Errorf("out = %s", out)
	}
	if _, _, err := Format("t.cfg", []byte("disk = [ 'a' 'b' ]\n")); err == nil {
		t.Errorf("Format accepted a syntax error")
	}
}

func TestFormatQuotes(t *testing.T) {
	src := "disk = [ \"/srv/it's,raw,xvda\", 'vdev=xvdb,target=/srv/it\\'s \"x\"' ]\n"
	out, refusals, err := Format("t.cfg", []byte(src))
	if err != nil || len(refusals) > 0 {
		t.Fatal(err, refusals)
	}
	want := "disk = [ \"format=raw, vdev=xvda, access=rw, target=/srv/it's\", 'format=raw, vdev=xvdb, access=rw, target=/srv/it\\'s \"x\"' ]\n"
	if string(out) != want {
		t.Errorf("got  %s\nwant %s", out, want)
	}
	checkSameConfig(t, "t.cfg", []byte(src), out)
}

// checkSameConfig checks that two versions of a file give equal disks and
// equal other settings.
func checkSameConfig(t *testing.T, name string, a, b []byte) {
	t.Helper()
	ra := Config(name, a, Options{})
	rb := Config(name, b, Options{})
	if hasRule(ra, RuleSyntax) != hasRule(rb, RuleSyntax) {
		t.Errorf("%s: syntax verdict changed", name)
	}
	fa, errA := parseDisks(name, a)
	fb, errB := parseDisks(name, b)
	if (errA == nil) != (errB == nil) {
		t.Fatalf("%s: %v vs %v", name, errA, errB)
	}
	if diff := cmp.Diff(fa, fb); diff != "" {
		t.Errorf("%s: settings or disks differ after Format (-before +after):\n%s", name, diff)
	}
}

// TestFormatRefusalPositions checks that a refusal points at the offending
// text in the file, through the quotes and escapes of the string, exactly
// where lint's finding for the same problem points.
func TestFormatRefusalPositions(t *testing.T) {
	src := "name = \"g\"\ndisk = [ \"/a,raw,xvda,w\",\n   \"/srv/\\\"it\\\"s,qcow9,xvdb\" ]\n"
	_, refusals, err := Format("e.cfg", []byte(src))
	if err != nil || len(refusals) != 1 {
		t.Fatalf("refusals %v, err %v", refusals, err)
	}
	r := refusals[0]
	if got := r.Pos.String(); got != "e.cfg:3:18" || src[r.Pos.Offset:r.End.Offset] != "qcow9" {
		t.Errorf("refusal at %s (%q), want e.cfg:3:18 (\"qcow9\")", got, src[r.Pos.Offset:r.End.Offset])
	}
	if strings.Contains(r.Reason, "byte ") || !strings.Contains(r.Reason, `near "qcow9"`) {
		t.Errorf("reason %q still has a byte offset or lost the text", r.Reason)
	}
	res := Config("e.cfg", []byte(src), Options{})
	found := false
	for _, f := range res.Findings {
		if f.Rule == "XLD004" {
			found = true
			if f.Pos != r.Pos || f.End != r.End {
				t.Errorf("lint points at %v-%v, fmt at %v-%v", f.Pos, f.End, r.Pos, r.End)
			}
		}
	}
	if !found {
		t.Errorf("no XLD004 finding: %s", dump(res))
	}
}
