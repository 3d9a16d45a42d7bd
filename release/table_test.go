//go:build oracle

package release_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

// backendC asks Xen's own libxl__device_disk_set_backend (from the
// release's static libxenlight) which backend a disk gets. Input lines:
// "FORMAT BACKEND CDROM TARGET" (libxl enum values; TARGET "-" is empty);
// output lines: "RC BACKEND".
const backendC = oracle.LibxlPrelude + `
int libxl__device_disk_set_backend(gc_t *gc, libxl_device_disk *disk);
int main(void) {
	libxl_ctx *ctx;
	xentoollog_logger *lg = (xentoollog_logger *)xtl_createlogger_stdiostream(stderr, XTL_CRITICAL, 0);
	if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, lg)) return 1;
	gc_t gc = {0, NULL, ctx};
	char line[4096], target[2048];
	int fmt, be, cd, rc;
	while (fgets(line, sizeof line, stdin)) {
		libxl_device_disk d;
		if (sscanf(line, "%d %d %d %2047s", &fmt, &be, &cd, target) != 4) { printf("bad 0\n"); continue; }
		libxl_device_disk_init(&d);
		d.format = fmt; d.backend = be; d.is_cdrom = cd; d.removable = cd;
		libxl_defbool_set(&d.colo_enable, false);
		libxl_defbool_set(&d.colo_restore_enable, false);
		d.vdev = strdup("xvda");
		d.pdev_path = strdup(strcmp(target, "-") ? target : "");
		rc = libxl__device_disk_set_backend(&gc, &d);
		printf("%d %d\n", rc, rc ? 0 : (int)d.backend);
		libxl_device_disk_dispose(&d);
	}
	return 0;
}
`

// libxl's enum values (libxl_types.idl).
const (
	beUnknown, bePhy, beTap, beQdisk = 0, 1, 2, 3
	fmtVhd, fmtRaw, fmtEmpty         = 3, 4, 5
)

// TestTableAgainstLibxl checks the backend-choice claims (TapBackend,
// EmptyCdromPhy) against libxl__device_disk_set_backend of every release.
func TestTableAgainstLibxl(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "disk.img")
	if err := os.WriteFile(img, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	probes := []struct {
		feature       release.Feature
		fmt, be, cd   int
		target        string
		without, with int // backend chosen (-1: refused)
	}{
		{release.TapBackend, fmtRaw, beTap, 0, img, -1, beTap},
		{release.TapBackend, fmtVhd, beTap, 0, img, -1, beTap},
		{release.EmptyCdromPhy, fmtEmpty, beUnknown, 1, "-", beQdisk, bePhy},
		{release.EmptyCdromPhy, fmtEmpty, bePhy, 1, "-", -1, bePhy},
	}
	var in strings.Builder
	for _, p := range probes {
		fmt.Fprintf(&in, "%d %d %d %s\n", p.fmt, p.be, p.cd, p.target)
	}
	for _, v := range oracle.Releases() {
		prog := oracle.BuildLibxlProgramFor(t, v, backendC)
		cmd, cleanup, err := prog.CommandDir(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdin = strings.NewReader(in.String())
		out, err := cmd.Output()
		cleanup()
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != len(probes) {
			t.Fatalf("%s: %d answers to %d probes: %q", v, len(lines), len(probes), out)
		}
		for i, p := range probes {
			var rc, be int
			if _, err := fmt.Sscan(lines[i], &rc, &be); err != nil {
				t.Fatalf("%s: answer %q: %v", v, lines[i], err)
			}
			if rc != 0 {
				be = -1
			}
			want := p.without
			if v.Has(p.feature) {
				want = p.with
			}
			if be != want {
				t.Errorf("Xen %s (Has(%v) = %t): format %d backend %d cdrom %d target %q: libxl chose %d, want %d",
					v, p.feature, v.Has(p.feature), p.fmt, p.be, p.cd, p.target, be, want)
			}
		}
	}
	t.Logf("oracle: backend choice claims (tap, empty cdrom on phy) agree with libxl__device_disk_set_backend of %s on %d probes",
		release.FormatSet(oracle.Releases()), len(probes))
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
