package fuzz

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/lint"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/xlcfg"
)

// fakeTB records the first failure of a property check instead of failing
// the test, so that the checks themselves can be tested.
type fakeTB struct {
	testing.TB
	failed string
}

type stopped struct{}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	panic(stopped{})
}

func (f *fakeTB) Fatal(args ...any) { f.Fatalf("%s", fmt.Sprint(args...)) }
func (f *fakeTB) Helper()           {}

// fails runs check with a fakeTB and returns its failure message.
func fails(check func(tb testing.TB)) (msg string) {
	f := &fakeTB{}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(stopped); !ok {
				panic(r)
			}
			msg = f.failed
		}
	}()
	check(f)
	return ""
}

// TestChecksCatch: the property checks of the fuzz targets fail on forged
// outputs that break each property (a check that cannot fail proves
// nothing).
func TestChecksCatch(t *testing.T) {
	d := &diskspec.Disk{PdevPath: diskspec.Str("/srv/a.img"), Vdev: diskspec.Str("hda"), Format: diskspec.FormatRaw,
		Readwrite: 1, Backend: diskspec.BackendQdisk}
	disks := []*diskspec.Parsed{{Disk: d, Frags: []string{"/srv/a.img,raw,hda"}}}
	good := []qemuargs.KV{{Key: "file", Value: "/srv/a.img"}, {Key: "if", Value: "ide"}, {Key: "index", Value: "0"},
		{Key: "media", Value: "disk"}, {Key: "format", Value: "raw"}, {Key: "cache", Value: "writeback"}}
	render := func(arg string, opts []qemuargs.KV) *qemuargs.Result {
		return &qemuargs.Result{Args: []string{"-drive", arg},
			Drives: []qemuargs.Drive{{Disk: 0, File: "/srv/a.img", Opts: [][]qemuargs.KV{opts}}}}
	}
	// The real rendering passes.
	real := qemuargs.RenderParsed(disks, qemuargs.Options{})
	if msg := fails(func(tb testing.TB) { checkRendered(tb, real, disks, qemuargs.Options{}) }); msg != "" || len(real.Args) == 0 {
		t.Fatalf("the real rendering %q fails: %s", real.Args, msg)
	}
	for _, c := range []struct {
		name, arg string
		opts      []qemuargs.KV
		want      string
	}{
		{"injected file", "file=/srv/a.img,file=/etc/passwd,if=ide,index=0,media=disk,format=raw,cache=writeback", nil, "twice"},
		{"unknown key", "file=/srv/a.img,if=ide,index=0,media=disk,format=raw,cache=writeback,snapshot=on", nil, "unexpected option"},
		{"other path", "file=/etc/passwd,if=ide,index=0,media=disk,format=raw,cache=writeback", nil, "is not what disk"},
		{"split differs", "file=/srv/a.img,if=ide,index=0,media=disk,format=raw", good, "Render meant"},
		{"bad format", "file=/srv/a.img,if=ide,index=0,media=disk,format=vvfat,cache=writeback", nil, "is not what disk"},
	} {
		opts := c.opts
		if opts == nil {
			opts, _ = qemuargs.SplitOpts(c.arg)
		}
		msg := fails(func(tb testing.TB) { checkRendered(tb, render(c.arg, opts), disks, qemuargs.Options{}) })
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: check says %q, want a failure with %q", c.name, msg, c.want)
		}
	}
	// Spans.
	for _, s := range []diag.Span{{Frag: 1}, {Frag: 0, Offset: 18, Len: 1}, {Frag: 0, Offset: -1}} {
		if msg := fails(func(tb testing.TB) { checkSpan(tb, "x", s, disks[0].Frags, false) }); msg == "" {
			t.Errorf("span %v outside %q passes", s, disks[0].Frags)
		}
	}
	if msg := fails(func(tb testing.TB) { checkSpan(tb, "x", diag.Span{Frag: 0, Offset: 18}, disks[0].Frags, false) }); msg != "" {
		t.Errorf("a span at the end of the fragment fails: %s", msg)
	}
	l := diag.List{{Rule: "XLD101", Span: diag.Span{Frag: 0, Offset: 2, Len: 1}, Disk: -1}}
	if msg := fails(func(tb testing.TB) { checkDiags(tb, "x", l, disks) }); msg == "" {
		t.Error("a span with no disk passes")
	}
	// Positions.
	src := []byte("a = 1\nb = 2\n")
	fd := lint.Finding{Rule: "XLD300"}
	for _, p := range []xlcfg.Position{{Offset: 6, Line: 1, Column: 7}, {Offset: 13, Line: 3, Column: 1}, {Offset: 7, Line: 2, Column: 1}} {
		if msg := fails(func(tb testing.TB) { checkPos(tb, fd, "start", src, p) }); msg == "" {
			t.Errorf("position %+v in %q passes", p, src)
		}
	}
	if msg := fails(func(tb testing.TB) { checkPos(tb, fd, "start", src, xlcfg.Position{Offset: 12, Line: 3, Column: 1}) }); msg != "" {
		t.Errorf("the end of the file fails: %s", msg)
	}
}
