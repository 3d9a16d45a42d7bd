// Package release names the Xen releases xldisk follows (4.17 to 4.22) and
// holds the one table of everything about disks that differs between them:
// each entry says which release introduced the behaviour and cites the
// upstream xen.git commit that made it. Nothing else in xldisk asks which
// release it judges for; every package asks this table through Version.Has.
package release

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Xen release, major and minor ("4.20"). The zero value means
// Default.
type Version struct {
	// Major and Minor are the release numbers: 4 and 20 for Xen 4.20.
	Major, Minor int
}

// The releases xldisk knows, oldest first.
var (
	Xen417 = Version{4, 17}
	Xen418 = Version{4, 18}
	Xen419 = Version{4, 19}
	Xen420 = Version{4, 20}
	Xen421 = Version{4, 21}
	Xen422 = Version{4, 22}
)

// Known lists the releases xldisk knows, oldest first.
func Known() []Version { return []Version{Xen417, Xen418, Xen419, Xen420, Xen421, Xen422} }

// Default is the release judged when none is given: the newest known one.
var Default = Xen422

// Or returns v, or Default when v is the zero Version.
func (v Version) Or() Version {
	if v == (Version{}) {
		return Default
	}
	return v
}

// IsZero reports whether v is the zero Version (meaning Default).
func (v Version) IsZero() bool { return v == Version{} }

// String returns "4.20" (the zero Version prints as Default does).
func (v Version) String() string {
	v = v.Or()
	return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor)
}

// Less reports whether v is older than w (zero means Default).
func (v Version) Less(w Version) bool {
	v, w = v.Or(), w.Or()
	if v.Major != w.Major {
		return v.Major < w.Major
	}
	return v.Minor < w.Minor
}

// AtLeast reports whether v is w or newer.
func (v Version) AtLeast(w Version) bool { return !v.Less(w) }

// Parse reads a release such as "4.20" (also "4.20.1" or "xen-4.20": the
// point release and a "xen-" or "RELEASE-" prefix are accepted and
// ignored). Only known releases are accepted; the error lists them.
func Parse(s string) (Version, error) {
	t := strings.TrimSpace(s)
	for _, p := range []string{"RELEASE-", "xen-", "Xen-", "xen", "Xen"} {
		t = strings.TrimPrefix(t, p)
	}
	parts := strings.Split(t, ".")
	if len(parts) >= 2 && len(parts) <= 3 {
		maj, err1 := strconv.Atoi(parts[0])
		min, err2 := strconv.Atoi(parts[1])
		if err1 == nil && err2 == nil {
			v := Version{maj, min}
			for _, k := range Known() {
				if k == v {
					return v, nil
				}
			}
		}
	}
	return Version{}, fmt.Errorf("unknown Xen release %q (known: %s)", s, knownList())
}

func knownList() string {
	var b strings.Builder
	for i, k := range Known() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.String())
	}
	return b.String()
}

// ParseSet reads a comma-separated list of releases and ranges
// ("4.17,4.20", "4.17-4.22", "4.19-", "-4.18", "all") into the known
// releases it names, oldest first, without repeats.
func ParseSet(s string) ([]Version, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("empty Xen release list (known: %s)", knownList())
	}
	in := map[Version]bool{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "all" {
			for _, k := range Known() {
				in[k] = true
			}
			continue
		}
		lo, hi, isRange := strings.Cut(item, "-")
		if !isRange || strings.HasPrefix(item, "xen-") || strings.HasPrefix(item, "RELEASE-") {
			v, err := Parse(item)
			if err != nil {
				return nil, err
			}
			in[v] = true
			continue
		}
		from, to := Known()[0], Known()[len(Known())-1]
		var err error
		if strings.TrimSpace(lo) != "" {
			if from, err = Parse(lo); err != nil {
				return nil, err
			}
		}
		if strings.TrimSpace(hi) != "" {
			if to, err = Parse(hi); err != nil {
				return nil, err
			}
		}
		if to.Less(from) {
			return nil, fmt.Errorf("empty Xen release range %q", item)
		}
		for _, k := range Known() {
			if k.AtLeast(from) && !to.Less(k) {
				in[k] = true
			}
		}
	}
	var out []Version
	for _, k := range Known() {
		if in[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

// FormatSet renders releases as ParseSet reads them, collapsing runs of
// consecutive known releases into ranges ("4.17-4.18, 4.20").
func FormatSet(vs []Version) string {
	known := Known()
	idx := map[Version]int{}
	for i, k := range known {
		idx[k] = i
	}
	var parts []string
	for i := 0; i < len(vs); {
		j := i
		for j+1 < len(vs) && idx[vs[j+1].Or()] == idx[vs[j].Or()]+1 {
			j++
		}
		if j == i {
			parts = append(parts, vs[i].String())
		} else {
			parts = append(parts, vs[i].String()+"-"+vs[j].String())
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// MarshalText renders the version as String does.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText parses the version as Parse does.
func (v *Version) UnmarshalText(b []byte) error {
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}
