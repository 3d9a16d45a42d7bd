//go:build oracle

package oracle

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func eachQEMU(t *testing.T, f func(t *testing.T, q *QEMURunner)) {
	vs := QEMUVersions()
	if len(vs) == 0 {
		unavailable(t, "qemu"+string(QEMU72), "no QEMU installed")
	}
	for _, v := range []QEMUVersion{QEMU72, QEMU100} {
		t.Run(string(v), func(t *testing.T) { f(t, QEMU(t, v)) })
	}
}

// rootMounts lists the mounts under the root (there should be none).
func rootMounts(t *testing.T) []string {
	b, err := os.ReadFile("/proc/mounts")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) > 1 && strings.HasPrefix(f[1], Root()) {
			out = append(out, f[1])
		}
	}
	return out
}

type testNode struct {
	File string `json:"file"`
	Drv  string `json:"drv"`
	RO   bool   `json:"ro"`
}

func TestQEMURun(t *testing.T) {
	eachQEMU(t, func(t *testing.T, q *QEMURunner) {
		for _, dir := range []string{t.TempDir(), mkdirTemp(t, "/var/tmp")} {
			img := filepath.Join(dir, "sub", "a,file=x y.qcow2")
			q.CreateImage(t, img, "qcow2")
			esc := strings.ReplaceAll(img, ",", ",,")
			r := q.Run(t, dir, []string{"-drive", "file=" + esc + ",if=ide,index=0,media=disk,format=qcow2,cache=writeback"},
				`{"execute":"query-named-block-nodes","arguments":{"flat":true}}`)
			if !r.Accepted {
				t.Fatalf("refused: %s", r.Stderr)
			}
			var nodes []testNode
			if err := json.Unmarshal(r.Return(t, 0), &nodes); err != nil {
				t.Fatal(err)
			}
			files := map[string]string{}
			for _, n := range nodes {
				files[n.Drv] = n.File
			}
			if files["file"] != img || files["qcow2"] != img {
				t.Errorf("%s opened %v, want %q through qcow2 and file", q, files, img)
			}
			if m := rootMounts(t); len(m) != 0 {
				t.Errorf("mounts left under the root: %v", m)
			}
		}
		bad := q.Run(t, "", []string{"-drive", "file=/nonexistent.img,if=ide,format=raw"})
		if bad.Accepted || !strings.Contains(bad.Stderr, "nonexistent.img") {
			t.Errorf("a missing image: accepted %v, stderr %q", bad.Accepted, bad.Stderr)
		}
		if _, err := os.Stat(filepath.Join(Root(), "var/tmp")); err == nil && q.sys.root != "" {
			ents, _ := os.ReadDir(filepath.Join(Root(), "var/tmp"))
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), "xldisk-qemu-test") {
					t.Errorf("mount point %s left in the root", e.Name())
				}
			}
		}
		late := q.Run(t, "", []string{"-drive", "if=none,id=c", "-device", "ide-cd,drive=c,bus=ide.2"})
		if late.Accepted || late.ExitCode == 0 || !strings.Contains(late.Stderr, "ide.2") {
			t.Errorf("a device on a missing bus (refused after the QMP greeting): %+v", late)
		}
		t.Logf("oracle: %s opened a hostile qcow2 path exactly, refused a missing image: %s", q, firstLine(bad.Stderr))
	})
}

func mkdirTemp(t *testing.T, parent string) string {
	d, err := os.MkdirTemp(parent, "xldisk-qemu-test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(d) })
	return d
}

func firstLine(s string) string { l, _, _ := strings.Cut(strings.TrimSpace(s), "\n"); return l }

func TestQEMUStart(t *testing.T) {
	eachQEMU(t, func(t *testing.T, q *QEMURunner) {
		p, err := q.Start(t, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		st, err := p.Do(`{"execute":"query-status"}`)
		if err != nil || !strings.Contains(string(st), `"prelaunch"`) {
			t.Errorf("query-status = %s, %v; want prelaunch (started paused)", st, err)
		}
		ver, err := p.Do(`{"execute":"query-version"}`)
		var qv struct {
			QEMU struct{ Major, Minor int } `json:"qemu"`
		}
		if err != nil || json.Unmarshal(ver, &qv) != nil || fmt.Sprintf("%d.%d", qv.QEMU.Major, qv.QEMU.Minor) != string(q.Version()) {
			t.Errorf("query-version = %s, %v; want %s", ver, err, q.Version())
		}
		if _, err := p.Do(`{"execute":"no-such-command"}`); err == nil {
			t.Error("an unknown command succeeded")
		}
		p.Close()
		if _, err := q.Start(t, "", []string{"-drive", "if=bogus"}); err == nil {
			t.Error("if=bogus started")
		}
	})
}

// TestQEMUKilledWhenHung: a QEMU alive after QEMUTimeout is killed.
func TestQEMUKilledWhenHung(t *testing.T) {
	old := QEMUTimeout
	QEMUTimeout = 2 * time.Second
	defer func() { QEMUTimeout = old }()
	eachQEMU(t, func(t *testing.T, q *QEMURunner) {
		p, err := q.Start(t, t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(3 * time.Second)
		if _, err := p.Do(`{"execute":"query-status"}`); err == nil {
			t.Errorf("%s still answers after the timeout", q)
		}
		if m := rootMounts(t); len(m) != 0 {
			t.Errorf("mounts left under the root: %v", m)
		}
	})
}
