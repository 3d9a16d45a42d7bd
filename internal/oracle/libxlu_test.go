//go:build oracle

package oracle

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/internal/specgen"
	"github.com/xldisk/xldisk/release"
)

func TestReleases(t *testing.T) {
	rs := Releases()
	if len(rs) == 0 || rs[0] != release.Xen417 {
		t.Fatalf("Releases() = %v, want 4.17 first (Debian 12's libxen-dev)", rs)
	}
	for _, want := range []release.Version{release.Xen417, release.Xen420} {
		found := false
		for _, v := range rs {
			found = found || v == want
		}
		if !found && required(want.String()) {
			t.Errorf("%s lists %s but Releases() = %v (root %s)", RequireEnv, want, rs, Root())
		}
	}
	t.Logf("oracle: libxlutil releases available: %s (root %s)", release.FormatSet(rs), Root())
}

// eachRelease runs f as a subtest for every available release.
func eachRelease(t *testing.T, f func(t *testing.T, l *Libxlu)) {
	for _, v := range Releases() {
		t.Run(v.String(), func(t *testing.T) { f(t, LibxluOf(t, v)) })
	}
}

// TestLibxluUpstreamCases: Xen's own parser cases on every release; the
// trusted/untrusted cases hold from 4.19 only.
func TestLibxluUpstreamCases(t *testing.T) {
	cases := LoadUpstreamCases(t)
	eachRelease(t, func(t *testing.T, l *Libxlu) {
		checked := 0
		for _, c := range cases {
			if hasNewKeyword(c.Args) && !l.Release().Has(release.TrustedFlags) {
				continue
			}
			stdout, stderr, rc := l.DiskParse(c.Args)
			if (rc != 0) != (c.Rc != 0) || stdout != c.Stdout {
				t.Errorf("%q: rc %d (want %d) stderr %q, stdout (-want +got):\n%s", c.Args, rc, c.Rc, stderr, cmp.Diff(c.Stdout, stdout))
			}
			checked++
		}
		want := 26
		if l.Release().Has(release.TrustedFlags) {
			want = 28
		}
		if checked != want {
			t.Errorf("checked %d upstream cases, want %d", checked, want)
		}
		t.Logf("oracle: libxlutil %s agrees with %d upstream xl-disk-parse cases", l.Release(), checked)
	})
}

// TestLibxluMatchesCgo: the server of 4.17 gives byte for byte what the
// cgo binding gives, on generated specs with and without scanner jams.
func TestLibxluMatchesCgo(t *testing.T) {
	l := LibxluOf(t, release.Xen417)
	g := specgen.NewWithOptions(7, specgen.Options{MaxFrags: 3})
	var specs [][]string
	for i := 0; i < 3000; i++ {
		frags := g.Spec()
		if i%50 == 0 {
			frags = append(frags, "=\nx")
		}
		specs = append(specs, frags)
	}
	got := l.DiskParseBatch(specs)
	jams := 0
	for i, frags := range specs {
		so, se, rc := DiskParse(frags)
		if g := got[i]; g.Stdout != so || g.Stderr != se || g.RC != rc {
			t.Errorf("%q: server %d %q %q, cgo %d %q %q", frags, g.RC, g.Stdout, g.Stderr, rc, so, se)
		}
		if rc == 2 {
			jams++
		}
	}
	if jams == 0 {
		t.Error("no scanner jam among the specs")
	}
	t.Logf("oracle: the 4.17 server agrees with cgo on %d specs (%d jams)", len(specs), jams)
}

// TestLibxluCrash: a parameter of 16 KiB crashes libxlu; that is reported
// as a crash and the server goes on.
func TestLibxluCrash(t *testing.T) {
	eachRelease(t, func(t *testing.T, l *Libxlu) {
		starts := l.Starts()
		big := "vdev=xvda,target=/" + strings.Repeat("a", 17000)
		res := l.DiskParseBatch([][]string{{"/x,raw,xvda"}, {big}, {"/y,raw,xvdb"}})
		if res[1].RC != -1 || res[1].Signal == 0 || !strings.Contains(res[1].Stderr, "killed by signal") {
			t.Errorf("16 KiB target: %+v, want a crash", res[1])
		}
		if res[0].RC != 0 || res[2].RC != 0 || !strings.Contains(res[2].Stdout, `"/y"`) {
			t.Errorf("neighbours of the crash: %+v %+v", res[0], res[2])
		}
		if l.Starts() != starts && starts != 0 {
			t.Errorf("server restarted for an isolated crash (%d -> %d starts)", starts, l.Starts())
		}
		jam := l.DiskParseBatch([][]string{{"/x,raw,xvda,=\n"}})[0]
		if jam.RC != 2 || !strings.HasSuffix(jam.Stderr, "flex scanner jammed\n") {
			t.Errorf("scanner jam: %+v, want rc 2", jam)
		}
		t.Logf("oracle: libxlutil %s crashes on a 16 KiB target (signal %d, %v), reported as rc -1", l.Release(), int(res[1].Signal), res[1].Signal)
	})
}

// TestLibxluRestart: a server killed from outside is restarted and the
// request it was killed on is reported as failed.
func TestLibxluRestart(t *testing.T) {
	l := LibxluOf(t, release.Xen417)
	if _, _, rc := l.DiskParse([]string{"/x,raw,xvda"}); rc != 0 {
		t.Fatalf("rc %d", rc)
	}
	l.mu.Lock()
	_ = l.cmd.Process.Signal(syscall.SIGTERM)
	_, _ = l.cmd.Process.Wait()
	l.mu.Unlock()
	starts := l.Starts()
	res := l.DiskParseBatch([][]string{{"/x,raw,xvda"}, {"/y,raw,xvdb"}})
	if res[0].RC != -1 || res[1].RC != 0 || l.Starts() != starts+1 {
		t.Errorf("after a kill: %+v, %d -> %d starts", res, starts, l.Starts())
	}
}

func TestLibxluCfg(t *testing.T) {
	dir := t.TempDir()
	src := "name = \"g\"\nmemory = 0x10\ndisk = [ '/x,raw,xvda,rw', \"vdev=xvdb,target=/y\", ]\nv = [ [ 'a' ], [ ] ]\n"
	path := filepath.Join(dir, "g.cfg")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := []byte("disk = [ 'a'\n")
	names := []string{"name", "memory", "disk", "v", "nosuch"}
	want, err := CfgReadData("g.cfg", []byte(src), names)
	if err != nil {
		t.Fatal(err)
	}
	wantFile, err := CfgReadFile(path, names)
	if err != nil {
		t.Fatal(err)
	}
	_, wantBad := CfgReadData("bad.cfg", bad, nil)
	eachRelease(t, func(t *testing.T, l *Libxlu) {
		got, err := l.CfgReadData("g.cfg", []byte(src), names)
		if err != nil || cmp.Diff(want, got) != "" {
			t.Errorf("CfgReadData: %v (-cgo 4.17 +server):\n%s", err, cmp.Diff(want, got))
		}
		got, err = l.CfgReadFile(path, names)
		if err != nil || cmp.Diff(wantFile, got) != "" {
			t.Errorf("CfgReadFile: %v (-cgo 4.17 +server):\n%s", err, cmp.Diff(wantFile, got))
		}
		_, err = l.CfgReadData("bad.cfg", bad, nil)
		if cmp.Diff(wantBad, err) != "" {
			t.Errorf("bad config: %#v, want %#v", err, wantBad)
		}
		big := []byte("disk = [ 'vdev=xvda,target=/" + strings.Repeat("b", 20000) + "' ]\n")
		got, err = l.CfgReadData("big.cfg", big, []string{"disk"})
		if err != nil || len(got["disk"].List) != 1 || len(got["disk"].List[0].Str) != 20000+len("vdev=xvda,target=/") {
			t.Errorf("big config (read in a child): %v", err)
		}
		if _, err := l.CfgReadFile(filepath.Join(dir, "none.cfg"), nil); err == nil {
			t.Error("CfgReadFile of a missing file succeeded")
		}
	})
}

// TestLibxluTiming parses 10,000 generated specs with every release and
// reports the time.
func TestLibxluTiming(t *testing.T) {
	g := specgen.NewWithOptions(10, specgen.Options{MaxFrags: 3})
	specs := make([][]string, 10000)
	for i := range specs {
		specs[i] = g.Spec()
	}
	eachRelease(t, func(t *testing.T, l *Libxlu) {
		l.DiskParse([]string{"/x,raw,xvda"}) // start the server
		t0 := time.Now()
		res := l.DiskParseBatch(specs)
		d := time.Since(t0)
		acc := 0
		for i, r := range res {
			if r.RC < 0 || r.RC > 2 {
				t.Errorf("%q: %+v", specs[i], r)
			}
			if r.RC == 0 {
				acc++
			}
		}
		t1 := time.Now()
		for _, s := range specs[:1000] {
			l.DiskParse(s)
		}
		one := time.Since(t1)
		t.Logf("oracle: libxlutil %s server: 10,000 specs in %v as one batch (%d accepted), 1,000 one by one in %v",
			l.Release(), d.Round(time.Millisecond), acc, one.Round(time.Millisecond))
	})
}
