package diskspec_test

import (
	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
	"github.com/xldisk/xldisk/release"
)

// xlFor returns what `xl -N block-attach 0 FRAGS...` of Xen release v
// prints on stdout and stderr, and its exit status, by our parser.
func xlFor(v release.Version, frags []string) (stdout, stderr string, rc int) {
	p, err := diskspec.ParseWith(domain.Options{Xen: v}, frags...)
	if err != nil {
		if diskspec.AsList(err) == nil {
			return "", "not a diag.List: " + err.Error() + "\n", 1
		}
		return "", diskspec.Report("command line", frags, err), 1
	}
	j, err := p.Disk.MarshalLibxlJSONFor(v)
	if err != nil {
		return "", "MarshalLibxlJSONFor: " + err.Error() + "\n", 0
	}
	return "disk: " + string(j) + "\n", "", 0
}

// flatErr is a parse diagnostic flattened for comparison.
type flatErr struct {
	Frag, Offset, Len int
	Rule, Msg, Near   string
}

// flatten returns the diagnostics of err; Near is the text libxlu quotes
// (the span's text; nothing for the whole-disk errors and the limits).
func flatten(frags []string, err error) []flatErr {
	var out []flatErr
	for _, d := range diskspec.AsList(err) {
		s := d.Span()
		near := ""
		if d.Rule != diskspec.RuleNoVdev && d.Rule != diskspec.RuleNoTarget && d.Rule != diskspec.RuleLimits &&
			s.Frag >= 0 && s.Frag < len(frags) && s.End() <= len(frags[s.Frag]) {
			near = frags[s.Frag][s.Offset:s.End()]
		}
		out = append(out, flatErr{s.Frag, s.Offset, s.Len, d.Rule.String(), d.Message, near})
	}
	return out
}

// edits returns the machine-applicable edits of the first diagnostic.
func edits(err error) []diag.Edit {
	l := diskspec.AsList(err)
	if len(l) == 0 || l[0].Suggestion == nil {
		return nil
	}
	return l[0].Suggestion.Edits
}
