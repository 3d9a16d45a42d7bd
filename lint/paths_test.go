package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// walkSummary lists the results of Paths relative to dir, marking
// unreadable files with " ERR".
func walkSummary(dir string, rs []Result) []string {
	var got []string
	for _, r := range rs {
		rel, err := filepath.Rel(dir, r.Path)
		if err != nil {
			rel = r.Path
		}
		s := filepath.ToSlash(rel)
		if r.Err != nil {
			s += " ERR"
		}
		got = append(got, s)
	}
	return got
}

// TestPathsSymlinks checks that a walk lints symlinks to files like files,
// reports dangling symlinks it would have selected, and does not follow
// symlinks to directories.
func TestPathsSymlinks(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "w")
	other := filepath.Join(base, "elsewhere")
	for _, d := range []string{dir, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, content string) {
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symlinks here: %v", err)
		}
	}
	write(filepath.Join(other, "real.cfg"), "disk = [ '/a,raw,hdz,w' ]\n")
	write(filepath.Join(other, "guest"), "name = 'x'\ndisk = [ '/a,raw,hdz,w' ]\n")
	write(filepath.Join(other, "nodisk"), "name = 'x'\n")
	write(filepath.Join(other, "in-linked-dir.cfg"), "disk = [ '/a,raw,xvda,w' ]\n")
	link(filepath.Join(other, "real.cfg"), "link.cfg")
	link(filepath.Join(other, "guest"), "guestlink")
	link(filepath.Join(other, "nodisk"), "nodisklink")
	link(filepath.Join(other, "missing.cfg"), "dangling.cfg")
	link(filepath.Join(other, "missing"), "dangling-other")
	link(other, "dirlink")
	link(".", "loop")
	rs := Paths([]string{dir}, Options{})
	want := []string{"dangling.cfg ERR", "guestlink", "link.cfg"}
	if diff := cmp.Diff(want, walkSummary(dir, rs)); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
	for _, r := range rs {
		if r.Err == nil && len(r.Findings) == 0 {
			t.Errorf("%s: not linted (no finding for vdev hdz)", r.Path)
		}
	}
	// A symlink to a directory named as an argument is walked.
	rs = Paths([]string{filepath.Join(dir, "dirlink")}, Options{})
	want = []string{"dirlink/guest", "dirlink/in-linked-dir.cfg", "dirlink/real.cfg"}
	if diff := cmp.Diff(want, walkSummary(dir, rs)); diff != "" {
		t.Errorf("walk of a symlinked directory (-want +got):\n%s", diff)
	}
}

// TestIsConfig checks which files a walk selects.
func TestIsConfig(t *testing.T) {
	tests := []struct {
		name, src string
		want      bool
	}{
		{"guest", "disk = [ 'x' ]\n", true},
		{"guest", "  disk += [ 'x' ]\n", true},
		{"guest", `name="g"; disk=["/a,raw,xvda,w"]` + "\n", true},
		{"guest", "name = 'g' ;disk = [ 'x' ]\n", true},
		{"guest", "name = 'g'\n", false},
		{"guest", "# name = 'g'; disk = [ 'x' ]\n", false},
		{"guest", "diskette = 1\n", false},
		{"guest", "disk = [ 'x' ]\n\x00", false}, // binary
		{"guest.cfg", "disk = [ 'x' ]\n\x00", true},
		{"guest.cfg", "", true},
		{"notes.md", "disk = [ 'x' ]\n", false},
	}
	for _, tc := range tests {
		if got := IsConfig(tc.name, []byte(tc.src)); got != tc.want {
			t.Errorf("IsConfig(%q, %q) = %v, want %v", tc.name, tc.src, got, tc.want)
		}
	}
}

// TestPathsNUL checks that a *.cfg file with a NUL byte found by a walk
// gets the parser's finding, not silence, and that other binary files are
// skipped.
func TestPathsNUL(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bin.cfg"), []byte("disk = [ '/a,raw,xvda,w' ]\x00\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "blob"), []byte("disk = [ '/a,raw,xvda,w' ]\x00\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "semi"), []byte(`name="g"; disk=["/a,raw,xvda,w"]`+"\n"), 0o644)
	rs := Paths([]string{dir}, Options{})
	if diff := cmp.Diff([]string{"bin.cfg", "semi"}, walkSummary(dir, rs)); diff != "" {
		t.Fatalf("walk (-want +got):\n%s", diff)
	}
	if !hasRule(rs[0], RuleSyntax) || !strings.Contains(rs[0].Findings[0].Message, "NUL") {
		t.Errorf("bin.cfg: %s", dump(rs[0]))
	}
}
