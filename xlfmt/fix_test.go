package xlfmt

import (
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/xlcfg"
)

var ruleFix = diag.Register(diag.Rule{ID: "XLD990", Severity: diag.Warning, Summary: "fix test"})

// edit builds a finding whose fix replaces the first occurrence of old
// inside the disk spec number k of src with repl (file text fileText).
func edit(t *testing.T, src string, k int, old, repl, fileText string) diag.Diagnostic {
	t.Helper()
	f, err := xlcfg.Parse("t.cfg", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	specs, _ := f.DiskSpecs()
	ds := specs[k]
	off := strings.Index(ds.Spec, old)
	if off < 0 {
		t.Fatalf("no %q in %q", old, ds.Spec)
	}
	sp := diag.Span{Frag: 0, Offset: off, Len: len(old)}
	p, q := ds.Pos(sp.Offset), ds.Pos(sp.End())
	rng := diag.Range{Disk: k, Span: sp, File: "t.cfg",
		Start: diag.Pos{Line: p.Line, Column: p.Column, Offset: p.Offset},
		End:   diag.Pos{Line: q.Line, Column: q.Column, Offset: q.Offset}}
	d := diag.New(ruleFix, &rng, "fix me")
	return d.Suggest("write "+repl, diag.Edit{Range: rng, Text: repl, FileText: fileText})
}

func TestFix(t *testing.T) {
	src := "name = 'g'\ndisk = [ 'format=QCOW2, vdev=xvda, target=/a', \"vdev=xvdb, target=/it\\\"s\" ]\n"
	ok1 := edit(t, src, 0, "QCOW2", "qcow2", "qcow2")
	ok2 := edit(t, src, 1, "/it\"s", "/its", "/its")
	// Overlaps ok1.
	overlap := edit(t, src, 0, "format=QCOW2", "format=raw", "format=raw")
	// Promises text its FileText does not give (an escape is dropped).
	lying := edit(t, src, 1, "vdev=xvdb", "vdev=xvdc", "vdev=xvdd")
	// Breaks the file: an unescaped quote ends the string.
	breaks := edit(t, src, 0, "target=/a", "target=/a'", "target=/a'")
	noFix := diag.New(ruleFix, nil, "no fix")
	res := Fix("t.cfg", []byte(src), diag.List{ok1, overlap, lying, breaks, noFix, ok2}, domain.Options{})
	want := "name = 'g'\ndisk = [ 'format=qcow2, vdev=xvda, target=/a', \"vdev=xvdb, target=/its\" ]\n"
	if string(res.Src) != want {
		t.Errorf("fixed:\n%s\nwant\n%s", res.Src, want)
	}
	if len(res.Applied) != 2 || len(res.Refused) != 3 {
		t.Fatalf("applied %d, refused %+v", len(res.Applied), res.Refused)
	}
	for i, why := range []string{"overlaps", "not the promised", "would"} {
		if !strings.Contains(res.Refused[i].Reason, why) {
			t.Errorf("refusal %d: %q, want %q", i, res.Refused[i].Reason, why)
		}
	}
	// Nothing fixable: the input comes back.
	if res := Fix("t.cfg", []byte(src), diag.List{noFix}, domain.Options{}); string(res.Src) != src || res.Applied != nil {
		t.Errorf("%+v", res)
	}
}

func TestFixBounds(t *testing.T) {
	src := "disk = [ 'vdev=xvda' ]\n"
	d := edit(t, src, 0, "xvda", "xvdb", "xvdb")
	d.Suggestion.Edits[0].Range.End.Offset = 999
	if res := Fix("t.cfg", []byte(src), diag.List{d}, domain.Options{}); len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Reason, "outside") {
		t.Errorf("%+v", res)
	}
	// An edit outside any spec string claiming a disk span.
	d = edit(t, src, 0, "xvda", "xvdb", "xvdb")
	d.Suggestion.Edits[0].Range.Start.Offset, d.Suggestion.Edits[0].Range.End.Offset = 8, 8
	d.Suggestion.Edits[0].FileText = " "
	if res := Fix("t.cfg", []byte(src), diag.List{d}, domain.Options{}); len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Reason, "not inside") {
		t.Errorf("%+v", res)
	}
}
