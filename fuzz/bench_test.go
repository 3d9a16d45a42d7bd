package fuzz

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/walk"
	"github.com/xldisk/xldisk/xlcfg"
)

// typicalDomain is the disk list of ../bench/testdata/typical.cfg.
var typicalDomain = []string{
	"/dev/vg0/web01-root,raw,xvda,rw",
	"format=qcow2, vdev=xvdb, access=rw, target=/var/lib/xen/images/web01-data.qcow2",
	"phy:/dev/vg0/web01-swap,xvdc,w",
	"/srv/iso/debian-12.iso,,hdc,cdrom",
}

// BenchmarkPipeline parses, validates (HVM, current libxl) and renders the
// QEMU arguments of a typical four-disk domain: what xldisk does per domain.
// (As an HVM guest the domain has one error: xvdc and hdc are both IDE slot
// 2, and QEMU would refuse the second drive, so not every disk is rendered.)
func BenchmarkPipeline(b *testing.B) {
	b.ReportAllocs()
	opts := domain.Options{Type: domain.HVM}
	for i := 0; i < b.N; i++ {
		parsed := make([]*diskspec.Parsed, 0, len(typicalDomain))
		for _, s := range typicalDomain {
			p, err := diskspec.ParseWith(opts, s)
			if err != nil {
				b.Fatal(err)
			}
			parsed = append(parsed, p)
		}
		pl := validate.Domain(parsed, opts)
		for _, dp := range pl.Disks {
			if !dp.Backend.OK() {
				b.Fatalf("disk %d has no backend: %v", dp.Index, dp.Diags)
			}
		}
		if res := qemuargs.Render(pl); len(res.Args) == 0 {
			b.Fatal("no QEMU arguments")
		}
	}
}

// BenchmarkConfigRead reads a typical xl.cfg and its disk specs.
func BenchmarkConfigRead(b *testing.B) {
	src, err := os.ReadFile("../bench/testdata/typical.cfg")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		f, err := xlcfg.Parse("typical.cfg", src)
		if err != nil {
			b.Fatal(err)
		}
		if ds, err := f.DiskSpecs(); err != nil || len(ds) != 4 {
			b.Fatal(len(ds), err)
		}
	}
}

// BenchmarkLintExamples lints every config of ../examples, read into memory
// beforehand (lint.Config per file).
func BenchmarkLintExamples(b *testing.B) {
	var names []string
	var srcs [][]byte
	total := 0
	filepath.Walk("../examples", func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && filepath.Ext(p) == ".cfg" {
			src, _ := os.ReadFile(p)
			names, srcs = append(names, p), append(srcs, src)
			total += len(src)
		}
		return nil
	})
	if len(srcs) == 0 {
		b.Fatal("no examples")
	}
	b.ReportAllocs()
	b.SetBytes(int64(total))
	for i := 0; i < b.N; i++ {
		for j, src := range srcs {
			lint.Config(names[j], src, domain.Options{})
		}
	}
}

// BenchmarkLintExamplesDir is walk.Paths on the examples directory, then
// lint.Config of every file found: the directory walk, bounded file reads
// and lint of every config, as "xldisk lint examples" does (on one core).
func BenchmarkLintExamplesDir(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res := walk.Paths([]string{"../examples"}, walk.Options{})
		if len(res.Files) == 0 {
			b.Fatal("no files")
		}
		for _, f := range res.Files {
			if f.Err == nil {
				lint.Config(f.Path, f.Src, domain.Options{})
			}
		}
	}
}
