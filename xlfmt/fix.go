package xlfmt

import (
	"fmt"
	"sort"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/xlcfg"
)

// Fixable reports whether a diagnostic carries a machine-applicable fix
// located in its file: a suggestion whose every edit has file positions.
func Fixable(d diag.Diagnostic) bool {
	if d.Suggestion == nil || len(d.Suggestion.Edits) == 0 {
		return false
	}
	for _, e := range d.Suggestion.Edits {
		if !e.Range.InFile() || !e.Range.End.IsValid() {
			return false
		}
	}
	return true
}

// FixResult is the outcome of Fix.
type FixResult struct {
	// Src is the fixed content (the input when nothing was applied).
	Src []byte
	// Applied are the findings whose fixes were applied, in order.
	Applied diag.List
	// Refused are the fixable findings whose fixes were not applied.
	Refused []FixRefusal
}

// FixRefusal is a fix Fix did not apply, and why.
type FixRefusal struct {
	// Diag is the finding whose fix was refused.
	Diag diag.Diagnostic
	// Reason says why.
	Reason string
}

// Fix applies the machine-applicable fixes (Fixable) of diags to the
// xl.cfg file src, each finding's edits all together or not at all. A fix
// is applied only when:
//
//   - its edits lie inside the file and overlap no other applied edit (the
//     first finding in diags wins);
//   - applied alone, the file still reads as an xl.cfg with the same disk
//     list, and every disk spec it edits decodes to exactly the promised
//     text (the spec with each edit's span replaced by the edit's Text);
//   - the promised spec no longer has the finding's rule at that place
//     (diskspec re-parses it).
//
// The fixes applied together must give a file that reads as an xl.cfg
// with the same number of disk specs, or none is applied. Files and specs
// are read as for opts (its release and limits).
func Fix(path string, src []byte, diags diag.List, opts domain.Options) FixResult {
	res := FixResult{Src: src}
	var accepted []diag.Edit
	for _, d := range diags {
		if !Fixable(d) {
			continue
		}
		edits := sortedEdits(d.Suggestion.Edits)
		if why := checkBounds(src, edits); why != "" {
			res.Refused = append(res.Refused, FixRefusal{d, why})
			continue
		}
		if overlaps(accepted, edits) {
			res.Refused = append(res.Refused, FixRefusal{d, "it overlaps another fix applied first"})
			continue
		}
		if why := verify(path, src, d, edits, opts); why != "" {
			res.Refused = append(res.Refused, FixRefusal{d, why})
			continue
		}
		accepted = append(accepted, edits...)
		res.Applied = append(res.Applied, d)
	}
	if len(accepted) == 0 {
		return res
	}
	out := apply(src, sortedEdits(accepted))
	if why := sameShape(path, src, out, opts); why != "" {
		for _, d := range res.Applied {
			res.Refused = append(res.Refused, FixRefusal{d, "together with the other fixes " + why})
		}
		res.Applied = nil
		return res
	}
	res.Src = out
	return res
}

func sortedEdits(in []diag.Edit) []diag.Edit {
	out := append([]diag.Edit(nil), in...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Range.Start.Offset < out[j].Range.Start.Offset })
	return out
}

// checkBounds refuses edits outside src, backwards, or overlapping one
// another (edits sorted).
func checkBounds(src []byte, edits []diag.Edit) string {
	for i, e := range edits {
		s, t := e.Range.Start.Offset, e.Range.End.Offset
		if s < 0 || t < s || t > len(src) {
			return fmt.Sprintf("its edit %d..%d is outside the file", s, t)
		}
		if i > 0 && s < edits[i-1].Range.End.Offset {
			return "its edits overlap one another"
		}
	}
	return ""
}

// overlaps reports whether any edit of b overlaps (or inserts at the same
// place as) an edit of a.
func overlaps(a, b []diag.Edit) bool {
	for _, x := range a {
		for _, y := range b {
			xs, xe, ys, ye := x.Range.Start.Offset, x.Range.End.Offset, y.Range.Start.Offset, y.Range.End.Offset
			if xs < ye && ys < xe || xs == ys {
				return true
			}
		}
	}
	return false
}

// apply replaces each edit's file range by its FileText (edits sorted and
// not overlapping).
func apply(src []byte, edits []diag.Edit) []byte {
	var out []byte
	last := 0
	for _, e := range edits {
		out = append(out, src[last:e.Range.Start.Offset]...)
		out = append(out, e.FileText...)
		last = e.Range.End.Offset
	}
	return append(out, src[last:]...)
}

// sameShape checks that out reads as an xl.cfg with as many disk specs as
// src.
func sameShape(path string, src, out []byte, opts domain.Options) string {
	f0, err := xlcfg.ParseWith(path, src, opts)
	if err != nil {
		return "the file does not read as an xl.cfg before the fix"
	}
	f1, err := xlcfg.ParseWith(path, out, opts)
	if err != nil {
		return "the fixed file would not read as an xl.cfg: " + err.Error()
	}
	s0, _ := f0.DiskSpecs()
	s1, _ := f1.DiskSpecs()
	if len(s0) != len(s1) {
		return fmt.Sprintf("the fixed file would have %d disk specs instead of %d", len(s1), len(s0))
	}
	return ""
}

// verify applies one finding's edits alone and checks that the file reads
// back as promised; it returns why not, or "".
func verify(path string, src []byte, d diag.Diagnostic, edits []diag.Edit, opts domain.Options) string {
	out := apply(src, edits)
	if why := sameShape(path, src, out, opts); why != "" {
		return why
	}
	f0, _ := xlcfg.ParseWith(path, src, opts)
	f1, _ := xlcfg.ParseWith(path, out, opts)
	s0, _ := f0.DiskSpecs()
	s1, _ := f1.DiskSpecs()
	// Every edit of a disk spec must lie inside one spec string, with a
	// span in its decoded text.
	touched := map[int][]diag.Edit{}
	for _, e := range edits {
		if e.Range.Disk < 0 && !e.Range.Span.Valid() {
			continue // an edit of the file outside any disk spec
		}
		k := specAt(s0, e.Range.Start.Offset, e.Range.End.Offset)
		if k < 0 {
			return "its edit is not inside a disk spec string"
		}
		if sp := e.Range.Span; !sp.Valid() || sp.Frag != 0 || sp.End() > len(s0[k].Spec) {
			return "its edit has no span in the spec"
		}
		touched[k] = append(touched[k], e)
	}
	for k, mine := range touched {
		// Edits are sorted by file offset, so by span offset within one
		// spec: apply them from the last, through the original offsets.
		want := s0[k].Spec
		for i := len(mine) - 1; i >= 0; i-- {
			sp := mine[i].Range.Span
			want = want[:sp.Offset] + mine[i].Text + want[sp.End():]
		}
		if s1[k].Spec != want {
			return fmt.Sprintf("the fixed spec would read %q, not the promised %q", s1[k].Spec, want)
		}
		if _, err := diskspec.ParseWith(opts, want); err != nil {
			if l := diskspec.AsList(err); l != nil {
				for _, pd := range l {
					if pd.Rule == d.Rule {
						return fmt.Sprintf("the fixed spec %q still has %s", want, d.Rule)
					}
				}
			}
		}
	}
	return ""
}

// specAt returns the index of the spec whose string holds the file range
// [start, end), or -1.
func specAt(specs []xlcfg.DiskSpec, start, end int) int {
	for i, ds := range specs {
		if ds.Value.Kind == xlcfg.String && ds.Value.Pos.Offset < start && end < ds.Value.End.Offset {
			return i
		}
	}
	return -1
}
