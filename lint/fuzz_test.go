package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLintConfig checks that linting any input never panics or hangs,
// that every finding lies inside the file with Pos <= End, and that Format
// is idempotent on whatever it accepts.
func FuzzLintConfig(f *testing.F) {
	for _, glob := range []string{"../examples/*.cfg", "../examples/broken/*.cfg"} {
		files, _ := filepath.Glob(glob)
		for _, fn := range files {
			src, err := os.ReadFile(fn)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		r := Config("f.cfg", src, Options{})
		if r.Err != nil {
			t.Fatalf("Err for in-memory input: %v", r.Err)
		}
		for _, fd := range r.Findings {
			if fd.Pos.Offset < 0 || fd.End.Offset > len(src) || fd.Pos.Offset > fd.End.Offset {
				t.Fatalf("finding %v outside the file (%d bytes): %+v-%+v", fd, len(src), fd.Pos, fd.End)
			}
			if fd.Pos.Line < 1 || fd.Pos.Column < 1 {
				t.Fatalf("bad position %+v", fd.Pos)
			}
		}
		out, refusals, err := Format("f.cfg", src)
		if err != nil || len(refusals) > 0 {
			return
		}
		again, refusals, err := Format("f.cfg", out)
		if err != nil || len(refusals) > 0 || string(again) != string(out) {
			t.Fatalf("Format not idempotent: %v %v\n%q\n%q", err, refusals, out, again)
		}
	})
}

// BenchmarkLintConfig lints a typical HVM config with four disks (parse,
// disk specs, validate, QEMU arguments, suppressions).
func BenchmarkLintConfig(b *testing.B) {
	src, err := os.ReadFile("../examples/hvm-ahci.cfg")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if r := Config("hvm-ahci.cfg", src, Options{}); len(r.Findings) != 0 {
			b.Fatal(r.Findings)
		}
	}
}
