package diskspec_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/internal/specgen"
)

// checkParse checks the properties every parse must have, whatever the
// input: errors point inside their fragment; an accepted disk marshals to
// JSON (valid JSON when the input is valid UTF-8) and either formats to a
// canonical spec that parses back to an equal disk, or is refused with a
// RuleUnformattable diagnostic for the one reason Parse can produce such a disk (a
// positional target holding a newline).
func checkParse(t *testing.T, frags []string) {
	t.Helper()
	p, err := diskspec.ParseDetailed(frags...)
	if p == nil || p.Disk == nil {
		t.Fatalf("%q: ParseDetailed returned no result", frags)
	}
	if err != nil {
		l := diskspec.AsList(err)
		if len(l) == 0 {
			t.Fatalf("%q: error %v is not a diag.List", frags, err)
		}
		for _, e := range l {
			if len(frags) == 0 {
				continue
			}
			s := e.Span()
			if e.Range == nil || s.Frag < 0 || s.Frag >= len(frags) || s.Offset < 0 || s.Len < 0 || s.End() > len(frags[s.Frag]) {
				t.Fatalf("%q: error %q has span %v out of range", frags, e.Error(), s)
			}
			if !e.Rule.IsRegistered() || e.Message == "" {
				t.Fatalf("%q: error %+v has no rule or message", frags, e)
			}
			if e.Suggestion != nil {
				checkEdits(t, frags, e)
			}
		}
		return
	}
	for _, f := range p.Fields() {
		s := p.Span(f)
		if s.Frag < 0 || s.Frag >= len(frags) || s.Offset < 0 || s.End() > len(frags[s.Frag]) {
			t.Fatalf("%q: span of %s %v out of range", frags, f, s)
		}
	}
	j, _ := p.Disk.MarshalLibxlJSON()
	if utf8.Valid(j) && !json.Valid(j) {
		t.Fatalf("%q: invalid JSON %q", frags, j)
	}
	s, err := p.Disk.Canonical()
	if err != nil {
		var d diag.Diagnostic
		if !errors.As(err, &d) || d.Rule != diskspec.RuleUnformattable || !strings.Contains(p.Disk.Target(), "\n") {
			t.Fatalf("%q: Canonical: %v", frags, err)
		}
		return
	}
	back, err := diskspec.Parse(s)
	if err != nil {
		t.Fatalf("%q: canonical %q does not parse: %v", frags, s, err)
	}
	if diff := cmp.Diff(p.Disk, back); diff != "" {
		t.Fatalf("%q: canonical %q parses to another disk (-orig +back):\n%s", frags, s, diff)
	}
	if s2, _ := back.Canonical(); s2 != s {
		t.Fatalf("%q: canonical form not stable: %q then %q", frags, s, s2)
	}
}

// TestRoundTripGenerated is the property test: for every accepted spec,
// Parse(Canonical(d)) equals d.
func TestRoundTripGenerated(t *testing.T) {
	const seed, n = 20261123, 20000
	t.Logf("seed %d", seed)
	g := specgen.New(seed)
	accepted := 0
	for i := 0; i < n; i++ {
		frags := g.Spec()
		checkParse(t, frags)
		if _, err := diskspec.ParseArgs(frags...); err == nil {
			accepted++
		}
	}
	if accepted < n/10 {
		t.Errorf("only %d of %d generated specs were accepted: the property is barely exercised", accepted, n)
	}
	t.Logf("%d of %d generated specs accepted and round-tripped", accepted, n)
}

func TestRoundTripUpstreamCases(t *testing.T) {
	for _, c := range upstreamCases(t) {
		checkParse(t, c.Args)
	}
}

// FuzzParse checks, for any single spec: no panic, no hang, errors with
// in-range positions, valid JSON, and Parse(Canonical(d)) == d.
func FuzzParse(f *testing.F) {
	for _, s := range typicalSpecs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		checkParse(t, []string{spec})
	})
}

// FuzzParseArgs is FuzzParse for a disk given as two fragments
// (xl block-attach arguments), which share the positional slots.
func FuzzParseArgs(f *testing.F) {
	f.Add("format=raw", "vdev=hda,target=/x")
	f.Add("raw:/x", "hdc:cdrom,ro")
	f.Add("/x,,", "xvda,w")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkParse(t, []string{a, b})
	})
}

// checkEdits checks that every edit of d is inside its fragment and that
// applying it gives a spec that parses without error.
func checkEdits(t *testing.T, frags []string, d diag.Diagnostic) {
	t.Helper()
	for _, ed := range d.Suggestion.Edits {
		s := ed.Range.Span
		if s.Frag < 0 || s.Frag >= len(frags) || s.Offset < 0 || s.End() > len(frags[s.Frag]) {
			t.Fatalf("%q: edit %+v out of range", frags, ed)
		}
		fixed := append([]string(nil), frags...)
		fixed[s.Frag] = fixed[s.Frag][:s.Offset] + ed.Text + fixed[s.Frag][s.End():]
		if _, err := diskspec.ParseArgs(fixed...); err != nil {
			t.Fatalf("%q: edit %+v gives %q, which does not parse: %v", frags, ed, fixed, err)
		}
	}
}
