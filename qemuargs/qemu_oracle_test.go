//go:build oracle

package qemuargs

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/internal/oracle"
	"github.com/xldisk/xldisk/validate"
)

// qmpBlock is the part of query-block's BlockInfo the oracle checks.
type qmpBlock struct {
	Device   string `json:"device"`
	Inserted *struct {
		File string `json:"file"`
		Drv  string `json:"drv"`
		RO   bool   `json:"ro"`
	} `json:"inserted"`
}

// qmpNode is the part of query-named-block-nodes' BlockDeviceInfo checked.
type qmpNode struct {
	File     string `json:"file"`
	Drv      string `json:"drv"`
	RO       bool   `json:"ro"`
	NodeName string `json:"node-name"`
}

// runQEMU runs q with args (paused, no defaults, no guest), the files
// under dir visible, and returns its answers to query-block and
// query-named-block-nodes. QEMU refusing the arguments fails the test.
func runQEMU(t *testing.T, q *oracle.QEMURunner, dir string, args []string) ([]qmpBlock, []qmpNode) {
	t.Helper()
	r := q.Run(t, dir, args, `{"execute":"query-block"}`, `{"execute":"query-named-block-nodes","arguments":{"flat":true}}`)
	if !r.Accepted {
		t.Fatalf("%s refused the arguments (exit %d): %s\nargs: %s", q, r.ExitCode, r.Stderr, FormatLines(args))
	}
	var blocks []qmpBlock
	var nodes []qmpNode
	if err := json.Unmarshal(r.Return(t, 0), &blocks); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(r.Return(t, 1), &nodes); err != nil {
		t.Fatal(err)
	}
	return blocks, nodes
}

// eachQEMU runs f under every QEMU release of the oracle (7.2 of this
// machine, 10.0 of the Debian 13 root), in parallel.
func eachQEMU(t *testing.T, f func(t *testing.T, q *oracle.QEMURunner)) {
	for _, v := range []oracle.QEMUVersion{oracle.QEMU72, oracle.QEMU100} {
		t.Run("qemu"+string(v), func(t *testing.T) {
			t.Parallel()
			f(t, oracle.QEMU(t, v))
		})
	}
}

// variants returns the golden case c as recorded and, when c names no
// Xen release and the release of q's Debian system (4.17 with QEMU 7.2,
// 4.20 with 10.0) renders other arguments for it, c rendered for that
// release too, as on a real host of that system.
func variants(t *testing.T, c goldenCase, q *oracle.QEMURunner) []goldenCase {
	out := []goldenCase{c}
	if !c.opts.Xen.IsZero() || q.Xen().IsZero() {
		return out
	}
	paired := c
	paired.name += "-xen" + q.Xen().String()
	paired.opts.Xen = q.Xen()
	pl, _ := c.plan(t)
	ppl, _ := paired.plan(t)
	if FormatLines(Render(pl).Args) != FormatLines(Render(ppl).Args) {
		out = append(out, paired)
	}
	return out
}

// hasProtocol reports whether QEMU reads path as NAME: a protocol (a ':'
// before any '/').
func hasProtocol(path string) bool {
	i := strings.IndexAny(path, ":/")
	return i >= 0 && path[i] == ':'
}

// oracleCase makes a golden case runnable: paths under /srv/xen/ move into
// dir, and disks whose target QEMU would read as a protocol are dropped
// (QEMU would try the network).
func oracleCase(t *testing.T, c goldenCase, dir string) (goldenCase, []string) {
	var dropped []string
	out := c
	out.specs = nil
	for _, s := range c.specs {
		p, err := diskspec.ParseWith(c.opts, s)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if hasProtocol(p.Disk.Target()) {
			dropped = append(dropped, s)
			continue
		}
		out.specs = append(out.specs, strings.ReplaceAll(s, "/srv/xen/", dir+"/"))
	}
	return out, dropped
}

type nodeKey struct{ Drv, File string }

// TestQEMUAcceptsGolden runs every current-dialect golden case through QEMU
// 7.2 and 10.0 (a case without a Xen release also rendered for the release
// of that QEMU's Debian system, should that change its arguments: see
// variants) and checks, from QMP, that each drive opened
// exactly the intended file with the intended driver chain and read-only
// flag, and that QEMU opened no file besides the intended ones.
func TestQEMUAcceptsGolden(t *testing.T) { eachQEMU(t, testQEMUAcceptsGolden) }

func testQEMUAcceptsGolden(t *testing.T, q *oracle.QEMURunner) {
	drives, cases, paired := 0, 0, 0
	var all []goldenCase
	for _, gc := range goldenCases() {
		if gc.opts.Dialect == domain.DialectCurrent {
			v := variants(t, gc, q)
			paired += len(v) - 1
			all = append(all, v...)
		}
	}
	for _, gc := range all {
		t.Run(gc.name, func(t *testing.T) {
			dir := t.TempDir()
			c, dropped := oracleCase(t, gc, dir)
			for _, d := range dropped {
				t.Logf("not run by QEMU (protocol target): %s", d)
			}
			pl, _ := c.plan(t)
			res := Render(pl)
			args := append([]string(nil), res.Args...)
			wantProto := map[string]string{} // file -> protocol driver
			wantFormat := map[nodeKey]bool{}
			for i := range res.Drives {
				dr := &res.Drives[i]
				if c.opts.Stubdom && dr.File != "" {
					// /dev/xvdX exists only inside a stub domain: point it at
					// a character device (host_device needs one).
					link := filepath.Join(dir, filepath.Base(dr.File))
					if err := os.Symlink("/dev/null", link); err != nil {
						t.Fatal(err)
					}
					for j := range args {
						args[j] = strings.ReplaceAll(args[j], "file="+dr.File, "file="+link)
						args[j] = strings.ReplaceAll(args[j], ".filename="+dr.File, ".filename="+link)
					}
					dr.File = link
				}
				if dr.File != "" {
					if dr.Format != "host_device" {
						q.CreateImage(t, dr.File, dr.Format)
						wantProto[dr.File] = "file"
						wantFormat[nodeKey{dr.Format, dr.File}] = true
					} else {
						wantProto[dr.File] = "host_device"
					}
				}
				if dr.Mode == domain.ColoSecondary {
					for _, p := range []string{dr.Chain.ActiveDisk, dr.Chain.HiddenDisk} {
						q.CreateImage(t, p, "qcow2")
						wantProto[p] = "file"
						wantFormat[nodeKey{"qcow2", p}] = true
					}
				}
			}
			if len(res.Drives) == 0 {
				t.Logf("no drive rendered (%d diagnostics)", len(pl.Diags))
				return
			}
			blocks, nodes := runQEMU(t, q, dir, args)
			byDev := map[string]qmpBlock{}
			for _, b := range blocks {
				byDev[b.Device] = b
			}
			for _, dr := range res.Drives {
				b, ok := byDev[dr.ID]
				if !ok {
					t.Errorf("disk %d: QEMU has no drive %q (has %v)", dr.Disk, dr.ID, keys(byDev))
					continue
				}
				if dr.File == "" {
					if b.Inserted != nil {
						t.Errorf("disk %d: empty cdrom %q has a medium %+v", dr.Disk, dr.ID, *b.Inserted)
					}
					drives++
					continue
				}
				if b.Inserted == nil {
					t.Errorf("disk %d: drive %q has no medium", dr.Disk, dr.ID)
					continue
				}
				wantDrv := dr.Format
				switch dr.Mode {
				case domain.ColoPrimary:
					wantDrv = "quorum"
				case domain.ColoSecondary:
					wantDrv = "replication"
				default:
					if b.Inserted.File != dr.File {
						t.Errorf("disk %d: drive %q opened %q, want %q", dr.Disk, dr.ID, b.Inserted.File, dr.File)
					}
				}
				if b.Inserted.Drv != wantDrv || b.Inserted.RO != dr.ReadOnly {
					t.Errorf("disk %d: drive %q is %s ro=%t, want %s ro=%t", dr.Disk, dr.ID, b.Inserted.Drv, b.Inserted.RO, wantDrv, dr.ReadOnly)
				}
				if dr.Mode == domain.ColoSecondary {
					// The base drive is a drive of its own, named after the export.
					base, ok := byDev[dr.Chain.Export]
					if !ok || base.Inserted == nil || base.Inserted.File != dr.File || base.Inserted.RO != dr.ReadOnly {
						t.Errorf("disk %d: COLO base drive %q = %+v, want file %q ro=%t", dr.Disk, dr.Chain.Export, base.Inserted, dr.File, dr.ReadOnly)
					}
				}
				drives++
			}
			// Exactly the intended files are open, through the intended drivers.
			gotProto := map[string]string{}
			gotFormat := map[nodeKey]bool{}
			for _, n := range nodes {
				switch n.Drv {
				case "file", "host_device":
					gotProto[n.File] = n.Drv
				case "quorum", "replication":
				default:
					gotFormat[nodeKey{n.Drv, ownFile(t, n)}] = true
				}
			}
			if diff := cmp.Diff(wantProto, gotProto); diff != "" {
				t.Errorf("files QEMU opened (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(wantFormat, gotFormat); diff != "" {
				t.Errorf("format nodes (-want +got):\n%s", diff)
			}
		})
		cases++
	}
	t.Logf("oracle: %d drives checked by %s in %d current-dialect golden cases (%d of them rendered for Xen %s, where that changes the arguments)",
		drives, q, cases, paired, q.Xen())
	if drives < 30 {
		t.Errorf("only %d drives checked; the oracle covers too little", drives)
	}
}

// TestQEMUHostileTargets: targets full of QEMU option syntax open exactly
// the literal file named, in QEMU 7.2 and 10.0.
func TestQEMUHostileTargets(t *testing.T) { eachQEMU(t, testQEMUHostileTargets) }

func testQEMUHostileTargets(t *testing.T, q *oracle.QEMURunner) {
	dir := t.TempDir()
	names := []string{
		"a,file=/etc/passwd", "b,readonly=on", "c,,d", "e=f", "g:h", "i j", " k", "l ", "m,if=scsi,format=qcow2",
		"n\tx", "o'p\"q", "r,,,s", "t,", ",u", "v,id=x",
	}
	vdevs := []string{"hda", "hdb", "hdd", "sda", "sdb", "sdc", "sdd", "sde", "sdf", "sdg"}
	checked := 0
	for start := 0; start < len(names); start += len(vdevs) {
		var disks []*diskspec.Parsed
		var want []string
		for i, n := range names[start:min(start+len(vdevs), len(names))] {
			p := filepath.Join(dir, fmt.Sprintf("%02d", start+i), n)
			if strings.HasSuffix(n, ",") {
				// A disk spec drops a final ',' of its target: keep
				// this name as a directory.
				p = filepath.Join(p, "disk.img")
			}
			q.CreateImage(t, p, "raw")
			want = append(want, p)
			// target= takes the rest of the spec, commas and all.
			spec := "format=raw,backendtype=qdisk,access=rw,vdev=" + vdevs[i] + ",target=" + p
			d, err := diskspec.ParseWith(domain.Options{Xen: q.Xen()}, spec)
			if err != nil {
				t.Fatalf("%q: %v", spec, err)
			}
			if d.Disk.Target() != p {
				t.Fatalf("%q parses to target %q", spec, d.Disk.Target())
			}
			disks = append(disks, d)
		}
		pl := validate.Domain(disks, domain.Options{Type: domain.HVM, Xen: q.Xen()})
		if !pl.OK() || len(pl.Emulated()) != len(disks) {
			t.Fatalf("hostile targets not all emulated: %v", pl.Diags)
		}
		res := Render(pl)
		_, nodes := runQEMU(t, q, dir, res.Args)
		var got []string
		for _, n := range nodes {
			if n.Drv == "file" {
				got = append(got, n.File)
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("QEMU opened (-want +got):\n%s", diff)
		}
		checked += len(got)
	}
	t.Logf("oracle: %d hostile targets opened literally by %s", checked, q)
}

func keys(m map[string]qmpBlock) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ownFile is the file a format node reads: its file name, or when QEMU
// describes the node as json:{...} (a backing chain set by options), the
// file name of its "file" child.
func ownFile(t *testing.T, n qmpNode) string {
	rest, ok := strings.CutPrefix(n.File, "json:")
	if !ok {
		return n.File
	}
	var obj struct {
		Driver string `json:"driver"`
		File   struct {
			Driver   string `json:"driver"`
			Filename string `json:"filename"`
		} `json:"file"`
	}
	if err := json.Unmarshal([]byte(rest), &obj); err != nil || obj.Driver != n.Drv {
		t.Errorf("node %s: cannot read its file from %s (%v)", n.NodeName, n.File, err)
		return n.File
	}
	return obj.File.Filename
}

// qmpProc is a QEMU process driven one QMP command at a time.
type qmpProc struct{ *oracle.QMP }

// startQMP starts q paused with args (the files under dir visible) and
// returns it ready for commands; QEMU refusing the arguments fails the
// test.
func startQMP(t *testing.T, q *oracle.QEMURunner, dir string, args []string) qmpProc {
	t.Helper()
	p, err := q.Start(t, dir, args)
	if err != nil {
		t.Fatalf("%v\nargs: %s", err, FormatLines(args))
	}
	return qmpProc{p}
}

// do sends one QMP command and returns its "return" value; a QMP error
// fails the test.
func (p qmpProc) do(t *testing.T, command string) json.RawMessage {
	t.Helper()
	ret, err := p.Do(command)
	if err != nil {
		t.Fatalf("QMP %s: %v (stderr %s)", command, err, p.Stderr())
	}
	return ret
}

// TestQEMUColoPair runs the two sides of COLO block replication with the
// rendered arguments and performs the run-time steps COLO adds (as in
// QEMU's docs/COLO-FT.txt): the secondary exports its base drive, whose id
// is colo-export, over NBD (on a unix socket only); the primary adds a
// replication child connected to that export and attaches it to its
// quorum, whose id is colo-export. This is the NBD child libxl leaves off
// the command line. Both QEMU 7.2 and 10.0.
func TestQEMUColoPair(t *testing.T) { eachQEMU(t, testQEMUColoPair) }

func testQEMUColoPair(t *testing.T, q *oracle.QEMURunner) {
	dir := t.TempDir()
	sock := filepath.Join(dir, "nbd.sock")
	const export = "colo-disk0"
	mkDisk := func(target string) []*diskspec.Parsed {
		spec := "format=raw,vdev=hda,backendtype=qdisk,access=rw,colo,colo-host=127.0.0.1,colo-port=9000,colo-export=" + export +
			",active-disk=" + filepath.Join(dir, "active.qcow2") + ",hidden-disk=" + filepath.Join(dir, "hidden.qcow2") + ",target=" + target
		p, err := diskspec.ParseWith(domain.Options{Xen: q.Xen()}, spec)
		if err != nil {
			t.Fatalf("%q: %v", spec, err)
		}
		return []*diskspec.Parsed{p}
	}
	render := func(target string, side domain.ColoMode) *Result {
		pl := validate.Domain(mkDisk(target), domain.Options{Type: domain.HVM, ColoSide: side, Xen: q.Xen()})
		if !pl.OK() || len(pl.Emulated()) != 1 {
			t.Fatalf("COLO %s disk not emulated: %v", side, pl.Diags)
		}
		return Render(pl)
	}
	secImg, priImg := filepath.Join(dir, "secondary,1.img"), filepath.Join(dir, "primary,1.img")
	for _, p := range []string{secImg, priImg} {
		q.CreateImage(t, p, "raw")
	}
	q.CreateImage(t, filepath.Join(dir, "active.qcow2"), "qcow2")
	q.CreateImage(t, filepath.Join(dir, "hidden.qcow2"), "qcow2")

	sec := render(secImg, domain.ColoSecondary)
	sq := startQMP(t, q, dir, sec.Args)
	sq.do(t, fmt.Sprintf(`{"execute":"nbd-server-start","arguments":{"addr":{"type":"unix","data":{"path":%q}}}}`, sock))
	sq.do(t, fmt.Sprintf(`{"execute":"nbd-server-add","arguments":{"device":%q,"writable":true}}`, export))

	pri := render(priImg, domain.ColoPrimary)
	pq := startQMP(t, q, dir, pri.Args)
	pq.do(t, fmt.Sprintf(`{"execute":"blockdev-add","arguments":{"driver":"replication","mode":"primary","node-name":"replication0",`+
		`"file":{"driver":"nbd","server":{"type":"unix","path":%q},"export":%q}}}`, sock, export))
	pq.do(t, fmt.Sprintf(`{"execute":"x-blockdev-change","arguments":{"parent":%q,"node":"replication0"}}`, export))
	var nodes []qmpNode
	if err := json.Unmarshal(pq.do(t, `{"execute":"query-named-block-nodes","arguments":{"flat":true}}`), &nodes); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, n := range nodes {
		got[n.Drv] = true
		if n.Drv == "file" && n.File != priImg {
			t.Errorf("primary opened %q, want only %q", n.File, priImg)
		}
	}
	for _, drv := range []string{"quorum", "raw", "file", "replication", "nbd"} {
		if !got[drv] {
			t.Errorf("primary has no %s node after x-blockdev-change: %+v", drv, nodes)
		}
	}
	pq.do(t, `{"execute":"quit"}`)
	sq.do(t, `{"execute":"quit"}`)
	t.Logf("oracle: COLO pair checked by %s: secondary exported drive %q over NBD, primary quorum %q took the replication child", q, export, export)
}
