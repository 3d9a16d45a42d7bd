//go:build oracle

package oracle

import (
	"bufio"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/xldisk/xldisk/release"
)

//go:embed csrc/xlu_server.c
var serverSrc string

// maxReply bounds every length read from the server.
const maxReply = 64 << 20

// maxCfgFile bounds the xl.cfg files CfgReadFile reads.
const maxCfgFile = 16 << 20

// Libxlu is one Xen release's libxlutil, served by a long-lived C program
// (csrc/xlu_server.c; through chroot for the Debian 13 root) that answers
// length-prefixed requests on its standard input. One process per release
// serves a whole test binary; it is safe for concurrent use (requests are
// serialised). A request that makes libxlu crash is answered as a crash
// (RC -1 and the signal) without ending the harness: requests that can
// crash or exit run in a forked child of the server, and should the server
// die anyway it is restarted.
type Libxlu struct {
	v   release.Version
	sys system
	bin string

	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *strings.Builder
	starts int
}

var (
	libxluMu  sync.Mutex
	libxluFor = map[release.Version]*Libxlu{}
)

// LibxluOf returns the libxlutil oracle of Xen release v (see Releases),
// building its server program on first use. The test is skipped when v is
// not available here, or failed when RequireEnv lists it.
func LibxluOf(t testing.TB, v release.Version) *Libxlu {
	t.Helper()
	s := xenSystem(t, v)
	libxluMu.Lock()
	defer libxluMu.Unlock()
	if l := libxluFor[v]; l != nil {
		return l
	}
	bin, err := s.build(serverSrc, []string{"-lxlutil", "-lxenlight"})
	if err != nil {
		t.Fatalf("oracle: building the libxlutil %s server: %v", v, err)
	}
	l := &Libxlu{v: v, sys: s, bin: bin}
	libxluFor[v] = l
	return l
}

// Release is the Xen release of this libxlutil.
func (l *Libxlu) Release() release.Version { return l.v }

// Starts is how many times the server process was started (1 plus the
// restarts after crashes that killed it).
func (l *Libxlu) Starts() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.starts
}

// DiskResult is what `xl -N block-attach 0 FRAGS...` gives for one disk.
type DiskResult struct {
	// Stdout is "disk: " + libxl_device_disk_to_json + "\n" on success.
	Stdout string
	// Stderr is libxlu's report ("command line: config parsing error in
	// disk specification: ..."), or what a crashing libxlu printed.
	Stderr string
	// RC is xl's exit status: 0, 1 (rejected), 2 (flex scanner jammed); -1
	// when libxlu crashed or the oracle failed.
	RC int
	// Signal is the signal that killed libxlu when RC is -1 (0 when the
	// oracle itself failed).
	Signal syscall.Signal
}

// DiskParse parses frags as the fragments of one disk with this release's
// xlu_disk_parse and returns exactly what `xl -N block-attach 0 FRAGS...`
// writes and its exit status (see DiskResult; rc -1 for a crash, the
// signal then named in stderr). A fragment is cut at its first NUL byte,
// as on xl's command line.
func (l *Libxlu) DiskParse(frags []string) (stdout, stderr string, rc int) {
	r := l.DiskParseBatch([][]string{frags})[0]
	return r.Stdout, r.Stderr, r.RC
}

// DiskParseBatch parses many disks in one exchange with the server (about
// a microsecond of libxlu time plus the protocol per disk) and returns
// their results in order.
func (l *Libxlu) DiskParseBatch(specs [][]string) []DiskResult {
	reqs := make([][]string, len(specs))
	for i, frags := range specs {
		reqs[i] = make([]string, len(frags))
		for j, f := range frags {
			if k := strings.IndexByte(f, 0); k >= 0 {
				f = f[:k]
			}
			reqs[i][j] = f
		}
	}
	out := make([]DiskResult, len(specs))
	l.exchange(opDisk, reqs, func(i int, r *bufio.Reader) error {
		st, sig, err := readHead(r)
		if err != nil {
			return err
		}
		so, err := readBytes(r)
		if err != nil {
			return err
		}
		se, err := readBytes(r)
		if err != nil {
			return err
		}
		out[i] = DiskResult{Stdout: string(so), Stderr: string(se), RC: int(st), Signal: syscall.Signal(sig)}
		if st == -1 {
			out[i].Stdout = ""
			out[i].Stderr += crashNote(syscall.Signal(sig))
		}
		return nil
	}, func(i int, sig syscall.Signal, note string) {
		out[i] = DiskResult{RC: -1, Signal: sig, Stderr: note}
	})
	return out
}

func crashNote(sig syscall.Signal) string {
	if sig == 0 {
		return "oracle: libxlu failed\n"
	}
	return fmt.Sprintf("oracle: libxlu killed by signal %d (%v)\n", int(sig), sig)
}

// CrashError is a config read during which libxlu crashed.
type CrashError struct {
	// Signal killed libxlu (0 if it exited abnormally).
	Signal syscall.Signal
	// Stderr is what it printed first.
	Stderr string
}

// Error names the signal.
func (e *CrashError) Error() string { return trimNL(crashNote(e.Signal)) + ": " + trimNL(e.Stderr) }

// CfgReadData reads data as an xl.cfg named name (the name libxlu uses in
// its messages) with this release's xlu_cfg_readdata and asks for each of
// names, exactly as the package-level CfgReadData does for 4.17 through
// cgo. A rejected file gives a *CfgError, a crash a *CrashError.
func (l *Libxlu) CfgReadData(name string, data []byte, names []string) (map[string]CfgValue, error) {
	return l.cfg(opCfgData, name, data, names)
}

// CfgReadFile reads the xl.cfg file at path with this release's
// xlu_cfg_readfile (the server gets the file's bytes and reads a private
// copy, so that the path need not exist inside a root; libxlu's messages
// name path). A file that cannot be read gives an error from os; at most
// 16 MiB are read.
func (l *Libxlu) CfgReadFile(path string, names []string) (map[string]CfgValue, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxCfgFile+1))
	if err != nil {
		return nil, fmt.Errorf("oracle: %w", err)
	}
	if len(data) > maxCfgFile {
		return nil, fmt.Errorf("oracle: %s is larger than %d bytes", path, maxCfgFile)
	}
	return l.cfg(opCfgFile, path, data, names)
}

func (l *Libxlu) cfg(op uint32, name string, data []byte, names []string) (map[string]CfgValue, error) {
	req := append([]string{name, string(data)}, names...)
	var res map[string]CfgValue
	var rerr error
	l.exchange(op, [][]string{req}, func(_ int, r *bufio.Reader) error {
		st, sig, err := readHead(r)
		if err != nil {
			return err
		}
		report, err := readBytes(r)
		if err != nil {
			return err
		}
		switch {
		case st == -1:
			rerr = &CrashError{Signal: syscall.Signal(sig), Stderr: string(report)}
			return nil
		case st != 0:
			rerr = &CfgError{Errno: syscall.Errno(st), Report: string(report)}
			return nil
		}
		res = make(map[string]CfgValue, len(names))
		for _, n := range names {
			v, err := readValue(r, 0, true)
			if err != nil {
				return err
			}
			res[n] = v
		}
		return nil
	}, func(_ int, sig syscall.Signal, note string) {
		rerr = &CrashError{Signal: sig, Stderr: note}
	})
	return res, rerr
}

// The server's operations (csrc/xlu_server.c).
const (
	opDisk    = 1
	opCfgData = 2
	opCfgFile = 3
)

// exchange sends every request of reqs (op with the strings of each) and
// reads one reply per request with read. If the server dies, dead is
// called for the request it died on, the server is restarted and the rest
// are sent again.
func (l *Libxlu) exchange(op uint32, reqs [][]string, read func(i int, r *bufio.Reader) error, dead func(i int, sig syscall.Signal, note string)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := 0; i < len(reqs); {
		if l.cmd == nil {
			if err := l.start(); err != nil {
				for ; i < len(reqs); i++ {
					dead(i, 0, "oracle: cannot start the libxlutil server: "+err.Error()+"\n")
				}
				return
			}
		}
		werr := make(chan error, 1)
		go func(stdin io.Writer, batch [][]string) {
			w := bufio.NewWriterSize(stdin, 1<<16)
			for _, q := range batch {
				if err := writeRequest(w, op, q); err != nil {
					werr <- err
					return
				}
			}
			werr <- w.Flush()
		}(l.stdin, reqs[i:])
		var err error
		for ; i < len(reqs); i++ {
			if err = read(i, l.stdout); err != nil {
				break
			}
		}
		if err == nil {
			if werr := <-werr; werr != nil {
				// Every reply arrived, so the write error is harmless
				// only if the server is gone; restart it next time.
				l.stop()
			}
			return
		}
		// The server died (or spoke nonsense) on request i.
		sig, note := l.stop()
		<-werr
		if !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			note = "oracle: bad reply from the libxlutil server: " + err.Error() + "\n" + note
		}
		dead(i, sig, note)
		i++
	}
}

func (l *Libxlu) start() error {
	cmd := l.sys.command(l.bin)
	cmd.Env = append(os.Environ(), "LIBC_FATAL_STDERR_=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	l.stderr = &strings.Builder{}
	cmd.Stderr = &limitedWriter{w: l.stderr, n: 1 << 16}
	if err := cmd.Start(); err != nil {
		return err
	}
	l.cmd, l.stdin, l.stdout = cmd, in, bufio.NewReaderSize(out, 1<<16)
	l.starts++
	return nil
}

// stop ends the server process (this PID only) and says how it ended.
func (l *Libxlu) stop() (syscall.Signal, string) {
	if l.cmd == nil {
		return 0, ""
	}
	_ = l.stdin.Close()
	_ = l.cmd.Process.Kill()
	err := l.cmd.Wait()
	var sig syscall.Signal
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() != syscall.SIGKILL {
			sig = ws.Signal()
		}
	}
	note := l.stderr.String() + crashNote(sig)
	l.cmd, l.stdin, l.stdout = nil, nil, nil
	return sig, note
}

type limitedWriter struct {
	w io.Writer
	n int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.n > 0 {
		q := p
		if len(q) > w.n {
			q = q[:w.n]
		}
		w.n -= len(q)
		_, _ = w.w.Write(q)
	}
	return len(p), nil
}

func writeRequest(w *bufio.Writer, op uint32, strs []string) error {
	var b [4]byte
	put := func(v uint32) {
		binary.LittleEndian.PutUint32(b[:], v)
		w.Write(b[:])
	}
	put(op)
	put(uint32(len(strs)))
	for _, s := range strs {
		put(uint32(len(s)))
		if _, err := w.WriteString(s); err != nil {
			return err
		}
	}
	return nil
}

func readU32(r *bufio.Reader) (uint32, error) {
	var b [4]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(b[:]), nil
}

func readHead(r *bufio.Reader) (status int32, sig uint32, err error) {
	s, err := readU32(r)
	if err != nil {
		return 0, 0, err
	}
	sig, err = readU32(r)
	return int32(s), sig, err
}

func readBytes(r *bufio.Reader) ([]byte, error) {
	n, err := readU32(r)
	if err != nil {
		return nil, err
	}
	if n > maxReply {
		return nil, fmt.Errorf("reply of %d bytes", n)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, err
	}
	return b, nil
}

// readValue reads one value of a cfg reply; top says whether it is a
// top-level setting (whose Long is kept) rather than a list item.
func readValue(r *bufio.Reader, depth int, top bool) (CfgValue, error) {
	if depth > 1000 {
		return CfgValue{}, fmt.Errorf("lists nested deeper than 1000")
	}
	k, err := r.ReadByte()
	if err != nil {
		return CfgValue{}, err
	}
	switch k {
	case 0:
		return CfgValue{Kind: CfgMissing}, nil
	case 1:
		s, err := readBytes(r)
		if err != nil {
			return CfgValue{}, err
		}
		has, err := r.ReadByte()
		if err != nil {
			return CfgValue{}, err
		}
		lo, err := readU32(r)
		if err != nil {
			return CfgValue{}, err
		}
		hi, err := readU32(r)
		if err != nil {
			return CfgValue{}, err
		}
		v := CfgValue{Kind: CfgString, Str: string(s)}
		if has == 1 && top {
			x := int64(uint64(hi)<<32 | uint64(lo))
			v.Long = &x
		}
		return v, nil
	case 2:
		n, err := readU32(r)
		if err != nil {
			return CfgValue{}, err
		}
		if n > maxReply/8 {
			return CfgValue{}, fmt.Errorf("list of %d items", n)
		}
		v := CfgValue{Kind: CfgList, List: make([]CfgValue, 0, min(n, 1024))}
		for j := uint32(0); j < n; j++ {
			it, err := readValue(r, depth+1, false)
			if err != nil {
				return CfgValue{}, err
			}
			v.List = append(v.List, it)
		}
		return v, nil
	}
	return CfgValue{}, fmt.Errorf("bad value kind %d", k)
}
