package validate

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
	"github.com/xldisk/xldisk/diskspec"
	"github.com/xldisk/xldisk/domain"
)

// snippet reads the tiny xl.cfg snippets of the catalogue: type, hdtype,
// device_model_stubdomain_override and the disk list.
func snippet(t *testing.T, cfg string) (domain.Options, []*diskspec.Parsed) {
	t.Helper()
	var opts domain.Options
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
			gt, err := domain.ParseGuestType(strings.Trim(v, `"`))
			if err != nil {
				t.Fatalf("snippet %q: %v", line, err)
			}
			opts.Type = gt
		case "hdtype":
			h, err := domain.ParseHDType(strings.Trim(v, `"`))
			if err != nil {
				t.Fatalf("snippet %q: %v", line, err)
			}
			opts.HDType = h
		case "device_model_stubdomain_override":
			opts.Stubdom = v == "1"
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
// host, the 2015 dialect, block-attach, an older Xen release.
var ruleOptions = map[diag.RuleID]func(*domain.Options){
	RuleVirtioHotplug:  func(o *domain.Options) { o.Hotplug = true },
	RuleStatFailed:     func(o *domain.Options) { o.Host = domain.OSHost },
	RuleNotBlockOrFile: func(o *domain.Options) { o.Host = domain.OSHost; o.Dialect = domain.Dialect2015 },
	RuleDialectStubdom: func(o *domain.Options) { o.Dialect = domain.Dialect2015 },
	RuleReadOnly2015:   func(o *domain.Options) { o.Dialect = domain.Dialect2015 },
	RuleAHCI2015:       func(o *domain.Options) { o.Dialect = domain.Dialect2015 },
	RuleColoIncomplete: func(o *domain.Options) { o.ColoSide = domain.ColoSecondary },
	RuleTargetDir:      func(o *domain.Options) { o.Host = domain.OSHost },
}

// apiOnly are rules no xl.cfg can reach, only a disk built in Go: each
// with the disk that fires it. (diskspec never leaves a disk's format
// unknown.)
var apiOnly = map[diag.RuleID]func() []*diskspec.Parsed{
	RuleNoFormat: func() []*diskspec.Parsed {
		return []*diskspec.Parsed{{Disk: &diskspec.Disk{Vdev: diskspec.Str("hda"), PdevPath: diskspec.Str("/srv/a.img"),
			Format: diskspec.FormatUnknown, Backend: diskspec.BackendQdisk, Readwrite: 1}}}
	},
}

// registeredHere returns the ids of every diag.Register call in the
// package's own (non-test) Go files, read from the source.
func registeredHere(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Register" || len(call.Args) != 1 {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "diag" {
				return true
			}
			lit, ok := call.Args[0].(*ast.CompositeLit)
			if !ok {
				t.Errorf("%s: diag.Register of a non-literal rule", fset.Position(call.Pos()))
				return true
			}
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if k, _ := kv.Key.(*ast.Ident); ok && k != nil && k.Name == "ID" {
					if bl, ok := kv.Value.(*ast.BasicLit); ok {
						id, err := strconv.Unquote(bl.Value)
						if err == nil {
							ids = append(ids, id)
							return true
						}
					}
				}
			}
			t.Errorf("%s: diag.Register without a literal ID", fset.Position(call.Pos()))
			return true
		})
	}
	return ids
}

// TestCatalogue checks every rule this package registers end to end: it
// is in the catalogue, its Bad example triggers it, its Good example does
// not.
func TestCatalogue(t *testing.T) {
	ids := registeredHere(t)
	if len(ids) < 40 {
		t.Errorf("only %d rules registered in validate's sources", len(ids))
	}
	here := map[string]bool{}
	for _, id := range ids {
		here[id] = true
	}
	// XLD1xx and XLD2xx are this package's ranges.
	for _, r := range diag.Catalogue() {
		if (strings.HasPrefix(r.ID, "XLD1") || strings.HasPrefix(r.ID, "XLD2")) && !here[r.ID] {
			t.Errorf("%s is in validate's range but not registered in its sources", r.ID)
		}
	}
	for _, id := range ids {
		rid, ok := diag.ParseRuleID(id)
		if !ok {
			t.Errorf("%s: not in the catalogue", id)
			continue
		}
		r, _ := diag.Lookup(rid)
		if r.Summary == "" || r.Why == "" || r.Bad == "" || r.Good == "" {
			t.Errorf("%s: incomplete catalogue entry", id)
			continue
		}
		if mk := apiOnly[rid]; mk != nil {
			pl := Domain(mk(), domain.Options{Type: domain.HVM})
			if len(pl.Diags) != 1 || pl.Diags[0].Rule != rid {
				t.Errorf("%s: the Go-built disk gives %v", id, pl.Diags)
			}
			continue
		}
		for _, ex := range []struct {
			cfg  string
			want bool
		}{{r.Bad, true}, {r.Good, false}} {
			opts, disks := snippet(t, ex.cfg)
			if f := ruleOptions[rid]; f != nil {
				f(&opts)
			}
			pl := Domain(disks, opts)
			got := false
			for _, d := range pl.Diags {
				if d.Rule == rid {
					got = true
					if d.Severity != r.Severity {
						t.Errorf("%s: severity %v, catalogue says %v", id, d.Severity, r.Severity)
					}
				}
			}
			if got != ex.want {
				t.Errorf("%s: example %q (%+v): rule fired = %v, want %v; diagnostics:\n%v", id, ex.cfg, opts, got, ex.want, pl.Diags)
			}
		}
	}
}
