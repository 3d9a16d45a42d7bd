package diag

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// RuleID is a registered rule's stable id ("XLD101"). Only Register makes
// one (and ParseRuleID finds one), so a diagnostic cannot carry an id the
// catalogue does not know; the zero RuleID is "no rule".
type RuleID struct{ id string }

// String returns the id ("XLD101"), or "" for the zero RuleID.
func (r RuleID) String() string { return r.id }

// IsRegistered reports whether r is in the catalogue.
func (r RuleID) IsRegistered() bool {
	_, ok := catalogue[r.id]
	return ok && r.id != ""
}

// MarshalText renders the id.
func (r RuleID) MarshalText() ([]byte, error) { return []byte(r.id), nil }

// UnmarshalText accepts a registered id only.
func (r *RuleID) UnmarshalText(b []byte) error {
	v, ok := ParseRuleID(string(b))
	if !ok {
		return fmt.Errorf("unknown rule %q", b)
	}
	*r = v
	return nil
}

// Rule describes one rule of the catalogue.
type Rule struct {
	// ID is the stable id, "XLD" and three digits. Ranges: XLD0xx disk-spec
	// syntax (diskspec), XLD1xx vdevs and backends (validate), XLD2xx
	// device model emulation (validate), XLD3xx whole-config rules (xlcfg,
	// lint).
	ID string
	// Severity is the default severity.
	Severity Severity
	// Summary is a one-line title.
	Summary string
	// Why explains why the rule exists, and where libxl or QEMU enforces it.
	Why string
	// Bad is an example that triggers the rule (a disk spec, or for XLD3xx
	// an xl.cfg snippet); Good is a close example that does not.
	Bad, Good string
}

// MarshalJSON writes the rule with its id and severity as strings.
func (r Rule) MarshalJSON() ([]byte, error) {
	type plain struct {
		ID, Severity, Summary, Why, Bad, Good string
	}
	return json.Marshal(plain{r.ID, r.Severity.String(), r.Summary, r.Why, r.Bad, r.Good})
}

var catalogue = map[string]Rule{}

// Register adds a rule to the catalogue and returns its id. It panics on a
// malformed or duplicate id: that is a programming error in a package
// variable's initializer, caught when the package is first loaded by any
// test. Call it from package-level variable declarations only: the
// catalogue is read afterwards without locking.
func Register(r Rule) RuleID {
	if len(r.ID) != 6 || !strings.HasPrefix(r.ID, "XLD") || strings.Trim(r.ID[3:], "0123456789") != "" {
		panic("diag: malformed rule id " + r.ID)
	}
	if _, dup := catalogue[r.ID]; dup {
		panic("diag: duplicate rule id " + r.ID)
	}
	catalogue[r.ID] = r
	return RuleID{r.ID}
}

// Lookup returns the registered rule with this id.
func Lookup(id RuleID) (Rule, bool) {
	r, ok := catalogue[id.id]
	return r, ok && id.id != ""
}

// ParseRuleID finds a registered rule by its id ("XLD101"; case is
// ignored).
func ParseRuleID(s string) (RuleID, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if _, ok := catalogue[s]; ok {
		return RuleID{s}, true
	}
	return RuleID{}, false
}

// Catalogue returns every registered rule, ordered by id.
func Catalogue() []Rule {
	out := make([]Rule, 0, len(catalogue))
	for _, r := range catalogue {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

var unregistered struct {
	sync.Mutex
	n int
}

func noteUnregistered(RuleID) {
	unregistered.Lock()
	unregistered.n++
	unregistered.Unlock()
}

// Unregistered returns how many diagnostics were built by New with a rule
// that is not registered (the zero RuleID) since the program started.
// Every package's tests check that it stays 0.
func Unregistered() int {
	unregistered.Lock()
	defer unregistered.Unlock()
	return unregistered.n
}
