package config

import (
	"fmt"
	"strings"

	"github.com/xldisk/xldisk/diag"
)

// Filter decides which findings are reported and with which severity:
// the levels of a configuration file, then the command line's --select
// and --ignore, which win over it.
type Filter struct {
	// Levels are the configuration file's rules: off drops a rule's
	// findings, a severity replaces the rule's.
	Levels map[diag.RuleID]Level
	// Select, when not empty, keeps the findings of these rules only (a
	// selected rule is reported even when Levels turns it off).
	Select []diag.RuleID
	// Ignore drops the findings of these rules.
	Ignore []diag.RuleID
}

// ParseRuleList reads a comma- or space-separated list of rule ids
// ("XLD310,XLD311") or id prefixes ("XLD2": every XLD2xx rule). Each item
// must name at least one registered rule.
func ParseRuleList(s string) ([]diag.RuleID, error) {
	var out []diag.RuleID
	seen := map[diag.RuleID]bool{}
	items := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	if len(items) == 0 {
		return nil, fmt.Errorf("empty rule list")
	}
	for _, it := range items {
		it = strings.ToUpper(it)
		var found []diag.RuleID
		for _, r := range diag.Catalogue() {
			if strings.HasPrefix(r.ID, it) && strings.HasPrefix(it, "XLD") {
				id, _ := diag.ParseRuleID(r.ID)
				found = append(found, id)
			}
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("unknown rule %q (see xldisk rules)", it)
		}
		for _, id := range found {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

func in(ids []diag.RuleID, id diag.RuleID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// Apply returns the findings of l that the filter keeps, with their
// severities as configured; l itself is not changed.
func (f Filter) Apply(l diag.List) diag.List {
	var out diag.List
	for _, d := range l {
		if len(f.Select) > 0 && !in(f.Select, d.Rule) {
			continue
		}
		if in(f.Ignore, d.Rule) {
			continue
		}
		if lv, ok := f.Levels[d.Rule]; ok {
			if lv.Off && !in(f.Select, d.Rule) {
				continue
			}
			if !lv.Off {
				d.Severity = lv.Severity
			}
		}
		out = append(out, d)
	}
	return out
}
