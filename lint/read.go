package lint

import (
	"errors"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/xlcfg"
)

// This file is lint's one contact with the xl.cfg reader's error types:
// it turns a refused file and libxlu's quirks into diagnostics.

// readConfig reads src as xl does. A file libxlu refuses gives a nil
// file and its syntax error; quirks come as diagnostics; err is set when
// src cannot be read at all.
func readConfig(path string, src []byte, opts domain.Options) (*xlcfg.File, diag.List, error) {
	lim := opts.Limits.OrDefault()
	f, err := xlcfg.ParseLimits(path, src, xlcfg.Limits{MaxFileSize: lim.MaxFileSize, MaxDepth: lim.MaxDepth, MaxListLen: lim.MaxListLen})
	if err != nil {
		var e *xlcfg.Error
		if !errors.As(err, &e) {
			return nil, nil, err
		}
		end := e.Pos
		if end.Offset < len(src) && src[end.Offset] != '\n' {
			end.Offset++
			end.Column++
		}
		return nil, diag.List{diag.New(RuleSyntax, fileRange(path, e.Pos, end), "%s", e.Msg)}, nil
	}
	var quirks diag.List
	for _, q := range f.Quirks {
		rule := RuleOctalEscape
		if q.Kind == xlcfg.QuirkStrayLastByte {
			rule = RuleStrayByte
		}
		end := q.Pos
		end.Offset += q.Len
		end.Column += q.Len
		quirks = append(quirks, diag.New(rule, fileRange(path, q.Pos, end), "%s", q.Msg))
	}
	return f, quirks, nil
}

// diskSpecs returns the file's disk specs, and false when disk is a single
// value rather than a list.
func diskSpecs(f *xlcfg.File) ([]xlcfg.DiskSpec, bool) {
	specs, err := f.DiskSpecs()
	return specs, err == nil
}

// pos converts a reader position to a diagnostic position.
func pos(p xlcfg.Position) diag.Pos {
	return diag.Pos{Line: p.Line, Column: p.Column, Offset: p.Offset}
}

// fileRange is the range from start to end in path, in no disk spec.
func fileRange(path string, start, end xlcfg.Position) *diag.Range {
	return diag.InFile(path, pos(start), pos(end))
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
