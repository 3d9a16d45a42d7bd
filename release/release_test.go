package release

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Version
		ok   bool
	}{
		{"4.17", Xen417, true}, {"4.20.1", Xen420, true}, {"xen-4.22", Xen422, true},
		{"RELEASE-4.19.0", Xen419, true}, {" 4.21 ", Xen421, true},
		{"4.16", Version{}, false}, {"4.23", Version{}, false}, {"4", Version{}, false},
		{"4.x", Version{}, false}, {"", Version{}, false}, {"5.0", Version{}, false},
	} {
		got, err := Parse(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "4.17, 4.18") {
			t.Errorf("Parse(%q) error %q does not list the known releases", tt.in, err)
		}
	}
}

func TestParseSetAndFormatSet(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"4.17,4.20", "4.17, 4.20"},
		{"4.20,4.17,4.20", "4.17, 4.20"},
		{"4.17-4.19", "4.17-4.19"},
		{"4.19-", "4.19-4.22"},
		{"-4.18", "4.17-4.18"},
		{"all", "4.17-4.22"},
		{"4.17,4.19-4.20,4.22", "4.17, 4.19-4.20, 4.22"},
	} {
		vs, err := ParseSet(tt.in)
		if err != nil {
			t.Errorf("ParseSet(%q): %v", tt.in, err)
			continue
		}
		if got := FormatSet(vs); got != tt.want {
			t.Errorf("FormatSet(ParseSet(%q)) = %q, want %q", tt.in, got, tt.want)
		}
		back, err := ParseSet(strings.ReplaceAll(FormatSet(vs), " ", ""))
		if err != nil || FormatSet(back) != tt.want {
			t.Errorf("ParseSet(FormatSet(%q)) = %v, %v", tt.in, back, err)
		}
	}
	for _, bad := range []string{"", "4.20-4.17", "4.17,4.99", "x-4.20"} {
		if vs, err := ParseSet(bad); err == nil {
			t.Errorf("ParseSet(%q) = %v, want an error", bad, vs)
		}
	}
}

func TestVersionOrder(t *testing.T) {
	if (Version{}).String() != Default.String() || !(Version{}).IsZero() {
		t.Errorf("the zero Version is not Default")
	}
	known := Known()
	for i := 1; i < len(known); i++ {
		if !known[i-1].Less(known[i]) || known[i].Less(known[i-1]) || !known[i].AtLeast(known[i-1]) {
			t.Errorf("%v and %v are out of order", known[i-1], known[i])
		}
	}
	var v Version
	if err := v.UnmarshalText([]byte("4.18")); err != nil || v != Xen418 {
		t.Errorf("UnmarshalText = %v, %v", v, err)
	}
	if b, _ := Xen420.MarshalText(); string(b) != "4.20" {
		t.Errorf("MarshalText = %q", b)
	}
}

// TestTable: every feature has an entry with a known release and at least
// one upstream commit, and Has follows Since.
func TestTable(t *testing.T) {
	for f := Feature(0); f < numFeatures; f++ {
		c := Table[f]
		if c.Feature != f || c.Name == "" || c.What == "" || len(c.Commits) == 0 {
			t.Errorf("feature %d: incomplete entry %+v", f, c)
		}
		if _, err := Parse(c.Since.String()); err != nil {
			t.Errorf("%s: since %v, not a known release", c.Name, c.Since)
		}
		for _, h := range c.Commits {
			if len(h) < 10 || strings.Trim(h, "0123456789abcdef") != "" {
				t.Errorf("%s: %q is not an abbreviated commit hash", c.Name, h)
			}
		}
		for _, v := range Known() {
			if v.Has(f) != v.AtLeast(c.Since) {
				t.Errorf("%v.Has(%s) = %v, since %v", v, c.Name, v.Has(f), c.Since)
			}
		}
	}
	if Xen417.Has(numFeatures) || Xen417.Has(-1) {
		t.Errorf("Has of an unknown feature is true")
	}
}
