package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPreCommitHooks checks .pre-commit-hooks.yaml: the two hooks, and
// that each entry runs with its flags on a clean config (pre-commit
// appends the file names). .ci/integrations.sh runs them for real.
func TestPreCommitHooks(t *testing.T) {
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
	}
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	dir := t.TempDir()
	clean := writeFile(t, filepath.Join(dir, "g.cfg"), "type = 'pv'\ndisk = [ 'format=raw, vdev=xvda, access=rw, target=/dev/vg/a' ]\n")
	ini := writeFile(t, filepath.Join(dir, "setup.cfg"), "[metadata]\nname = x\n")
	for _, h := range hooks {
		ids[h.ID] = true
		args := strings.Fields(h.Entry)
		if args[0] != "xldisk" || h.Language != "golang" || !regexp.MustCompile(h.Files).MatchString("vm/guest.cfg") {
			t.Errorf("hook %+v", h)
			continue
		}
		out, errOut, code := runCLI(append(args[1:], clean, ini)...)
		if code != 0 || out != "" {
			t.Errorf("%s on a clean config and setup.cfg: status %d, stdout %q, stderr %q", h.ID, code, out, errOut)
		}
	}
	if !ids["xldisk-lint"] || !ids["xldisk-fmt"] || len(hooks) != 2 {
		t.Errorf("hooks %v", ids)
	}
}

// TestActionMetadata checks action.yml: a composite action whose steps
// use only the inputs it declares, and the outputs of its own steps.
func TestActionMetadata(t *testing.T) {
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var act struct {
		Name, Description string
		Inputs            map[string]struct{ Description, Default string }
		Outputs           map[string]struct{ Description, Value string }
		Runs              struct {
			Using string
			Steps []map[string]any
		}
	}
	if err := yaml.Unmarshal(b, &act); err != nil {
		t.Fatal(err)
	}
	if act.Runs.Using != "composite" || act.Name == "" || act.Description == "" {
		t.Fatalf("%+v", act)
	}
	for _, m := range regexp.MustCompile(`inputs\.([a-z-]+)`).FindAllStringSubmatch(string(b), -1) {
		if _, ok := act.Inputs[m[1]]; !ok {
			t.Errorf("input %q used but not declared", m[1])
		}
	}
	for name, in := range act.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
	}
	ids := map[string]bool{}
	for _, s := range act.Runs.Steps {
		if id, ok := s["id"].(string); ok {
			ids[id] = true
		}
		if run, ok := s["run"].(string); ok && s["shell"] != "bash" {
			t.Errorf("step %q runs %q without shell: bash", s["name"], run)
		}
		if uses, ok := s["uses"].(string); ok && !regexp.MustCompile(`@v[0-9]+$`).MatchString(uses) {
			t.Errorf("step uses %q without a pinned major version", uses)
		}
	}
	for _, m := range regexp.MustCompile(`steps\.([a-z-]+)\.outputs`).FindAllStringSubmatch(string(b), -1) {
		if !ids[m[1]] {
			t.Errorf("steps.%s used but no step has that id", m[1])
		}
	}
	if !strings.Contains(string(b), "./cmd/xldisk") || !strings.Contains(string(b), "upload-sarif") {
		t.Error("the action does not build xldisk or upload SARIF")
	}
}
