package lint

import (
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/xlcfg"
)

// This file is lint's one contact with the readers' results: the xl.cfg
// file and each disk spec.

// readConfig reads src as xl does. A file libxlu refuses gives a nil file
// and its syntax error; libxlu's quirks come as diagnostics; err is set
// when src cannot be read at all.
func readConfig(path string, src []byte, opts domain.Options) (*xlcfg.File, diag.List, error) {
	f, err := xlcfg.ParseWith(path, src, opts)
	if err != nil {
		if l := diag.AsList(err); l != nil {
			return nil, l, nil
		}
		return nil, nil, err
	}
	return f, append(diag.List(nil), f.Quirks...), nil
}

// diskSpecs returns the file's disk specs, or the finding that disk is a
// single value rather than a list.
func diskSpecs(f *xlcfg.File) ([]xlcfg.DiskSpec, diag.List) {
	specs, err := f.DiskSpecs()
	if err != nil {
		if l := diag.AsList(err); l != nil {
			return nil, l
		}
	}
	return specs, nil
}

// parseSpec parses one disk spec for the options' release; a refused
// spec gives its diagnostics.
func parseSpec(spec string, opts domain.Options) (*diskspec.Parsed, diag.List) {
	p, err := diskspec.ParseWith(opts, spec)
	if err == nil {
		return p, nil
	}
	if l := diskspec.AsList(err); len(l) > 0 {
		return nil, l
	}
	return nil, diag.List{diag.New(diskspec.RuleBadSyntax, nil, "%v", err)}
}

// fileRange is the range from start to end in path, in no disk spec.
func fileRange(path string, start, end xlcfg.Position) *diag.Range {
	return diag.InFile(path, start.Diag(), end.Diag())
}
