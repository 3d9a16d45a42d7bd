package fuzz

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/validate"
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
	p, err := diskspec.ParseWith(domain.Options{}, "/srv/a.img,raw,hda")
	if err != nil {
		t.Fatal(err)
	}
	disks := []*diskspec.Parsed{p}
	opts := domain.Options{Type: domain.HVM}
	pl := validate.Domain(disks, opts)
	good := []qemuargs.KV{{Key: "file", Value: "/srv/a.img"}, {Key: "if", Value: "ide"}, {Key: "index", Value: "0"},
		{Key: "media", Value: "disk"}, {Key: "format", Value: "raw"}, {Key: "cache", Value: "writeback"}}
	render := func(arg string, kvs []qemuargs.KV) *qemuargs.Result {
		return &qemuargs.Result{Args: []string{"-drive", arg},
			Drives: []qemuargs.Drive{{Disk: 0, File: "/srv/a.img", Opts: [][]qemuargs.KV{kvs}}}}
	}
	// The real rendering passes.
	real := qemuargs.Render(pl)
	if msg := fails(func(tb testing.TB) { checkRendered(tb, real, pl, opts) }); msg != "" || len(real.Args) == 0 {
		t.Fatalf("the real rendering %q fails: %s", real.Args, msg)
	}
	for _, c := range []struct {
		name, arg string
		kvs       []qemuargs.KV
		want      string
	}{
		{"injected file", "file=/srv/a.img,file=/etc/passwd,if=ide,index=0,media=disk,format=raw,cache=writeback", nil, "twice"},
		{"unknown key", "file=/srv/a.img,if=ide,index=0,media=disk,format=raw,cache=writeback,snapshot=on", nil, "unexpected option"},
		{"other path", "file=/etc/passwd,if=ide,index=0,media=disk,format=raw,cache=writeback", nil, "is not what disk"},
		{"split differs", "file=/srv/a.img,if=ide,index=0,media=disk,format=raw", good, "Render meant"},
		{"bad format", "file=/srv/a.img,if=ide,index=0,media=disk,format=vvfat,cache=writeback", nil, "is not what disk"},
	} {
		kvs := c.kvs
		if kvs == nil {
			kvs, _ = qemuargs.SplitOpts(c.arg)
		}
		msg := fails(func(tb testing.TB) { checkRendered(tb, render(c.arg, kvs), pl, opts) })
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: check says %q, want a failure with %q", c.name, msg, c.want)
		}
	}
	// A drive of a disk the plan does not emulate.
	pv := validate.Domain(disks, domain.Options{})
	if msg := fails(func(tb testing.TB) { checkRendered(tb, real, pv, opts) }); !strings.Contains(msg, "not emulated") {
		t.Errorf("a drive of a disk not emulated: check says %q", msg)
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
	for name, l := range map[string]diag.List{
		"a span with no disk":  {diag.New(diskspec.RuleBadSyntax, diag.InSpec(-1, diag.Span{Frag: 0, Offset: 2, Len: 1}), "x")},
		"a disk past the last": {diag.New(diskspec.RuleBadSyntax, diag.InSpec(1, diag.NoSpan), "x")},
		"an unregistered rule": {diag.Diagnostic{Message: "x"}},
		"a finding twice": {diag.New(diskspec.RuleBadSyntax, diag.InSpec(0, diag.NoSpan), "x"),
			diag.New(diskspec.RuleBadSyntax, diag.InSpec(0, diag.NoSpan), "y")},
	} {
		if msg := fails(func(tb testing.TB) { checkDiags(tb, "x", l, disks) }); msg == "" {
			t.Errorf("%s passes", name)
		}
	}
	// Positions and file findings.
	src := []byte("a = 1\nb = 2\n")
	at := func(start, end diag.Pos) diag.Diagnostic {
		return diag.New(xlcfg.RuleSyntax, diag.InFile("guest.cfg", start, end), "x")
	}
	for _, p := range []diag.Pos{{Offset: 6, Line: 1, Column: 7}, {Offset: 13, Line: 3, Column: 1}, {Offset: 7, Line: 2, Column: 1}} {
		if msg := fails(func(tb testing.TB) { checkPos(tb, at(p, p), "start", src, p) }); msg == "" {
			t.Errorf("position %+v in %q passes", p, src)
		}
	}
	end := diag.Pos{Offset: 12, Line: 3, Column: 1}
	if msg := fails(func(tb testing.TB) { checkPos(tb, at(end, end), "start", src, end) }); msg != "" {
		t.Errorf("the end of the file fails: %s", msg)
	}
	a, b := diag.Pos{Offset: 0, Line: 1, Column: 1}, diag.Pos{Offset: 1, Line: 1, Column: 2}
	for name, c := range map[string]struct {
		l    diag.List
		want string
	}{
		"twice":       {diag.List{at(a, b), at(a, b)}, "twice"},
		"backwards":   {diag.List{at(b, a)}, "before start"},
		"other file":  {diag.List{diag.New(xlcfg.RuleSyntax, diag.InFile("other.cfg", a, b), "x")}, "not located"},
		"not in file": {diag.List{diag.New(xlcfg.RuleSyntax, diag.InSpec(0, diag.NoSpan), "x")}, "not located"},
	} {
		if msg := fails(func(tb testing.TB) { checkFileDiags(tb, "guest.cfg", src, c.l) }); !strings.Contains(msg, c.want) {
			t.Errorf("%s: check says %q, want a failure with %q", name, msg, c.want)
		}
	}
	if msg := fails(func(tb testing.TB) { checkFileDiags(tb, "guest.cfg", src, diag.List{at(a, b), at(a, a)}) }); msg != "" {
		t.Errorf("two findings at different places fail: %s", msg)
	}
	// Report lines.
	if msg := fails(func(tb testing.TB) { findingLines(tb, "text", "a\nb\nxldisk: 2 findings\n", 1) }); msg == "" {
		t.Error("a broken finding line passes")
	}
}
