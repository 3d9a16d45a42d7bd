package lint

import (
	"github.com/xldisk/xldisk/domain"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLintConfig checks that linting any input never panics or hangs,
// and that every finding lies inside the file with Start <= End.
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
		r := Config("f.cfg", src, domain.Options{})
		if r.Err != nil {
			t.Fatalf("Err for in-memory input: %v", r.Err)
		}
		for _, fd := range r.Diags {
			if fd.Range == nil {
				continue
			}
			st, en := fd.Range.Start, fd.Range.End
			if st.Offset < 0 || en.Offset > len(src) || st.Offset > en.Offset {
				t.Fatalf("finding %v outside the file (%d bytes): %+v-%+v", fd, len(src), st, en)
			}
			if st.Line < 1 || st.Column < 1 || fd.Range.File != "f.cfg" {
				t.Fatalf("bad position %+v in %q", st, fd.Range.File)
			}
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
		if r := Config("hvm-ahci.cfg", src, domain.Options{}); len(r.Diags) != 0 {
			b.Fatal(r.Diags)
		}
	}
}
