package lint

import (
	"github.com/xldisk/xldisk/domain"
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
	for _, f := range r.Diags {
		out = append(out, at{f.Rule.String(), f.Range.Start.Line, src[f.Range.Start.Offset:f.Range.End.Offset]})
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
			r := Config("t.cfg", []byte(tc.src), domain.Options{})
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
	r := Config("t.cfg", []byte(src), domain.Options{})
	var got []string
	for _, f := range r.Diags {
		if id := f.Rule.String(); id == "XLD200" || id >= "XLD300" {
			got = append(got, id+" "+strconv.Itoa(f.Range.Start.Line))
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
		r := Config("t.cfg", []byte(tc.src), domain.Options{})
		var got []string
		for _, f := range r.Diags {
			got = append(got, f.Rule.String())
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
		r := Config("t.cfg", []byte("type = '"+tc.typ+"'\ndisk = [ '/a,raw,hda,ro' ]\n"), domain.Options{})
		if got := hasRule(r, "XLD200"); got != tc.want {
			t.Errorf("type %s: XLD200 reported = %v, want %v\n%s", tc.typ, got, tc.want, dump(r))
		}
	}
}
