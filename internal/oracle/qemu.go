//go:build oracle

package oracle

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xldisk/xldisk/release"
)

// QEMUVersion is a QEMU release, major.minor ("7.2", "10.0").
type QEMUVersion string

// The QEMU releases of the two Debian systems.
const (
	// QEMU72 is Debian 12's QEMU, on this machine (paired with Xen 4.17).
	QEMU72 QEMUVersion = "7.2"
	// QEMU100 is Debian 13's QEMU, in the root (paired with Xen 4.20).
	QEMU100 QEMUVersion = "10.0"
)

// QEMUTimeout is how long a QEMU process may live before it is killed (a
// variable only so that the oracle's own test can shorten it).
var QEMUTimeout = 30 * time.Second

// QEMUBaseArgs are the arguments every run starts with: paused, no
// defaults, no guest, QMP on stdio (FACTS.md section 1).
var QEMUBaseArgs = []string{"-nodefaults", "-nic", "none", "-display", "none", "-machine", "pc,accel=tcg", "-S", "-qmp", "stdio"}

var qemuVersionRE = regexp.MustCompile(`QEMU emulator version (\d+)\.(\d+)`)

var (
	qemuOnce     sync.Once
	qemuSystems  map[QEMUVersion]system
	qemuVersions []QEMUVersion
)

func discoverQEMU() {
	qemuSystems = map[QEMUVersion]system{}
	for _, s := range []system{{}, {root: Root()}} {
		if s.root != "" {
			if _, err := os.Stat(s.hostPath("/usr/bin/qemu-system-x86_64")); err != nil {
				continue
			}
		} else if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
			continue
		}
		out, err := s.command("qemu-system-x86_64", "--version").Output()
		if err != nil {
			continue
		}
		m := qemuVersionRE.FindSubmatch(out)
		if m == nil {
			continue
		}
		v := QEMUVersion(string(m[1]) + "." + string(m[2]))
		if _, dup := qemuSystems[v]; !dup {
			qemuSystems[v] = s
			qemuVersions = append(qemuVersions, v)
		}
	}
}

// QEMUVersions returns the QEMU releases available as oracles: 7.2 on this
// machine and 10.0 in the Debian 13 root, when they are installed.
func QEMUVersions() []QEMUVersion {
	qemuOnce.Do(discoverQEMU)
	return append([]QEMUVersion(nil), qemuVersions...)
}

// QEMURunner runs one QEMU release. For the root's QEMU each process gets
// a private mount namespace (unshare) in which /proc, /dev and the image
// directory are mounted into the root before chroot: the mounts exist only
// for that process and vanish with it, whatever becomes of the test.
type QEMURunner struct {
	v   QEMUVersion
	sys system
}

// QEMU returns the runner of QEMU release v. The test is skipped when v is
// not available, or failed when RequireEnv lists "qemu"+v.
func QEMU(t testing.TB, v QEMUVersion) *QEMURunner {
	t.Helper()
	qemuOnce.Do(discoverQEMU)
	s, ok := qemuSystems[v]
	if !ok {
		unavailable(t, "qemu"+string(v), "oracle: no QEMU %s here (have %v)", v, qemuVersions)
	}
	return &QEMURunner{v: v, sys: s}
}

// Version is the runner's QEMU release.
func (q *QEMURunner) Version() QEMUVersion { return q.v }

// Xen is the Xen release whose libxlutil the same Debian system has (4.17
// with QEMU 7.2, 4.20 with QEMU 10.0), or the zero Version if none.
func (q *QEMURunner) Xen() release.Version {
	v, _ := q.sys.xen()
	return v
}

// String is "QEMU 7.2".
func (q *QEMURunner) String() string { return "QEMU " + string(q.v) }

// command runs program name of the runner's system with args and dir
// (if not "") visible at the same path (see system.mountedCommand).
func (q *QEMURunner) command(ctx context.Context, dir, name string, args ...string) (*exec.Cmd, func(), error) {
	return q.sys.mountedCommand(ctx, dir, name, args...)
}

// QMPReply is QEMU's answer to one QMP command: Return, or Error.
type QMPReply struct {
	Return json.RawMessage `json:"return"`
	Error  json.RawMessage `json:"error"`
}

// QEMURun is the outcome of Run.
type QEMURun struct {
	// Accepted is true when QEMU took the arguments: it answered on QMP
	// and exited with status 0 after quit. False when it refused them (it
	// exited non-zero, before or after its QMP greeting: devices are
	// created after the monitor), the reason in Stderr.
	Accepted bool
	// ExitCode is QEMU's exit status.
	ExitCode int
	// Stderr is everything QEMU wrote on standard error (at most 1 MiB).
	Stderr string
	// Replies holds one reply per command given to Run, in order (not
	// those of qmp_capabilities and quit).
	Replies []QMPReply
}

// Return is reply i's "return" value; a missing reply or a QMP error fails
// the test.
func (r QEMURun) Return(t testing.TB, i int) json.RawMessage {
	t.Helper()
	if i >= len(r.Replies) {
		t.Fatalf("QMP: no reply %d (%d replies; stderr %s)", i, len(r.Replies), r.Stderr)
	}
	if r.Replies[i].Error != nil {
		t.Fatalf("QMP command %d: error %s", i, r.Replies[i].Error)
	}
	return r.Replies[i].Return
}

// Run starts QEMU paused with QEMUBaseArgs and args, the files under dir
// (may be "") visible at their own paths, sends qmp_capabilities, each of
// cmds (QMP JSON commands) and quit, and returns the replies. A QEMU that
// refuses the arguments gives Accepted false; one that hangs is killed
// after QEMUTimeout and fails the test, as does one that exits 0 having
// answered fewer commands than asked.
func (q *QEMURunner) Run(t testing.TB, dir string, args []string, cmds ...string) QEMURun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), QEMUTimeout)
	defer cancel()
	cmd, cleanup, err := q.command(ctx, dir, "qemu-system-x86_64", append(append([]string(nil), QEMUBaseArgs...), args...)...)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	cmd.Cancel = func() error { return cmd.Process.Kill() }
	cmd.WaitDelay = 5 * time.Second
	var in strings.Builder
	in.WriteString(`{"execute":"qmp_capabilities"}` + "\n")
	for _, c := range cmds {
		in.WriteString(strings.TrimSpace(c) + "\n")
	}
	in.WriteString(`{"execute":"quit"}` + "\n")
	cmd.Stdin = strings.NewReader(in.String())
	var stdout bytes.Buffer
	stderr := &capWriter{max: 1 << 20}
	cmd.Stdout, cmd.Stderr = &capWriter{w: &stdout, max: 64 << 20}, stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s did not quit within %v and was killed (args %q)", q, QEMUTimeout, args)
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running %s: %v", q, err)
	}
	res := QEMURun{Stderr: stderr.String(), ExitCode: cmd.ProcessState.ExitCode()}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	var replies []QMPReply
	greeted := false
	for sc.Scan() {
		line := sc.Bytes()
		if !greeted {
			greeted = bytes.Contains(line, []byte(`"QMP"`))
			continue
		}
		var r QMPReply
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("%s: QMP output %q: %v", q, line, err)
		}
		if r.Return != nil || r.Error != nil {
			replies = append(replies, r)
		}
	}
	if !greeted || res.ExitCode != 0 {
		if len(replies) > 1 {
			res.Replies = replies[1:min(len(replies), 1+len(cmds))]
		}
		return res
	}
	res.Accepted = true
	if len(replies) < 1+len(cmds) {
		t.Fatalf("%s answered %d of %d QMP commands; stderr %s", q, len(replies), 1+len(cmds), res.Stderr)
	}
	res.Replies = replies[1 : 1+len(cmds)]
	return res
}

// capWriter keeps at most max bytes (in w, or in itself when w is nil).
type capWriter struct {
	w   io.Writer
	buf bytes.Buffer
	max int
}

func (c *capWriter) Write(p []byte) (int, error) {
	n := len(p)
	if c.max < len(p) {
		p = p[:c.max]
	}
	c.max -= len(p)
	if c.w != nil {
		_, _ = c.w.Write(p)
	} else {
		c.buf.Write(p)
	}
	return n, nil
}

func (c *capWriter) String() string { return c.buf.String() }

// QMP is a QEMU process driven one command at a time.
type QMP struct {
	q      *QEMURunner
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Scanner
	stderr *capWriter
	done   func()
}

// QEMUError is QEMU refusing its arguments.
type QEMUError struct {
	// Stderr says why.
	Stderr string
}

// Error returns QEMU's message.
func (e *QEMUError) Error() string {
	return "QEMU refused the arguments: " + strings.TrimSpace(e.Stderr)
}

// Start starts QEMU as Run does and returns it ready for commands, after
// qmp_capabilities. A QEMU that refuses the arguments (exits before its
// greeting or before answering qmp_capabilities) gives a *QEMUError.
// The process is killed after QEMUTimeout and at the test's cleanup.
func (q *QEMURunner) Start(t testing.TB, dir string, args []string) (*QMP, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), QEMUTimeout)
	cmd, cleanup, err := q.command(ctx, dir, "qemu-system-x86_64", append(append([]string(nil), QEMUBaseArgs...), args...)...)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	cmd.Cancel = func() error { return cmd.Process.Kill() }
	cmd.WaitDelay = 5 * time.Second
	p := &QMP{q: q, cmd: cmd, stderr: &capWriter{max: 1 << 20}}
	cmd.Stderr = p.stderr
	if p.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		cancel()
		cleanup()
		t.Fatalf("starting %s: %v", q, err)
	}
	var once sync.Once
	p.done = func() {
		once.Do(func() {
			_ = p.in.Close()
			_ = cmd.Process.Kill() // this PID only; harmless if it exited
			_ = cmd.Wait()
			cancel()
			cleanup()
		})
	}
	t.Cleanup(p.done)
	p.out = bufio.NewScanner(outPipe)
	p.out.Buffer(make([]byte, 1<<20), 64<<20)
	if !p.out.Scan() {
		p.done()
		return nil, &QEMUError{Stderr: p.stderr.String()}
	}
	if _, err := p.Do(`{"execute":"qmp_capabilities"}`); err != nil {
		p.done()
		return nil, &QEMUError{Stderr: p.stderr.String()}
	}
	return p, nil
}

// Do sends one QMP command and returns its "return" value; a QMP error
// reply is an error holding QEMU's error object.
func (p *QMP) Do(command string) (json.RawMessage, error) {
	if _, err := io.WriteString(p.in, strings.TrimSpace(command)+"\n"); err != nil {
		return nil, fmt.Errorf("QMP %s: %v (stderr %s)", command, err, p.stderr.String())
	}
	for p.out.Scan() {
		var r QMPReply
		if err := json.Unmarshal(p.out.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("QMP output %q: %v", p.out.Text(), err)
		}
		if r.Error != nil {
			return nil, fmt.Errorf("QMP %s: error %s", command, r.Error)
		}
		if r.Return != nil {
			return r.Return, nil
		}
	}
	return nil, fmt.Errorf("QMP %s: %s went away (stderr %s)", command, p.q, p.stderr.String())
}

// Stderr is what QEMU has written on standard error so far.
func (p *QMP) Stderr() string { return p.stderr.String() }

// Close quits QEMU (by QMP, then by killing this PID) and waits for it.
func (p *QMP) Close() {
	_, _ = io.WriteString(p.in, `{"execute":"quit"}`+"\n")
	p.done()
}

// Img runs this release's qemu-img with args, the files under dir visible,
// and returns its combined output.
func (q *QEMURunner) Img(dir string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), QEMUTimeout)
	defer cancel()
	cmd, cleanup, err := q.command(ctx, dir, "qemu-img", args...)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	return cmd.CombinedOutput()
}

// CreateImage makes path (and its directories) an image of format and
// 1 MiB with this release's qemu-img, failing the test on error.
func (q *QEMURunner) CreateImage(t testing.TB, path, format string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := q.Img(filepath.Dir(path), "create", "-q", "-f", format, "--", path, "1M"); err != nil {
		t.Fatalf("%s: qemu-img create -f %s %q: %v\n%s", q, format, path, err, out)
	}
}
