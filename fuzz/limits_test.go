package fuzz

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/vdev"
	"github.com/xldisk/xldisk/xlcfg"
)

// specOfLen returns a valid disk spec of exactly n bytes (n >= 32).
func specOfLen(n int) string {
	const head = "vdev=xvda,access=rw,target=/"
	return head + strings.Repeat("a", n-len(head))
}

// wantSpecErr checks that err is one positioned XLD015 error at frag:off.
func wantSpecErr(t *testing.T, err error, rule, msg string, frag, off int) {
	t.Helper()
	el := diskspec.AsErrorList(err)
	if len(el) != 1 {
		t.Fatalf("want one %s error, got %v", rule, err)
	}
	e := el[0]
	if e.Rule != rule || !strings.Contains(e.Msg, msg) || e.Frag != frag || e.Offset != off {
		t.Fatalf("got %s %q at %d:%d, want %s %q at %d:%d", e.Rule, e.Msg, e.Frag, e.Offset, rule, msg, frag, off)
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
	wantSpecErr(t, err, "XLD015", "disk specification too long (at most 1048576 bytes)", 0, diskspec.MaxSpecLen)
	// Too long in the second fragment: the error names that fragment.
	_, err = diskspec.ParseArgs("vdev=xvda", specOfLen(diskspec.MaxSpecLen+1))
	wantSpecErr(t, err, "XLD015", "too long", 1, diskspec.MaxSpecLen)

	frags := make([]string, diskspec.MaxFragments)
	for i := range frags {
		frags[i] = "access=rw"
	}
	frags[0], frags[1] = "vdev=xvda", "target=/a"
	if _, err := diskspec.ParseArgs(frags...); err != nil {
		t.Fatalf("MaxFragments fragments: %v", err)
	}
	_, err = diskspec.ParseArgs(append(frags, "access=rw")...)
	wantSpecErr(t, err, "XLD015", "too many fragments (at most 4096)", diskspec.MaxFragments, 0)
}

// TestDiskspecBytes: NUL is refused with a positioned XLD015 error; every
// other byte (control characters, DEL, invalid UTF-8) is accepted inside a
// target as libxlu accepts it, and kept as is.
func TestDiskspecBytes(t *testing.T) {
	_, err := diskspec.Parse("vdev=xvda,target=/a\x00b")
	wantSpecErr(t, err, "XLD015", "NUL", 0, len("vdev=xvda,target=/a"))
	_, err = diskspec.ParseArgs("vdev=xvda", "\x00")
	wantSpecErr(t, err, "XLD015", "NUL", 1, 0)
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

// wantCfgErr checks for an *xlcfg.Error with msg at line:col.
func wantCfgErr(t *testing.T, err error, msg string, line, col int) {
	t.Helper()
	var e *xlcfg.Error
	if !errors.As(err, &e) {
		t.Fatalf("want an *xlcfg.Error %q at %d:%d, got %v", msg, line, col, err)
	}
	if !strings.Contains(e.Msg, msg) || e.Pos.Line != line || e.Pos.Column != col {
		t.Fatalf("got %q at %d:%d, want %q at %d:%d", e.Msg, e.Pos.Line, e.Pos.Column, msg, line, col)
	}
}

// TestXlcfgLimits: a file of MaxFileSize bytes, lists nested MaxDepth deep
// and lists of MaxListLen items are read; one more gives a positioned error;
// the lint engine reports the same as XLD300, and lint.Paths refuses an
// oversized file without reading it.
func TestXlcfgLimits(t *testing.T) {
	lim := xlcfg.DefaultLimits
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
	small := xlcfg.Limits{MaxFileSize: 64, MaxDepth: 2, MaxListLen: 3}
	if _, err := xlcfg.ParseLimits("s", []byte("x = [[1,2,3],[4]]\n"), small); err != nil {
		t.Fatal(err)
	}
	_, err := xlcfg.ParseLimits("s", []byte("x = [[1,2,3,4]]\n"), small)
	wantCfgErr(t, err, "limit of 3", 1, 6)

	// lint: the same limits, as an XLD300 finding at the same place.
	r := lint.Config("big.cfg", []byte(pad(lim.MaxFileSize+1)), lint.Options{})
	if r.Err != nil || len(r.Findings) != 1 || r.Findings[0].Rule != "XLD300" || r.Findings[0].Pos.Line != 1 || r.Findings[0].Pos.Column != 1 {
		t.Fatalf("lint of an oversized config: %+v", r)
	}
	r = lint.Config("deep.cfg", []byte(nest(lim.MaxDepth+1)), lint.Options{})
	if len(r.Findings) != 1 || r.Findings[0].Rule != "XLD300" || r.Findings[0].Pos.Column != len("x = ")+lim.MaxDepth+1 {
		t.Fatalf("lint of a too deep config: %+v", r.Findings)
	}
	dir := t.TempDir()
	big := filepath.Join(dir, "big.cfg")
	if err := os.WriteFile(big, []byte(pad(lim.MaxFileSize+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	rs := lint.Paths([]string{big}, lint.Options{})
	if len(rs) != 1 || rs[0].Err == nil || !strings.Contains(rs[0].Err.Error(), "larger than the limit") {
		t.Fatalf("lint.Paths of an oversized file: %+v", rs)
	}
	// The largest disk list: MaxListLen disks lint (and each is checked).
	var b strings.Builder
	b.WriteString("disk = [")
	for i := 0; i < lim.MaxListLen; i++ {
		b.WriteString("'/d/" + strconv.Itoa(i) + ",raw," + vdev.Letters(i) + "',")
	}
	b.WriteString("]\n")
	r = lint.Config("many.cfg", []byte(strings.ReplaceAll(b.String(), ",raw,", ",raw,xvd")), lint.Options{})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, f := range r.Findings {
		if f.Rule == "XLD300" {
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
		var e *xlcfg.Error
		if err := parseCfg(c.src); !errors.As(err, &e) || e.Pos.Line != c.line || e.Pos.Column != c.col {
			t.Errorf("%q: got %v, want an error at %d:%d", c.src, err, c.line, c.col)
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
	r := lint.Config("s.cfg", []byte("a = 1\n\x00"), lint.Options{})
	if len(r.Findings) != 1 || r.Findings[0].Rule != "XLD302" || r.Findings[0].Pos.Line != 2 {
		t.Fatalf("stray last byte: %+v", r.Findings)
	}
	// Every byte, anywhere in a small config, through lint and fmt.
	base := []byte("type = \"hvm\"\ndisk = [ '/a,raw,hda,rw' ]\n")
	for i := 0; i <= len(base); i++ {
		for _, c := range []byte{0, 1, '\t', '\r', 0x7f, 0x80, 0xff} {
			src := append(append(append([]byte{}, base[:i]...), c), base[i:]...)
			checkConfigLint(t, src, 0)
			checkFmt(t, src)
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

// TestLintStdinLimit: lint.Paths reads "-" (the standard input) up to the
// file size limit and refuses more, without reading it all.
func TestLintStdinLimit(t *testing.T) {
	lim := xlcfg.Limits{MaxFileSize: 1 << 10, MaxDepth: 16, MaxListLen: 4096}
	for _, n := range []int{lim.MaxFileSize, lim.MaxFileSize + 1, 64 << 20} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		old := os.Stdin
		os.Stdin = r
		written := make(chan int, 1)
		go func() {
			// Closing the read end after Paths returns stops this writer:
			// what it managed to write bounds what Paths read.
			k, _ := w.Write([]byte("a = 1\n#" + strings.Repeat("x", n-8) + "\n"))
			w.Close()
			written <- k
		}()
		rs := lint.Paths([]string{"-"}, lint.Options{Limits: lim})
		os.Stdin = old
		r.Close()
		if len(rs) != 1 {
			t.Fatalf("%d bytes: %d results", n, len(rs))
		}
		if k := <-written; n > 8<<20 && k > 8<<20 {
			t.Fatalf("Paths read %d bytes of a %d-byte input with a %d-byte limit", k, n, lim.MaxFileSize)
		}
		if n <= lim.MaxFileSize {
			if rs[0].Err != nil || len(rs[0].Findings) != 0 {
				t.Fatalf("%d bytes (the limit): %v %v", n, rs[0].Err, rs[0].Findings)
			}
		} else if rs[0].Err == nil || !strings.Contains(rs[0].Err.Error(), "larger than the limit") {
			t.Fatalf("%d bytes: want a size error, got %+v", n, rs[0])
		}
	}
}
