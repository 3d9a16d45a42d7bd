package validate

import (
	"regexp"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
)

// snippet reads the tiny xl.cfg snippets of the catalogue: type, hdtype and
// the disk list.
func snippet(t *testing.T, cfg string) (Options, []*diskspec.Parsed) {
	t.Helper()
	var opts Options
	var disks []*diskspec.Parsed
	item := regexp.MustCompile(`'([^']*)'`)
	for _, line := range strings.Split(cfg, "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("bad snippet line %q", line)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "type":
			opts.HVM = v == `"hvm"`
		case "hdtype":
			opts.HDType = strings.Trim(v, `"`)
		case "disk":
			for _, m := range item.FindAllStringSubmatch(v, -1) {
				p, err := diskspec.ParseDetailed(m[1])
				if err != nil {
					t.Fatalf("snippet disk %q: %v", m[1], err)
				}
				disks = append(disks, p)
			}
		default:
			t.Fatalf("unknown snippet key %q", k)
		}
	}
	if len(disks) == 0 {
		t.Fatalf("snippet %q has no disk", cfg)
	}
	return opts, disks
}

// ruleOptions are the options some rules need beyond the snippet: a real
// host, the 2015 dialect, block-attach.
var ruleOptions = map[string]func(*Options){
	RuleVirtioHotplug:  func(o *Options) { o.Hotplug = true },
	RuleStatFailed:     func(o *Options) { o.Host = OSHost },
	RuleNotBlockOrFile: func(o *Options) { o.Host = OSHost; o.Dialect = Dialect2015 },
}

// TestCatalogue checks every rule of this package end to end: its Bad
// example triggers it, its Good example does not.
func TestCatalogue(t *testing.T) {
	n := 0
	for _, r := range diag.Catalogue() {
		if !(strings.HasPrefix(r.ID, "XLD1") || r.ID >= "XLD200" && r.ID < "XLD240") {
			continue
		}
		n++
		if r.Summary == "" || r.Why == "" || r.Bad == "" || r.Good == "" {
			t.Errorf("%s: incomplete catalogue entry", r.ID)
		}
		for _, ex := range []struct {
			cfg  string
			want bool
		}{{r.Bad, true}, {r.Good, false}} {
			opts, disks := snippet(t, ex.cfg)
			if f := ruleOptions[r.ID]; f != nil {
				f(&opts)
			}
			_, diags := Domain(disks, opts)
			got := false
			for _, d := range diags {
				if d.Rule == r.ID {
					got = true
					if d.Severity != r.Severity {
						t.Errorf("%s: severity %v, catalogue says %v", r.ID, d.Severity, r.Severity)
					}
				}
			}
			if got != ex.want {
				t.Errorf("%s: example %q: rule fired = %v, want %v; diagnostics:\n%v", r.ID, ex.cfg, got, ex.want, diags)
			}
		}
	}
	if n < 25 {
		t.Errorf("only %d validate rules registered", n)
	}
}
