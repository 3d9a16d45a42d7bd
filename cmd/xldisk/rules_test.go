package main

import (
	goldenfile "github.com/xldisk/xldisk/internal/golden"
	"os"
	"strings"
	"testing"

	"github.com/xldisk/xldisk/diag"
)

// TestRulesDoc fails when docs/rules.md drifts from the catalogue;
// regenerate it with go test ./cmd/xldisk -run TestRulesDoc -update.
func TestRulesDoc(t *testing.T) {
	inRoot(t)
	out, _, code := runCLI("rules", "--markdown")
	if code != 0 {
		t.Fatalf("status %d", code)
	}
	const path = "docs/rules.md"
	if goldenfile.Updating() {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != out {
		t.Errorf("%s is out of date: run go test ./cmd/xldisk -run TestRulesDoc -update", path)
	}
	for _, r := range diag.Catalogue() {
		if !strings.Contains(out, "\n## "+r.ID+"\n") {
			t.Errorf("rule %s missing from the Markdown", r.ID)
		}
	}
}

func TestRulesVerb(t *testing.T) {
	out, _, code := runCLI("rules")
	if code != 0 || strings.Count(out, "\nXLD") != len(diag.Catalogue())-1 {
		t.Errorf("status %d, %d rules printed, catalogue has %d", code, strings.Count(out, "\nXLD")+1, len(diag.Catalogue()))
	}
	out, _, code = runCLI("rules", "XLD304")
	if code != 0 || !strings.HasPrefix(out, "XLD304  error    disk list item is not a string\n") {
		t.Errorf("rules XLD304: %d %q", code, out)
	}
	if _, _, code := runCLI("rules", "XLD999"); code != 2 {
		t.Errorf("unknown rule: status %d, want 2", code)
	}
}
