// Package xlfmt rewrites xl.cfg files: Format puts every disk spec into
// diskspec's canonical keyword form (what "xldisk fmt" does), and Fix
// applies the machine-applicable suggestions of findings (what
// "xldisk lint --fix" does). Both keep every other byte of the file and
// check that what they write reads back as promised.
package xlfmt

import (
	"errors"
	"fmt"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/xlcfg"
)

// Format rewrites every disk spec of an xl.cfg file into the canonical
// keyword form (diskspec.Disk.Canonical), keeping every other byte of the
// file and each spec's quote character. A spec that does not parse, or
// whose canonical form would not give an equal disk, is left alone and
// reported: for a spec that does not parse, its first parse error, located
// in the file through the string's quotes and escapes as lint's findings
// are; otherwise a diskspec.RuleUnformattable diagnostic at the spec. Callers
// should then not write the result. An
// error means the file itself cannot be read as an xl.cfg. Specs are read
// as the libxlu of opts.Release() reads them (and the file within
// opts.Limits). Format is idempotent: Format of its output returns it
// unchanged.
func Format(path string, src []byte, opts domain.Options) ([]byte, diag.List, error) {
	f, err := xlcfg.ParseWith(path, src, opts)
	if err != nil {
		return nil, nil, err
	}
	specs, err := f.DiskSpecs()
	if err != nil {
		return nil, nil, err
	}
	var out []byte
	var refusals diag.List
	last := 0
	for _, ds := range specs {
		lit, err := canonicalLiteral(ds, opts)
		if err != nil {
			var pe *parseError
			if errors.As(err, &pe) {
				refusals = append(refusals, ds.Locate(pe.d))
			} else {
				refusals = append(refusals, diag.New(diskspec.RuleUnformattable, ds.Range(diag.NoSpan),
					"disk spec %q is left as it is: %v", ds.Spec, err))
			}
			continue
		}
		if lit == ds.Value.Raw {
			continue
		}
		out = append(out, src[last:ds.Value.Pos.Offset]...)
		out = append(out, lit...)
		last = ds.Value.End.Offset
	}
	out = append(out, src[last:]...)
	return out, refusals, nil
}

// parseError is the refusal of a spec that does not parse: its first
// parse error.
type parseError struct{ d diag.Diagnostic }

func (e *parseError) Error() string { return e.d.Error() }

// canonicalLiteral returns the quoted canonical form of a spec, checked to
// read back (through libxlu's string rules and the disk parser) as an
// equal disk.
func canonicalLiteral(ds xlcfg.DiskSpec, opts domain.Options) (string, error) {
	if ds.Value.Kind != xlcfg.String {
		return "", fmt.Errorf("it is a number, not a quoted string")
	}
	p, err := diskspec.ParseWith(opts, ds.Spec)
	if err != nil {
		if l := diskspec.AsList(err); len(l) > 0 {
			return "", &parseError{l[0]}
		}
		return "", fmt.Errorf("it does not parse: %v", err)
	}
	d := p.Disk
	canon, err := d.Canonical()
	if err != nil {
		return "", err
	}
	lit := xlcfg.Quote(canon, ds.Value.Quote)
	if err := readsBack(lit, canon); err != nil {
		return "", err
	}
	again, err := diskspec.ParseWith(opts, canon)
	if err != nil {
		return "", fmt.Errorf("its canonical form %q does not parse: %v", canon, err)
	}
	if a, b := again.Disk.String(), d.String(); a != b {
		return "", fmt.Errorf("its canonical form %q gives a different disk", canon)
	}
	return lit, nil
}

// readsBack checks that the xl.cfg string literal lit decodes to s.
func readsBack(lit, s string) error {
	back, err := xlcfg.Parse("", []byte("x = "+lit+"\n"))
	if err != nil || len(back.Settings) != 1 || back.Settings[0].Value.Str != s {
		return fmt.Errorf("%q cannot be quoted faithfully", s)
	}
	return nil
}
