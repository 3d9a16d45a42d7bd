//go:build oracle

package oracle_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/internal/specgen"
)

func loadCases(t *testing.T) []oracle.UpstreamCase { return oracle.LoadUpstreamCases(t) }

// needs419 reports whether a case uses a keyword Xen 4.17 lacks.
func needs419(args []string) bool {
	for _, a := range args {
		if strings.Contains(a, "trusted") || strings.Contains(a, "grant_usage") {
			return true
		}
	}
	return false
}

func TestDiskParseUpstreamCases(t *testing.T) {
	cases := loadCases(t)
	checked, skipped := 0, 0
	for _, c := range cases {
		if needs419(c.Args) {
			skipped++
			continue
		}
		stdout, stderr, rc := oracle.DiskParse(c.Args)
		if (rc != 0) != (c.Rc != 0) || stdout != c.Stdout {
			t.Errorf("DiskParse(%q): rc %d (want %d), stdout diff (-want +got):\n%s\nstderr: %q",
				c.Args, rc, c.Rc, cmp.Diff(c.Stdout, stdout), stderr)
		}
		if rc == 0 && stderr != "" {
			t.Errorf("DiskParse(%q) accepted but reported %q", c.Args, stderr)
		}
		if rc != 0 && !strings.HasPrefix(stderr, "command line: config parsing error in disk specification: ") {
			t.Errorf("DiskParse(%q) rejected with unexpected report %q", c.Args, stderr)
		}
		checked++
	}
	if checked != 26 || skipped != 2 {
		t.Errorf("checked %d cases and skipped %d; want 26 and 2 (the 28 upstream cases)", checked, skipped)
	}
	t.Logf("oracle: DiskParse agrees with %d upstream xl-disk-parse cases (%d 4.19+ cases skipped)", checked, skipped)
}

func TestDiskParseReports(t *testing.T) {
	tests := []struct {
		frags          []string
		stdout, stderr string
		rc             int
	}{
		{[]string{"foo"}, "", "command line: config parsing error in disk specification: no vdev specified in `foo'\n", 1},
		{nil, "", "command line: config parsing error in disk specification: no vdev specified in `(null)'\n", 1},
		{[]string{"/x,raw,xvda,rw,extra"}, "", "command line: config parsing error in disk specification: too many positional parameters: near `extra' in `/x,raw,xvda,rw,extra'\n", 1},
		{[]string{"vdev=xvda", "format=bogus"}, "", "command line: config parsing error in disk specification: unknown value for format: near `bogus' in `format=bogus'\n", 1},
		{[]string{"vdev=xvda,colo-port=0x1,target=/x"}, "", "command line: config parsing error in disk specification: unknown value for colo_port: near `0x1' in `vdev=xvda,colo-port=0x1,target=/x'\n", 1},
		{[]string{"/x\t\n,,xvda"}, "disk: {\n    \"pdev_path\": \"/x\\t\\n\",\n    \"vdev\": \"xvda\",\n    \"format\": \"raw\",\n    \"readwrite\": 1\n}\n\n", "", 0},
	}
	for _, tt := range tests {
		stdout, stderr, rc := oracle.DiskParse(tt.frags)
		if diff := cmp.Diff([]any{tt.stdout, tt.stderr, tt.rc}, []any{stdout, stderr, rc}); diff != "" {
			t.Errorf("DiskParse(%q) (-want +got):\n%s", tt.frags, diff)
		}
	}
	t.Logf("oracle: %d hand-written report cases agree with libxlutil", len(tests))
}

func TestCfgReadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.cfg")
	src := `# a comment
name = "guest"
memory = 1024
type = 'hvm'
disk = [ '/dev/vg/a,raw,xvda,rw', "format=qcow2, vdev=xvdb, target=/img/b.qcow2", ]
vnuma = [ [ "pnode=0", "size=512" ], [ "pnode=1" ] ]
memory = 2048
`
	if err := os.WriteFile(good, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := oracle.CfgReadFile(good, []string{"name", "memory", "type", "disk", "vnuma", "nosuch"})
	if err != nil {
		t.Fatalf("CfgReadFile: %v", err)
	}
	i := func(v int64) *int64 { return &v }
	want := map[string]oracle.CfgValue{
		"name":   {Kind: oracle.CfgString, Str: "guest"},
		"memory": {Kind: oracle.CfgString, Str: "2048", Long: i(2048)},
		"type":   {Kind: oracle.CfgString, Str: "hvm"},
		"disk": {Kind: oracle.CfgList, List: []oracle.CfgValue{
			{Kind: oracle.CfgString, Str: "/dev/vg/a,raw,xvda,rw"},
			{Kind: oracle.CfgString, Str: "format=qcow2, vdev=xvdb, target=/img/b.qcow2"},
		}},
		"vnuma": {Kind: oracle.CfgList, List: []oracle.CfgValue{
			{Kind: oracle.CfgList, List: []oracle.CfgValue{{Kind: oracle.CfgString, Str: "pnode=0"}, {Kind: oracle.CfgString, Str: "size=512"}}},
			{Kind: oracle.CfgList, List: []oracle.CfgValue{{Kind: oracle.CfgString, Str: "pnode=1"}}},
		}},
		"nosuch": {Kind: oracle.CfgMissing},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CfgReadFile (-want +got):\n%s", diff)
	}
	if s := got["disk"].Strings(); len(s) != 2 || s[1] != "format=qcow2, vdev=xvdb, target=/img/b.qcow2" {
		t.Errorf("Strings() = %q", s)
	}

	bad := filepath.Join(dir, "bad.cfg")
	if err := os.WriteFile(bad, []byte("name = \"x\"\ndisk = [ 'a' \nmemory = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = oracle.CfgReadFile(bad, []string{"disk"})
	ce, ok := err.(*oracle.CfgError)
	if !ok || ce.Errno == 0 || !strings.HasPrefix(ce.Report, bad+":3:") {
		t.Fatalf("CfgReadFile(bad) = %#v, want a *CfgError reported at %s:3", err, bad)
	}
	t.Logf("bad config report: %q", ce.Report)

	_, err = oracle.CfgReadFile(filepath.Join(dir, "missing.cfg"), nil)
	if err == nil {
		t.Fatal("CfgReadFile(missing) succeeded")
	}
	t.Logf("missing file: %v", err)

	data, err := oracle.CfgReadData("mem.cfg", []byte(src), []string{"disk"})
	if err != nil || cmp.Diff(want["disk"], data["disk"]) != "" {
		t.Errorf("CfgReadData = %v, %v", data, err)
	}
	t.Logf("oracle: CfgReadFile/CfgReadData checked %d settings, a syntax error and a missing file", len(want))
}

func TestTiming(t *testing.T) {
	specs := []string{"/dev/vg/guest-volume,raw,xvda,rw", "format=qcow2,vdev=xvdb,access=rw,target=/var/lib/xen/images/b.qcow2"}
	d, rej := oracle.TimeDiskParse(specs, 1000)
	if d <= 0 || rej != 0 {
		t.Fatalf("TimeDiskParse = %v, %d rejected", d, rej)
	}
	_, rej = oracle.TimeDiskParse([]string{"foo"}, 3)
	if rej != 1 {
		t.Errorf("TimeDiskParse(foo) rejected %d, want 1", rej)
	}
	path := filepath.Join(t.TempDir(), "t.cfg")
	os.WriteFile(path, []byte("disk = [ '/x,raw,xvda,rw' ]\n"), 0o644)
	fd, err := oracle.TimeCfgReadFile(path, 100)
	if err != nil || fd <= 0 {
		t.Fatalf("TimeCfgReadFile = %v, %v", fd, err)
	}
	if _, err := oracle.TimeCfgReadFile(path+".none", 1); err == nil {
		t.Errorf("TimeCfgReadFile(missing) succeeded")
	}
	t.Logf("oracle: xlu_disk_parse %.0f ns/spec, xlu_cfg_readfile %.0f ns/file",
		float64(d.Nanoseconds())/float64(1000*len(specs)), float64(fd.Nanoseconds())/100)
}

func TestDiskParseIsolated(t *testing.T) {
	cases := loadCases(t)
	n := 0
	for _, c := range cases {
		if needs419(c.Args) {
			continue
		}
		a1, b1, r1 := oracle.DiskParse(c.Args)
		a2, b2, r2 := oracle.DiskParseIsolated(c.Args)
		if a1 != a2 || b1 != b2 || r1 != r2 {
			t.Errorf("%q: in-process (%d %q %q) != isolated (%d %q %q)", c.Args, r1, a1, b1, r2, a2, b2)
		}
		n++
	}
	// A bad byte before a newline jams libxlu's scanner: xl exits 2.
	jams := [][]string{{"/x,raw,xvda,=\n"}, {"vdev=xvda,target=/x", "=\n"}, {"/x,raw,xvda", "=\nfoo"}}
	for _, frags := range jams {
		stdout, stderr, rc := oracle.DiskParse(frags)
		if rc != 2 || stdout != "" || !strings.HasSuffix(stderr, "flex scanner jammed\n") {
			t.Errorf("DiskParse(%q) = %d %q %q, want a jam (rc 2)", frags, rc, stdout, stderr)
		}
	}
	t.Logf("oracle: isolated (forked) DiskParse agrees with in-process on %d cases; %d scanner jams give rc 2", n, len(jams))
}

// TestJamCondition checks DiskParse's claim that only "=" before a newline
// can jam libxlu's scanner: specs with newlines but no "=\n" never exit 2
// in a child, and give the same result as in this process.
func TestJamCondition(t *testing.T) {
	g := specgen.NewWithOptions(99, specgen.Options{Xen417Only: true})
	pieces := []string{"\n", " \n", "=\n", "\n=", ",\n", "x\n", "=,\n"}
	n, jams := 0, 0
	for i := 0; i < 400; i++ {
		frags := g.Spec()
		k := i % len(frags)
		pos := len(frags[k]) / 2
		frags[k] = frags[k][:pos] + pieces[i%len(pieces)] + frags[k][pos:]
		out, errs, rc := oracle.DiskParseIsolated(frags)
		canJam := false
		for _, f := range frags {
			canJam = canJam || strings.Contains(f, "=\n")
		}
		if rc == 2 {
			jams++
			if !canJam {
				t.Errorf("%q jammed without \"=\\n\"", frags)
			}
			continue
		}
		o2, e2, r2 := oracle.DiskParse(frags)
		if o2 != out || e2 != errs || r2 != rc {
			t.Errorf("%q: isolated %d %q %q, in-process %d %q %q", frags, rc, out, errs, r2, o2, e2)
		}
		n++
	}
	if jams == 0 {
		t.Errorf("no jams in 400 specs")
	}
	t.Logf("oracle: %d specs with newlines agree forked and in-process; %d jammed, all with \"=\\n\"", n, jams)
}
