package diskspec

import (
	"errors"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// AsList extracts the diagnostics from an error returned by this package
// (a diag.List, or a single diag.Diagnostic), or nil.
func AsList(err error) diag.List {
	var l diag.List
	if errors.As(err, &l) {
		return l
	}
	var d diag.Diagnostic
	if errors.As(err, &d) {
		return diag.List{d}
	}
	return nil
}

// quotesText reports whether libxlu's report of a diagnostic of rule r
// quotes the text it is about ("near `TEXT'"). The whole-disk errors and
// xldisk's own limits quote nothing.
func quotesText(r diag.RuleID) bool {
	return r != RuleNoVdev && r != RuleNoTarget && r != RuleLimits
}

// Report returns exactly what libxlu writes to its report stream (xl's
// stderr) for the errors of a parse of frags, one line per disk-spec
// diagnostic in err:
//
//	SOURCE: config parsing error in disk specification: MESSAGE: near `TEXT' in `SPEC'
//
// source is the config source name ("command line" for xl block-attach;
// the file name for a config file); TEXT is the text of the diagnostic's
// span and SPEC the fragment it is in ("(null)" when there were no
// fragments). Diagnostics of other packages' rules are left out.
func Report(source string, frags []string, err error) string {
	var b strings.Builder
	for _, d := range AsList(err) {
		if !isSpecRule(d.Rule) {
			continue
		}
		sp := d.Span()
		spec := "(null)"
		if sp.Frag >= 0 && sp.Frag < len(frags) {
			spec = frags[sp.Frag]
		}
		b.WriteString(source)
		b.WriteString(": config parsing error in disk specification: ")
		b.WriteString(d.Message)
		if quotesText(d.Rule) {
			b.WriteString(": near `")
			b.WriteString(nearText(d, spec))
			b.WriteString("'")
		}
		b.WriteString(" in `")
		b.WriteString(spec)
		b.WriteString("'\n")
	}
	return b.String()
}

// nearText is the text libxlu quotes: the span's text, except that a
// script respecified by a deprecated prefix (nbd:) quotes the script it
// would have set (block-nbd).
func nearText(d diag.Diagnostic, spec string) string {
	sp := d.Span()
	if sp.Offset < 0 || sp.End() > len(spec) {
		return ""
	}
	t := spec[sp.Offset:sp.End()]
	if d.Rule == RuleRespecified && d.Message == "script respecified" && sp.End() < len(spec) && spec[sp.End()] == ':' {
		return "block-" + t
	}
	return t
}

// isSpecRule reports whether r is one of this package's rules.
func isSpecRule(r diag.RuleID) bool {
	switch r {
	case RuleBadSyntax, RuleUnknownParam, RuleUnknownPrefix, RuleFormat, RuleAccess, RuleBackendtype,
		RuleSpecification, RuleDevtype, RuleColoPort, RuleRespecified, RuleTooManyPositional,
		RuleNoVdev, RuleNoTarget, RuleColoParams, RuleLimits:
		return true
	}
	return false
}
