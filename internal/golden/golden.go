// Package golden compares test output with golden files, the one -update
// helper of xldisk's tests: `go test ./pkg -update` rewrites the golden
// files a package's tests use, plain `go test` compares with them.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// update is the -update flag of every test binary that imports golden.
var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Check compares got with the golden file at path. With -update it writes
// got to path (creating its directory) instead. A missing or different
// golden file fails the test, with a diff and the command that rewrites
// it.
func Check(t testing.TB, path string, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (run go test with -update to create it)", err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); diff != "" {
		t.Errorf("%s differs (-golden +got; go test -update rewrites it):\n%s", path, diff)
	}
}

// Stale returns the files matching pattern (a filepath.Glob pattern) whose
// base name without extension is not in names: golden files no test
// case writes any more. It returns nil with -update, which rewrites only
// the files it has cases for.
func Stale(pattern string, names map[string]bool) []string {
	if *update {
		return nil
	}
	files, _ := filepath.Glob(pattern)
	var out []string
	for _, f := range files {
		base := filepath.Base(f)
		if !names[strings.TrimSuffix(base, filepath.Ext(base))] {
			out = append(out, f)
		}
	}
	return out
}
