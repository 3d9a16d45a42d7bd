package xlcfg

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xldisk/xldisk/diag"
)

// FuzzParseConfig checks that Parse never panics or hangs, that a rejected
// file gets one RuleSyntax diagnostic inside the file, and that every accepted
// value's Raw is exactly the file text between its Pos and End, and that
// disk-spec offsets map inside their token.
func FuzzParseConfig(f *testing.F) {
	files, _ := filepath.Glob("testdata/cfgs/*.cfg")
	for _, fn := range files {
		src, err := os.ReadFile(fn)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, err := Parse("f.cfg", src)
		if err != nil {
			d := refusal(t, err)
			p, e := d.Range.Start, d.Range.End
			if p.Offset < 0 || p.Offset > len(src) || p.Line < 1 || p.Column < 1 || e.Offset < p.Offset || e.Offset > len(src) {
				t.Fatalf("error range %+v outside the file (%d bytes)", d.Range, len(src))
			}
			return
		}
		for _, q := range file.Quirks {
			if q.Range.Start.Offset < 0 || q.Range.End.Offset > len(src) || q.Severity != diag.Warning {
				t.Fatalf("quirk %+v outside the file (%d bytes)", q, len(src))
			}
		}
		for _, s := range file.Settings {
			walk(s.Value, func(v *Value) {
				if string(src[v.Pos.Offset:v.End.Offset]) != v.Raw {
					t.Fatalf("Raw %q != src %q", v.Raw, src[v.Pos.Offset:v.End.Offset])
				}
				if file.PosAt(v.Pos.Offset) != v.Pos {
					t.Fatalf("Pos %+v != PosAt %+v", v.Pos, file.PosAt(v.Pos.Offset))
				}
				if v.Kind != List {
					for i := 0; i <= len(v.Str); i++ {
						p := v.PosOf(i)
						if p.Offset < v.Pos.Offset || p.Offset >= v.End.Offset+boolInt(v.Kind == Number) {
							t.Fatalf("PosOf(%d) = %+v outside %+v-%+v", i, p, v.Pos, v.End)
						}
					}
				}
			})
		}
		if _, err := file.DiskSpecs(); err != nil {
			if l, ok := err.(diag.List); !ok || len(l) != 1 || l[0].Rule != RuleDiskNotList {
				t.Fatalf("DiskSpecs error %T %v", err, err)
			}
		}
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// BenchmarkReadConfig parses a typical HVM config with four disks.
func BenchmarkReadConfig(b *testing.B) {
	src, err := os.ReadFile("testdata/cfgs/hvm.cfg")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		f, err := Parse("hvm.cfg", src)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.DiskSpecs(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseTypical parses the typical config that TestSideBySide
// times against libxlu (testdata/typical.cfg), Parse alone.
func BenchmarkParseTypical(b *testing.B) {
	src, err := os.ReadFile("testdata/typical.cfg")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := Parse("typical.cfg", src); err != nil {
			b.Fatal(err)
		}
	}
}
