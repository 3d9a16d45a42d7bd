package lint

import (
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/qemuargs"
	"github.com/xldisk/xldisk/validate"
	"github.com/xldisk/xldisk/xlcfg"
)

// validate runs libxl's per-disk and per-domain rules (validate.Domain)
// and, for an HVM guest, renders the QEMU arguments (qemuargs) to report
// what QEMU would not see or would refuse. specs[i] is where parsed[i]
// came from.
func (l *linter) validate(parsed []*diskspec.Parsed, specs []xlcfg.DiskSpec, vopts validate.Options) {
	if len(parsed) == 0 {
		return
	}
	results, all := validate.Domain(parsed, vopts)
	seen := map[string]bool{}
	l.addDisks(all, specs, seen)
	if !vopts.HVM {
		return
	}
	// QEMU sees the disks with the backend libxl chose.
	resolved, index := validate.Resolve(parsed, results)
	qopts := qemuargs.Options{Stubdom: l.stubdom(), ColoSide: vopts.ColoSide}
	if vopts.HDType == "ahci" {
		qopts.HDType = qemuargs.HDTypeAHCI
	}
	qopts.Dialect = vopts.Dialect
	res := qemuargs.RenderParsed(resolved, qopts)
	var qd diag.List
	for _, d := range res.Warnings {
		if d.Disk >= 0 && d.Disk < len(index) {
			d.Disk = index[d.Disk]
		}
		qd = append(qd, d)
	}
	l.addDisks(qd, specs, seen)
}

// addDisks locates disk diagnostics in the file; seen drops a repeat of the
// same rule at the same place (validate and qemuargs may both see it).
func (l *linter) addDisks(ds diag.List, specs []xlcfg.DiskSpec, seen map[string]bool) {
	for _, d := range ds {
		var pos, end xlcfg.Position
		disk := -1
		if d.Disk >= 0 && d.Disk < len(specs) {
			ds := specs[d.Disk]
			pos, end = specSpan(ds, d.Span)
			disk = ds.Index
		} else {
			s := l.file.Setting("disk")
			pos, end = s.Value.Pos, s.Value.End
		}
		key := d.Rule + "@" + pos.String() + "-" + end.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		l.addDiag(d, pos, end, disk)
	}
}

// stubdom reports whether the device model runs in a stub domain
// (device_model_stubdomain_override = 1).
func (l *linter) stubdom() bool {
	s, ok := l.file.LookupString("device_model_stubdomain_override")
	return ok && s != "" && s != "0"
}
