// Package layout holds the test that keeps the README's dependency table
// true: it compares the table with what `go list` says each package
// imports.
package layout

import (
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const module = "github.com/xldisk/xldisk/"

// TestREADMEDependencies compares the README's table of who imports whom
// (between the <!-- deps --> markers: "package: imports...") with the
// module's own imports of every non-test package, internal ones included.
func TestREADMEDependencies(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "<!-- deps -->\n")
	table, _, ok2 := strings.Cut(rest, "<!-- /deps -->")
	if !ok || !ok2 {
		t.Fatal("README.md has no <!-- deps --> ... <!-- /deps --> table")
	}
	want := map[string][]string{}
	for _, line := range strings.Split(table, "\n") {
		line = strings.Trim(strings.TrimSpace(line), "`")
		pkg, deps, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "```") {
			continue
		}
		want[strings.TrimSpace(pkg)] = sorted(strings.Fields(strings.ReplaceAll(deps, ",", " ")))
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, "github.com/xldisk/xldisk/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	got := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if !strings.HasPrefix(pkg, module) || strings.HasPrefix(pkg, module+"examples/") || strings.HasPrefix(pkg, module+"internal/") ||
			strings.Contains(pkg, "/internal/") || strings.HasPrefix(pkg, module+"fuzz") || strings.HasPrefix(pkg, module+"bench") {
			continue
		}
		var deps []string
		for _, imp := range strings.Fields(imports) {
			if strings.HasPrefix(imp, module) {
				deps = append(deps, strings.TrimPrefix(imp, module))
			}
		}
		got[strings.TrimPrefix(pkg, module)] = sorted(deps)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("README dependency table differs from go list (-README +go list):\n%s", diff)
	}
}

func sorted(s []string) []string {
	if s == nil {
		s = []string{}
	}
	sort.Strings(s)
	return s
}
