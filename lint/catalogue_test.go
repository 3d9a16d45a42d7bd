package lint

import (
	"github.com/xldisk/xldisk/domain"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
)

// notFromConfig lists the rules that no xl.cfg file can trigger through
// lint, with the reason; their Bad snippets are checked elsewhere (by the
// package that owns the rule, against its own API).
var notFromConfig = map[string]string{
	"XLD016": "Canonical's refusal of a hand-built Disk; a parsed spec always formats",
	"XLD015": "a NUL byte cannot be written in an xl.cfg string: libxlu rejects every \\x escape (XLD300)",
	"XLD107": "only xl block-attach (domain.Options.Hotplug) refuses specification=virtio",
	"XLD259": "validate reports the empty non-cdrom disk first (XLD102)",
}

// TestCatalogue runs every registered rule's Bad snippet through Config
// and expects the rule, and its Good snippet and expects the rule absent.
// A Bad snippet may need the 2015 dialect or the real host (--probe-host):
// it passes if any of those runs reports the rule.
func TestCatalogue(t *testing.T) {
	checked := 0
	for id := range notFromConfig {
		if _, ok := diag.ParseRuleID(id); !ok {
			t.Errorf("notFromConfig lists %s, which is no longer registered: remove it", id)
		}
	}
	rules := diag.Catalogue()
	if len(rules) < 60 {
		t.Fatalf("catalogue has only %d rules", len(rules))
	}
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			if r.Summary == "" || r.Why == "" || r.Bad == "" || r.Good == "" {
				t.Fatalf("rule %s lacks Summary, Why, Bad or Good", r.ID)
			}
			if why, ok := notFromConfig[r.ID]; ok {
				bad := Config("bad.cfg", []byte(r.Bad), domain.Options{})
				if hasRule(bad, r.ID) {
					t.Errorf("%s is listed as not reachable from a config (%s), but its Bad snippet triggers it", r.ID, why)
				}
				t.Skipf("not reachable from an xl.cfg file: %s", why)
			}
			found := false
			var all strings.Builder
			for _, o := range []domain.Options{{}, {Dialect: domain.Dialect2015}, {Host: domain.OSHost}, {Host: domain.OSHost, Dialect: domain.Dialect2015}, {Xen: release.Xen417}} {
				bad := Config("bad.cfg", []byte(r.Bad), o)
				all.WriteString(dump(bad))
				found = found || hasRule(bad, r.ID)
			}
			if !found {
				across := ConfigAcross("bad.cfg", []byte(r.Bad), domain.Options{}, release.Known())
				all.WriteString(dump(across))
				found = hasRule(across, r.ID)
			}
			if !found {
				t.Errorf("Bad snippet does not trigger %s:\n%s\nfindings:\n%s", r.ID, r.Bad, all.String())
			}
			checked++
			good := Config("good.cfg", []byte(r.Good), domain.Options{})
			if hasRule(good, r.ID) {
				t.Errorf("Good snippet triggers %s:\n%s\nfindings:\n%s", r.ID, r.Good, dump(good))
			}
		})
	}
	t.Logf("%d of %d rules checked end to end, %d not reachable from a config", checked, len(rules), len(notFromConfig))
}

func hasRule(r Result, id string) bool {
	for _, f := range r.Diags {
		if f.Rule.String() == id {
			return true
		}
	}
	return false
}

func dump(r Result) string {
	var b strings.Builder
	if r.Err != nil {
		b.WriteString(r.Err.Error() + "\n")
	}
	for _, f := range r.Diags {
		b.WriteString("  " + f.Range.String() + ": " + f.Error() + "\n")
	}
	return b.String()
}
