//go:build oracle

package release_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/release"
)

// A tableProbe is a disk whose parse shows whether a release has a
// feature: with it, xl exits rcWith and prints with (on stdout or stderr);
// without it, rcWithout and without.
type tableProbe struct {
	feature            release.Feature
	frags              []string
	rcWith, rcWithout  int
	with, without      string
	forbidWith, forbid string // must not appear (with / without the feature)
}

var tableProbes = []tableProbe{
	{release.TrustedFlags, []string{"vdev=xvda,trusted,target=/x.img"}, 0, 1,
		`"trusted": "True"`, "target respecified: near `/x.img'", "", ""},
	{release.TrustedFlags, []string{"vdev=xvda,untrusted,target=/x.img"}, 0, 1,
		`"trusted": "False"`, "target respecified: near `/x.img'", "", ""},
	{release.TrustedFlags, []string{"/x,raw,xvda,trusted"}, 0, 1,
		`"trusted": "True"`, "unknown value for access: near `trusted'", "", ""},
	{release.TrustedFlags, []string{"trusted,vdev=xvda"}, 1, 0,
		"no target specified (and device not removable)", `"pdev_path": "trusted"`, "", `"trusted":`},
	{release.TrustedFlags, []string{"/x,raw,xvda", "untrusted"}, 0, 1,
		`"trusted": "False"`, "unknown value for access: near `untrusted' in `untrusted'", "", ""},
	{release.GrantUsage, []string{"/x,raw,xvda,grant_usage=1"}, 0, 1,
		`"grant_usage": "True"`, "bad disk syntax: near `=1'", "", ""},
	{release.GrantUsage, []string{"/x,raw,xvda,grant_usage=0"}, 0, 1,
		`"grant_usage": "False"`, "bad disk syntax: near `=0'", "", ""},
	{release.GrantUsage, []string{"vdev=xvda,grant_usage=1,target=/x"}, 0, 1,
		`"grant_usage": "True"`, "bad disk syntax: near `=1,target=/x'", "", ""},
	// Only the two exact values are keywords: "grant_usage=1" then "0".
	{release.GrantUsage, []string{"/x,raw,xvda,grant_usage=10"}, 1, 1,
		"unknown value for access: near `0'", "bad disk syntax: near `=10'", "bad disk syntax", ""},
	// The yajl JSON of releases before json-c.
	{release.JSONC, []string{"vdev=xvda,target=/a/b"}, 0, 0,
		`"pdev_path":"\/a\/b"`, `"pdev_path": "/a/b"`, "", `\/`},
}

// TestTableAgainstLibxlu checks the table's parser-visible claims against
// every available libxlutil: each release parses the probes as the table
// says it should (Has), and each probed feature is seen both present and
// absent when the releases straddle its Since.
func TestTableAgainstLibxlu(t *testing.T) {
	rs := oracle.Releases()
	if len(rs) == 0 {
		t.Fatal("no libxlutil available")
	}
	seen := map[release.Feature]map[bool]bool{}
	for _, v := range rs {
		l := oracle.LibxluOf(t, v)
		for _, p := range tableProbes {
			has := v.Has(p.feature)
			if seen[p.feature] == nil {
				seen[p.feature] = map[bool]bool{}
			}
			seen[p.feature][has] = true
			stdout, stderr, rc := l.DiskParse(p.frags)
			out := stdout + stderr
			wantRC, want, forbid := p.rcWithout, p.without, p.forbid
			if has {
				wantRC, want, forbid = p.rcWith, p.with, p.forbidWith
			}
			if rc != wantRC || !strings.Contains(out, want) || forbid != "" && strings.Contains(out, forbid) {
				t.Errorf("Xen %s (Has(%v) = %t) %q: rc %d, want %d with %q and without %q; got\n%s",
					v, p.feature, has, p.frags, rc, wantRC, want, forbid, out)
			}
		}
	}
	straddled := 0
	for f, s := range seen {
		if s[true] && s[false] {
			straddled++
		} else {
			t.Logf("%v (since %s): only %s releases available to check", f, release.Table[f].Since, map[bool]string{true: "newer", false: "older"}[s[true]])
		}
	}
	t.Logf("oracle: release table agrees with libxlutil %s on %d probes; %d features seen on both sides of their release",
		release.FormatSet(rs), len(tableProbes), straddled)
	if len(rs) > 1 && straddled < 2 {
		t.Errorf("trusted and grant_usage should both be seen absent (4.17) and present (4.20); %d were", straddled)
	}
}

var commitRE = regexp.MustCompile(`^[0-9a-f]{10}$`)

// TestTableCommits: every entry cites upstream commits (10-digit
// abbreviated xen.git hashes), except JSONC, a build-time choice.
func TestTableCommits(t *testing.T) {
	for f, c := range release.Table {
		if c.Feature != release.Feature(f) {
			t.Errorf("Table[%d] is for feature %d", f, c.Feature)
		}
		if len(c.Commits) == 0 && c.Feature != release.JSONC {
			t.Errorf("%v cites no commit", c.Feature)
		}
		for _, h := range c.Commits {
			if !commitRE.MatchString(h) {
				t.Errorf("%v: commit %q is not a 10-digit abbreviated hash", c.Feature, h)
			}
		}
	}
}
