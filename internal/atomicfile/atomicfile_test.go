package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func write(t *testing.T, p, s string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
}

func TestReplaceKeepsModeAndOwner(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "g.cfg")
	write(t, p, "old\n", 0o640)
	if os.Geteuid() == 0 {
		if err := os.Chown(p, 1234, 5678); err != nil {
			t.Fatal(err)
		}
	}
	if err := Replace(p, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(got) != "new\n" || fi.Mode().Perm() != 0o640 {
		t.Errorf("content %q mode %v", got, fi.Mode())
	}
	if st := fi.Sys().(*syscall.Stat_t); os.Geteuid() == 0 && (st.Uid != 1234 || st.Gid != 5678) {
		t.Errorf("owner %d:%d, want 1234:5678", st.Uid, st.Gid)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
}

func TestReplaceThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.cfg")
	link := filepath.Join(dir, "link.cfg")
	write(t, real, "old\n", 0o600)
	if err := os.Symlink("real.cfg", link); err != nil {
		t.Skip(err)
	}
	if err := Replace(link, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	li, _ := os.Lstat(link)
	got, _ := os.ReadFile(real)
	if li.Mode()&os.ModeSymlink == 0 || string(got) != "new\n" {
		t.Errorf("link mode %v, target %q", li.Mode(), got)
	}
}

func TestReplaceRefusesChangedFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "g.cfg")
	write(t, p, "edited meanwhile\n", 0o644)
	err := Replace(p, []byte("old\n"), []byte("new\n"))
	if !errors.Is(err, ErrChanged) {
		t.Fatalf("err = %v, want ErrChanged", err)
	}
	got, _ := os.ReadFile(p)
	ents, _ := os.ReadDir(dir)
	if string(got) != "edited meanwhile\n" || len(ents) != 1 {
		t.Errorf("content %q, dir %v", got, ents)
	}
}

func TestReplaceRefusesNonRegular(t *testing.T) {
	if err := Replace(os.DevNull, nil, []byte("x")); err == nil {
		t.Error("replaced /dev/null")
	}
}
