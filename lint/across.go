package lint

import (
	"strconv"
	"strings"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// ConfigAcross lints the file for each of several Xen releases (opts.Xen
// is replaced by each in turn) and merges the results: a finding every
// release reports is listed once with Releases nil; a finding only some
// releases report carries them in Releases. A disk that libxl accepts on
// some of the releases and refuses on others also gets a portability
// finding (RulePortability) naming both sets. With fewer than two
// releases it is Config.
func ConfigAcross(path string, src []byte, opts domain.Options, releases []release.Version) Result {
	if len(releases) == 0 {
		return Config(path, src, opts)
	}
	if len(releases) == 1 {
		opts.Xen = releases[0]
		return Config(path, src, opts)
	}
	type seen struct {
		d    diag.Diagnostic
		rels []release.Version
	}
	var order []string
	byKey := map[string]*seen{}
	failing := map[int][]release.Version{} // disk -> releases where it has an error
	disks := map[int]*diag.Range{}
	var merged Result
	var judged domain.Options // the last release's, with the file's guest type
	for _, v := range releases {
		opts.Xen = v
		r := Config(path, src, opts)
		if r.Err != nil {
			r.Releases = releases
			return r
		}
		merged.Suppressed += r.Suppressed
		judged = r.Options
		failed := map[int]bool{}
		for _, d := range r.Diags {
			k := key(d)
			s, ok := byKey[k]
			if !ok {
				s = &seen{d: d}
				byKey[k] = s
				order = append(order, k)
			}
			s.rels = append(s.rels, v)
			if d.Range != nil && d.Range.Disk >= 0 && d.Severity == diag.Error {
				if !failed[d.Range.Disk] {
					failed[d.Range.Disk] = true
					failing[d.Range.Disk] = append(failing[d.Range.Disk], v)
				}
				if _, ok := disks[d.Range.Disk]; !ok {
					disks[d.Range.Disk] = d.Range
				}
			}
		}
	}
	merged.Path, merged.Src, merged.Releases = path, src, releases
	merged.Options = judged
	merged.Suppressed /= len(releases)
	for _, k := range order {
		s := byKey[k]
		d := s.d
		if len(s.rels) < len(releases) {
			d.Releases = s.rels
		}
		merged.Diags = append(merged.Diags, d)
	}
	for disk, bad := range failing {
		if len(bad) == len(releases) {
			continue
		}
		var good []release.Version
		for _, v := range releases {
			if !contains(bad, v) {
				good = append(good, v)
			}
		}
		r := *disks[disk]
		d := diag.New(RulePortability, &r, "disk %d works on Xen %s but libxl or QEMU refuses it on %s", disk,
			release.FormatSet(good), release.FormatSet(bad))
		d.Releases = bad
		merged.Diags = append(merged.Diags, d.Suggest("use only what every release you run knows, or judge with --xen for one release"))
	}
	Sort(merged.Diags)
	return merged
}

func contains(vs []release.Version, v release.Version) bool {
	for _, w := range vs {
		if w == v {
			return true
		}
	}
	return false
}

// key identifies a finding across releases: rule, place and message.
func key(d diag.Diagnostic) string {
	var b strings.Builder
	b.WriteString(d.Rule.String())
	if d.Range != nil {
		b.WriteString("@" + strconv.Itoa(d.Range.Start.Offset) + "-" + strconv.Itoa(d.Range.End.Offset))
	}
	b.WriteString(":" + d.Message)
	return b.String()
}
