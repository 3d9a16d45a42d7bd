package walk

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/xldisk/xldisk/domain"
)

// summary lists the files of a result relative to dir, marking unreadable
// ones with " ERR".
func summary(dir string, files []File) []string {
	var got []string
	for _, f := range files {
		rel, err := filepath.Rel(dir, f.Path)
		if err != nil {
			rel = f.Path
		}
		s := filepath.ToSlash(rel)
		if f.Err != nil {
			s += " ERR"
		}
		got = append(got, s)
	}
	return got
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSymlinks checks that a walk takes symlinks to files like files,
// reports dangling symlinks it would have selected, and does not follow
// symlinks to directories.
func TestSymlinks(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "w")
	other := filepath.Join(base, "elsewhere")
	os.MkdirAll(dir, 0o755)
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
	}
	write(t, filepath.Join(other, "real.cfg"), "disk = [ '/a,raw,hdz,w' ]\n")
	write(t, filepath.Join(other, "guest"), "name = 'x'\ndisk = [ '/a,raw,hdz,w' ]\n")
	write(t, filepath.Join(other, "nodisk"), "name = 'x'\n")
	write(t, filepath.Join(other, "in-linked-dir.cfg"), "disk = [ '/a,raw,xvda,w' ]\n")
	link(filepath.Join(other, "real.cfg"), "link.cfg")
	link(filepath.Join(other, "guest"), "guestlink")
	link(filepath.Join(other, "nodisk"), "nodisklink")
	link(filepath.Join(other, "missing.cfg"), "dangling.cfg")
	link(filepath.Join(other, "missing"), "dangling-other")
	link(other, "dirlink")
	link(".", "loop")
	res := Paths([]string{dir}, Options{})
	if diff := cmp.Diff([]string{"dangling.cfg ERR", "guestlink", "link.cfg"}, summary(dir, res.Files)); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
	for _, f := range res.Files {
		if f.Err == nil && !strings.Contains(string(f.Src), "hdz") {
			t.Errorf("%s: content %q", f.Path, f.Src)
		}
	}
	// A symlink to a directory named as an argument is walked.
	res = Paths([]string{filepath.Join(dir, "dirlink")}, Options{})
	want := []string{"dirlink/guest", "dirlink/in-linked-dir.cfg", "dirlink/real.cfg"}
	if diff := cmp.Diff(want, summary(dir, res.Files)); diff != "" {
		t.Errorf("walk of a symlinked directory (-want +got):\n%s", diff)
	}
}

// TestIsConfig checks which files a walk takes.
func TestIsConfig(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
		skipped   bool
	}{
		{"guest", "disk = [ 'x' ]\n", true, false},
		{"guest", "  disk += [ 'x' ]\n", true, false},
		{"guest", `name="g"; disk=["/a,raw,xvda,w"]` + "\n", true, false},
		{"guest", "name = 'g' ;disk = [ 'x' ]\n", true, false},
		{"guest", "name = 'g'\n", false, false},
		{"guest", "# name = 'g'; disk = [ 'x' ]\n", false, false},
		{"guest", "diskette = 1\n", false, false},
		{"guest", "disk = [ 'x' ]\n\x00", false, false}, // binary
		{"guest.cfg", "disk = [ 'x' ]\n\x00", true, false},
		{"guest.cfg", "", true, false},
		{"notes.md", "disk = [ 'x' ]\n", false, false},
		{"setup.cfg", "[metadata]\nname = x\n", false, true},
		{"tox.cfg", "# tox\n; more\n\n  [tox]  \r\nenvlist = py3\n", false, true},
		{"guest.cfg", "# [not a header]\ndisk = [ 'x' ]\n", true, false},
		{"guest.cfg", "disk =\n[ 'x' ]\n", true, false},
		{"odd.cfg", "[ 'x' ]\n", true, false}, // a list, not a header: xl's syntax error is the finding
	}
	for _, tc := range tests {
		got, why := IsConfig(tc.name, []byte(tc.src))
		if got != tc.want || (why != "") != tc.skipped {
			t.Errorf("IsConfig(%q, %q) = %v, %q", tc.name, tc.src, got, why)
		}
	}
}

// TestINI checks that a walk skips an INI *.cfg file and lists it, while
// the same file named on the command line is taken.
func TestINI(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "setup.cfg"), "[metadata]\nname = x\n")
	write(t, filepath.Join(dir, "guest.cfg"), "disk = [ 'x' ]\n")
	res := Paths([]string{dir}, Options{})
	if diff := cmp.Diff([]string{"guest.cfg"}, summary(dir, res.Files)); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
	if len(res.Skipped) != 1 || !strings.HasSuffix(res.Skipped[0].Path, "setup.cfg") || !strings.Contains(res.Skipped[0].Reason, "INI") {
		t.Errorf("skipped: %+v", res.Skipped)
	}
	named := filepath.Join(dir, "setup.cfg")
	res = Paths([]string{named}, Options{})
	if len(res.Files) != 1 || res.Files[0].Err != nil || len(res.Skipped) != 0 {
		t.Errorf("named INI file: %+v", res)
	}
	res = Paths([]string{named, filepath.Join(dir, "guest.cfg")}, Options{ForceExclude: true})
	if len(res.Files) != 1 || len(res.Skipped) != 1 || res.Skipped[0].Path != named {
		t.Errorf("named INI file with ForceExclude: %+v", res)
	}
}

// TestNUL checks that a *.cfg file with a NUL byte is taken (the parser
// reports it) and other binary files are not.
func TestNUL(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "bin.cfg"), "disk = [ '/a,raw,xvda,w' ]\x00\n")
	write(t, filepath.Join(dir, "blob"), "disk = [ '/a,raw,xvda,w' ]\x00\n")
	write(t, filepath.Join(dir, "semi"), `name="g"; disk=["/a,raw,xvda,w"]`+"\n")
	res := Paths([]string{dir}, Options{})
	if diff := cmp.Diff([]string{"bin.cfg", "semi"}, summary(dir, res.Files)); diff != "" {
		t.Fatalf("walk (-want +got):\n%s", diff)
	}
}

// TestExclude checks that excluded directories are not entered and
// excluded files not taken, in walks only.
func TestExclude(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.cfg"), "")
	write(t, filepath.Join(dir, "vendor", "b.cfg"), "")
	write(t, filepath.Join(dir, "c.bak.cfg"), "")
	write(t, filepath.Join(dir, ".hidden", "d.cfg"), "")
	var asked []string
	ex := func(p string, isDir bool) bool {
		asked = append(asked, filepath.Base(p))
		return filepath.Base(p) == "vendor" && isDir || strings.HasSuffix(p, ".bak.cfg")
	}
	res := Paths([]string{dir}, Options{Exclude: ex})
	if diff := cmp.Diff([]string{"a.cfg"}, summary(dir, res.Files)); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
	for _, a := range asked {
		if a == "b.cfg" {
			t.Error("entered an excluded directory")
		}
	}
	res = Paths([]string{filepath.Join(dir, "c.bak.cfg")}, Options{Exclude: ex})
	if len(res.Files) != 1 || res.Files[0].Err != nil {
		t.Errorf("named excluded file not taken: %+v", res)
	}
	res = Paths([]string{filepath.Join(dir, "c.bak.cfg")}, Options{Exclude: ex, ForceExclude: true})
	if len(res.Files) != 0 || len(res.Skipped) != 1 || res.Skipped[0].Reason != "excluded" {
		t.Errorf("named excluded file with ForceExclude: %+v", res)
	}
}

// TestEmptyAndMissing checks the result for a directory without configs
// and a missing file.
func TestEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "README.md"), "disk = [ 'x' ]\n")
	res := Paths([]string{dir, filepath.Join(dir, "nope.cfg")}, Options{})
	if !cmp.Equal(res.Empty, []string{dir}) || len(res.Files) != 1 || res.Files[0].Err == nil {
		t.Errorf("%+v", res)
	}
}

// TestBoundedReads checks that a device or a FIFO is read up to the limit
// and refused, quickly, and that a big regular file is refused unread.
func TestBoundedReads(t *testing.T) {
	lim := domain.Limits{MaxFileSize: 4096}
	start := time.Now()
	res := Paths([]string{"/dev/zero"}, Options{Limits: lim})
	if len(res.Files) != 1 || res.Files[0].Err == nil || !strings.Contains(res.Files[0].Err.Error(), "not a regular file") {
		t.Fatalf("/dev/zero: %+v", res.Files)
	}
	// The default limit too (1 MiB of /dev/zero, then refused).
	if f := Paths([]string{"/dev/zero"}, Options{}).Files[0]; f.Err == nil || !strings.Contains(f.Err.Error(), "1048576") {
		t.Errorf("/dev/zero with the default limit: %v", f.Err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}

	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.cfg")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		buf := []byte(strings.Repeat("y\n", 1024))
		for i := 0; i < 100; i++ {
			if _, err := w.Write(buf); err != nil {
				return // the reader stopped: good
			}
		}
	}()
	res = Paths([]string{fifo}, Options{Limits: lim})
	if len(res.Files) != 1 || res.Files[0].Err == nil || !strings.Contains(res.Files[0].Err.Error(), "4096") {
		t.Errorf("FIFO: %+v", res.Files)
	}
	// A walk does not read a FIFO at all.
	res = Paths([]string{dir}, Options{Limits: lim})
	if len(res.Files) != 0 {
		t.Errorf("walk read the FIFO: %+v", res.Files)
	}

	big := filepath.Join(dir, "big.cfg")
	write(t, big, strings.Repeat("#\n", 4096))
	if f := Paths([]string{big}, Options{Limits: lim}).Files[0]; f.Err == nil || !strings.Contains(f.Err.Error(), "8192 bytes") {
		t.Errorf("big file: %v", f.Err)
	}
}

// TestStdin checks the standard input's name and bound.
func TestStdin(t *testing.T) {
	res := Paths([]string{"-"}, Options{Stdin: strings.NewReader("disk = []\n")})
	if f := res.Files[0]; f.Path != "<stdin>" || !f.Stdin || string(f.Src) != "disk = []\n" {
		t.Errorf("%+v", f)
	}
	res = Paths([]string{"-"}, Options{Stdin: strings.NewReader("x"), StdinName: "vm/guest.cfg"})
	if f := res.Files[0]; f.Path != "vm/guest.cfg" || !f.Stdin {
		t.Errorf("%+v", f)
	}
	res = Paths([]string{"-"}, Options{Stdin: strings.NewReader(strings.Repeat("x", 11)), Limits: domain.Limits{MaxFileSize: 10}})
	if f := res.Files[0]; f.Err == nil {
		t.Errorf("oversized stdin accepted")
	}
}

// TestReadFileSizes checks the bound on regular files: exactly the limit
// is read, one byte more is refused, and a file whose size says 0 (a
// /proc file) is still bounded.
func TestReadFileSizes(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 1, 511, 512, 513, 4095, 4096} {
		p := filepath.Join(dir, "f")
		write(t, p, strings.Repeat("x", n))
		src, err := ReadFile(p, 4096)
		if err != nil || len(src) != n {
			t.Errorf("%d bytes: %d, %v", n, len(src), err)
		}
	}
	p := filepath.Join(dir, "big")
	write(t, p, strings.Repeat("x", 4097))
	if _, err := ReadFile(p, 4096); err == nil {
		t.Error("4097 bytes accepted with a limit of 4096")
	}
	if _, err := os.Stat("/proc/self/maps"); err == nil {
		src, err := ReadFile("/proc/self/maps", 1<<20)
		if err != nil || len(src) == 0 {
			t.Errorf("/proc/self/maps: %d bytes, %v", len(src), err)
		}
		if _, err := ReadFile("/proc/self/maps", 10); err == nil || !strings.Contains(err.Error(), "limit of 10") {
			t.Errorf("/proc/self/maps with a limit of 10: %v", err)
		}
	}
}
