package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
)

var (
	ruleA = diag.Register(diag.Rule{ID: "XLD911", Severity: diag.Warning, Summary: "a"})
	ruleB = diag.Register(diag.Rule{ID: "XLD912", Severity: diag.Warning, Summary: "b"})
	ruleC = diag.Register(diag.Rule{ID: "XLD920", Severity: diag.Error, Summary: "c"})
)

func TestParse(t *testing.T) {
	src := `# project settings
rules:
  XLD911: off
  xld912: error
exclude:
  - vendor
  - "attic/**/*.cfg"
xen: [4.17, "4.20-4.21"]
fail-on: warning
`
	c, err := Parse("/p/.xldisk.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[diag.RuleID]Level{ruleA: {Off: true}, ruleB: {Severity: diag.Error}}
	if !cmp.Equal(c.Rules, want, cmp.Comparer(func(a, b diag.RuleID) bool { return a == b })) {
		t.Errorf("rules %v", c.Rules)
	}
	if !cmp.Equal(c.Exclude, []string{"vendor", "attic/**/*.cfg"}) {
		t.Errorf("exclude %v", c.Exclude)
	}
	if !cmp.Equal(c.Xen, []release.Version{release.Xen417, release.Xen420, release.Xen421}) {
		t.Errorf("xen %v", c.Xen)
	}
	if c.FailOn == nil || c.FailOn.Min != diag.Warning || c.Dir != "/p" {
		t.Errorf("fail-on %v dir %s", c.FailOn, c.Dir)
	}
	for _, empty := range []string{"", "# nothing\n", "---\n"} {
		c, err := Parse("e.yaml", []byte(empty))
		if err != nil || len(c.Rules) != 0 || c.FailOn != nil || c.Xen != nil {
			t.Errorf("%q: %+v %v", empty, c, err)
		}
	}
	if c, err := Parse("x.yaml", []byte("xen: 4.19\nexclude: old\nfail-on: never\n")); err != nil || len(c.Xen) != 1 || c.Exclude[0] != "old" || !c.FailOn.Never {
		t.Errorf("scalars: %+v %v", c, err)
	}
}

// TestParseErrors checks that every malformed file is an error that says
// where.
func TestParseErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"rules:\n  XLD999: off\n", "c.yaml:2:3: unknown rule \"XLD999\""},
		{"rules:\n  XLD911: loud\n", "c.yaml:2:11: unknown level \"loud\""},
		{"rules:\n  XLD911: [off]\n", "c.yaml:2:11: rule XLD911 wants a single value"},
		{"rules: off\n", "c.yaml:1:8: rules wants a mapping"},
		{"rulez:\n  XLD911: off\n", "c.yaml:1:1: unknown key \"rulez\""},
		{"xen: 3.0\n", "c.yaml:1:6: "},
		{"fail-on: sometimes\n", "c.yaml:1:10: unknown fail-on \"sometimes\""},
		{"exclude:\n  - \"[\"\n", "c.yaml:2:5: bad glob \"[\""},
		{"xen: 4.17\nxen: 4.18\n", "c.yaml:2:1: xen is set again (first on line 1)"},
		{"rules:\n  XLD911: off\n  XLD911: info\n", "c.yaml:3:3: rule XLD911 is set twice"},
		{"- a\n- b\n", "c.yaml:1:1: want a mapping"},
		{"rules:\n  XLD911: off\n bad indent\n", "c.yaml:2: invalid YAML: did not find expected key"},
		{"a: 1\n---\nb: 2\n", "c.yaml:2:1: more than one YAML document"},
	}
	for _, tc := range tests {
		_, err := Parse("c.yaml", []byte(tc.src))
		var ce *Error
		if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want prefix %q", tc.src, err, tc.want)
		}
	}
}

func TestFindAndLoad(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, err := Find(deep); err != nil || p != "" && !strings.HasPrefix(p, "/") {
		t.Fatalf("Find with no file: %q %v", p, err)
	}
	cfg := filepath.Join(root, "a", FileName)
	os.WriteFile(cfg, []byte("fail-on: info\n"), 0o644)
	p, err := Find(deep)
	if err != nil || p != cfg {
		t.Fatalf("Find = %q, %v; want %q", p, err, cfg)
	}
	c, err := Load(p)
	if err != nil || c.FailOn.Min != diag.Info || c.Dir != filepath.Join(root, "a") {
		t.Errorf("Load: %+v %v", c, err)
	}
	// A nearer file wins.
	near := filepath.Join(deep, FileName)
	os.WriteFile(near, []byte("fail-on: never\n"), 0o644)
	if p, _ := Find(deep); p != near {
		t.Errorf("Find = %q, want %q", p, near)
	}
	if _, err := Load(filepath.Join(root, "missing.yaml")); err == nil {
		t.Error("Load of a missing file succeeded")
	}
	big := filepath.Join(root, "big.yaml")
	os.WriteFile(big, make([]byte, MaxSize+1), 0o644)
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Load of a big file: %v", err)
	}
}

func TestExcluded(t *testing.T) {
	c := &Config{Dir: "/repo", Exclude: []string{"vendor", "*.bak.cfg", "attic/**/*.cfg", "gen/", "/top.cfg"}}
	tests := []struct {
		path string
		dir  bool
		want bool
	}{
		{"/repo/vendor", true, true},
		{"/repo/x/vendor", true, true},
		{"/repo/a.bak.cfg", false, true},
		{"/repo/a.cfg", false, false},
		{"/repo/attic/a.cfg", false, true},
		{"/repo/attic/1/2/a.cfg", false, true},
		{"/repo/attic/a.txt", false, false},
		{"/repo/x/attic/a.cfg", false, false},
		{"/repo/gen", true, true},
		{"/repo/gen", false, false},
		{"/repo/top.cfg", false, true},
		{"/repo/sub/top.cfg", false, false},
		{"/other/attic/a.cfg", false, false},
		{"/other/vendor", true, true},
	}
	for _, tc := range tests {
		if got := c.Excluded(tc.path, tc.dir); got != tc.want {
			t.Errorf("Excluded(%s, %v) = %v", tc.path, tc.dir, got)
		}
	}
	var none *Config
	if none.Excluded("/x", false) {
		t.Error("nil config excludes")
	}
}

func TestFilter(t *testing.T) {
	l := diag.List{
		{Rule: ruleA, Severity: diag.Warning}, {Rule: ruleB, Severity: diag.Warning}, {Rule: ruleC, Severity: diag.Error},
	}
	rules := func(l diag.List) string {
		var s []string
		for _, d := range l {
			s = append(s, d.Rule.String()+"="+d.Severity.String())
		}
		return strings.Join(s, " ")
	}
	levels := map[diag.RuleID]Level{ruleA: {Off: true}, ruleC: {Severity: diag.Info}}
	tests := []struct {
		f    Filter
		want string
	}{
		{Filter{}, "XLD911=warning XLD912=warning XLD920=error"},
		{Filter{Levels: levels}, "XLD912=warning XLD920=info"},
		{Filter{Levels: levels, Select: []diag.RuleID{ruleA}}, "XLD911=warning"},
		{Filter{Levels: levels, Ignore: []diag.RuleID{ruleB}}, "XLD920=info"},
		{Filter{Select: []diag.RuleID{ruleA, ruleB}, Ignore: []diag.RuleID{ruleB}}, "XLD911=warning"},
	}
	for i, tc := range tests {
		if got := rules(tc.f.Apply(l)); got != tc.want {
			t.Errorf("%d: %s, want %s", i, got, tc.want)
		}
	}
	if l[2].Severity != diag.Error {
		t.Error("Apply changed its input")
	}
}

func TestParseRuleList(t *testing.T) {
	ids, err := ParseRuleList("XLD91, xld920")
	if err != nil || len(ids) != 3 || ids[0] != ruleA || ids[1] != ruleB || ids[2] != ruleC {
		t.Errorf("ParseRuleList = %v, %v", ids, err)
	}
	for _, bad := range []string{"", "XLD8", "FOO", "X"} {
		if _, err := ParseRuleList(bad); err == nil {
			t.Errorf("ParseRuleList(%q) accepted", bad)
		}
	}
}

func TestFailOn(t *testing.T) {
	warn := diag.List{{Severity: diag.Warning}}
	for s, want := range map[string]bool{"error": false, "warning": true, "info": true, "never": false} {
		f, err := ParseFailOn(s)
		if err != nil || f.Fails(warn) != want || f.String() != s {
			t.Errorf("%s: fails=%v err=%v", s, f.Fails(warn), err)
		}
	}
	if f, _ := ParseFailOn("info"); f.Fails(nil) {
		t.Error("an empty list fails")
	}
}
