package fuzz

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/vdev"
	"github.com/xldisk/xldisk/walk"
	"github.com/xldisk/xldisk/xlcfg"
)

// specOfLen returns a valid disk spec of exactly n bytes (n >= 32).
func specOfLen(n int) string {
	const head = "vdev=xvda,access=rw,target=/"
	return head + strings.Repeat("a", n-len(head))
}

// wantSpecErr checks that err is one error of rule, positioned at
// frag:off of the spec (disk -1: a spec on its own).
func wantSpecErr(t *testing.T, err error, rule diag.RuleID, msg string, frag, off int) {
	t.Helper()
	el := diskspec.AsList(err)
	if len(el) != 1 {
		t.Fatalf("want one %s error, got %v", rule, err)
	}
	e := el[0]
	if e.Rule != rule || e.Severity != diag.Error || !strings.Contains(e.Message, msg) || e.Range == nil ||
		e.Disk() != -1 || e.Span().Frag != frag || e.Span().Offset != off {
		t.Fatalf("got %s %q at %v, want %s %q at %d:%d", e.Rule, e.Message, e.Range, rule, msg, frag, off)
	}
}

// TestDiskspecLimits: a spec of MaxSpecLen bytes and MaxFragments fragments
// parse; one byte or fragment more gives an XLD015 error pointing just past
// the limit.
func TestDiskspecLimits(t *testing.T) {
	if d, err := diskspec.Parse(specOfLen(diskspec.MaxSpecLen)); err != nil || len(d.Target()) != diskspec.MaxSpecLen-len("vdev=xvda,access=rw,target=") {
		t.Fatalf("spec of MaxSpecLen bytes: %v", err)
	}
	_, err := diskspec.Parse(specOfLen(diskspec.MaxSpecLen + 1))
	wantSpecErr(t, err, diskspec.RuleLimits, "disk specification too long (at most 1048576 bytes)", 0, diskspec.MaxSpecLen)
	// Too long in the second fragment: the error names that fragment.
	_, err = diskspec.ParseArgs("vdev=xvda", specOfLen(diskspec.MaxSpecLen+1))
	wantSpecErr(t, err, diskspec.RuleLimits, "too long", 1, diskspec.MaxSpecLen)

	frags := make([]string, diskspec.MaxFragments)
	for i := range frags {
		frags[i] = "access=rw"
	}
	frags[0], frags[1] = "vdev=xvda", "target=/a"
	if _, err := diskspec.ParseArgs(frags...); err != nil {
		t.Fatalf("MaxFragments fragments: %v", err)
	}
	_, err = diskspec.ParseArgs(append(frags, "access=rw")...)
	wantSpecErr(t, err, diskspec.RuleLimits, "too many fragments (at most 4096)", diskspec.MaxFragments, 0)
}

// TestDiskspecParams: a fragment of MaxParams parameters parses; one more
// gives an XLD015 error at the first parameter past the limit.
func TestDiskspecParams(t *testing.T) {
	params := func(n int) string { // vdev, n-2 access=rw, then target
		return "vdev=xvda," + strings.Repeat("access=rw,", n-2) + "target=/a"
	}
	if d, err := diskspec.Parse(params(diskspec.MaxParams)); err != nil || d.Target() != "/a" {
		t.Fatalf("MaxParams parameters: %v", err)
	}
	_, err := diskspec.Parse(params(diskspec.MaxParams + 1))
	wantSpecErr(t, err, diskspec.RuleLimits, "too many parameters in disk specification (at most 4096)",
		0, len("vdev=xvda,")+(diskspec.MaxParams-1)*len("access=rw,"))
	// In the second fragment of a disk: the error names that fragment.
	_, err = diskspec.ParseArgs("format=raw", params(diskspec.MaxParams+1))
	wantSpecErr(t, err, diskspec.RuleLimits, "too many parameters", 1, len("vdev=xvda,")+(diskspec.MaxParams-1)*len("access=rw,"))
}

// TestDiskspecBytes: NUL is refused with a positioned XLD015 error; every
// other byte (control characters, DEL, invalid UTF-8) is accepted inside a
// target as libxlu accepts it, and kept as is.
func TestDiskspecBytes(t *testing.T) {
	_, err := diskspec.Parse("vdev=xvda,target=/a\x00b")
	wantSpecErr(t, err, diskspec.RuleLimits, "NUL", 0, len("vdev=xvda,target=/a"))
	_, err = diskspec.ParseArgs("vdev=xvda", "\x00")
	wantSpecErr(t, err, diskspec.RuleLimits, "NUL", 1, 0)
	for c := 1; c < 256; c++ {
		target := "/a" + string(rune(0)) + "b"
		target = strings.Replace(target, "\x00", string([]byte{byte(c)}), 1)
		d, err := diskspec.Parse("vdev=xvda,target=" + target)
		if c == ',' || c == '\n' {
			// target= takes the rest of the spec, minus one final comma;
			// a newline is kept too. Only check there is no panic and a
			// result or a positioned error.
			if err == nil && d == nil {
				t.Fatalf("byte %#x: no disk and no error", c)
			}
			continue
		}
		if err != nil {
			t.Fatalf("byte %#x in a target: %v", c, err)
		}
		if d.Target() != target {
			t.Fatalf("byte %#x: target %q, want %q", c, d.Target(), target)
		}
	}
	// Control bytes and invalid UTF-8 elsewhere: an error with a position
	// inside the spec, or a disk; never a panic.
	for c := 1; c < 256; c++ {
		for _, s := range []string{string([]byte{byte(c)}) + "/a,,xvda", "/a,,xv" + string([]byte{byte(c)}) + "da", "/a,,xvda," + string([]byte{byte(c)})} {
			checkPipeline(t, [][]string{{s}}, pipelineOpts{})
		}
	}
}

// parseCfg parses src with the default limits and returns the error.
func parseCfg(src string) error {
	_, err := xlcfg.Parse("limits.cfg", []byte(src))
	return err
}

// cfgErr returns the one RuleSyntax diagnostic of an xlcfg error, located
// in the file, or a reason why err is not that.
func cfgErr(err error, file string) (diag.Diagnostic, string) {
	var l diag.List
	if !errors.As(err, &l) || len(l) != 1 {
		return diag.Diagnostic{}, "not a diag.List of one diagnostic"
	}
	d := l[0]
	if d.Rule != xlcfg.RuleSyntax || d.Range == nil || !d.Range.InFile() || d.Range.File != file {
		return d, "not a " + xlcfg.RuleSyntax.String() + " diagnostic located in " + file
	}
	return d, ""
}

// wantCfgErr checks for one RuleSyntax diagnostic with msg at line:col of
// limits.cfg.
func wantCfgErr(t *testing.T, err error, msg string, line, col int) {
	t.Helper()
	d, bad := cfgErr(err, "limits.cfg")
	if bad != "" {
		t.Fatalf("want an error %q at %d:%d, got %v (%s)", msg, line, col, err, bad)
	}
	if p := d.Range.Start; !strings.Contains(d.Message, msg) || p.Line != line || p.Column != col {
		t.Fatalf("got %q at %v, want %q at %d:%d", d.Message, p, msg, line, col)
	}
}

// wantLintErr checks that r holds exactly one finding, of rule, at
// line:col.
func wantLintErr(t *testing.T, r lint.Result, rule diag.RuleID, line, col int) {
	t.Helper()
	if r.Err != nil || len(r.Diags) != 1 || r.Diags[0].Rule != rule || r.Diags[0].Range == nil {
		t.Fatalf("%s: want one %s finding at %d:%d, got %v (err %v)", r.Path, rule, line, col, r.Diags, r.Err)
	}
	if p := r.Diags[0].Range.Start; p.Line != line || p.Column != col || r.Diags[0].Range.File != r.Path {
		t.Fatalf("%s: %s at %s:%v, want %d:%d", r.Path, rule, r.Diags[0].Range.File, p, line, col)
	}
}

// TestXlcfgLimits: a file of MaxFileSize bytes, lists nested MaxDepth deep
// and lists of MaxListLen items are read; one more gives a positioned error;
// the lint engine reports the same as XLD300, and walk.Paths refuses an
// oversized file without reading it.
func TestXlcfgLimits(t *testing.T) {
	lim := domain.DefaultLimits
	pad := func(n int) string { // a file of exactly n bytes
		const head = "name = \"g\"\n#"
		return head + strings.Repeat("x", n-len(head)-1) + "\n"
	}
	if err := parseCfg(pad(lim.MaxFileSize)); err != nil {
		t.Fatalf("file of MaxFileSize bytes: %v", err)
	}
	wantCfgErr(t, parseCfg(pad(lim.MaxFileSize+1)), "larger than the limit", 1, 1)

	nest := func(d int) string { return "x = " + strings.Repeat("[", d) + strings.Repeat("]", d) + "\n" }
	if err := parseCfg(nest(lim.MaxDepth)); err != nil {
		t.Fatalf("lists nested MaxDepth deep: %v", err)
	}
	// The error points at the bracket that goes one level too deep.
	wantCfgErr(t, parseCfg(nest(lim.MaxDepth+1)), "nested deeper", 1, len("x = ")+lim.MaxDepth+1)

	list := func(n int) string { return "\nx = [" + strings.Repeat("1,", n) + "]\n" }
	if err := parseCfg(list(lim.MaxListLen)); err != nil {
		t.Fatalf("list of MaxListLen items: %v", err)
	}
	wantCfgErr(t, parseCfg(list(lim.MaxListLen+1)), "limit of 4096", 2, len("x = ")+1)

	// Explicit smaller limits work the same way.
	small := domain.Options{Limits: domain.Limits{MaxFileSize: 64, MaxDepth: 2, MaxListLen: 3}}
	if _, err := xlcfg.ParseWith("limits.cfg", []byte("x = [[1,2,3],[4]]\n"), small); err != nil {
		t.Fatal(err)
	}
	_, err := xlcfg.ParseWith("limits.cfg", []byte("x = [[1,2,3,4]]\n"), small)
	wantCfgErr(t, err, "limit of 3", 1, 6)
	_, err = xlcfg.ParseWith("limits.cfg", []byte("x = [[[1]]]\n"), small)
	wantCfgErr(t, err, "nested deeper", 1, 7)
	_, err = xlcfg.ParseWith("limits.cfg", []byte(pad(65)), small)
	wantCfgErr(t, err, "larger than the limit of 64", 1, 1)
	if _, err := xlcfg.ParseWith("limits.cfg", []byte(pad(64)), small); err != nil {
		t.Fatalf("file of the smaller MaxFileSize: %v", err)
	}

	// lint: the same limits, as an XLD300 finding at the same place.
	wantLintErr(t, lint.Config("big.cfg", []byte(pad(lim.MaxFileSize+1)), domain.Options{}), xlcfg.RuleSyntax, 1, 1)
	wantLintErr(t, lint.Config("deep.cfg", []byte(nest(lim.MaxDepth+1)), domain.Options{}), xlcfg.RuleSyntax, 1, len("x = ")+lim.MaxDepth+1)
	wantLintErr(t, lint.Config("small.cfg", []byte("x = [[1,2,3,4]]\n"), small), xlcfg.RuleSyntax, 1, 6)
	dir := t.TempDir()
	big := filepath.Join(dir, "big.cfg")
	if err := os.WriteFile(big, []byte(pad(lim.MaxFileSize+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	rs := walk.Paths([]string{big}, walk.Options{})
	if len(rs.Files) != 1 || rs.Files[0].Err == nil || !strings.Contains(rs.Files[0].Err.Error(), "larger than the limit") {
		t.Fatalf("walk.Paths of an oversized file: %+v", rs)
	}
	if src, err := walk.ReadFile(big, lim.MaxFileSize+1); err != nil || len(src) != lim.MaxFileSize+1 {
		t.Fatalf("walk.ReadFile of a file at its limit: %d bytes, %v", len(src), err)
	}
	// The largest disk list: MaxListLen disks lint (and each is checked).
	var b strings.Builder
	b.WriteString("disk = [")
	for i := 0; i < lim.MaxListLen; i++ {
		b.WriteString("'/d/" + strconv.Itoa(i) + ",raw," + vdev.Letters(i) + "',")
	}
	b.WriteString("]\n")
	r := lint.Config("many.cfg", []byte(strings.ReplaceAll(b.String(), ",raw,", ",raw,xvd")), domain.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, f := range r.Diags {
		if f.Rule == xlcfg.RuleSyntax {
			t.Fatalf("a disk list of MaxListLen items is refused: %v", f)
		}
	}
}

// TestXlcfgBytes: NUL, carriage return and other control bytes outside
// strings are refused with a positioned error (libxlu: lexical error);
// control bytes other than NUL, CR and LF and invalid UTF-8 inside a quoted
// string are kept; a stray byte at the very end of the file is ignored with
// a warning (XLD302), as libxlu ignores it.
func TestXlcfgBytes(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
	}{
		{"a = \x00\n", 1, 5},
		{"a = 'x\x00y'\n", 1, 7},
		{"a = 'x'\r\n", 1, 8},
		{"a = 1\nb = 'x'\x01\n", 2, 8},
		{"\xef\xbb\xbfa = 1\n", 1, 1},
		{"a = 'x\ny'\n", 1, 5},
	} {
		err := parseCfg(c.src)
		if d, bad := cfgErr(err, "limits.cfg"); bad != "" || d.Range.Start.Line != c.line || d.Range.Start.Column != c.col {
			t.Errorf("%q: got %v (%s), want an error at %d:%d", c.src, err, bad, c.line, c.col)
		}
	}
	for c := 1; c < 256; c++ {
		if c == '\n' || c == '\r' || c == '\'' || c == '\\' {
			continue
		}
		src := "a = 'x" + string([]byte{byte(c)}) + "y'\n"
		f, err := xlcfg.Parse("b.cfg", []byte(src))
		if err != nil {
			t.Fatalf("byte %#x inside a string: %v", c, err)
		}
		if got := f.Settings[0].Value.Str; got != "x"+string([]byte{byte(c)})+"y" {
			t.Fatalf("byte %#x inside a string: got %q", c, got)
		}
	}
	wantLintErr(t, lint.Config("s.cfg", []byte("a = 1\n\x00"), domain.Options{}), xlcfg.RuleStrayByte, 2, 1)
	// Every byte, anywhere in a small config, through lint and fmt.
	base := []byte("type = \"hvm\"\ndisk = [ '/a,raw,hda,rw' ]\n")
	for i := 0; i <= len(base); i++ {
		for _, c := range []byte{0, 1, '\t', '\r', 0x7f, 0x80, 0xff} {
			src := append(append(append([]byte{}, base[:i]...), c), base[i:]...)
			flags := byte(i % 4)
			if c == 0xff {
				flags |= sarifFlags
			}
			checkConfigLint(t, src, flags)
			checkFmt(t, src)
		}
	}
}

// emulationLimits are the rules of QEMU's emulation limits (docs/limits.md),
// with the text of the spec the finding points at; each rule's catalogue
// examples are the last disk inside the limit (Good) and the first past it
// (Bad).
var emulationLimits = map[string]string{
	"XLD200": "r", "XLD201": "r", // read-only IDE / AHCI: the access
	"XLD202": "xvde", "XLD203": "xvdg", "XLD204": "xvdf", "XLD205": "xvde", "XLD208": "sdi", "XLD242": "xvdaa",
}

// TestEmulationLimits: for each QEMU emulation limit, the rule's Good
// example (the limit itself) lints without that finding and its Bad example
// (one past it) gets exactly one, located in the file at the vdev (or
// access) it is about.
func TestEmulationLimits(t *testing.T) {
	for id, at := range emulationLimits {
		rule, ok := diag.ParseRuleID(id)
		r, ok2 := diag.Lookup(rule)
		if !ok || !ok2 {
			t.Fatalf("%s is not registered", id)
		}
		count := func(src string) (n int, text string) {
			res := lint.Config(id+".cfg", []byte(src), domain.Options{})
			for _, d := range res.Diags {
				if d.Rule == rule {
					n++
					if d.Range != nil && d.Range.InFile() {
						text = src[d.Range.Start.Offset:d.Range.End.Offset]
					}
				}
			}
			return n, text
		}
		if n, _ := count(r.Good); n != 0 {
			t.Errorf("%s: the Good example %q (at the limit) gets %d findings", id, r.Good, n)
		}
		if n, text := count(r.Bad); n != 1 || text != at {
			t.Errorf("%s: the Bad example %q (one past the limit) gets %d findings at %q, want 1 at %q", id, r.Bad, n, text, at)
		}
	}
}

// TestVdevLimits: the largest disk and partition of each naming scheme
// decode; one more is refused with an error located in the name.
func TestVdevLimits(t *testing.T) {
	for _, c := range []struct{ ok, bad string }{
		{"xvd" + vdev.Letters(vdev.MaxXvdDisk), "xvd" + vdev.Letters(vdev.MaxXvdDisk+1)},
		{"xvda" + strconv.Itoa(vdev.MaxXvdPartition), "xvda" + strconv.Itoa(vdev.MaxXvdPartition+1)},
		{"hd" + vdev.Letters(vdev.MaxHdDisk), "hd" + vdev.Letters(vdev.MaxHdDisk+1)},
		{"hda" + strconv.Itoa(vdev.MaxHdPartition), "hda" + strconv.Itoa(vdev.MaxHdPartition+1)},
		{"sd" + vdev.Letters(vdev.MaxSdDisk), "sd" + vdev.Letters(vdev.MaxSdDisk+1)},
		{"sda" + strconv.Itoa(vdev.MaxSdPartition), "sda" + strconv.Itoa(vdev.MaxSdPartition+1)},
		{"d" + strconv.Itoa(vdev.MaxXvdDisk) + "p255", "d" + strconv.Itoa(vdev.MaxXvdDisk+1) + "p255"},
		{"2147483647", "2147483648"},
	} {
		if _, err := vdev.Decode(c.ok); err != nil {
			t.Errorf("%s: %v", c.ok, err)
		}
		_, err := vdev.Decode(c.bad)
		var e *vdev.Error
		if !errors.As(err, &e) || e.Offset < 0 || e.Len < 0 || e.Offset+e.Len > len(c.bad) {
			t.Errorf("%s: want a located *vdev.Error, got %v", c.bad, err)
		}
	}
}

// TestStdinLimit: walk.Paths reads "-" (the standard input) up to the file
// size limit and refuses more, without reading it all.
func TestStdinLimit(t *testing.T) {
	lim := domain.Limits{MaxFileSize: 1 << 10, MaxDepth: 16, MaxListLen: 4096}
	for _, n := range []int{lim.MaxFileSize, lim.MaxFileSize + 1, 64 << 20} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		written := make(chan int, 1)
		go func() {
			// Closing the read end after Paths returns stops this writer:
			// what it managed to write bounds what Paths read.
			k, _ := w.Write([]byte("a = 1\n#" + strings.Repeat("x", n-8) + "\n"))
			w.Close()
			written <- k
		}()
		rs := walk.Paths([]string{"-"}, walk.Options{Limits: lim, Stdin: r})
		r.Close()
		if len(rs.Files) != 1 || !rs.Files[0].Stdin {
			t.Fatalf("%d bytes: %+v", n, rs)
		}
		f := rs.Files[0]
		if k := <-written; n > 8<<20 && k > 8<<20 {
			t.Fatalf("Paths read %d bytes of a %d-byte input with a %d-byte limit", k, n, lim.MaxFileSize)
		}
		if n <= lim.MaxFileSize {
			if f.Err != nil || len(f.Src) != n {
				t.Fatalf("%d bytes (the limit): %d bytes read, %v", n, len(f.Src), f.Err)
			}
			if r := lint.Config(f.Path, f.Src, domain.Options{Limits: lim}); r.Err != nil || len(r.Diags) != 0 {
				t.Fatalf("%d bytes (the limit): %v %v", n, r.Err, r.Diags)
			}
		} else if f.Err == nil || !strings.Contains(f.Err.Error(), "larger than the limit") {
			t.Fatalf("%d bytes: want a size error, got %+v", n, f)
		}
	}
}

// TestSpecialFileLimit (issue 11, bounded input): a named file that is not
// a regular file (a device that never ends, a FIFO) is read up to the size
// limit and then refused with a clear error, quickly and without reading
// it all; one that holds no more than the limit is read.
func TestSpecialFileLimit(t *testing.T) {
	lim := domain.Limits{MaxFileSize: 4 << 10}
	t0 := time.Now()
	rs := walk.Paths([]string{"/dev/zero"}, walk.Options{Limits: lim})
	if len(rs.Files) != 1 || rs.Files[0].Err == nil || !strings.Contains(rs.Files[0].Err.Error(), "not a regular file") {
		t.Fatalf("walk.Paths of /dev/zero: %+v", rs)
	}
	if d := time.Since(t0); d > 10*time.Second {
		t.Fatalf("walk.Paths of /dev/zero took %v", d)
	}
	fifo := filepath.Join(t.TempDir(), "guest.cfg")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, n := range []int{lim.MaxFileSize, lim.MaxFileSize + 1, 64 << 20} {
		done := make(chan int64, 1)
		go func() {
			w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				done <- -1
				return
			}
			// The reader closes its end at the limit: the copy then fails.
			k, _ := io.Copy(w, io.LimitReader(zeros{}, int64(n)))
			w.Close()
			done <- k
		}()
		src, err := walk.ReadFile(fifo, lim.MaxFileSize)
		k := <-done
		if n <= lim.MaxFileSize {
			if err != nil || len(src) != n {
				t.Fatalf("FIFO of %d bytes (the limit): %d bytes read, %v", n, len(src), err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("FIFO of %d bytes: want a refusal, got %d bytes, %v", n, len(src), err)
		}
		if n > 8<<20 && k > 8<<20 {
			t.Fatalf("ReadFile let %d bytes of a %d-byte FIFO be written with a %d-byte limit", k, n, lim.MaxFileSize)
		}
	}
}

// zeros is an endless reader of NUL bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
