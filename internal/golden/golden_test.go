package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestCheck(t *testing.T) {
	if Updating() {
		t.Skip("-update given")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	if err := os.WriteFile(path, []byte("one\ntwo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path, got string
		fail      bool
	}{
		{path, "one\ntwo\n", false},
		{path, "one\nthree\n", true},
		{path, "one\ntwo", true},
		{filepath.Join(dir, "missing.txt"), "", true},
	} {
		r := &recorder{TB: t}
		Check(r, tc.path, tc.got)
		if r.failed != tc.fail {
			t.Errorf("Check(%s, %q) failed = %v, want %v", filepath.Base(tc.path), tc.got, r.failed, tc.fail)
		}
	}
	if got := Stale(filepath.Join(dir, "*.txt"), map[string]bool{"b": true}); len(got) != 1 || got[0] != path {
		t.Errorf("Stale = %v, want [%s]", got, path)
	}
	if got := Stale(filepath.Join(dir, "*.txt"), map[string]bool{"a": true}); got != nil {
		t.Errorf("Stale = %v, want none", got)
	}
}
