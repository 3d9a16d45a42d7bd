package report

import (
	"fmt"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/release"
)

// MergeReleases merges the findings of one file judged against several
// Xen releases: per[i] are the findings for vs[i]. A finding (same rule,
// severity, message, advice and place) found for every release appears
// once with Releases nil; one found for some releases only appears once
// with Releases set to those. The result is sorted (diag.List.Sort).
func MergeReleases(per []diag.List, vs []release.Version) diag.List {
	if len(per) == 1 {
		return per[0]
	}
	type entry struct {
		d  diag.Diagnostic
		in []release.Version
	}
	var order []string
	seen := map[string]*entry{}
	for i, l := range per {
		for _, d := range l {
			k := mergeKey(d)
			e, ok := seen[k]
			if !ok {
				e = &entry{d: d}
				seen[k] = e
				order = append(order, k)
			}
			if n := len(e.in); n == 0 || e.in[n-1] != vs[i] {
				e.in = append(e.in, vs[i])
			}
		}
	}
	out := make(diag.List, 0, len(order))
	for _, k := range order {
		e := seen[k]
		e.d.Releases = nil
		if len(e.in) < len(vs) {
			e.d.Releases = e.in
		}
		out = append(out, e.d)
	}
	out.Sort()
	return out
}

func mergeKey(d diag.Diagnostic) string {
	r := d.Range
	if r == nil {
		r = &diag.Range{Disk: -2}
	}
	return fmt.Sprintf("%s\x00%d\x00%s\x00%s\x00%s\x00%d\x00%v\x00%d\x00%d", d.Rule, d.Severity, d.Message, d.Advice(),
		r.File, r.Disk, r.Span, r.Start.Offset, r.End.Offset)
}
